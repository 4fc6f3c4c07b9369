// Screenings end to end through the real `fascia`: consent, record, status,
// clearance, expiry (pinned clock), the pre-session check, roles, the demo,
// and health data kept out of the audit log and other commands' output.
#include "intake_test_support.h"

#include <fascia/database.h>

#include <gmock/gmock.h>

namespace fascia::intake::test {
namespace {

class ScreeningsCli : public IntakeCli {
protected:
    void SetUp() override
    {
        IntakeCli::SetUp();
        init_clinic();
        add_staff("desk", "front_desk");
        add_staff("priya", "therapist");
        add_staff("ana", "admin");
        client = add_client();
    }

    /// `fascia intake clear` for the client.
    ProcessResult clear(const std::string& as = "priya", const std::string& note = "GP letter: fine to treat")
    {
        return fascia({"intake", "clear", "--client", client, "--clinician", "Dr Anjali Patel (GP)", "--note",
                       note, "--json", "--as", as});
    }

    /// A pre-session check input: every question no, except `yes`.
    json::object precheck_input(const std::vector<std::string>& yes = {}, const std::string& on = "2026-11-22")
    {
        const auto r = fascia({"intake", "form", "--precheck"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        json::object input = parsed(r).as_object();
        for (auto& [id, value] : input["answers"].as_object())
            value = std::find(yes.begin(), yes.end(), std::string(id)) != yes.end();
        input["checked_on"] = on;
        return input;
    }

    ProcessResult precheck(const json::object& input, const std::string& as = "desk")
    {
        return fascia({"intake", "precheck", "--client", client, write("precheck.json", input), "--json",
                       "--as", as});
    }

    std::size_t screening_count()
    {
        const auto r = fascia({"intake", "history", client, "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return parsed(r).at("screenings").as_array().size();
    }

    static json::object with(json::object input, const std::string& id, json::value value)
    {
        input["answers"].as_object()[id] = std::move(value);
        return input;
    }

    std::string client;
};

// Suites are named intake_* so `ctest -R intake` runs every test of the module.
using intake_screenings_cli = ScreeningsCli;

TEST_F(intake_screenings_cli, RecordingNeedsConsentFirst)
{
    const auto no_consent = add_client(false);
    const auto r = fascia({"intake", "record", "--client", no_consent, write("f.json", base_input())});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("consent"));
    EXPECT_THAT(r.err, HasSubstr("fascia clients consent " + no_consent));
    EXPECT_EQ(status(no_consent).at("state"), "none");

    ASSERT_EQ(fascia({"clients", "consent", no_consent}).exit_code, 0);
    const auto again = fascia({"intake", "record", "--client", no_consent, write("f.json", base_input())});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(status(no_consent).at("state"), "current");
}

TEST_F(intake_screenings_cli, RecordThenStatusGivesWhatBookingNeeds)
{
    json::object input = with(with(base_input(), "pregnant", true), "pregnancy_weeks", 22);
    input["symptom_onset"] = "2026-10-20";
    const auto r = fascia({"intake", "record", "--client", client, write("f.json", input), "--json",
                           "--as", "desk"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto recorded = parsed(r);
    EXPECT_EQ(recorded.at("disposition"), "proceed");
    EXPECT_EQ(flag_codes(recorded), std::vector<std::string>{"pregnancy"});

    const auto s = status(client, "desk");
    EXPECT_EQ(s.at("client_id"), json::value(client));
    EXPECT_EQ(s.at("state"), "current");
    EXPECT_EQ(s.at("screening_id"), recorded.at("screening_id"));
    EXPECT_EQ(s.at("form"), "sciatica-intake/1");
    EXPECT_EQ(s.at("disposition"), "proceed");
    EXPECT_EQ(s.at("condition_type"), "acute");
    EXPECT_EQ(sorted_strings(s.at("restrictions")),
              (std::vector<std::string>{"no_dry_needling", "prenatal_therapist_required"}));
    EXPECT_EQ(s.at("course"), json::parse(R"({"sessions_per_week": [1, 2]})"));
    EXPECT_EQ(s.at("bookable"), true);
    EXPECT_TRUE(s.at("reasons").as_array().empty());

    // Any staff may read it; text output says the same.
    EXPECT_EQ(status(client, "priya").at("bookable"), true);
    const auto text = fascia({"intake", "status", client});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("bookable"));
    EXPECT_THAT(text.out, HasSubstr("prenatal_therapist_required"));

    // The stored screening reads back with its answers and its form version.
    const std::string screening_id(recorded.at("screening_id").as_string());
    const auto show = fascia({"intake", "show", screening_id, "--json"});
    ASSERT_EQ(show.exit_code, 0) << show.err;
    const auto shown = parsed(show);
    EXPECT_EQ(shown.at("form"), "sciatica-intake/1");
    EXPECT_EQ(shown.at("input").at("answers").at("pregnancy_weeks"), 22);
    EXPECT_EQ(shown.at("result").at("disposition"), "proceed");
}

TEST_F(intake_screenings_cli, RecordRefusesBadInputAndUnknownClients)
{
    json::object bad = base_input();
    bad["answers"].as_object().erase("saddle_numbness");
    auto r = fascia({"intake", "record", "--client", client, write("f.json", bad)});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("saddle_numbness"));
    r = fascia({"intake", "record", "--client", client, "-"},
               json::serialize(with(base_input(), "pain_score", 11)));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("pain_score"));
    json::object future = base_input();
    future["assessed_on"] = "2026-11-23";
    r = fascia({"intake", "record", "--client", client, write("f.json", future)});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("assessed_on"));
    EXPECT_EQ(screening_count(), 0u);

    r = fascia({"intake", "record", "--client", "01900000-0000-7000-8000-000000000000",
                write("f.json", base_input())});
    EXPECT_EQ(r.exit_code, 1);
    r = fascia({"intake", "status", "01900000-0000-7000-8000-000000000000", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    r = fascia({"intake", "status", client, "--as", "nobody"});
    EXPECT_EQ(r.exit_code, 2) << "reading needs a staff user: a name that is none is bad input";
    EXPECT_THAT(r.err, HasSubstr("no staff member 'nobody'"));
}

TEST_F(intake_screenings_cli, SameKeyRecordsOnce)
{
    const std::string file = write("f.json", base_input());
    for (int i = 0; i < 2; ++i) {
        const auto r = fascia({"intake", "record", "--client", client, file, "--key", "visit-1"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    EXPECT_EQ(screening_count(), 1u);
}

TEST_F(intake_screenings_cli, AClearanceMakesAClearanceRequiredScreeningBookable)
{
    const auto id = record(client, with(base_input(), "foot_drop", true), "desk");
    auto s = status(client);
    EXPECT_EQ(s.at("disposition"), "clearance_required");
    EXPECT_EQ(s.at("bookable"), false);
    EXPECT_EQ(s.at("reasons").at(0).at("code"), "clearance_required");

    const auto by_desk = clear("desk");
    EXPECT_EQ(by_desk.exit_code, 1) << "the front desk may not record a clearance";
    EXPECT_EQ(status(client).at("bookable"), false);

    const auto r = clear("priya");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("status").at("bookable"), true);
    s = status(client);
    EXPECT_EQ(s.at("screening_id"), json::value(id));
    EXPECT_EQ(s.at("bookable"), true);
    EXPECT_EQ(s.at("cleared"), true);

    EXPECT_EQ(clear("ana").exit_code, 1) << "already cleared";
    const auto history = fascia({"intake", "history", client, "--json"});
    EXPECT_EQ(parsed(history).at("screenings").at(0).at("cleared"), true);
}

TEST_F(intake_screenings_cli, AnUrgentReferralCannotBeCleared)
{
    record(client, with(base_input(), "bladder_or_bowel_change", true));
    const auto r = fascia({"intake", "clear", "--client", client, "--clinician", "Dr Who", "--note", "ok",
                           "--as", "owner"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("urgent referral"));
    EXPECT_THAT(r.err, HasSubstr("cannot be cleared"));
    auto s = status(client);
    EXPECT_EQ(s.at("disposition"), "urgent_referral");
    EXPECT_EQ(s.at("bookable"), false);
    EXPECT_EQ(s.at("reasons").at(0).at("code"), "urgent_referral");

    // Only a new screening without urgent flags lifts it.
    record(client, base_input());
    s = status(client);
    EXPECT_EQ(s.at("disposition"), "proceed");
    EXPECT_EQ(s.at("bookable"), true);

    // Nothing to clear on a proceed screening.
    EXPECT_EQ(clear("owner").exit_code, 1);
}

TEST_F(intake_screenings_cli, AScreeningExpiresAfterNinetyDays)
{
    record(client, base_input()); // assessed 2026-11-20
    auto on_last_day = fascia_at("2027-02-17T22:00:00Z", {"intake", "status", client, "--json"});
    ASSERT_EQ(on_last_day.exit_code, 0) << on_last_day.err;
    EXPECT_EQ(parsed(on_last_day).at("state"), "current");
    EXPECT_EQ(parsed(on_last_day).at("bookable"), true);
    EXPECT_EQ(parsed(on_last_day).at("valid_until"), "2027-02-17");

    const auto expired = fascia_at("2027-02-18T09:00:00Z", {"intake", "status", client, "--json"});
    ASSERT_EQ(expired.exit_code, 0) << expired.err;
    const auto s = parsed(expired);
    EXPECT_EQ(s.at("on"), "2027-02-18");
    EXPECT_EQ(s.at("state"), "expired");
    EXPECT_EQ(s.at("bookable"), false);
    EXPECT_TRUE(s.at("disposition").is_null()) << "nothing is current any more";
    EXPECT_EQ(s.at("reasons").at(0).at("code"), "screening_expired");

    // --on asks about a booking date without moving the clock.
    const auto ahead = fascia({"intake", "status", client, "--on", "2027-03-01", "--json"});
    EXPECT_EQ(parsed(ahead).at("state"), "expired");
    EXPECT_EQ(fascia({"intake", "status", client, "--on", "1st March"}).exit_code, 2);

    // A pre-session check and a clearance need a current screening.
    const auto late_check = fascia_at("2027-02-18T09:00:00Z",
                                      {"intake", "precheck", "--client", client,
                                       write("p.json", precheck_input({}, "2027-02-18")), "--as", "desk"});
    EXPECT_EQ(late_check.exit_code, 1);
    EXPECT_THAT(late_check.err, HasSubstr("full screening is due"));

    // A new screening makes the client current again.
    json::object fresh = base_input();
    fresh["assessed_on"] = "2027-02-18";
    const auto r = fascia_at("2027-02-18T09:00:00Z",
                             {"intake", "record", "--client", client, write("f.json", fresh)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(fascia_at("2027-02-18T09:00:00Z", {"intake", "status", client, "--json"}))
                  .at("bookable"),
              true);
}

TEST_F(intake_screenings_cli, TheValidityPeriodIsAClinicSetting)
{
    const auto shown = fascia({"intake", "settings", "--json"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(parsed(shown).at("screening_valid_days"), 90);
    EXPECT_EQ(fascia({"intake", "settings", "--valid-days", "30", "--as", "desk"}).exit_code, 1);
    const auto changed = fascia({"intake", "settings", "--valid-days", "30", "--json", "--as", "ana"});
    ASSERT_EQ(changed.exit_code, 0) << changed.err;
    EXPECT_EQ(parsed(changed).at("screening_valid_days"), 30);
    EXPECT_EQ(fascia({"intake", "settings", "--valid-days", "0"}).exit_code, 2);

    record(client, base_input()); // 2026-11-20 + 30 days: current through 2026-12-19
    EXPECT_EQ(parsed(fascia_at("2026-12-19T09:00:00Z", {"intake", "status", client, "--json"})).at("bookable"),
              true);
    EXPECT_EQ(parsed(fascia_at("2026-12-20T09:00:00Z", {"intake", "status", client, "--json"})).at("state"),
              "expired");
}

TEST_F(intake_screenings_cli, APrecheckWithNoYesChangesNothing)
{
    record(client, base_input());
    const auto r = precheck(precheck_input());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = parsed(r);
    EXPECT_EQ(out.at("flagged"), false);
    EXPECT_TRUE(out.at("screening_id").is_null());
    EXPECT_EQ(out.at("status").at("bookable"), true);
    EXPECT_EQ(screening_count(), 1u);
}

TEST_F(intake_screenings_cli, AnyYesAtAPrecheckRecordsANewScreeningAndStopsBooking)
{
    // A pregnant client, cleared after a fracture: bookable, with restrictions.
    json::object input = with(with(with(base_input(), "pregnant", true), "pregnancy_weeks", 20),
                              "known_fracture", true);
    const auto first = record(client, input);
    ASSERT_EQ(clear().exit_code, 0);
    ASSERT_EQ(status(client).at("bookable"), true);

    const auto form = precheck_input();
    for (const auto& [question, unused] : form.at("answers").as_object()) {
        SCOPED_TRACE(std::string(question));
        const auto r = precheck(precheck_input({std::string(question)}));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto out = parsed(r);
        EXPECT_EQ(out.at("flagged"), true);
        ASSERT_TRUE(out.at("screening_id").is_string());
        EXPECT_EQ(out.at("status").at("screening_id"), out.at("screening_id"));
        EXPECT_EQ(out.at("status").at("bookable"), false);
        // The client's precautions carry over to the new screening.
        EXPECT_EQ(sorted_strings(out.at("status").at("restrictions")),
                  (std::vector<std::string>{"no_dry_needling", "prenatal_therapist_required"}));
        const auto s = status(client);
        EXPECT_EQ(s.at("bookable"), false);
        EXPECT_NE(s.at("screening_id"), json::value(first));
        // Put the client back to a cleared state for the next question (a clearance
        // only where one can be given; an urgent referral needs a new screening).
        if (s.at("disposition") == "urgent_referral") {
            EXPECT_EQ(clear().exit_code, 1);
            record(client, input);
        }
        ASSERT_EQ(clear().exit_code, 0);
        ASSERT_EQ(status(client).at("bookable"), true);
    }

    const auto history = parsed(fascia({"intake", "history", client, "--json"}));
    EXPECT_EQ(history.at("screenings").at(0).at("source"), "precheck");
}

TEST_F(intake_screenings_cli, APrecheckIsCheckedLikeAForm)
{
    auto r = precheck(precheck_input());
    EXPECT_EQ(r.exit_code, 1) << "no screening to check against";
    EXPECT_THAT(r.err, HasSubstr("fascia intake record"));
    record(client, base_input());

    json::object missing = precheck_input();
    missing["answers"].as_object().erase("saddle_numbness");
    r = precheck(missing);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("saddle_numbness"));

    json::object not_asked = precheck_input();
    not_asked["answers"].as_object()["pregnant"] = true;
    r = precheck(not_asked);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("pregnant"));

    json::object wrong_type = precheck_input();
    wrong_type["answers"].as_object()["foot_drop"] = "no";
    r = precheck(wrong_type);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_THAT(r.err, HasSubstr("foot_drop"));

    r = precheck(precheck_input({}, "2026-11-19"));
    EXPECT_EQ(r.exit_code, 2) << "before the screening it checks";
    EXPECT_THAT(r.err, HasSubstr("checked_on"));
    r = precheck(precheck_input({}, "2026-11-23"));
    EXPECT_EQ(r.exit_code, 2) << "in the future";

    // Standard input works too.
    r = fascia({"intake", "precheck", "--client", client, "-", "--json", "--as", "priya"},
               json::serialize(precheck_input()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(screening_count(), 1u);
}

TEST_F(intake_screenings_cli, TheDemoClinicHasRealisticScreenings)
{
    std::filesystem::remove(db);
    const auto demo = fascia({"demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    std::vector<std::string> clients;
    {
        auto opened = Database::open(db, OpenMode::read_only);
        ASSERT_TRUE(opened) << opened.error().message;
        auto q = (*opened)->query("SELECT DISTINCT client_id FROM intake_screenings");
        while (q.step())
            clients.push_back(q.text(0));
    }
    ASSERT_GE(clients.size(), 5u);
    int proceed = 0, waiting = 0, cleared = 0, with_restrictions = 0, urgent = 0;
    for (const auto& c : clients) {
        const auto s = status(c);
        EXPECT_EQ(s.at("state"), "current");
        proceed += s.at("disposition") == "proceed";
        waiting += s.at("disposition") == "clearance_required" && s.at("bookable") == false;
        cleared += s.at("disposition") == "clearance_required" && s.at("bookable") == true;
        urgent += s.at("disposition") == "urgent_referral";
        with_restrictions += !s.at("restrictions").as_array().empty();
    }
    EXPECT_GE(proceed, 3);
    EXPECT_EQ(waiting, 1);
    EXPECT_EQ(cleared, 1);
    EXPECT_GE(with_restrictions, 1);
    EXPECT_LE(urgent, 1);
}

// ---- Health data stays out of the audit log and out of other commands' output.

/// Strings that would only appear if health data leaked.
const std::vector<std::string> health_markers{
    "NOTE-7f3a", "Dr Anjali",        "saddle",          "bladder",         "pregnan",
    "pain_score", "foot_drop",       "cauda_equina",    "urgent_referral", "clearance_required",
    "anticoag",   "no_dry_needling", "prenatal_therapist", "answers",      "clot"};

void expect_no_health_data(const std::string& where, const std::string& text)
{
    for (const auto& marker : health_markers)
        EXPECT_THAT(text, Not(HasSubstr(marker))) << where << " shows health data (" << marker << "):\n"
                                                  << text;
}

TEST_F(intake_screenings_cli, HealthDataNeverReachesTheAuditLogOrOtherCommands)
{
    // Every health write, with answers that would be easy to spot.
    json::object input = with(with(with(base_input(), "pregnant", true), "pregnancy_weeks", 20),
                              "anticoagulants", true);
    input = with(std::move(input), "foot_drop", true);
    record(client, input, "desk");
    ASSERT_EQ(clear("priya", "NOTE-7f3a: private letter from the GP").exit_code, 0);
    ASSERT_EQ(precheck(precheck_input({"saddle_numbness"})).exit_code, 0);
    ASSERT_EQ(fascia({"intake", "settings", "--valid-days", "60"}).exit_code, 0);

    const std::vector<std::vector<std::string>> other_commands{
        {"audit", "list", "--json", "--limit", "1000"},
        {"audit", "list", "--limit", "1000"},
        {"audit", "verify"},
        {"audit", "verify", "--json"},
        {"status"},
        {"status", "--json"},
        {"clients", "show", client},
        {"clients", "show", client, "--json"},
        {"clients", "find", "Zoë", "--json"},
        {"staff", "list"},
        {"settings", "show", "--json"},
    };
    for (const auto& args : other_commands) {
        std::string name;
        for (const auto& a : args)
            name += a + " ";
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 0) << name << r.err;
        expect_no_health_data(name + "(stdout)", r.out);
        expect_no_health_data(name + "(stderr)", r.err);
    }

    // The audit log has an entry for each health command, naming only the record.
    const auto audit = parsed(fascia({"audit", "list", "--json", "--limit", "1000"}));
    std::vector<std::string> commands;
    for (const auto& e : audit.at("entries").as_array()) {
        commands.emplace_back(e.at("command").as_string());
        if (e.at("command").as_string().starts_with("intake.")) {
            EXPECT_EQ(e.as_object().size(), 7u) << json::serialize(e);
            EXPECT_THAT(std::string(e.at("record_type").as_string()),
                        ::testing::AnyOf("intake_screening", "intake_clearance", "intake_precheck",
                                         "settings"));
        }
    }
    EXPECT_THAT(commands, ::testing::IsSupersetOf({"intake.record", "intake.clear", "intake.precheck"}));

    // And underneath: the audit table and the command log's results hold no health data.
    auto opened = Database::open(db, OpenMode::read_only);
    ASSERT_TRUE(opened) << opened.error().message;
    auto rows = (*opened)->query("SELECT * FROM audit_log");
    while (rows.step())
        for (int column = 0; column < 10; ++column)
            expect_no_health_data("audit_log", rows.text(column));
    auto results = (*opened)->query("SELECT type, result FROM command_log");
    while (results.step())
        expect_no_health_data("command_log result of " + results.text(0), results.text(1));
}

} // namespace
} // namespace fascia::intake::test
