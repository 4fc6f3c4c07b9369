// `fascia report` end to end through the real binary with the plugins loaded:
// who may read (the owner, and roles the owner grants), the formats and
// --output, and bad input with exit 2 naming the option.
#include "module_cli_test.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fascia::reporting {
namespace {

using ::testing::HasSubstr;
namespace json = boost::json;

class reporting_cli : public fascia::test::ModuleCliTest {
protected:
    reporting_cli() : ModuleCliTest("reporting") {}
    void SetUp() override
    {
        ModuleCliTest::SetUp();
        init_clinic({{"ana", "admin"}, {"priya", "therapist"}});
    }
};

TEST_F(reporting_cli, OnlyTheOwnerReadsReportsUntilTheOwnerGrantsARole)
{
    const std::vector<std::string> ask{"report", "attendance", "--from", "2026-11-01", "--to", "2026-11-30", "--json"};
    auto as_ana = ask;
    as_ana.insert(as_ana.end(), {"--as", "ana"});
    auto r = fascia(as_ana);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_THAT(std::string(error_of(r).at("message").as_string()), HasSubstr("may not read reports"));

    r = fascia({"report", "grant", "--role", "admin", "--as", "ana"});
    EXPECT_EQ(r.exit_code, 1) << "only the owner grants";
    r = fascia({"report", "grant", "--role", "admin"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = fascia(as_ana);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("report"), "attendance");

    r = fascia({"report", "grant", "--role", "admin", "--revoke"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(fascia(as_ana).exit_code, 1);
}

TEST_F(reporting_cli, FormatsGoToStdoutOrToTheOutputFile)
{
    auto r = fascia({"report", "revenue", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv",
                     "--table", "by_method"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "group,payments,received,refunded,net,vouchers_redeemed\r\n");

    const auto pdf = dir + "/utilisation.pdf";
    r = fascia({"report", "utilisation", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf", "--output", pdf});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", pdf, "-"});
    EXPECT_THAT(text.out, HasSubstr("Utilisation"));
    EXPECT_THAT(text.out, HasSubstr("2026-11-01 to 2026-11-30"));

    const auto out = dir + "/vouchers.json";
    r = fascia({"report", "vouchers", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json", "--output", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ostringstream written;
    written << std::ifstream(out).rdbuf();
    EXPECT_EQ(json::parse(written.str()).at("report"), "vouchers");
}

TEST_F(reporting_cli, BadInputExitsTwoNamingTheOption)
{
    const auto field = [&](std::vector<std::string> args) {
        args.push_back("--json");
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        return std::string(error_of(r).at("field").as_string());
    };
    EXPECT_EQ(field({"report", "revenue", "--from", "2026-11-30", "--to", "2026-11-01"}), "to");
    EXPECT_EQ(field({"report", "utilisation", "--from", "0001-01-01", "--to", "9999-12-31", "--by", "day"}), "to");
    EXPECT_EQ(field({"report", "revenue", "--from", "2026-02-30", "--to", "2026-03-01"}), "--from");
    EXPECT_EQ(field({"report", "revenue", "--from", "2026-11-01", "--to", "2026-11-30", "--therapist", "nobody"}),
              "therapist");
    EXPECT_EQ(field({"report", "revenue", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf"}), "output");
    EXPECT_EQ(field({"report", "revenue", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv",
                     "--table", "by_colour"}),
              "table");

    // A date written the right way that is not on the calendar is called that.
    const auto r = fascia({"report", "revenue", "--from", "2026-02-31", "--to", "2026-03-31"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "fascia: --from: 2026-02-31 is not a real date (February 2026 has 28 days)\n");
}

} // namespace
} // namespace fascia::reporting
