// The module in-process, registered exactly as the plugin registers it: the
// command handlers through the real bus (roles, audit, one transaction), and
// the fascia.vetting/1 service as the scheduler will call it.
#include "contributions.h"
#include "module_test.h"
#include "records.h"
#include "vetting_test_support.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fascia::vetting {
namespace {

namespace json = boost::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using test::codes;
using test::day;

class VettingModule : public fascia::test::ModuleTest {
protected:
    void SetUp() override
    {
        load_module("vetting", [](PluginContext& context) { contribute(context); });
        if (HasFatalFailure())
            return;
        add_staff({{"owner", "owner"},
                   {"ada", "admin"},
                   {"desk", "front_desk"},
                   {"priya", "therapist", "Priya Raman"},
                   {"tom", "therapist", "Tom Becker"}});
    }

    Result<CommandOutcome> run(const std::string& type, json::object payload, const std::string& actor = "owner",
                               std::string key = {})
    {
        return execute(type, std::move(payload), actor, std::move(key));
    }

    json::value ok(const std::string& type, json::object payload, const std::string& actor = "owner")
    {
        return must(type, std::move(payload), actor);
    }

    VettingService* service() const { return service_at<VettingService>(service_id); }

    /// Everything an approved therapist needs, with insurance to 10 Dec 2026.
    void vet(const std::string& who)
    {
        ok("vetting.add_credential", {{"therapist", who},
                                      {"kind", "remedial_massage_therapist"},
                                      {"number", "DipRM-" + who},
                                      {"issuer", "College"},
                                      {"issued", "2019-07-01"}});
        ok("vetting.add_registration", {{"therapist", who},
                                        {"body", "GCMT"},
                                        {"number", "G-" + who},
                                        {"issued", "2026-01-01"},
                                        {"expires", "2027-12-31"}});
        ok("vetting.add_insurance", {{"therapist", who},
                                     {"insurer", "Balens"},
                                     {"policy", "B-" + who},
                                     {"cover", "5000000"},
                                     {"issued", "2025-12-11"},
                                     {"expires", "2026-12-10"}});
        ok("vetting.add_cpd", {{"therapist", who}, {"hours", 30}, {"on", "2026-06-01"}, {"topic", "Neuropathic pain"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "identity"}, {"on", "2026-01-05"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "documents"}, {"on", "2026-01-05"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "reference"}, {"on", "2026-01-06"}, {"note", "Referee One"}});
        ok("vetting.record_check", {{"therapist", who}, {"item", "reference"}, {"on", "2026-01-07"}, {"note", "Referee Two"}});
    }

    /// Rows in every table a vetting command writes (and the audit log).
    std::vector<std::int64_t> all_counts()
    {
        std::vector<std::int64_t> out;
        for (const char* t : {"vetting_credentials", "vetting_registrations", "vetting_insurance", "vetting_cpd",
                              "vetting_checks", "vetting_concerns", "vetting_standing", "vetting_credential_kinds",
                              "vetting_privilege_requirements", "vetting_warning_thresholds", "audit_log",
                              "command_log"})
            out.push_back(count(t));
        return out;
    }
};

TEST_F(VettingModule, TheServiceAnswersForEachSessionsOwnDate)
{
    vet("tom");
    ASSERT_NE(service(), nullptr);
    auto today = service()->eligible(db(), "tom", "remedial", day("2026-11-22"));
    ASSERT_TRUE(today) << today.error().message;
    EXPECT_TRUE(today->eligible);
    EXPECT_TRUE(service()->eligible(db(), "tom", "remedial", day("2026-12-10"))->eligible);
    // Booked today, for a session after the policy runs out: refused.
    auto later = service()->eligible(db(), "tom", "remedial", day("2026-12-11"));
    ASSERT_TRUE(later);
    EXPECT_FALSE(later->eligible);
    EXPECT_EQ(later->status, "lapsed");
    EXPECT_THAT(codes(later->reasons), ElementsAre("insurance_expired"));
    // By staff id as well as username.
    const auto id = find_therapist(db(), "tom")->id;
    EXPECT_EQ(service()->status(db(), id, day("2026-11-22"))->status, "approved");
    auto all = service()->eligibility_for(db(), "swedish", day("2026-11-22"));
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].username, "priya");
    EXPECT_FALSE((*all)[0].eligible);
    EXPECT_TRUE((*all)[1].eligible);
}

TEST_F(VettingModule, TheServiceAnswersADateRangeAsRunsThatAgreeWithEachDay)
{
    vet("tom");
    // Tom's policy runs out after 2026-12-10 (above): one run eligible, one lapsed.
    auto runs = service()->eligible_over(db(), "tom", "remedial", day("2026-12-01"), day("2026-12-20"));
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ((*runs)[0].from, day("2026-12-01"));
    EXPECT_EQ((*runs)[0].to, day("2026-12-10"));
    EXPECT_TRUE((*runs)[0].eligibility.eligible);
    EXPECT_EQ((*runs)[1].from, day("2026-12-11"));
    EXPECT_EQ((*runs)[1].to, day("2026-12-20"));
    EXPECT_THAT(codes((*runs)[1].eligibility.reasons), ElementsAre("insurance_expired"));
    // Every day of every run is what eligible() says that day.
    for (const auto& run : *runs)
        for (auto d = std::chrono::sys_days{run.from}; d <= std::chrono::sys_days{run.to}; d += std::chrono::days{1}) {
            const auto one = service()->eligible(db(), "tom", "remedial", Date{d});
            ASSERT_TRUE(one);
            EXPECT_EQ(one->eligible, run.eligibility.eligible) << format_date(Date{d});
            EXPECT_EQ(codes(one->reasons), codes(run.eligibility.reasons)) << format_date(Date{d});
        }
    // A suspension splits the runs at its days (every active therapist at once).
    ok("vetting.suspend", {{"therapist", "tom"}, {"reason", "client complaint"}});
    ok("vetting.reinstate", {{"therapist", "tom"}, {"reason", "not upheld"}, {"from", "2026-11-25"}});
    auto all = service()->eligibility_for_over(db(), "swedish", day("2026-11-21"), day("2026-11-26"));
    ASSERT_TRUE(all) << all.error().message;
    std::vector<std::pair<std::string, bool>> tom;
    for (const auto& run : *all)
        if (run.eligibility.username == "tom")
            tom.emplace_back(format_date(run.from) + ".." + format_date(run.to), run.eligibility.eligible);
    EXPECT_THAT(tom, ElementsAre(std::pair{std::string("2026-11-21..2026-11-21"), true},
                                 std::pair{std::string("2026-11-22..2026-11-24"), false},
                                 std::pair{std::string("2026-11-25..2026-11-26"), true}));
    // Bad ranges name the field.
    auto backwards = service()->eligible_over(db(), "tom", "remedial", day("2026-12-02"), day("2026-12-01"));
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().field, "to");
    auto too_long = service()->eligible_over(db(), "tom", "remedial", day("2026-01-01"), day("2027-06-01"));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().field, "to");
}

TEST_F(VettingModule, TheServiceNamesTheFieldOfBadInputAndNeverThrows)
{
    auto nobody = service()->status(db(), "nobody", day("2026-11-22"));
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(nobody.error().field, "therapist");
    auto desk = service()->status(db(), "desk", day("2026-11-22"));
    ASSERT_FALSE(desk);
    EXPECT_THAT(desk.error().message, HasSubstr("not a therapist"));
    auto modality = service()->eligible(db(), "tom", "hot_stones", day("2026-11-22"));
    ASSERT_FALSE(modality);
    EXPECT_EQ(modality.error().field, "modality");
    EXPECT_THAT(modality.error().message, HasSubstr("dry_needling"));
    auto within = service()->expiring(db(), -1, day("2026-11-22"));
    ASSERT_FALSE(within);
    EXPECT_EQ(within.error().field, "within");
    auto bad_date = service()->status(db(), "tom", std::chrono::year{2026} / 2 / 30);
    ASSERT_FALSE(bad_date);
    EXPECT_EQ(bad_date.error().kind, ErrorKind::invalid_input);
}

struct BadCommand {
    const char* type;
    const char* payload;
    const char* field;
};

TEST_F(VettingModule, BadInputIsRefusedNamingTheFieldAndChangesNothing)
{
    vet("tom");
    const std::vector<BadCommand> cases{
        {"vetting.add_credential", R"({"therapist":"nobody","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2020-01-01"})", "therapist"},
        {"vetting.add_credential", R"({"therapist":"desk","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2020-01-01"})", "therapist"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"wizard","number":"1","issuer":"x","issued":"2020-01-01"})", "kind"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2020-13-01"})", "issued"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2026-11-23"})", "issued"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2020-01-01","expires":"2019-12-31"})", "expires"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"prenatal_certificate","issuer":"x","issued":"2020-01-01"})", "number"},
        {"vetting.add_credential", R"({"therapist":"tom","kind":"prenatal_certificate","number":"1","issuer":"x","issued":"2020-01-01","colour":"red"})", "colour"},
        {"vetting.add_registration", R"({"therapist":"tom","body":"GCMT","number":"1","issued":"2026-01-01","expires":"soon"})", "expires"},
        {"vetting.add_insurance", R"({"therapist":"tom","insurer":"B","policy":"1","cover":"lots","issued":"2026-01-01","expires":"2027-01-01"})", "cover"},
        {"vetting.add_insurance", R"({"therapist":"tom","insurer":"B","policy":"1","cover":"0","issued":"2026-01-01","expires":"2027-01-01"})", "cover"},
        {"vetting.add_insurance", R"({"therapist":"tom","insurer":"B","policy":"1","cover":"100","currency":"XYZ","issued":"2026-01-01","expires":"2027-01-01"})", "currency"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":-3,"on":"2026-11-01","topic":"t"})", "hours"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":"-3","on":"2026-11-01","topic":"t"})", "hours"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":"abc","on":"2026-11-01","topic":"t"})", "hours"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":0,"on":"2026-11-01","topic":"t"})", "hours"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":1.234,"on":"2026-11-01","topic":"t"})", "hours"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":2,"on":"2026-12-01","topic":"t"})", "on"},
        {"vetting.add_cpd", R"({"therapist":"tom","hours":2,"on":"2026-11-01"})", "topic"},
        {"vetting.record_check", R"({"therapist":"tom","item":"dna"})", "item"},
        {"vetting.record_check", R"({"therapist":"tom","item":"reference"})", "note"},
        {"vetting.suspend", R"({"therapist":"tom","reason":"x","from":"tomorrow"})", "from"},
        {"vetting.suspend", R"({"therapist":"tom"})", "reason"},
        {"vetting.withdraw", R"({"id":"no-such-id","reason":"typo"})", "id"},
        {"vetting.set_privilege", R"({"modality":"reiki","requires":[]})", "modality"},
        {"vetting.set_privilege", R"({"modality":"prenatal","requires":["wizard"]})", "requires"},
        {"vetting.set_credential_kind", R"({"kind":"Bad Kind","label":"x"})", "kind"},
        {"vetting.set_credential_kind", R"({"kind":"cupping"})", "label"},
        {"settings.update", R"({"modules":{"vetting.cpd_hours_required":-1}})", "vetting.cpd_hours_required"},
        {"settings.update", R"({"modules":{"vetting.cpd_window_months":0}})", "vetting.cpd_window_months"},
        {"vetting.set_warnings", R"({"warning_days":[60,0]})", "warning_days"},
        {"vetting.set_warnings", R"({})", "warning_days"},
    };
    const auto before = all_counts();
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.type) + " " + c.payload);
        auto r = run(c.type, json::parse(c.payload).as_object());
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << r.error().message;
        EXPECT_EQ(r.error().field, c.field) << r.error().message;
        EXPECT_THAT(r.error().message, HasSubstr(c.field));
    }
    EXPECT_EQ(all_counts(), before);
}

TEST_F(VettingModule, OwnersAndAdminsKeepTheFileOnlyTheOwnerSuspends)
{
    const json::object check{{"therapist", "tom"}, {"item", "identity"}};
    for (const char* who : {"desk", "priya"}) {
        auto r = run("vetting.record_check", check, who);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, ErrorKind::forbidden) << who;
    }
    ok("vetting.record_check", check, "ada");
    auto admin = run("vetting.suspend", {{"therapist", "tom"}, {"reason", "complaint"}}, "ada");
    ASSERT_FALSE(admin);
    EXPECT_EQ(admin.error().kind, ErrorKind::forbidden);
    EXPECT_THAT(admin.error().message, HasSubstr("only owner"));
    ok("vetting.suspend", {{"therapist", "tom"}, {"reason", "complaint"}}, "owner");
}

TEST_F(VettingModule, SuspensionAndReinstatementAreAuditedAndCheckedAgainstTheDate)
{
    vet("tom");
    auto again = run("vetting.reinstate", {{"therapist", "tom"}, {"reason", "nothing to lift"}});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::refused);
    const auto suspended = ok("vetting.suspend", {{"therapist", "tom"}, {"reason", "client complaint"}});
    auto twice = run("vetting.suspend", {{"therapist", "tom"}, {"reason", "again"}});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
    EXPECT_EQ(service()->status(db(), "tom", day("2026-11-21"))->status, "approved");
    auto s = service()->status(db(), "tom", day("2026-11-22"));
    EXPECT_EQ(s->status, "suspended");
    EXPECT_THAT(s->reasons[0].message, HasSubstr("client complaint"));
    EXPECT_FALSE(service()->eligible(db(), "tom", "swedish", day("2026-11-23"))->eligible);
    ok("vetting.reinstate", {{"therapist", "tom"}, {"reason", "complaint not upheld"}, {"from", "2026-11-25"}});
    EXPECT_EQ(service()->status(db(), "tom", day("2026-11-24"))->status, "suspended");
    EXPECT_EQ(service()->status(db(), "tom", day("2026-11-25"))->status, "approved");

    auto q = db().query("SELECT command, actor, record_type, record_id FROM audit_log ORDER BY sequence DESC LIMIT 2");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "vetting.reinstate");
    EXPECT_EQ(q.text(1), "owner");
    EXPECT_EQ(q.text(2), "vetting_reinstatement");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "vetting.suspend");
    EXPECT_EQ(q.text(2), "vetting_suspension");
    EXPECT_EQ(q.text(3), suspended.at("id").as_string());
    auto edit = db().prepare("UPDATE vetting_standing SET reason = 'rewritten'");
    EXPECT_THROW(edit.run(), Failure) << "suspensions are append-only";
}

TEST_F(VettingModule, AWithdrawnEntryStopsCountingButStaysOnRecord)
{
    vet("tom");
    auto q = db().query("SELECT id FROM vetting_cpd");
    ASSERT_TRUE(q.step());
    const auto cpd = q.text(0);
    ok("vetting.withdraw", {{"id", cpd}, {"reason", "logged against the wrong therapist"}}, "ada");
    const auto s = service()->status(db(), "tom", day("2026-11-22"));
    EXPECT_EQ(s->status, "lapsed");
    EXPECT_THAT(codes(s->reasons), ElementsAre("cpd_short"));
    EXPECT_EQ(count("vetting_cpd"), 1);
    auto again = run("vetting.withdraw", {{"id", cpd}, {"reason", "again"}});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);
    auto del = db().prepare("DELETE FROM vetting_cpd");
    EXPECT_THROW(del.run(), Failure) << "entries are withdrawn, never deleted";
}

TEST_F(VettingModule, TheTwoReferencesMustComeFromDifferentPeople)
{
    ok("vetting.record_check", {{"therapist", "priya"}, {"item", "reference"}, {"note", "Jo Brown"}});
    auto same = run("vetting.record_check", {{"therapist", "priya"}, {"item", "reference"}, {"note", "jo brown"}});
    ASSERT_FALSE(same);
    EXPECT_EQ(same.error().kind, ErrorKind::conflict);
    EXPECT_EQ(service()->status(db(), "priya", day("2026-11-22"))->checklist.references, 1);
}

TEST_F(VettingModule, TheClinicsOwnRulesChangeTheAnswers)
{
    vet("tom");
    ok("vetting.add_credential", {{"therapist", "tom"},
                                  {"kind", "dry_needling_certificate"},
                                  {"number", "DN-1"},
                                  {"issuer", "Academy"},
                                  {"issued", "2025-01-01"}});
    EXPECT_TRUE(service()->eligible(db(), "tom", "dry_needling", day("2026-11-22"))->eligible);
    ok("vetting.set_privilege", {{"modality", "dry_needling"}, {"requires", json::array{"qualifying", "dry_needling_certificate"}}},
       "ada");
    ok("vetting.withdraw", {{"id", [&] {
                                 auto q = db().query("SELECT id FROM vetting_credentials WHERE kind = ?",
                                                     "remedial_massage_therapist");
                                 q.step();
                                 return q.text(0);
                             }()},
                            {"reason", "test"}});
    auto e = service()->eligible(db(), "tom", "dry_needling", day("2026-11-22"));
    EXPECT_FALSE(e->eligible);
    EXPECT_EQ(e->reasons.at(0).subject, "qualifying");

    ok("vetting.set_credential_kind", {{"kind", "cupping_certificate"}, {"label", "Cupping certificate"}, {"qualifying", true}});
    ok("vetting.add_credential", {{"therapist", "tom"},
                                  {"kind", "cupping_certificate"},
                                  {"number", "CU-1"},
                                  {"issuer", "School"},
                                  {"issued", "2025-01-01"}});
    EXPECT_TRUE(service()->eligible(db(), "tom", "dry_needling", day("2026-11-22"))->eligible);

    ok("settings.update", {{"modules", {{"vetting.cpd_hours_required", 40}}}}, "ada");
    ok("vetting.set_warnings", {{"warning_days", json::array{90, 14}}});
    ASSERT_NE(extensions.setting("vetting.cpd_window_months"), nullptr) << "a registered clinic setting";
    EXPECT_EQ(clinic->setting("vetting.cpd_hours_required"), 40);
    const auto s = service()->status(db(), "tom", day("2026-11-22"));
    EXPECT_EQ(s->status, "lapsed");
    EXPECT_THAT(s->reasons[0].message, HasSubstr("30 h of 40 h"));
    const auto items = service()->expiring(db(), 30, day("2026-11-22"));
    ASSERT_EQ(items->size(), 1u);
    EXPECT_EQ(items->at(0).threshold, 90) << "18 days left: inside 90 but not 14";
}

TEST_F(VettingModule, ConcernsAreRecordedResolvedAndWarnedOf)
{
    const auto concern = ok("vetting.record_concern",
                            {{"therapist", "priya"}, {"concern", "told a client massage cures sciatica"}});
    EXPECT_THAT(codes(service()->status(db(), "priya", day("2026-11-22"))->warnings), ElementsAre("open_concerns"));
    const std::string id(concern.at("id").as_string());
    ok("vetting.resolve_concern", {{"id", id}, {"resolution", "discussed; claims policy signed"}});
    EXPECT_TRUE(service()->status(db(), "priya", day("2026-11-22"))->warnings.empty());
    auto twice = run("vetting.resolve_concern", {{"id", id}, {"resolution", "again"}});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
    auto desk = run("vetting.record_concern", {{"therapist", "priya"}, {"concern", "x"}}, "desk");
    ASSERT_FALSE(desk);
    EXPECT_EQ(desk.error().kind, ErrorKind::forbidden);
}

TEST_F(VettingModule, TheFileForTheDeskHoldsEverythingAndConcernsOnlyWhenAsked)
{
    vet("tom");
    ok("vetting.record_concern", {{"therapist", "tom"}, {"concern", "late cancellations pushed onto clients"}});
    auto file = service()->file(db(), "tom", day("2026-11-22"), false);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->at("status").at("status"), "approved");
    EXPECT_EQ(file->at("credentials").as_array().size(), 1u);
    EXPECT_EQ(file->at("registrations").as_array().size(), 1u);
    EXPECT_EQ(file->at("insurance").at(0).at("cover"), "5000000.00");
    EXPECT_EQ(file->at("cpd").at(0).at("hours").as_int64(), 30);
    EXPECT_EQ(file->at("checks").as_array().size(), 4u);
    EXPECT_FALSE(file->contains("concerns"));
    auto with = service()->file(db(), "tom", day("2026-11-22"), true);
    ASSERT_TRUE(with);
    EXPECT_EQ(with->at("concerns").as_array().size(), 1u);
    EXPECT_FALSE(service()->file(db(), "desk", day("2026-11-22"), true));
}

TEST_F(VettingModule, TheSameKeyTwiceRecordsOnce)
{
    const json::object p{{"therapist", "priya"}, {"hours", "7.5"}, {"on", "2026-11-01"}, {"topic", "Pain science"}};
    auto first = run("vetting.add_cpd", p, "owner", "cpd-key-1");
    auto second = run("vetting.add_cpd", p, "owner", "cpd-key-1");
    ASSERT_TRUE(first && second);
    EXPECT_TRUE(second->replayed);
    EXPECT_EQ(count("vetting_cpd"), 1);
    EXPECT_EQ(service()->status(db(), "priya", day("2026-11-22"))->cpd.hundredths, 750);
}

TEST_F(VettingModule, ExpiringListsEveryTherapistSoonestFirst)
{
    vet("tom");
    vet("priya");
    ok("vetting.add_credential", {{"therapist", "priya"},
                                  {"kind", "dry_needling_certificate"},
                                  {"number", "DN-9"},
                                  {"issuer", "Academy"},
                                  {"issued", "2025-01-01"},
                                  {"expires", "2026-11-29"}});
    auto items = service()->expiring(db(), 60, day("2026-11-22"));
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 3u);
    EXPECT_EQ(items->at(0).item, "credential");
    EXPECT_EQ(items->at(0).threshold, 7);
    EXPECT_EQ(items->at(1).username, "priya");
    EXPECT_EQ(items->at(1).item, "insurance");
    EXPECT_EQ(items->at(2).username, "tom");
    ok("staff.update", {{"username", "tom"}, {"active", false}});
    EXPECT_EQ(service()->expiring(db(), 60, day("2026-11-22"))->size(), 2u) << "no warnings for a deactivated account";
    auto inactive = service()->eligible(db(), "tom", "swedish", day("2026-11-22"));
    EXPECT_FALSE(inactive->eligible);
    EXPECT_EQ(inactive->reasons.at(0).code, "account_inactive");
}

} // namespace
} // namespace fascia::vetting
