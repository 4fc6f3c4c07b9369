// `fascia vetting` end to end: the real binary with the plugin loaded, a clinic
// in a fresh temp folder and the clock pinned with FASCIA_TEST_NOW.
#include "../../integration/cli_fixture.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <set>

namespace fascia::test {
namespace {

namespace json = boost::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> codes(const json::value& reasons)
{
    std::vector<std::string> out;
    for (const auto& r : reasons.as_array())
        out.emplace_back(r.at("code").as_string());
    return out;
}

std::vector<std::string> strings(const json::value& list)
{
    std::vector<std::string> out;
    for (const auto& v : list.as_array())
        out.emplace_back(v.as_string());
    return out;
}

/// The usernames in an eligible answer's list ("eligible" or "not_eligible").
std::vector<std::string> therapists(const json::value& answer, const char* list)
{
    std::vector<std::string> out;
    for (const auto& e : answer.at(list).as_array())
        out.emplace_back(e.at("therapist").as_string());
    return out;
}

/// The entry for one therapist in an eligible answer's list.
json::object entry(const json::value& answer, const char* list, const std::string& who)
{
    for (const auto& e : answer.at(list).as_array())
        if (e.at("therapist") == who.c_str())
            return e.as_object();
    ADD_FAILURE() << who << " is not in " << list << ": " << answer;
    return {};
}

class VettingCli : public CliTest {
protected:
    /// fascia --db <db> args... as `as`, at the pinned instant `now`.
    ProcessResult run(std::vector<std::string> args, const std::string& as = "owner")
    {
        if (!as.empty()) {
            args.push_back("--as");
            args.push_back(as);
        }
        return fascia(std::move(args), {{"FASCIA_TEST_NOW", now}, {"FASCIA_PLUGIN_PATH", ""}});
    }

    /// Runs with --json, expects exit 0, parses stdout.
    json::value ok(std::vector<std::string> args, const std::string& as = "owner")
    {
        args.push_back("--json");
        const auto r = run(args, as);
        EXPECT_EQ(r.exit_code, 0) << join(args) << "\n" << r.err;
        boost::system::error_code ec;
        auto v = json::parse(r.out, ec);
        EXPECT_FALSE(ec) << "not JSON: " << r.out << r.err;
        return v;
    }

    /// Runs with --json, expects `exit`, parses the error on stderr.
    json::object failed(std::vector<std::string> args, int exit, const std::string& as = "owner")
    {
        args.push_back("--json");
        const auto r = run(args, as);
        EXPECT_EQ(r.exit_code, exit) << join(args) << "\n" << r.out << r.err;
        EXPECT_EQ(r.out, "") << join(args);
        boost::system::error_code ec;
        auto v = json::parse(r.err, ec);
        EXPECT_FALSE(ec) << "stderr is not a JSON error: " << r.err;
        if (ec || !v.is_object() || !v.as_object().contains("error"))
            return {};
        return v.at("error").as_object();
    }

    static std::string join(const std::vector<std::string>& args)
    {
        std::string s;
        for (const auto& a : args)
            s += a + " ";
        return s;
    }

    /// A new clinic with an admin, a front desk user and two therapists.
    void init_clinic()
    {
        const auto r = run({"init"}, "");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        for (auto [who, role] : {std::pair{"ada", "admin"}, {"desk", "front_desk"}, {"priya", "therapist"},
                                 {"tom", "therapist"}})
            ASSERT_EQ(run({"staff", "add", who, "--role", role}).exit_code, 0);
    }

    void checklist(const std::string& who)
    {
        ok({"vetting", "check", "--therapist", who, "--item", "identity", "--on", "2026-01-05"});
        ok({"vetting", "check", "--therapist", who, "--item", "documents", "--on", "2026-01-05"});
        ok({"vetting", "check", "--therapist", who, "--item", "reference", "--on", "2026-01-06", "--note",
            "Referee One"});
        ok({"vetting", "check", "--therapist", who, "--item", "reference", "--on", "2026-01-07", "--note",
            "Referee Two"});
    }

    /// Approved today; insured to 10 Dec 2026, registered to 31 Dec 2026,
    /// 30 hours of CPD on 1 Jun 2026, a remedial massage diploma.
    void vet(const std::string& who, bool with_cpd = true)
    {
        ok({"vetting", "credential", "add", "--therapist", who, "--kind", "remedial_massage_therapist", "--number",
            "DipRM-" + who, "--issuer", "London School of Massage", "--issued", "2019-07-01"});
        ok({"vetting", "registration", "add", "--therapist", who, "--body", "GCMT", "--number", "G-" + who,
            "--issued", "2026-01-01", "--expires", "2026-12-31"});
        ok({"vetting", "insurance", "add", "--therapist", who, "--insurer", "Balens", "--policy", "B-" + who,
            "--cover", "5000000", "--issued", "2025-12-11", "--expires", "2026-12-10"});
        if (with_cpd)
            ok({"vetting", "cpd", "add", "--therapist", who, "--hours", "30", "--on", "2026-06-01", "--topic",
                "Neuropathic pain"});
        checklist(who);
    }

    std::int64_t audit_entries()
    {
        return ok({"status"}).at("audit_entries").as_int64();
    }

    std::string now = "2026-11-22T09:00:00Z";
};

TEST_F(VettingCli, StatusGivesTheStatusEveryReasonAndThePrivileges)
{
    init_clinic();
    const auto fresh = ok({"vetting", "status", "tom"});
    EXPECT_EQ(fresh.at("status"), "pending");
    EXPECT_THAT(codes(fresh.at("reasons")), ElementsAre("identity_unchecked", "references_missing",
                                                        "documents_unchecked", "no_registration", "no_insurance",
                                                        "cpd_short"));
    for (const auto& r : fresh.at("reasons").as_array())
        EXPECT_FALSE(r.at("message").as_string().empty());
    EXPECT_THAT(strings(fresh.at("privileges")), IsEmpty());

    vet("tom");
    const auto approved = ok({"vetting", "status", "tom"});
    EXPECT_EQ(approved.at("status"), "approved");
    EXPECT_EQ(approved.at("on"), "2026-11-22");
    EXPECT_THAT(codes(approved.at("reasons")),
                ElementsAre("checklist_complete", "registration_current", "insurance_current", "cpd_met"));
    EXPECT_THAT(strings(approved.at("privileges")),
                ElementsAre("swedish", "deep_tissue", "remedial", "myofascial_release", "trigger_point"));
    EXPECT_EQ(approved.at("cpd").at("hours").as_int64(), 30);
    EXPECT_THAT(codes(approved.at("warnings")), ElementsAre("insurance_expiring", "registration_expiring"));

    const auto text = run({"vetting", "status", "tom"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("tom on 2026-11-22: APPROVED"));
    EXPECT_THAT(text.out, HasSubstr("APPROVED"));
    EXPECT_THAT(text.out, HasSubstr("remedial"));
}

TEST_F(VettingCli, ASessionAfterTheInsuranceExpiryIsRefusedEvenWhenAskedToday)
{
    init_clinic();
    vet("tom");
    const auto before = ok({"vetting", "eligible", "--modality", "remedial", "--on", "2026-12-10"});
    EXPECT_THAT(therapists(before, "eligible"), ElementsAre("tom"));
    const auto after = ok({"vetting", "eligible", "--modality", "remedial", "--on", "2026-12-11"});
    EXPECT_EQ(after.at("on"), "2026-12-11");
    EXPECT_THAT(therapists(after, "eligible"), IsEmpty());
    const auto tom = entry(after, "not_eligible", "tom");
    EXPECT_EQ(tom.at("status"), "lapsed");
    EXPECT_THAT(codes(tom.at("reasons")), ElementsAre("insurance_expired"));
    EXPECT_THAT(std::string(tom.at("reasons").at(0).at("message").as_string()), HasSubstr("2026-12-10"));

    const auto lapsed = ok({"vetting", "status", "tom", "--on", "2026-12-11"});
    EXPECT_EQ(lapsed.at("status"), "lapsed");
    EXPECT_THAT(strings(lapsed.at("privileges")), IsEmpty());
    EXPECT_EQ(ok({"vetting", "status", "tom"}).at("status"), "approved") << "today is unaffected";
}

TEST_F(VettingCli, ARegistrationLapsesTheDayAfterItsExpiry)
{
    init_clinic();
    vet("tom");
    ok({"vetting", "insurance", "add", "--therapist", "tom", "--insurer", "Balens", "--policy", "B-tom-2",
        "--cover", "5000000", "--from", "2026-12-11", "--expires", "2027-12-10"});
    EXPECT_EQ(ok({"vetting", "status", "tom", "--on", "2026-12-11"}).at("status"), "approved")
        << "the renewed policy takes over";
    EXPECT_EQ(ok({"vetting", "status", "tom", "--on", "2026-12-31"}).at("status"), "approved");
    const auto lapsed = ok({"vetting", "status", "tom", "--on", "2027-01-01"});
    EXPECT_EQ(lapsed.at("status"), "lapsed");
    EXPECT_THAT(codes(lapsed.at("reasons")), ElementsAre("registration_expired"));
}

TEST_F(VettingCli, CpdBelowThirtyHoursInTheTwelveMonthsBeforeTheDateLapses)
{
    init_clinic();
    vet("tom", false);
    ok({"vetting", "cpd", "add", "--therapist", "tom", "--hours", "22.5", "--on", "2025-11-23", "--topic",
        "Neuropathic pain", "--provider", "MMA"});
    ok({"vetting", "cpd", "add", "--therapist", "tom", "--hours", "7.5", "--on", "2026-09-01", "--topic",
        "Pain science"});
    const auto today = ok({"vetting", "status", "tom"});
    EXPECT_EQ(today.at("status"), "approved");
    EXPECT_EQ(today.at("cpd").at("hours").as_int64(), 30);
    EXPECT_EQ(today.at("cpd").at("window_from"), "2025-11-23");

    const auto next_day = ok({"vetting", "status", "tom", "--on", "2026-11-23"});
    EXPECT_EQ(next_day.at("status"), "lapsed");
    EXPECT_THAT(codes(next_day.at("reasons")), ElementsAre("cpd_short"));
    EXPECT_EQ(next_day.at("cpd").at("hours").as_double(), 7.5);

    now = "2026-11-23T09:00:00Z"; // a day later, asked without --on
    EXPECT_EQ(ok({"vetting", "status", "tom"}).at("status"), "lapsed");
}

TEST_F(VettingCli, PendingUntilIdentityTwoReferencesAndDocumentsAreChecked)
{
    init_clinic();
    ok({"vetting", "check", "--therapist", "tom", "--item", "identity", "--note", "passport"});
    ok({"vetting", "check", "--therapist", "tom", "--item", "reference", "--note", "Jo Brown, Bodyworks"});
    // Everything else in place, so only the checklist holds tom back.
    ok({"vetting", "credential", "add", "--therapist", "tom", "--kind", "clinical_myotherapist", "--number",
        "BHSc-1", "--issuer", "Victoria University", "--issued", "2018-12-01"});
    ok({"vetting", "registration", "add", "--therapist", "tom", "--body", "GCMT", "--number", "G-tom", "--issued",
        "2026-01-01", "--expires", "2027-12-31"});
    ok({"vetting", "insurance", "add", "--therapist", "tom", "--insurer", "Balens", "--policy", "B-tom", "--cover",
        "5000000", "--issued", "2026-01-01", "--expires", "2027-12-31"});
    ok({"vetting", "cpd", "add", "--therapist", "tom", "--hours", "31", "--on", "2026-10-01", "--topic", "CPD"});
    auto s = ok({"vetting", "status", "tom"});
    EXPECT_EQ(s.at("status"), "pending");
    EXPECT_THAT(codes(s.at("reasons")), ElementsAre("references_missing", "documents_unchecked"));
    EXPECT_THAT(std::string(s.at("reasons").at(0).at("message").as_string()), HasSubstr("1 of 2 references"));

    const auto added = ok({"vetting", "check", "--therapist", "tom", "--item", "reference", "--note",
                           "Sam Okafor, City Sports Massage"});
    EXPECT_EQ(added.at("status").at("status"), "pending") << "a write answers with the status today";
    const auto done = ok({"vetting", "check", "--therapist", "tom", "--item", "documents"});
    EXPECT_EQ(done.at("status").at("status"), "approved");
    EXPECT_EQ(done.at("status").at("checklist").at("references").as_int64(), 2);
}

TEST_F(VettingCli, PrivilegesFollowTheCredentialsHeldForEachModality)
{
    init_clinic();
    vet("tom"); // a remedial massage diploma only
    // Priya: approved, but her certificates are dry needling and prenatal, neither qualifying.
    ok({"vetting", "registration", "add", "--therapist", "priya", "--body", "HCPC", "--number", "H-1", "--issued",
        "2026-01-01", "--expires", "2027-12-31"});
    ok({"vetting", "insurance", "add", "--therapist", "priya", "--insurer", "Balens", "--policy", "B-p", "--cover",
        "5000000", "--issued", "2026-01-01", "--expires", "2027-12-31"});
    ok({"vetting", "cpd", "add", "--therapist", "priya", "--hours", "30", "--on", "2026-10-01", "--topic", "CPD"});
    checklist("priya");
    ok({"vetting", "credential", "add", "--therapist", "priya", "--kind", "dry_needling_certificate", "--number",
        "DN-1", "--issuer", "Dry Needling Academy", "--issued", "2025-03-01", "--expires", "2027-03-01"});
    ok({"vetting", "credential", "add", "--therapist", "priya", "--kind", "prenatal_certificate", "--number", "PN-1",
        "--issuer", "Bodywork for Mothers", "--issued", "2024-05-01"});

    struct Expect {
        const char* modality;
        std::vector<std::string> eligible;
    };
    for (const auto& e : std::vector<Expect>{{"swedish", {"priya", "tom"}},
                                             {"remedial", {"tom"}},
                                             {"deep_tissue", {"tom"}},
                                             {"myofascial_release", {"tom"}},
                                             {"trigger_point", {"tom"}},
                                             {"dry_needling", {"priya"}},
                                             {"prenatal", {"priya"}}}) {
        SCOPED_TRACE(e.modality);
        const auto answer = ok({"vetting", "eligible", "--modality", e.modality});
        EXPECT_EQ(answer.at("modality"), e.modality);
        EXPECT_EQ(therapists(answer, "eligible"), e.eligible);
        for (const auto& no : answer.at("not_eligible").as_array()) {
            EXPECT_EQ(no.at("status"), "approved");
            ASSERT_THAT(codes(no.at("reasons")), ElementsAre("needs_credential"));
        }
    }
    const auto remedial = ok({"vetting", "eligible", "--modality", "remedial"});
    EXPECT_EQ(entry(remedial, "not_eligible", "priya").at("reasons").at(0).at("subject"), "qualifying");
    const auto one = ok({"vetting", "eligible", "--modality", "dry_needling", "--therapist", "tom"});
    EXPECT_THAT(therapists(one, "not_eligible"), ElementsAre("tom"));
    EXPECT_THAT(therapists(one, "eligible"), IsEmpty());
    EXPECT_THAT(strings(ok({"vetting", "status", "priya"}).at("privileges")),
                ElementsAre("swedish", "dry_needling", "prenatal"));
}

TEST_F(VettingCli, ExpiringListsWhatRunsOutWithTheWarningEachHasCrossed)
{
    init_clinic();
    // Tom: registration +5 days, insurance +20, a dry-needling certificate +45; Priya: insurance +75.
    ok({"vetting", "registration", "add", "--therapist", "tom", "--body", "GCMT", "--number", "G-1", "--issued",
        "2026-01-01", "--expires", "2026-11-27"});
    ok({"vetting", "insurance", "add", "--therapist", "tom", "--insurer", "Balens", "--policy", "B-1", "--cover",
        "5000000", "--issued", "2026-01-01", "--expires", "2026-12-12"});
    ok({"vetting", "credential", "add", "--therapist", "tom", "--kind", "dry_needling_certificate", "--number",
        "DN-1", "--issuer", "Academy", "--issued", "2025-01-06", "--expires", "2027-01-06"});
    ok({"vetting", "insurance", "add", "--therapist", "priya", "--insurer", "Balens", "--policy", "B-2", "--cover",
        "5000000", "--issued", "2026-01-01", "--expires", "2027-02-05"});

    const auto sixty = ok({"vetting", "expiring", "--within", "60"});
    EXPECT_EQ(sixty.at("from"), "2026-11-22");
    EXPECT_EQ(sixty.at("until"), "2027-01-21");
    const auto& items = sixty.at("items").as_array();
    ASSERT_EQ(items.size(), 3u) << sixty;
    EXPECT_EQ(items[0].at("item"), "registration");
    EXPECT_EQ(items[0].at("days_left").as_int64(), 5);
    EXPECT_EQ(items[0].at("threshold").as_int64(), 7);
    EXPECT_EQ(items[0].at("crossed_on"), "2026-11-20");
    EXPECT_EQ(items[1].at("item"), "insurance");
    EXPECT_EQ(items[1].at("threshold").as_int64(), 30);
    EXPECT_EQ(items[2].at("item"), "credential");
    EXPECT_EQ(items[2].at("expires_on"), "2027-01-06");
    EXPECT_EQ(items[2].at("threshold").as_int64(), 60);
    for (const auto& i : items)
        EXPECT_EQ(i.at("therapist"), "tom");

    const auto ninety = ok({"vetting", "expiring", "--within", "90"}).at("items").as_array();
    ASSERT_EQ(ninety.size(), 4u);
    EXPECT_EQ(ninety[3].at("therapist"), "priya");
    EXPECT_TRUE(ninety[3].at("threshold").is_null()) << "75 days out: no warning crossed yet";

    now = "2026-12-08T09:00:00Z"; // 16 days on: the certificate is 29 days out
    const auto later = ok({"vetting", "expiring", "--within", "30"}).at("items").as_array();
    ASSERT_EQ(later.size(), 2u);
    EXPECT_EQ(later[0].at("item"), "insurance");
    EXPECT_EQ(later[0].at("threshold").as_int64(), 7);
    EXPECT_EQ(later[1].at("item"), "credential");
    EXPECT_EQ(later[1].at("threshold").as_int64(), 30);

    const auto text = run({"vetting", "expiring", "--within", "30"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("7-day warning"));
}

TEST_F(VettingCli, SuspensionAndReinstatementAreAuditedWithTheOwnerAsActor)
{
    init_clinic();
    vet("tom");
    const auto admin = failed({"vetting", "suspend", "--therapist", "tom", "--reason", "complaint"}, 1, "ada");
    EXPECT_EQ(admin.at("kind"), "forbidden");

    const auto suspended = ok({"vetting", "suspend", "--therapist", "tom", "--reason", "client complaint under review"});
    EXPECT_EQ(suspended.at("status").at("status"), "suspended");
    EXPECT_THAT(std::string(suspended.at("status").at("reasons").at(0).at("message").as_string()),
                HasSubstr("client complaint under review"));
    const auto dn = ok({"vetting", "eligible", "--modality", "swedish"});
    EXPECT_THAT(codes(entry(dn, "not_eligible", "tom").at("reasons")), ElementsAre("suspended"));
    auto audit = ok({"audit", "list", "--limit", "1"}).at("entries").as_array();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].at("command"), "vetting.suspend");
    EXPECT_EQ(audit[0].at("actor"), "owner");
    EXPECT_EQ(audit[0].at("record_id"), suspended.at("id"));

    const auto reinstated = ok({"vetting", "reinstate", "--therapist", "tom", "--reason", "complaint not upheld"});
    EXPECT_EQ(reinstated.at("status").at("status"), "approved");
    audit = ok({"audit", "list", "--limit", "1"}).at("entries").as_array();
    EXPECT_EQ(audit[0].at("command"), "vetting.reinstate");
    EXPECT_EQ(audit[0].at("actor"), "owner");
    EXPECT_EQ(ok({"vetting", "status", "tom", "--on", "2026-11-21"}).at("status"), "approved");

    const auto shown = ok({"vetting", "show", "tom"});
    EXPECT_EQ(shown.at("standing").as_array().size(), 2u);
    EXPECT_EQ(ok({"audit", "verify"}).at("ok"), true);
}

TEST_F(VettingCli, EveryChangeIsAuditedWithItsCommandAndActor)
{
    init_clinic();
    const auto before = audit_entries();
    const auto credential = ok({"vetting", "credential", "add", "--therapist", "priya", "--kind", "prenatal_certificate",
                                "--number", "PN-1", "--issuer", "Bodywork for Mothers", "--issued", "2024-05-01",
                                "--document", "Staff files/priya/PN-1.pdf"},
                               "ada");
    ok({"vetting", "registration", "add", "--therapist", "priya", "--issuer", "GCMT", "--number", "G-1", "--from",
        "2026-01-01", "--expires", "2027-01-01"},
       "ada");
    ok({"vetting", "insurance", "add", "--therapist", "priya", "--issuer", "Balens", "--number", "B-1", "--cover",
        "2000000.50", "--currency", "AUD", "--issued", "2026-01-01", "--expires", "2027-01-01"});
    ok({"vetting", "cpd", "add", "--therapist", "priya", "--hours", "4", "--on", "2026-11-01", "--topic", "t"});
    ok({"vetting", "check", "--therapist", "priya", "--item", "identity"});
    const auto concern = ok({"vetting", "concern", "add", "--therapist", "priya", "--note",
                             "pressured a client to book ten sessions up front"});
    ok({"vetting", "concern", "resolve", "--id", std::string(concern.at("id").as_string()), "--note",
        "discussed; booking policy re-read"});
    ok({"vetting", "withdraw", "--id", std::string(credential.at("id").as_string()), "--reason", "wrong number"},
       "ada");
    ok({"vetting", "rules", "set", "--cpd-hours", "25"}, "ada");
    ok({"vetting", "rules", "kind", "cupping_certificate", "--label", "Cupping certificate"});
    ok({"vetting", "rules", "privilege", "swedish", "--none"});
    ok({"vetting", "suspend", "--therapist", "priya", "--reason", "investigation"});
    ok({"vetting", "reinstate", "--therapist", "priya", "--reason", "cleared"});

    const auto entries = ok({"audit", "list", "--limit", "13"}).at("entries").as_array();
    ASSERT_EQ(audit_entries(), before + 13);
    std::vector<std::pair<std::string, std::string>> seen;
    for (const auto& e : entries)
        seen.emplace_back(std::string(e.at("command").as_string()), std::string(e.at("actor").as_string()));
    std::reverse(seen.begin(), seen.end());
    using P = std::pair<std::string, std::string>;
    EXPECT_THAT(seen, ElementsAre(P{"vetting.add_credential", "ada"}, P{"vetting.add_registration", "ada"},
                                  P{"vetting.add_insurance", "owner"}, P{"vetting.add_cpd", "owner"},
                                  P{"vetting.record_check", "owner"}, P{"vetting.record_concern", "owner"},
                                  P{"vetting.resolve_concern", "owner"}, P{"vetting.withdraw", "ada"},
                                  P{"settings.update", "ada"}, P{"vetting.set_credential_kind", "owner"},
                                  P{"vetting.set_privilege", "owner"}, P{"vetting.suspend", "owner"},
                                  P{"vetting.reinstate", "owner"}));
    const auto file = ok({"vetting", "show", "priya"});
    EXPECT_THAT(file.at("credentials").as_array(), IsEmpty()) << "withdrawn";
    EXPECT_EQ(file.at("insurance").at(0).at("cover"), "2000000.50");
    EXPECT_EQ(file.at("insurance").at(0).at("currency"), "AUD");
    EXPECT_EQ(file.at("concerns").at(0).at("resolved_by"), "owner");
}

struct BadInput {
    std::vector<std::string> args;
    std::string field;
};

TEST_F(VettingCli, BadInputExitsTwoNamingTheFieldAndChangesNothing)
{
    init_clinic();
    vet("tom");
    const auto before = audit_entries();
    const auto file_before = ok({"vetting", "show", "tom"});
    // `vetting credential add` for a therapist, a kind and an issue date.
    const auto credential = [](const char* therapist, const char* kind, const char* issued) {
        return std::vector<std::string>{"vetting", "credential", "add", "--therapist", therapist, "--kind", kind,
                                        "--number", "1", "--issuer", "x", "--issued", issued};
    };
    const std::vector<BadInput> cases{
        {credential("nobody", "prenatal_certificate", "2020-01-01"), "therapist"},
        {credential("desk", "prenatal_certificate", "2020-01-01"), "therapist"},
        {credential("tom", "reiki_master", "2020-01-01"), "kind"},
        {credential("tom", "prenatal_certificate", "2026-02-30"), "issued"},
        {{"vetting", "registration", "add", "--therapist", "tom", "--body", "GCMT", "--number", "1", "--issued",
          "2026-01-01", "--expires", "next year"},
         "expires"},
        {{"vetting", "insurance", "add", "--therapist", "tom", "--insurer", "B", "--policy", "1", "--cover", "-5",
          "--issued", "2026-01-01", "--expires", "2027-01-01"},
         "cover"},
        {{"vetting", "cpd", "add", "--therapist", "tom", "--hours", "-3", "--on", "2026-11-01", "--topic", "t"}, "hours"},
        {{"vetting", "cpd", "add", "--therapist", "tom", "--hours=-0.5", "--on", "2026-11-01", "--topic", "t"}, "hours"},
        {{"vetting", "cpd", "add", "--therapist", "tom", "--hours", "two", "--on", "2026-11-01", "--topic", "t"},
         "hours"},
        {{"vetting", "cpd", "add", "--therapist", "tom", "--hours", "2", "--on", "01/11/2026", "--topic", "t"}, "on"},
        {{"vetting", "check", "--therapist", "tom", "--item", "horoscope"}, "item"},
        {{"vetting", "status", "nobody"}, "therapist"},
        {{"vetting", "status", "tom", "--on", "banana"}, "on"},
        {{"vetting", "eligible", "--modality", "hot_stones"}, "modality"},
        {{"vetting", "eligible", "--modality", "swedish", "--on", "2026-13-01"}, "on"},
        {{"vetting", "expiring", "--within", "-1"}, "within"},
        {{"vetting", "expiring", "--within", "soon"}, "within"},
        {{"vetting", "suspend", "--therapist", "ghost", "--reason", "x"}, "therapist"},
        {{"vetting", "withdraw", "--id", "not-an-id", "--reason", "x"}, "id"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(join(c.args));
        const auto e = failed(c.args, 2);
        ASSERT_FALSE(e.empty());
        EXPECT_EQ(e.at("kind"), "invalid_input");
        EXPECT_EQ(e.at("field"), c.field.c_str());
        EXPECT_THAT(std::string(e.at("message").as_string()), HasSubstr(c.field));
        const auto text = run(c.args);
        EXPECT_EQ(text.exit_code, 2);
        EXPECT_THAT(text.err, HasSubstr(c.field));
    }
    EXPECT_EQ(audit_entries(), before);
    EXPECT_EQ(ok({"vetting", "show", "tom"}), file_before);
}

TEST_F(VettingCli, RuleRefusalsExitOneWithTheReason)
{
    init_clinic();
    vet("tom");
    const auto reinstate = failed({"vetting", "reinstate", "--therapist", "tom", "--reason", "x"}, 1);
    EXPECT_EQ(reinstate.at("kind"), "refused");
    EXPECT_THAT(std::string(reinstate.at("message").as_string()), HasSubstr("not suspended"));
    const auto desk = failed({"vetting", "check", "--therapist", "tom", "--item", "identity"}, 1, "desk");
    EXPECT_EQ(desk.at("kind"), "forbidden");
    const auto same_referee = failed({"vetting", "check", "--therapist", "tom", "--item", "reference", "--note",
                                      "referee one"},
                                     1);
    EXPECT_EQ(same_referee.at("kind"), "conflict");
    const auto text = run({"vetting", "reinstate", "--therapist", "tom", "--reason", "x"});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_THAT(text.err, HasSubstr("tom is not suspended"));
}

TEST_F(VettingCli, StaffReadStatusTheFullFileIsForManagersAndTheTherapistThemself)
{
    init_clinic();
    vet("tom");
    ok({"vetting", "concern", "add", "--therapist", "tom", "--note", "\"miracle cure\" claims on social media"});
    EXPECT_EQ(ok({"vetting", "eligible", "--modality", "remedial"}, "desk").at("eligible").as_array().size(), 1u);
    EXPECT_EQ(ok({"vetting", "status", "tom"}, "priya").at("status"), "approved");
    EXPECT_EQ(failed({"vetting", "show", "tom"}, 1, "desk").at("kind"), "forbidden");
    EXPECT_EQ(failed({"vetting", "show", "tom"}, 1, "priya").at("kind"), "forbidden");
    const auto own = ok({"vetting", "show", "tom"}, "tom");
    EXPECT_FALSE(own.as_object().contains("concerns")) << "concerns are for owners and admins";
    EXPECT_EQ(own.at("credentials").as_array().size(), 1u);
    const auto managed = ok({"vetting", "show", "tom"}, "ada");
    EXPECT_EQ(managed.at("concerns").as_array().size(), 1u);
    const auto text = run({"vetting", "show", "tom"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("miracle cure"));
    EXPECT_THAT(text.out, HasSubstr("Remedial Massage Therapist (DipRM)"));
}

TEST_F(VettingCli, TheClinicSeesAndEditsItsRules)
{
    init_clinic();
    const auto defaults = ok({"vetting", "rules"}, "desk");
    EXPECT_EQ(defaults.at("cpd_hours_required").as_int64(), 30);
    EXPECT_EQ(defaults.at("cpd_window_months").as_int64(), 12);
    EXPECT_EQ(defaults.at("references_required").as_int64(), 2);
    EXPECT_THAT(strings(defaults.at("privileges").at("dry_needling")), ElementsAre("dry_needling_certificate"));
    EXPECT_THAT(strings(defaults.at("privileges").at("swedish")), IsEmpty());
    EXPECT_THAT(strings(defaults.at("privileges").at("remedial")), ElementsAre("qualifying"));
    std::vector<int64_t> days;
    for (const auto& d : defaults.at("warning_days").as_array())
        days.push_back(d.as_int64());
    EXPECT_THAT(days, ElementsAre(60, 30, 7));
    std::set<std::string> qualifying;
    for (const auto& k : defaults.at("credential_kinds").as_array())
        if (k.at("qualifying").as_bool())
            qualifying.emplace(k.at("kind").as_string());
    EXPECT_THAT(qualifying, UnorderedElementsAre("clinical_myotherapist", "remedial_massage_therapist",
                                                 "clinical_massage_level5", "massage_licence_nmt"));

    ok({"vetting", "rules", "privilege", "dry_needling", "--requires", "qualifying", "--requires",
        "dry_needling_certificate"});
    ok({"vetting", "rules", "set", "--cpd-hours", "20", "--cpd-months", "24", "--references", "1", "--warning-days",
        "90,14"});
    const auto changed = ok({"vetting", "rules"});
    EXPECT_THAT(strings(changed.at("privileges").at("dry_needling")),
                ElementsAre("dry_needling_certificate", "qualifying"));
    EXPECT_EQ(changed.at("cpd_hours_required").as_int64(), 20);
    EXPECT_EQ(changed.at("cpd_window_months").as_int64(), 24);
    EXPECT_EQ(changed.at("warning_days").as_array().size(), 2u);
    EXPECT_EQ(failed({"vetting", "rules", "set", "--cpd-hours", "5"}, 1, "desk").at("kind"), "forbidden");
    EXPECT_EQ(failed({"vetting", "rules", "set", "--warning-days", "60,x"}, 2).at("field"), "warning_days");
    EXPECT_EQ(failed({"vetting", "rules", "set", "--cpd-hours", "900", "--warning-days", "30"}, 2).at("field"),
              "vetting.cpd_hours_required");
    EXPECT_EQ(ok({"vetting", "rules"}).at("warning_days").as_array().size(), 2u) << "all or nothing";
    EXPECT_EQ(failed({"vetting", "rules", "privilege", "reiki", "--none"}, 2).at("field"), "modality");
}

TEST_F(VettingCli, TheDemoClinicShowsRealReasons)
{
    ASSERT_EQ(run({"demo"}, "").exit_code, 0);
    const auto dry = ok({"vetting", "eligible", "--modality", "dry_needling"});
    EXPECT_THAT(therapists(dry, "eligible"), ElementsAre("aroha", "priya"));
    EXPECT_THAT(therapists(dry, "not_eligible"), ElementsAre("liam", "tom"));
    const auto tom = entry(dry, "not_eligible", "tom");
    EXPECT_EQ(tom.at("status"), "approved");
    ASSERT_THAT(codes(tom.at("reasons")), ElementsAre("needs_credential"));
    EXPECT_EQ(tom.at("reasons").at(0).at("subject"), "dry_needling_certificate");
    EXPECT_THAT(std::string(tom.at("reasons").at(0).at("message").as_string()), HasSubstr("Dry needling certificate"));

    const auto prenatal = ok({"vetting", "eligible", "--modality", "prenatal"});
    EXPECT_THAT(therapists(prenatal, "eligible"), ElementsAre("aroha"));
    EXPECT_THAT(codes(entry(prenatal, "not_eligible", "liam").at("reasons")), ElementsAre("references_missing"));
    EXPECT_THAT(codes(entry(prenatal, "not_eligible", "priya").at("reasons")), ElementsAre("needs_credential"));

    const auto remedial = ok({"vetting", "eligible", "--modality", "remedial"});
    EXPECT_THAT(therapists(remedial, "eligible"), ElementsAre("aroha", "priya", "tom"));

    const auto soon = ok({"vetting", "expiring", "--within", "30"}).at("items").as_array();
    ASSERT_FALSE(soon.empty());
    bool tom_insurance = false;
    for (const auto& i : soon)
        tom_insurance = tom_insurance || (i.at("therapist") == "tom" && i.at("item") == "insurance"
                                          && i.at("threshold").as_int64() == 30);
    EXPECT_TRUE(tom_insurance) << json::serialize(soon);
    // Booked today for a session after Tom's insurance runs out.
    const auto later = ok({"vetting", "eligible", "--modality", "remedial", "--on", "2026-12-20"});
    EXPECT_THAT(codes(entry(later, "not_eligible", "tom").at("reasons")), Contains("insurance_expired"));

    const auto list = ok({"vetting", "list"}).at("therapists").as_array();
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[1].at("therapist"), "liam");
    EXPECT_EQ(list[1].at("status"), "pending");
    EXPECT_THAT(codes(list[1].at("warnings")), Contains("open_concerns"));

    const auto text = run({"vetting", "eligible", "--modality", "dry_needling"});
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_THAT(text.out, HasSubstr("Tom Becker (tom)"));
    EXPECT_THAT(text.out, HasSubstr("needs a Dry needling certificate"));
}

} // namespace
} // namespace fascia::test
