#include "cli_fixture.h"

#include <sqlite3.h>

using namespace fascia::test;
namespace json = boost::json;

TEST_F(CliTest, InitCreatesAClinicWithItsOwnerAndRefusesASecondTime)
{
    auto r = fascia({"init", "--owner", "maria", "--clinic-name", "Back in Balance", "--time-zone",
                     "Australia/Melbourne", "--currency", "AUD"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("owner 'maria'"), std::string::npos);
    auto settings = fascia_json({"settings", "show"});
    EXPECT_EQ(settings.at("name"), "Back in Balance");
    EXPECT_EQ(settings.at("time_zone"), "Australia/Melbourne");
    EXPECT_EQ(settings.at("currency"), "AUD");
    auto again = fascia({"init"});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_NE(again.err.find("already set up"), std::string::npos);
}

TEST_F(CliTest, DemoBuildsARealisticClinic)
{
    auto summary = fascia_json({"demo"});
    EXPECT_EQ(summary.at("clinic"), "Fascia Demo Clinic");
    EXPECT_EQ(summary.at("clients").as_int64(), 40);
    EXPECT_EQ(summary.at("therapists").as_int64(), 4);
    EXPECT_EQ(summary.at("services").as_int64(), 14);
    auto staff = fascia_json({"staff", "list"}).at("staff").as_array();
    std::vector<std::string> usernames;
    for (const auto& s : staff)
        usernames.emplace_back(s.at("username").as_string());
    EXPECT_THAT(usernames, ::testing::IsSupersetOf({"owner", "frontdesk"}));
    std::set<std::string> modalities;
    const auto services = fascia_json({"services", "list"});
    for (const auto& s : services.at("services").as_array())
        modalities.emplace(s.at("modality").as_string());
    EXPECT_EQ(modalities.size(), 7u) << "every modality the clinic offers";
    EXPECT_EQ(fascia({"demo"}).exit_code, 1) << "demo never overwrites a clinic";
}

TEST_F(CliTest, DemoScaleGeneratesThatManyClients)
{
    auto summary = fascia_json({"demo", "--scale", "2500"});
    EXPECT_EQ(summary.at("clients").as_int64(), 2500);
}

TEST_F(CliTest, FindSmiFindsTheSmithsInTextAndJson)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    auto text = fascia({"clients", "find", "smi"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("Zoë Smith"), std::string::npos);
    EXPECT_NE(text.out.find("James Smith"), std::string::npos);
    auto found = fascia_json({"clients", "find", "smi"}).at("clients").as_array();
    ASSERT_GE(found.size(), 3u);
    for (const auto& c : found)
        EXPECT_EQ(std::string(c.at("last_name").as_string()).substr(0, 3), "Smi") << c;
    auto zoe = fascia_json({"clients", "find", "zoe"}).at("clients").as_array();
    ASSERT_EQ(zoe.size(), 1u);
    auto shown = fascia_json({"clients", "show", std::string(zoe[0].at("id").as_string())});
    EXPECT_EQ(shown.at("first_name"), "Zoë");
}

TEST_F(CliTest, AClientAddedIsAttributedToTheActingUser)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    auto added = fascia_json({"--as", "frontdesk", "clients", "add", "--first-name", "Ngaio", "--last-name",
                              "Marsh", "--dob", "1975-04-23", "--phone", "07700 900999", "--consent"});
    const std::string id(added.at("id").as_string());
    auto entries = fascia_json({"audit", "list", "--limit", "1"}).at("entries").as_array();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].at("actor"), "frontdesk");
    EXPECT_EQ(entries[0].at("command"), "clients.create");
    EXPECT_EQ(entries[0].at("record_id").as_string(), id);
    auto shown = fascia_json({"clients", "show", id});
    EXPECT_EQ(shown.at("health_consent").at("recorded_by"), "frontdesk");
}

TEST_F(CliTest, TheSameKeyTwiceAddsOneClient)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    const std::vector<std::string> add{"clients", "add", "--first-name", "Ann", "--last-name", "Zed",
                                       "--dob", "1990-01-01", "--key", "import-row-17"};
    auto first = fascia(add);
    auto second = fascia(add);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("already applied"), std::string::npos);
    EXPECT_EQ(fascia_json({"clients", "find", "zed"}).at("clients").as_array().size(), 1u);
}

TEST_F(CliTest, RefusedCommandsExitOneAndSayWhoMay)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    auto r = fascia({"--as", "priya", "services", "add", "--name", "Hot stones", "--modality", "swedish",
                     "--minutes", "60", "--price", "80"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("only owner, admin may"), std::string::npos) << r.err;
    auto j = fascia({"--as", "priya", "--json", "staff", "add", "x1", "--role", "owner"});
    EXPECT_EQ(j.exit_code, 1);
    auto error = json::parse(j.err);
    EXPECT_EQ(error.at("error").at("kind"), "forbidden");
}

TEST_F(CliTest, AnUnknownUserGivenToActIsBadInputAndChangesNothing)
{
    ASSERT_EQ(fascia({"init", "--owner", "maria"}).exit_code, 0);
    const std::vector<std::string> add{"clients", "add", "--first-name", "Ann", "--last-name", "Zed", "--dob",
                                       "1990-01-01"};
    auto as_nobody = add;
    as_nobody.insert(as_nobody.begin(), {"--as", "nobody"});
    auto r = fascia(as_nobody);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "fascia: --as: no staff member 'nobody'; `fascia staff list` shows who there is\n");
    r = fascia(add, {{"FASCIA_USER", "nobody"}});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "fascia: FASCIA_USER: no staff member 'nobody'; `fascia staff list` shows who there is\n");
    EXPECT_TRUE(fascia_json({"clients", "find", "zed"}).at("clients").as_array().empty());
    // A member who left is a rule's refusal, as before.
    ASSERT_EQ(fascia({"staff", "add", "tom", "--role", "therapist"}).exit_code, 0);
    ASSERT_EQ(fascia({"staff", "update", "tom", "--deactivate"}).exit_code, 0);
    as_nobody[1] = "tom";
    EXPECT_EQ(fascia(as_nobody).exit_code, 1);
}

TEST_F(CliTest, ErrorsNameTheOptionTypedNotTheCommandsField)
{
    ASSERT_EQ(fascia({"init", "--owner", "maria"}).exit_code, 0);
    auto r = fascia({"clients", "add", "--first-name", "Ann", "--last-name", "Zed", "--dob", "1990-02-30"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "fascia: --dob: 1990-02-30 is not a real date (February 1990 has 28 days)\n");
    r = fascia({"services", "add", "--name", "Quick", "--modality", "swedish", "--minutes", "3", "--price", "10",
                "--json"});
    EXPECT_EQ(r.exit_code, 2);
    const auto error = json::parse(r.err).at("error");
    EXPECT_EQ(error.at("message"), "--minutes: must be between 5 and 480 (got 3)");
    EXPECT_EQ(error.at("field"), "duration_minutes");
    EXPECT_EQ(error.at("option"), "--minutes");
    r = fascia({"clients", "add", "--first-name", "Ann", "--last-name", "Zed", "--dob", "1990-01-01", "--email",
                "not-an-address"});
    EXPECT_THAT(r.err, ::testing::StartsWith("fascia: --email: 'not-an-address' is not an email address"));
}

TEST_F(CliTest, JsonErrorsGiveTheOptionOfAMessageThatStartsWithIt)
{
    ASSERT_EQ(fascia({"init", "--owner", "maria"}).exit_code, 0);
    auto r = fascia({"--as", "nobody", "--json", "clients", "add", "--first-name", "Ann", "--last-name", "Zed", "--dob",
                     "1990-01-01"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(json::parse(r.err).at("error").at("option"), "--as") << r.err;
    // A usage error points to the help of the command typed, where its options are.
    r = fascia({"clients", "add", "--first-name", "A", "--last-name", "B"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, ::testing::HasSubstr("(run `fascia clients add --help` for usage)"));
}

TEST_F(CliTest, TheOwnerSetsOpeningHoursAndSettingsShowsThem)
{
    ASSERT_EQ(fascia({"init", "--owner", "maria"}).exit_code, 0);
    auto r = fascia({"settings", "set", "--opening-hours", "Mon-Fri=08:00-20:00", "--opening-hours", "sat=09:00-13:00"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto hours = fascia_json({"settings", "show"}).at("opening_hours");
    EXPECT_EQ(hours.at("mon"), json::parse(R"(["08:00", "20:00"])"));
    EXPECT_EQ(hours.at("fri"), json::parse(R"(["08:00", "20:00"])"));
    EXPECT_EQ(hours.at("sat"), json::parse(R"(["09:00", "13:00"])"));
    EXPECT_TRUE(hours.at("sun").is_null());
    // A day named alone changes that day; the others keep their hours.
    ASSERT_EQ(fascia({"settings", "set", "--opening-hours", "sat=closed"}).exit_code, 0);
    r = fascia({"settings", "show"});
    EXPECT_THAT(r.out, ::testing::HasSubstr("opening hours mon 08:00–20:00, tue 08:00–20:00, wed 08:00–20:00, thu "
                                            "08:00–20:00, fri 08:00–20:00, sat closed, sun closed"));
    // Checked by the command: closing before opening is bad input naming the option, and nothing changes.
    r = fascia({"--json", "settings", "set", "--opening-hours", "tue=19:00-09:00"});
    EXPECT_EQ(r.exit_code, 2);
    const auto error = json::parse(r.err).at("error");
    EXPECT_EQ(error.at("option"), "--opening-hours");
    EXPECT_THAT(std::string(error.at("message").as_string()), ::testing::HasSubstr("open before it closes"));
    r = fascia({"settings", "set", "--opening-hours", "someday=09:00-10:00"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, ::testing::HasSubstr("is not DAY=HH:MM-HH:MM or DAY=closed"));
    EXPECT_EQ(fascia_json({"settings", "show"}).at("opening_hours").at("tue"), json::parse(R"(["08:00", "20:00"])"));
}

TEST_F(CliTest, AuditVerifyPassesThenNamesTheEntryEditedBehindTheAppsBack)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    auto ok = fascia_json({"audit", "verify"});
    EXPECT_EQ(ok.at("ok"), true);
    EXPECT_GT(ok.at("entries_checked").as_int64(), 40);
    // What the sqlite3 shell would do: drop the guard triggers, change a row.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "DROP TRIGGER audit_log_no_update;"
                           "UPDATE audit_log SET actor = 'frontdesk' WHERE sequence = 17;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
    auto broken = fascia({"audit", "verify"});
    EXPECT_EQ(broken.exit_code, 1);
    EXPECT_NE(broken.out.find("BROKEN at entry 17"), std::string::npos) << broken.out;
    auto broken_json = fascia_json({"audit", "verify"}, 1);
    EXPECT_EQ(broken_json.at("first_broken_entry").as_int64(), 17);
}

TEST_F(CliTest, EveryCommandHasHelp)
{
    for (std::vector<std::string> args :
         {std::vector<std::string>{"--help"}, {"init", "--help"}, {"demo", "--help"}, {"plugins", "--help"},
          {"clients", "--help"}, {"clients", "add", "--help"}, {"clients", "update", "--help"},
          {"clients", "find", "--help"}, {"clients", "show", "--help"}, {"staff", "add", "--help"},
          {"staff", "list", "--help"}, {"services", "add", "--help"}, {"services", "list", "--help"},
          {"audit", "verify", "--help"}, {"settings", "set", "--help"}, {"status", "--help"}}) {
        auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 0) << args.front() << r.err;
        EXPECT_NE(r.out.find("Usage:"), std::string::npos) << args.front();
    }
}

TEST_F(CliTest, BadArgumentsExitTwoAndSayWhatWasExpected)
{
    ASSERT_EQ(fascia({"demo"}).exit_code, 0);
    struct Case {
        std::vector<std::string> args;
        const char* says;
    };
    for (const auto& c : std::vector<Case>{
             {{"clients", "add", "--first-name", "A", "--last-name", "B"}, "--dob: missing; this command needs it"},
             {{"clients", "add", "--first-name", "A", "--last-name", "B", "--dob", "31/12/1990"},
              "--dob: '31/12/1990' is not a date written YYYY-MM-DD"},
             {{"clients", "find", "smi", "--limit", "lots"}, "--limit"},
             {{"frobnicate"}, "frobnicate"},
             {{}, "subcommand"},
             {{"services", "add", "--name", "X", "--modality", "reiki", "--minutes", "60", "--price", "50"},
              "modality: 'reiki' is not one of"},
             {{"services", "add", "--name", "X", "--modality", "swedish", "--minutes", "60", "--price", "50.505"},
              "at most 2 decimal places"},
             {{"settings", "set", "--time-zone", "London"}, "not an IANA time zone"},
             {{"demo", "--scale", "abc"}, "--scale: 'abc' is not a number"},
             {{"demo", "--scale", "1"}, "--scale: 1 is outside 40 to 10000000"},
         }) {
        auto r = fascia(c.args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << "stderr was: " << r.err;
        EXPECT_TRUE(r.out.empty()) << "errors go to stderr";
    }
}

TEST_F(CliTest, JsonErrorsNameTheOptionTypedNotAField)
{
    // --scale is an option of `demo`, not a payload field; --db is taken before any command.
    auto r = fascia({"demo", "--scale", "-1", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    auto error = boost::json::parse(r.err).at("error").as_object();
    EXPECT_EQ(error.at("option"), "--scale") << r.err;
    EXPECT_FALSE(error.contains("field")) << r.err;
    r = run_process(FASCIA_CLI, {"--db", "/etc/passwd", "--json", "status"}, {{"HOME", dir}, {"FASCIA_DB", ""}});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    error = boost::json::parse(r.err).at("error").as_object();
    EXPECT_EQ(error.at("option"), "--db") << r.err;
    // CLI11's own errors, worded for a person, with the option.
    r = fascia({"clients", "find", "smi", "--bogus", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(boost::json::parse(r.err).at("error").at("option"), "--bogus") << r.err;
}

TEST_F(CliTest, TheDefaultDatabaseFollowsXdgDataHome)
{
    const auto r = run_process(FASCIA_CLI, {"init"},
                               {{"HOME", dir}, {"XDG_DATA_HOME", dir + "/xdg"}, {"FASCIA_DB", ""}});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(dir + "/xdg/fascia/clinic.db"));
    const auto via_env = run_process(FASCIA_CLI, {"init"}, {{"HOME", dir}, {"FASCIA_DB", dir + "/env.db"}});
    ASSERT_EQ(via_env.exit_code, 0) << via_env.err;
    EXPECT_TRUE(std::filesystem::exists(dir + "/env.db"));
}
