// `fascia plugins` with every broken fixture plugin installed: each failure is
// listed with its reason, and everything else keeps working.
#include "cli_fixture.h"

using namespace fascia::test;
namespace json = boost::json;

namespace {

class PluginsCli : public CliTest {
protected:
    ProcessResult with_fixtures(std::vector<std::string> args)
    {
        return fascia(std::move(args), {{"FASCIA_PLUGIN_PATH", FASCIA_FIXTURE_PLUGIN_DIR}});
    }
    json::object plugin(const json::array& list, std::string_view id)
    {
        for (const auto& p : list)
            if (p.at("id").as_string() == id)
                return p.as_object();
        ADD_FAILURE() << "plugin " << id << " not listed";
        return {};
    }
};

} // namespace

TEST_F(PluginsCli, EveryBrokenPluginIsListedWithItsReason)
{
    ASSERT_EQ(fascia({"init"}).exit_code, 0);
    const auto r = with_fixtures({"plugins", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto list = json::parse(r.out).at("plugins").as_array();
    struct Expected {
        const char* id;
        const char* state;
        const char* reason;
    };
    for (const auto& e : std::vector<Expected>{
             {"fixture.good", "running", ""},
             {"fixture.dependent", "running", ""},
             {"malformed-json", "failed", "not valid JSON"},
             {"fixture.no-factory", "failed", "fascia_plugin_create"},
             {"fixture.wrong-api-json", "failed", "plugin API 99"},
             {"fixture.wrong-api-symbol", "failed", "plugin API 99"},
             {"fixture.throws", "failed", "fixture failure in initialize"},
             {"fixture.missing-dep", "failed", "requires plugin 'fixture.absent', which is not installed"},
             {"fixture.needs-missing", "failed", "requires plugin 'fixture.missing-dep'"},
             {"fixture.cycle-a", "failed", "dependency cycle"},
             {"fixture.cycle-b", "failed", "dependency cycle"},
             {"fixture.not-a-library", "failed", "not-a-library.so"},
         }) {
        const auto p = plugin(list, e.id);
        if (p.empty())
            continue;
        EXPECT_EQ(p.at("state"), e.state) << e.id << ": " << p.at("error");
        EXPECT_NE(std::string(p.at("error").as_string()).find(e.reason), std::string::npos)
            << e.id << ": " << p.at("error");
    }
    const auto good = plugin(list, "fixture.good");
    EXPECT_EQ(good.at("commands").as_array().size(), 1u);
    EXPECT_TRUE(plugin(list, "fixture.throws").at("commands").as_array().empty())
        << "a plugin that failed in initialize leaves no command behind";

    const auto text = with_fixtures({"plugins"});
    EXPECT_NE(text.out.find("fixture.cycle-a"), std::string::npos);
    EXPECT_NE(text.out.find("dependency cycle"), std::string::npos);
}

TEST_F(PluginsCli, TheRestOfTheProgramRunsOnBesideBrokenPlugins)
{
    ASSERT_EQ(with_fixtures({"demo"}).exit_code, 0);
    const auto echo = with_fixtures({"fixture-echo", "still", "here"});
    EXPECT_EQ(echo.exit_code, 0) << echo.err;
    EXPECT_EQ(echo.out, "still here\n");
    const auto found = with_fixtures({"clients", "find", "smi"});
    EXPECT_EQ(found.exit_code, 0) << found.err;
    EXPECT_NE(found.out.find("Smith"), std::string::npos);
    EXPECT_EQ(with_fixtures({"audit", "verify"}).exit_code, 0);
}
