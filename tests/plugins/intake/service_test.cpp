// The module in-process, registered exactly as the plugin registers it: the
// fascia.intake/1 service as another plugin (scheduling) will call it, the
// command handlers, the immutable tables and the form-version rule.
#include "contributions.h"
#include "intake_test_support.h"
#include "module_test.h"
#include "screenings.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <gmock/gmock.h>

namespace fascia::intake::test {
namespace {

using ::testing::HasSubstr;

std::chrono::year_month_day day(const char* text)
{
    return *parse_date(text);
}

/// The built-in form plus a hypothetical version 2 that calls four weeks chronic.
FormLibrary two_versions()
{
    const std::string v1 =
        read_text(std::string(FASCIA_SOURCE_DIR) + "/plugins/intake/rules/sciatica-intake-1.json");
    std::string v2 = v1;
    v2.replace(v2.find("sciatica-intake/1"), 17, "sciatica-intake/2");
    v2.replace(v2.find(R"("below_days": 42)"), 16, R"("below_days": 28)");
    std::vector<ScreeningForm> forms;
    forms.push_back(ScreeningForm::parse(v1).value());
    forms.push_back(ScreeningForm::parse(v2).value());
    return FormLibrary(std::move(forms));
}

class IntakeModule : public fascia::test::ModuleTest {
protected:
    void SetUp() override
    {
        load_module("intake", [this](PluginContext& context) { contribute_with_check_in(context); });
        if (HasFatalFailure())
            return;
        add_staff({{"owner", "owner"}, {"desk", "front_desk"}, {"priya", "therapist"}});
        client = add_client(true);
    }

    void contribute_with_check_in(PluginContext& context)
    {
        contribute(context, library);
        // What the scheduling module will do: run the pre-session check inside its own command.
        context.add_command({
            .type = "test.check_in",
            .summary = "Checks a client in, running the intake pre-session check",
            .roles = all_roles(),
            .handler = [this](CommandContext& ctx) -> Result<json::value> {
                const auto& p = ctx.command.payload;
                auto outcome = service()->precheck(ctx, p.at("client_id").as_string(), p.at("precheck"));
                if (!outcome)
                    return outcome.error();
                if (p.contains("then_refuse"))
                    return refused("the room is double booked");
                ctx.touch("appointment", "a1");
                return json::value(json::object{{"precheck_id", outcome->precheck_id}});
            },
        });
    }

    IntakeService* service() const { return service_at<IntakeService>(service_id); }

    json::value run(const std::string& type, json::object payload, const std::string& actor = "owner")
    {
        return must(type, std::move(payload), actor);
    }

    std::string add_client(bool consent)
    {
        static int n = 0;
        json::object p{{"first_name", "Client"},
                       {"last_name", "N" + std::to_string(++n)},
                       {"date_of_birth", "1975-03-04"},
                       {"health_consent", consent}};
        return std::string(run("clients.create", std::move(p)).at("id").as_string());
    }

    std::string record(const json::object& input, const std::string& who = "owner")
    {
        return std::string(run("intake.record", {{"client_id", client}, {"screening", input}}, who)
                               .at("id")
                               .as_string());
    }

    json::object precheck_input(const std::string& yes = {})
    {
        json::object answers;
        for (const auto& id : service()->precheck_questions("sciatica-intake/1").value())
            answers[id] = id == yes;
        return {{"form", "sciatica-intake/1"}, {"checked_on", "2026-11-22"}, {"answers", answers}};
    }

    BookingStatus status(const char* on = "2026-11-22")
    {
        auto s = service()->booking_status(clinic->db(), client, day(on));
        EXPECT_TRUE(s) << s.error().message;
        return s ? *s : BookingStatus{};
    }

    FormLibrary library = two_versions();
    std::string client;
};

// Suites are named intake_* so `ctest -R intake` runs every test of the module.
using intake_module = IntakeModule;

TEST_F(intake_module, TheServiceIsFoundByItsVersionedIdAndNeverThrows)
{
    ASSERT_NE(service(), nullptr);
    auto not_object = service()->evaluate(json::value(42));
    ASSERT_FALSE(not_object);
    EXPECT_EQ(not_object.error().kind, ErrorKind::invalid_input);
    json::object missing = base_input();
    missing["answers"].as_object().erase("foot_drop");
    auto e = service()->evaluate(missing);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().field, "answers.foot_drop");
    EXPECT_FALSE(service()->precheck_questions("sciatica-intake/9"));
    auto unknown = service()->booking_status(clinic->db(), "no-such-client", day("2026-11-22"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

TEST_F(intake_module, BookingStatusFollowsScreeningClearanceAndExpiry)
{
    EXPECT_EQ(status().state, "none");
    EXPECT_FALSE(status().bookable);
    EXPECT_EQ(status().reasons.at(0).code, "no_screening");

    json::object input = base_input();
    input["answers"].as_object()["calf_swelling_warmth"] = true;
    input["answers"].as_object()["anticoagulants"] = true;
    const auto id = record(input);
    auto s = status();
    EXPECT_EQ(s.state, "current");
    EXPECT_EQ(s.screening_id, id);
    EXPECT_EQ(s.disposition, "clearance_required");
    EXPECT_EQ(s.condition_type, "chronic");
    EXPECT_EQ(s.restrictions, (std::vector<std::string>{"no_deep_tissue", "no_dry_needling"}));
    EXPECT_FALSE(s.bookable);
    EXPECT_EQ(s.reasons.at(0).code, "clearance_required");

    run("intake.clear", {{"client_id", client}, {"clinician", "Dr Who"}, {"note", "letter seen"}}, "priya");
    s = status();
    EXPECT_TRUE(s.bookable);
    EXPECT_TRUE(s.cleared);
    EXPECT_TRUE(s.reasons.empty());

    // Assessed 2026-11-20: current for 90 days, through 2027-02-17.
    EXPECT_EQ(status("2027-02-17").state, "current");
    EXPECT_EQ(status("2027-02-17").valid_until, "2027-02-17");
    EXPECT_TRUE(status("2027-02-17").bookable);
    EXPECT_EQ(status("2027-02-18").state, "expired");
    EXPECT_FALSE(status("2027-02-18").bookable);
    EXPECT_FALSE(status("2027-02-18").disposition);
    EXPECT_EQ(status("2027-02-18").reasons.at(0).code, "screening_expired");

    run("settings.update", {{"modules", {{"intake.screening_valid_days", 30}}}});
    EXPECT_TRUE(status("2026-12-19").bookable);
    EXPECT_FALSE(status("2026-12-20").bookable);
}

TEST_F(intake_module, BookingStatusOverARangeSplitsWhereTheScreeningExpires)
{
    const auto over = [&](const char* from, const char* to) {
        auto runs = service()->booking_status_over(clinic->db(), client, day(from), day(to));
        EXPECT_TRUE(runs) << runs.error().message;
        return runs ? *runs : std::vector<BookingStatusRun>{};
    };
    auto none = over("2026-11-22", "2027-03-01");
    ASSERT_EQ(none.size(), 1u);
    EXPECT_EQ(none[0].status.state, "none");

    record(base_input()); // assessed 2026-11-20: current through 2027-02-17
    auto runs = over("2027-02-01", "2027-03-01");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].from, day("2027-02-01"));
    EXPECT_EQ(runs[0].to, day("2027-02-17"));
    EXPECT_EQ(runs[0].status.state, "current");
    EXPECT_TRUE(runs[0].status.bookable);
    EXPECT_EQ(runs[1].from, day("2027-02-18"));
    EXPECT_EQ(runs[1].to, day("2027-03-01"));
    EXPECT_EQ(runs[1].status.state, "expired");
    EXPECT_EQ(runs[1].status.reasons.at(0).code, "screening_expired");
    // The same as asking each day: the last current day and the first expired one.
    EXPECT_EQ(status("2027-02-17").state, runs[0].status.state);
    EXPECT_EQ(status("2027-02-18").reasons.at(0).message, runs[1].status.reasons.at(0).message);
    // Wholly inside the screening's life: one run.
    ASSERT_EQ(over("2026-11-22", "2027-02-17").size(), 1u);

    auto backwards = service()->booking_status_over(clinic->db(), client, day("2027-02-02"), day("2027-02-01"));
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().field, "to");
    auto unknown = service()->booking_status_over(clinic->db(), "no-such-client", day("2026-11-22"), day("2026-11-23"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
}

TEST_F(intake_module, ClearanceRolesAndRefusals)
{
    json::object input = base_input();
    input["answers"].as_object()["foot_drop"] = true;
    record(input, "desk");
    const json::object clear{{"client_id", client}, {"clinician", "Dr Who"}, {"note", "ok"}};
    auto by_desk = execute("intake.clear", clear, "desk");
    ASSERT_FALSE(by_desk);
    EXPECT_EQ(by_desk.error().kind, ErrorKind::forbidden);
    ASSERT_TRUE(execute("intake.clear", clear, "priya"));
    auto twice = execute("intake.clear", clear, "priya");
    ASSERT_FALSE(twice);
    EXPECT_EQ(exit_code(twice.error().kind), 1);

    record(base_input()); // proceed: nothing to clear
    auto nothing = execute("intake.clear", clear);
    ASSERT_FALSE(nothing);
    EXPECT_EQ(nothing.error().kind, ErrorKind::refused);

    json::object urgent = base_input();
    urgent["answers"].as_object()["sudden_severe_weakness"] = true;
    record(urgent);
    auto refused_urgent = execute("intake.clear", clear);
    ASSERT_FALSE(refused_urgent);
    EXPECT_EQ(refused_urgent.error().kind, ErrorKind::refused);
    EXPECT_THAT(refused_urgent.error().message, HasSubstr("urgent referral"));
    EXPECT_EQ(count("intake_clearances"), 1);
}

TEST_F(intake_module, APrecheckInsideAnotherModulesCommandRollsBackWithIt)
{
    record(base_input());
    const auto screenings = count("intake_screenings");
    auto refused_check_in = execute("test.check_in", {{"client_id", client},
                                                      {"precheck", precheck_input("saddle_numbness")},
                                                      {"then_refuse", true}});
    ASSERT_FALSE(refused_check_in);
    EXPECT_EQ(count("intake_screenings"), screenings) << "the precheck's screening must roll back too";
    EXPECT_EQ(count("intake_prechecks"), 0);
    EXPECT_TRUE(status().bookable);

    ASSERT_TRUE(execute("test.check_in", {{"client_id", client}, {"precheck", precheck_input()}}));
    EXPECT_EQ(count("intake_prechecks"), 1);
    EXPECT_EQ(count("intake_screenings"), screenings);
    EXPECT_TRUE(status().bookable);

    ASSERT_TRUE(execute("test.check_in",
                        {{"client_id", client}, {"precheck", precheck_input("saddle_numbness")}}));
    EXPECT_EQ(count("intake_screenings"), screenings + 1);
    EXPECT_EQ(status().disposition, "urgent_referral");
    EXPECT_FALSE(status().bookable);

    // A malformed check fails the caller's command with the field named.
    json::object bad = precheck_input();
    bad["answers"].as_object().erase("foot_drop");
    auto invalid_check = execute("test.check_in", {{"client_id", client}, {"precheck", bad}});
    ASSERT_FALSE(invalid_check);
    EXPECT_EQ(invalid_check.error().field, "answers.foot_drop");
}

TEST_F(intake_module, StoredRecordsAreImmutable)
{
    json::object input = base_input();
    input["answers"].as_object()["foot_drop"] = true;
    const auto id = record(input);
    run("intake.clear", {{"client_id", client}, {"clinician", "Dr Who"}, {"note", "ok"}});
    run("intake.precheck", {{"client_id", client}, {"precheck", precheck_input()}});
    for (const std::string table :
         {"intake_screenings", "intake_clearances", "intake_prechecks", "intake_outcome_measures"}) {
        SCOPED_TRACE(table);
        ASSERT_GT(count(table), 0);
        EXPECT_THROW(clinic->db().exec("UPDATE " + table + " SET recorded_at = 'x'"), Failure)
            << "UPDATE must be refused";
        EXPECT_THROW(clinic->db().exec("DELETE FROM " + table), Failure) << "DELETE must be refused";
    }
    const auto stored = find_screening(clinic->db(), id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->evaluation.disposition, "clearance_required");
}

TEST_F(intake_module, MergingAClientMovesEveryIntakeRecordToTheKeptOne)
{
    json::object input = base_input();
    input["answers"].as_object()["foot_drop"] = true;
    record(input); // on the duplicate record
    run("intake.clear", {{"client_id", client}, {"clinician", "Dr Who"}, {"note", "ok"}});
    run("intake.precheck", {{"client_id", client}, {"precheck", precheck_input()}});
    const std::string other = client;
    const std::string keep = add_client(true);
    const auto merged = run("clients.merge", {{"keep", keep}, {"other", other}});
    EXPECT_GT(merged.at("moved").at("intake.records").as_int64(), 3);
    for (const std::string table :
         {"intake_screenings", "intake_clearances", "intake_prechecks", "intake_outcome_measures"}) {
        auto q = clinic->db().query("SELECT count(*) FROM " + table + " WHERE client_id = ?", other);
        q.step();
        EXPECT_EQ(q.integer(0), 0) << table;
        EXPECT_GT(count(table), 0) << table;
    }
    client = keep;
    EXPECT_TRUE(status().bookable) << "the kept record has the screening and its clearance";
    EXPECT_TRUE(status().cleared);
    // Only which client a record belongs to may change; what it says may not.
    EXPECT_THROW(clinic->db().exec("UPDATE intake_screenings SET disposition = 'none'"), Failure);
}

TEST_F(intake_module, AStoredScreeningKeepsTheFormVersionItWasTakenWith)
{
    json::object input = base_input();
    input["symptom_onset"] = "2026-10-16"; // 35 days: acute under v1, chronic under v2
    const auto v1_id = record(input);
    EXPECT_EQ(status().condition_type, "acute");
    EXPECT_EQ(status().form, "sciatica-intake/1");
    const auto stored = find_screening(clinic->db(), v1_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->form, "sciatica-intake/1");
    EXPECT_EQ(stored->evaluation.condition_type, "acute");
    // Re-evaluating its stored answers with its own version gives the stored result.
    const auto again = library.evaluate(stored->input);
    ASSERT_TRUE(again);
    EXPECT_EQ(json::value(to_json(*again)), json::value(to_json(stored->evaluation)));

    input["form"] = "sciatica-intake/2";
    record(input);
    EXPECT_EQ(status().condition_type, "chronic");
    EXPECT_EQ(status().form, "sciatica-intake/2");
    EXPECT_EQ(find_screening(clinic->db(), v1_id)->evaluation.condition_type, "acute");
}

TEST_F(intake_module, TheBaselinePainScoreIsTheFirstOutcomeMeasure)
{
    json::object input = base_input();
    input["answers"].as_object()["pain_score"] = 8;
    const auto id = record(input);
    auto q = clinic->db().query("SELECT measure, value, measured_on, source, source_id FROM "
                                "intake_outcome_measures WHERE client_id = ?",
                                client);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "pain_score");
    EXPECT_EQ(q.integer(1), 8);
    EXPECT_EQ(q.text(2), "2026-11-20");
    EXPECT_EQ(q.text(3), "intake_screening");
    EXPECT_EQ(q.text(4), id);
    EXPECT_FALSE(q.step());
    // A pre-session check's yes carries answers over; it measures nothing new.
    run("intake.precheck", {{"client_id", client}, {"precheck", precheck_input("fever_or_unwell")}});
    EXPECT_EQ(count("intake_outcome_measures"), 1);
}

TEST_F(intake_module, CommandResultsHoldIdsOnly)
{
    json::object input = base_input();
    input["answers"].as_object()["foot_drop"] = true;
    record(input);
    run("intake.clear", {{"client_id", client}, {"clinician", "Dr Who"}, {"note", "private note"}});
    run("intake.precheck", {{"client_id", client}, {"precheck", precheck_input("saddle_numbness")}});
    auto q = clinic->db().query("SELECT type, result FROM command_log WHERE type LIKE 'intake.%'");
    int seen = 0;
    while (q.step()) {
        ++seen;
        const auto result = json::parse(q.text(1)).as_object();
        ASSERT_EQ(result.size(), 1u) << q.text(0) << ": " << q.text(1);
        EXPECT_TRUE(result.contains("id")) << q.text(1);
    }
    EXPECT_EQ(seen, 3);
}

TEST_F(intake_module, ConsentIsRequiredForEveryHealthWrite)
{
    client = add_client(false);
    auto recorded = execute("intake.record", {{"client_id", client}, {"screening", base_input()}});
    ASSERT_FALSE(recorded);
    EXPECT_EQ(recorded.error().kind, ErrorKind::refused);
    EXPECT_THAT(recorded.error().message, HasSubstr("consent"));
    auto checked = execute("intake.precheck", {{"client_id", client}, {"precheck", precheck_input()}});
    ASSERT_FALSE(checked);
    EXPECT_THAT(checked.error().message, HasSubstr("consent"));
    EXPECT_EQ(count("intake_screenings"), 0);
}

TEST_F(intake_module, AScreeningCannotBeDatedInTheFuture)
{
    json::object input = base_input();
    input["assessed_on"] = "2026-11-23"; // the clock says 2026-11-22
    auto r = execute("intake.record", {{"client_id", client}, {"screening", input}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "assessed_on");
}

} // namespace
} // namespace fascia::intake::test
