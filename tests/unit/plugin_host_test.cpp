// PluginHost against tiny fixture plugins (tests/fixtures/plugins): a correct
// graph, and one plugin for each way a plugin can be broken.
#include <fascia/clock.h>
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>
#include <fascia/plugin_host.h>
#include <fascia/roles.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#ifndef FASCIA_FIXTURE_PLUGIN_DIR
#error "FASCIA_FIXTURE_PLUGIN_DIR must name the fixture plugins: link fascia::fixture_plugins"
#endif

namespace fs = std::filesystem;
using fascia::PluginHost;
using fascia::PluginSpec;
using fascia::PluginState;

namespace {

const fs::path fixtures{FASCIA_FIXTURE_PLUGIN_DIR};

::testing::AssertionResult contains(const std::string& text, std::string_view part)
{
    if (text.find(part) != std::string::npos)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\"" << text << "\" does not contain \"" << part << "\"";
}

const PluginSpec* find_spec(const PluginHost& host, std::string_view id)
{
    const auto& all = host.plugins();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const PluginSpec& s) { return s.id == id; });
    return it == all.end() ? nullptr : &*it;
}

std::ptrdiff_t position_of(const PluginHost& host, std::string_view id)
{
    const auto& all = host.plugins();
    return std::find_if(all.begin(), all.end(), [&](const PluginSpec& s) { return s.id == id; })
           - all.begin();
}

/// The fixture folder, loaded once per test.
class PluginHostFixtures : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NO_THROW(host.load_all()); }

    const PluginSpec& spec(std::string_view id)
    {
        const auto* found = find_spec(host, id);
        if (!found)
            throw std::runtime_error("no plugin " + std::string(id) + " was found");
        return *found;
    }
    void expect_failed(std::string_view id, std::string_view message)
    {
        const auto& s = spec(id);
        EXPECT_EQ(s.state, PluginState::failed) << id;
        EXPECT_TRUE(contains(s.error, message)) << id;
    }

    PluginHost host{{fixtures}};
};

/// A scratch folder of plugin sub-folders, removed afterwards.
class TempFolder {
public:
    TempFolder()
    {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path()
                / ("fascia-plugin-host-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempFolder() { fs::remove_all(path_); }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    const fs::path& path() const { return path_; }
    /// Writes <folder>/<name>/plugin.json.
    fs::path add_manifest(const std::string& name, const std::string& json) const
    {
        const auto dir = path_ / name;
        fs::create_directories(dir);
        std::ofstream(dir / "plugin.json") << json;
        return dir;
    }

private:
    fs::path path_;
};

/// What `fascia <name>` hands a subcommand, with the output captured.
class TestInvocation final : public fascia::CliInvocation {
public:
    explicit TestInvocation(std::vector<std::string> args) : args_(std::move(args)) {}
    const std::vector<std::string>& args() const override { return args_; }
    bool json() const override { return false; }
    std::ostream& out() override { return out_; }
    std::ostream& err() override { return err_; }
    std::istream& in() override { return in_; }
    fascia::Result<fascia::Clinic*> clinic() override
    {
        return fascia::internal_error("no clinic in this test");
    }
    fascia::Result<std::string> actor() override { return std::string("owner"); }
    const fascia::Clock& clock() const override { return clock_; }

    std::string output() const { return out_.str(); }

private:
    std::vector<std::string> args_;
    std::ostringstream out_;
    std::ostringstream err_;
    std::istringstream in_;
    fascia::SystemClock clock_;
};

} // namespace

TEST_F(PluginHostFixtures, FindsEveryFixtureFolder)
{
    // One spec per sub-folder, broken ones included.
    EXPECT_EQ(host.plugins().size(), 17u);
    for (const auto& s : host.plugins())
        EXPECT_TRUE(s.state == PluginState::running || s.state == PluginState::failed)
            << s.id << " is " << fascia::to_string(s.state);
}

TEST_F(PluginHostFixtures, CorrectPluginsRun)
{
    for (const auto* id : {"fixture.good", "fixture.dependent", "fixture.optional-dep"}) {
        EXPECT_EQ(spec(id).state, PluginState::running) << id << ": " << spec(id).error;
        EXPECT_EQ(spec(id).error, "") << id;
    }
    const auto& good = spec("fixture.good");
    EXPECT_EQ(good.version, "0.1.0");
    EXPECT_EQ(good.api_version, fascia::plugin_api_version);
    EXPECT_EQ(good.library, "fixture.good.so"); // "<id>.so" when plugin.json names none
    EXPECT_EQ(good.directory, fs::weakly_canonical(fixtures / "good"));
    ASSERT_EQ(spec("fixture.dependent").dependencies.size(), 1u);
    EXPECT_EQ(spec("fixture.dependent").dependencies[0].id, "fixture.good");
    EXPECT_TRUE(spec("fixture.dependent").dependencies[0].required);
    EXPECT_FALSE(spec("fixture.optional-dep").dependencies[0].required);
}

TEST_F(PluginHostFixtures, PluginCommandIsRegisteredAndRuns)
{
    const auto* echo = host.extensions().commands.find("fixture.echo");
    ASSERT_NE(echo, nullptr);
    EXPECT_EQ(echo->contributed_by, "fixture.good");
    EXPECT_EQ(echo->roles, fascia::all_roles());

    auto db = fascia::Database::open_in_memory();
    const fascia::FixedClock clock{fascia::Instant{}};
    const fascia::Actor actor{};
    const fascia::Command command{.type = "fixture.echo",
                                  .payload = {{"client", "c-1"}, {"minutes", 60}},
                                  .actor = "owner"};
    fascia::CommandContext context(*db, actor, command, clock);
    const auto result = echo->handler(context);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, boost::json::value(command.payload));
}

TEST_F(PluginHostFixtures, PluginCliCommandAndServiceAreRegistered)
{
    const auto* cli = host.extensions().cli_command("fixture-echo");
    ASSERT_NE(cli, nullptr);
    EXPECT_EQ(cli->contributed_by, "fixture.good");
    TestInvocation invocation({"fascia fixture-echo", "sciatica", "left", "leg"});
    EXPECT_EQ(cli->run(invocation), 0);
    EXPECT_EQ(invocation.output(), "sciatica left leg\n");

    EXPECT_NE(host.extensions().services.find("fixture.good/1"), nullptr);
}

TEST_F(PluginHostFixtures, DependenciesLoadFirst)
{
    EXPECT_LT(position_of(host, "fixture.good"), position_of(host, "fixture.dependent"));
    EXPECT_LT(position_of(host, "fixture.throws"), position_of(host, "fixture.needs-throws"));
    EXPECT_LT(position_of(host, "fixture.missing-dep"), position_of(host, "fixture.needs-missing"));
}

TEST_F(PluginHostFixtures, OrderIsTheSameEveryTime)
{
    PluginHost again{{fixtures}};
    again.load_all();
    ASSERT_EQ(again.plugins().size(), host.plugins().size());
    for (std::size_t i = 0; i < host.plugins().size(); ++i)
        EXPECT_EQ(again.plugins()[i].id, host.plugins()[i].id) << i;
}

TEST_F(PluginHostFixtures, MalformedJsonNamesTheFileAndTheProblem)
{
    // Its id cannot be read, so the folder name stands in.
    const auto& s = spec("malformed-json");
    EXPECT_EQ(s.state, PluginState::failed);
    EXPECT_TRUE(contains(s.error, "plugin.json in " + (fixtures / "malformed-json").string()));
    EXPECT_TRUE(contains(s.error, "is not valid JSON"));
    EXPECT_TRUE(contains(s.error, "line 4"));
}

TEST_F(PluginHostFixtures, WrongApiInPluginJsonFailsBeforeLoading)
{
    expect_failed("fixture.wrong-api-json",
                  "built for plugin API 99; this Fascia supports API 2: install a matching "
                  "version of the plugin");
}

TEST_F(PluginHostFixtures, WrongApiInLibraryFailsBeforeTheFactory)
{
    // The fixture's factory aborts: reaching this line means it was never called.
    expect_failed("fixture.wrong-api-symbol", "was built against plugin API 99");
    expect_failed("fixture.wrong-api-symbol", "this Fascia supports API 2");
}

TEST_F(PluginHostFixtures, APluginBuiltAgainstAnotherLayoutIsRefusedNotCrashed)
{
    // Same API number, core types of another size: the fixture's factory aborts, so
    // reaching the assertions means the host refused it before touching them.
    expect_failed("fixture.old-layout", "was built against a different layout of the Fascia core's types");
    expect_failed("fixture.old-layout", "rebuild the plugin against this Fascia");
    const auto* good = find_spec(host, "fixture.good");
    ASSERT_NE(good, nullptr);
    EXPECT_EQ(good->state, PluginState::running) << "a matching plugin beside it still loads";
}

TEST_F(PluginHostFixtures, LibraryWithoutFactoryFails)
{
    expect_failed("fixture.no-factory",
                  "does not export the Fascia plugin factory (fascia_plugin_create): it is not "
                  "a Fascia plugin or was built wrongly");
}

TEST_F(PluginHostFixtures, TextFileAsLibraryFailsWithTheLoadersReason)
{
    expect_failed("fixture.not-a-library", "cannot load the plugin library");
    expect_failed("fixture.not-a-library", "not-a-library.so");
}

TEST_F(PluginHostFixtures, ThrowingInitializeFailsAndContributesNothing)
{
    expect_failed("fixture.throws", "fixture failure in initialize");
    EXPECT_EQ(host.extensions().commands.find("fixture.should_vanish"), nullptr);
    // Its dependent had loaded fine; it fails with it, at initialize.
    expect_failed("fixture.needs-throws", "requires plugin 'fixture.throws', which failed to load");
}

TEST_F(PluginHostFixtures, FailureInExtensionsInitializedReachesDependents)
{
    expect_failed("fixture.throws-late",
                  "extensions_initialized() threw: fixture failure in extensions_initialized");
    // The dependent ran its extensions_initialized first (leaf to root), then learns of it.
    expect_failed("fixture.needs-throws-late",
                  "requires plugin 'fixture.throws-late', which failed to load");
}

TEST_F(PluginHostFixtures, MissingDependencyFailsItAndItsDependents)
{
    expect_failed("fixture.missing-dep",
                  "requires plugin 'fixture.absent', which is not installed");
    expect_failed("fixture.needs-missing",
                  "requires plugin 'fixture.missing-dep', which failed to load");
}

TEST_F(PluginHostFixtures, CycleFailsEveryMemberAndNamesThem)
{
    for (const auto* id : {"fixture.cycle-a", "fixture.cycle-b"}) {
        expect_failed(id, "dependency cycle: ");
        expect_failed(id, "fixture.cycle-a");
        expect_failed(id, "fixture.cycle-b");
    }
    EXPECT_EQ(spec("fixture.cycle-a").error,
              "dependency cycle: fixture.cycle-a → fixture.cycle-b → fixture.cycle-a");
}

TEST_F(PluginHostFixtures, ShutdownStopsRunningPluginsAndKeepsFailures)
{
    std::vector<std::string> running;
    for (const auto& s : host.plugins())
        if (s.state == PluginState::running)
            running.push_back(s.id);
    ASSERT_FALSE(running.empty());

    EXPECT_NO_THROW(host.shutdown());
    for (const auto& id : running)
        EXPECT_EQ(spec(id).state, PluginState::stopped) << id;
    expect_failed("fixture.throws", "fixture failure in initialize");

    EXPECT_NO_THROW(host.shutdown()); // a second time does nothing
    EXPECT_NO_THROW(host.load_all()); // nor does loading after shutdown
    EXPECT_EQ(spec("fixture.good").state, PluginState::stopped);
}

TEST(PluginHost, MissingOrEmptyFoldersGiveNoPlugins)
{
    const TempFolder empty;
    PluginHost host{{empty.path(), empty.path() / "does-not-exist", fs::path{}}};
    EXPECT_NO_THROW(host.load_all());
    EXPECT_TRUE(host.plugins().empty());
    EXPECT_EQ(host.extensions().commands.all().size(), 0u);
}

TEST(PluginHost, SameFolderTwiceIsReadOnce)
{
    PluginHost once{{fixtures}};
    once.load_all();
    PluginHost twice{{fixtures, fixtures / ".", fixtures / "good" / ".."}};
    twice.load_all();
    EXPECT_EQ(twice.plugins().size(), once.plugins().size());
}

TEST(PluginHost, SecondCopyOfAPluginIsADuplicate)
{
    const TempFolder later;
    fs::copy(fixtures / "good", later.path() / "good-copy");
    PluginHost host{{fixtures, later.path()}};
    host.load_all();

    std::vector<const PluginSpec*> goods;
    for (const auto& s : host.plugins())
        if (s.id == "fixture.good")
            goods.push_back(&s);
    ASSERT_EQ(goods.size(), 2u);
    EXPECT_EQ(goods[0]->state, PluginState::running);
    EXPECT_EQ(goods[0]->directory, fs::weakly_canonical(fixtures / "good"));
    EXPECT_EQ(goods[1]->state, PluginState::failed);
    EXPECT_EQ(goods[1]->error, "duplicate of " + fs::weakly_canonical(fixtures / "good").string());
    EXPECT_EQ(find_spec(host, "fixture.dependent")->state, PluginState::running);
}

TEST(PluginHost, ManifestProblemsAreNamed)
{
    const TempFolder folder;
    folder.add_manifest("no-id", R"({"version": "1.0", "api_version": 2})");
    folder.add_manifest("no-version", R"({"id": "t.no-version", "api_version": 2})");
    folder.add_manifest("text-api", R"({"id": "t.text-api", "version": "1", "api_version": "1"})");
    folder.add_manifest("bad-deps",
                        R"({"id": "t.bad-deps", "version": "1", "api_version": 2,
                            "dependencies": ["t.other"]})");
    folder.add_manifest("bad-required",
                        R"({"id": "t.bad-required", "version": "1", "api_version": 2,
                            "dependencies": [{"id": "t.other", "required": "yes"}]})");
    folder.add_manifest("library-path", R"({"id": "t.library-path", "version": "1",
                                           "api_version": 2, "library": "../evil.so"})");
    folder.add_manifest("array", R"([1, 2])");
    folder.add_manifest("empty", "");
    folder.add_manifest("no-library",
                        R"({"id": "t.no-library", "version": "1", "api_version": 2})");
    PluginHost host{{folder.path()}};
    ASSERT_NO_THROW(host.load_all());

    const auto expect = [&](std::string_view id, const std::string& message) {
        const auto* s = find_spec(host, id);
        ASSERT_NE(s, nullptr) << id;
        EXPECT_EQ(s->state, PluginState::failed) << id;
        EXPECT_TRUE(contains(s->error, message)) << id;
    };
    const auto where = [&](const char* dir) {
        return "plugin.json in " + (folder.path() / dir).string() + " ";
    };
    expect("no-id", where("no-id") + "has no \"id\"");
    expect("t.no-version", where("no-version") + "has no \"version\"");
    expect("t.text-api", where("text-api") + "has an \"api_version\" that is not a whole number");
    expect("t.bad-deps", where("bad-deps") + "has \"dependencies\" that are not a list");
    expect("t.bad-required", where("bad-required") + "has \"dependencies\" that are not a list");
    expect("t.library-path", where("library-path") + "has a \"library\" that is not a file name");
    expect("array", where("array") + "is not a JSON object");
    expect("empty", where("empty") + "is not valid JSON");
    expect("t.no-library", "cannot load the plugin library");
    expect("t.no-library", "No such file");
}

TEST(PluginHost, DefaultFoldersAddPluginPathOnceAndSkipMissingOnes)
{
    const auto canonical = fs::weakly_canonical(fixtures);
    const std::string path = fixtures.string() + ":/no/such/fascia/plugins::" + fixtures.string()
                             + "/.";
    ASSERT_EQ(::setenv("FASCIA_PLUGIN_PATH", path.c_str(), 1), 0);
    const auto folders = PluginHost::default_folders();
    ::unsetenv("FASCIA_PLUGIN_PATH");

    EXPECT_EQ(std::count(folders.begin(), folders.end(), canonical), 1);
    for (const auto& folder : folders)
        EXPECT_TRUE(fs::is_directory(folder)) << folder;
}
