// The rules engine on its own: every rule at the day before, of and after its
// edge, with records built by hand (no database, no clock but the date asked).
#include "rules.h"
#include "vetting_test_support.h"

#include <fascia/clock.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace fascia::vetting {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using test::codes;
using test::day;

bool has_code(const std::vector<Reason>& reasons, const std::string& code)
{
    return std::any_of(reasons.begin(), reasons.end(), [&](const Reason& r) { return r.code == code; });
}

/// A therapist vetted early in 2026: checklist complete, registered to the
/// end of 2026, insured to 10 December 2026, 30 hours of CPD on 1 June 2026,
/// a remedial massage diploma. Approved on 22 November 2026.
Record vetted()
{
    Record r;
    r.therapist = {"t1", "priya", "Priya Raman", true};
    r.checks = {{"c1", "identity", day("2026-01-05"), "owner", "passport"},
                {"c2", "reference", day("2026-01-06"), "owner", "A. Referee"},
                {"c3", "reference", day("2026-01-07"), "owner", "B. Referee"},
                {"c4", "documents", day("2026-01-05"), "owner", ""}};
    r.registrations = {{"reg1", "GCMT", "G-1", day("2026-01-01"), day("2026-12-31"), ""}};
    r.insurance = {{"ins1", "Balens", "B-1", Money{500000000, "GBP"}, day("2026-03-01"), day("2026-12-10"), ""}};
    r.cpd = {{"cpd1", 3000, day("2026-06-01"), "Neuropathic pain", "MMA"}};
    r.credentials = {{"cr1", "remedial_massage_therapist", "DipRM-1", "College", day("2020-01-01"), std::nullopt, ""}};
    return r;
}

const Rules rules = Rules::defaults();

TEST(VettingRules, AFullyVettedTherapistIsApprovedWithReasonsAndTheirPrivileges)
{
    const auto s = assess(vetted(), rules, day("2026-11-22"));
    EXPECT_EQ(s.status, "approved");
    EXPECT_THAT(codes(s.reasons),
                ElementsAre("checklist_complete", "registration_current", "insurance_current", "cpd_met"));
    EXPECT_THAT(s.privileges,
                ElementsAre("swedish", "deep_tissue", "remedial", "myofascial_release", "trigger_point"));
    EXPECT_EQ(s.on, "2026-11-22");
    EXPECT_EQ(s.cpd.hundredths, 3000);
    EXPECT_EQ(s.cpd.window_from, "2025-11-23");
    EXPECT_TRUE(s.checklist.identity);
    EXPECT_EQ(s.checklist.references, 2);
}

TEST(VettingRules, InsuranceCoversItsExpiryDayAndLapsesTheDayAfter)
{
    const auto r = vetted();
    EXPECT_EQ(assess(r, rules, day("2026-12-09")).status, "approved");
    EXPECT_EQ(assess(r, rules, day("2026-12-10")).status, "approved");
    const auto after = assess(r, rules, day("2026-12-11"));
    EXPECT_EQ(after.status, "lapsed");
    ASSERT_THAT(codes(after.reasons), ElementsAre("insurance_expired"));
    EXPECT_EQ(after.reasons[0].subject, "ins1");
    EXPECT_THAT(after.reasons[0].message, HasSubstr("expired on 2026-12-10"));
    EXPECT_THAT(after.privileges, IsEmpty()) << "no privileges unless approved";
}

TEST(VettingRules, RegistrationCoversItsExpiryDayAndLapsesTheDayAfter)
{
    auto r = vetted();
    r.insurance[0].expires = day("2027-06-30");
    EXPECT_EQ(assess(r, rules, day("2026-12-30")).status, "approved");
    EXPECT_EQ(assess(r, rules, day("2026-12-31")).status, "approved");
    const auto after = assess(r, rules, day("2027-01-01"));
    EXPECT_EQ(after.status, "lapsed");
    EXPECT_THAT(codes(after.reasons), ElementsAre("registration_expired"));
}

TEST(VettingRules, ARenewalRecordedInTimeKeepsTheTherapistApproved)
{
    auto r = vetted();
    r.registrations[0].expires = day("2027-12-31");
    r.insurance.push_back({"ins2", "Balens", "B-2", Money{500000000, "GBP"}, day("2026-12-11"), day("2027-12-10"), ""});
    EXPECT_EQ(assess(r, rules, day("2026-12-11")).status, "approved");
    EXPECT_THAT(expiring_items(r, rules, day("2026-11-22"), 60), IsEmpty())
        << "a policy renewed from the next day is not running out";
}

TEST(VettingRules, CoverThatHasNotStartedOrWasNeverRecordedLeavesThemPending)
{
    auto r = vetted();
    r.insurance[0].from = day("2026-12-01");
    const auto early = assess(r, rules, day("2026-11-30"));
    EXPECT_EQ(early.status, "pending");
    EXPECT_THAT(codes(early.reasons), ElementsAre("insurance_not_started"));
    EXPECT_EQ(assess(r, rules, day("2026-12-01")).status, "approved");

    r.registrations.clear();
    EXPECT_TRUE(has_code(assess(r, rules, day("2026-12-05")).reasons, "no_registration"));
}

TEST(VettingRules, CpdCountsTheTwelveMonthsEndingOnTheDate)
{
    auto r = vetted();
    r.cpd = {{"cpd1", 3000, day("2025-11-22"), "Neuropathic pain", ""}};
    r.insurance[0].expires = day("2027-06-30");
    // The window ending 21 Nov 2026 starts 22 Nov 2025: the entry counts.
    EXPECT_EQ(cpd_window_start(day("2026-11-21"), 12), day("2025-11-22"));
    EXPECT_EQ(assess(r, rules, day("2026-11-21")).status, "approved");
    // The window ending 22 Nov 2026 starts 23 Nov 2025: it no longer does.
    const auto on = assess(r, rules, day("2026-11-22"));
    EXPECT_EQ(on.status, "lapsed");
    ASSERT_THAT(codes(on.reasons), ElementsAre("cpd_short"));
    EXPECT_THAT(on.reasons[0].message, HasSubstr("0 h of 30 h"));
    EXPECT_THAT(on.reasons[0].message, HasSubstr("2025-11-23 to 2026-11-22"));
    // CPD done after the date asked about does not count for it.
    r.cpd = {{"cpd2", 3000, day("2026-11-22"), "Neuropathic pain", ""}};
    EXPECT_EQ(assess(r, rules, day("2026-11-21")).status, "lapsed");
    EXPECT_EQ(assess(r, rules, day("2026-11-22")).status, "approved") << "CPD on the day itself counts";
}

TEST(VettingRules, CpdNeedsTheFullThirtyHours)
{
    auto r = vetted();
    r.cpd = {{"a", 1500, day("2026-02-01"), "x", ""}, {"b", 1499, day("2026-05-01"), "y", ""}};
    EXPECT_EQ(assess(r, rules, day("2026-11-22")).status, "lapsed");
    EXPECT_THAT(assess(r, rules, day("2026-11-22")).reasons[0].message, HasSubstr("29.99 h of 30 h"));
    r.cpd.push_back({"c", 1, day("2026-05-02"), "z", ""});
    EXPECT_EQ(assess(r, rules, day("2026-11-22")).status, "approved");
}

TEST(VettingRules, TheClinicSetsTheCpdHoursAndWindow)
{
    auto r = vetted();
    auto six_months = rules;
    six_months.cpd_window_months = 6;
    EXPECT_EQ(assess(r, six_months, day("2026-11-22")).status, "approved") << "1 June is within six months";
    EXPECT_EQ(assess(r, six_months, day("2026-12-01")).status, "lapsed") << "window starts 2 June";
    auto none = rules;
    none.cpd_required_hundredths = 0;
    r.cpd.clear();
    EXPECT_EQ(assess(r, none, day("2026-11-22")).status, "approved");
}

TEST(VettingRules, TheWindowOfMonthsHandlesMonthEndsAndLeapDays)
{
    EXPECT_EQ(add_months(day("2025-01-31"), 1), day("2025-02-28"));
    EXPECT_EQ(add_months(day("2024-02-29"), 12), day("2025-02-28"));
    EXPECT_EQ(cpd_window_start(day("2025-02-28"), 12), day("2024-02-29"));
    EXPECT_EQ(cpd_window_start(day("2028-02-29"), 12), day("2027-03-01"));
    EXPECT_EQ(days_between(day("2026-11-22"), day("2026-12-10")), 18);
}

TEST(VettingRules, EachMissingChecklistItemKeepsThemPending)
{
    for (const char* item : {"identity", "reference", "documents"}) {
        SCOPED_TRACE(item);
        auto r = vetted();
        r.checks.erase(std::find_if(r.checks.begin(), r.checks.end(), [&](const Check& c) { return c.item == item; }));
        const auto s = assess(r, rules, day("2026-11-22"));
        EXPECT_EQ(s.status, "pending");
        const std::string expected = std::string(item) == "identity"    ? "identity_unchecked"
                                     : std::string(item) == "reference" ? "references_missing"
                                                                        : "documents_unchecked";
        EXPECT_THAT(codes(s.reasons), ElementsAre(expected));
        EXPECT_THAT(s.privileges, IsEmpty());
    }
}

TEST(VettingRules, AChecklistCompletedLaterLeavesEarlierDatesPending)
{
    const auto r = vetted();
    const auto before = assess(r, rules, day("2026-01-06"));
    EXPECT_EQ(before.status, "pending");
    EXPECT_THAT(before.reasons[0].message, HasSubstr("1 of 2 references"));
    EXPECT_EQ(assess(r, rules, day("2026-06-01")).status, "approved");
}

TEST(VettingRules, NeverVettedIsPendingEvenWhenCpdIsAlsoShort)
{
    Record r;
    r.therapist = {"t9", "newbie", "New Therapist", true};
    const auto s = assess(r, rules, day("2026-11-22"));
    EXPECT_EQ(s.status, "pending");
    EXPECT_THAT(codes(s.reasons), ElementsAre("identity_unchecked", "references_missing", "documents_unchecked",
                                              "no_registration", "no_insurance", "cpd_short"));
}

TEST(VettingRules, SuspensionRunsFromItsDateUntilAReinstatement)
{
    auto r = vetted();
    r.standing = {{"s1", true, "client complaint under review", day("2026-11-20"), "owner", 1}};
    EXPECT_EQ(assess(r, rules, day("2026-11-19")).status, "approved");
    const auto s = assess(r, rules, day("2026-11-20"));
    EXPECT_EQ(s.status, "suspended");
    EXPECT_THAT(s.reasons[0].message, HasSubstr("client complaint under review"));
    EXPECT_THAT(s.privileges, IsEmpty());
    r.standing.push_back({"s2", false, "complaint not upheld", day("2026-11-25"), "owner", 2});
    EXPECT_EQ(assess(r, rules, day("2026-11-24")).status, "suspended");
    EXPECT_EQ(assess(r, rules, day("2026-11-25")).status, "approved");
    // Same day: the later entry decides.
    r.standing.push_back({"s3", true, "again", day("2026-11-25"), "owner", 3});
    EXPECT_EQ(assess(r, rules, day("2026-11-25")).status, "suspended");
}

TEST(VettingRules, ASuspendedTherapistsReasonsListEveryProblem)
{
    auto r = vetted();
    r.standing = {{"s1", true, "investigation", day("2026-11-01"), "owner", 1}};
    const auto s = assess(r, rules, day("2026-12-11"));
    EXPECT_EQ(s.status, "suspended");
    EXPECT_THAT(codes(s.reasons), ElementsAre("suspended", "insurance_expired"));
}

TEST(VettingRules, SwedishNeedsOnlyApproval)
{
    auto r = vetted();
    r.credentials.clear();
    const auto e = eligibility(r, rules, "swedish", day("2026-11-22"));
    EXPECT_TRUE(e.eligible);
    EXPECT_THAT(e.reasons, IsEmpty());
    r.checks.clear();
    EXPECT_FALSE(eligibility(r, rules, "swedish", day("2026-11-22")).eligible);
}

TEST(VettingRules, RemedialDeepTissueMyofascialAndTriggerPointNeedAQualifyingCredential)
{
    auto r = vetted();
    r.credentials = {{"dn", "dry_needling_certificate", "DN-1", "Academy", day("2024-01-01"), std::nullopt, ""},
                     {"pn", "prenatal_certificate", "PN-1", "Academy", day("2024-01-01"), std::nullopt, ""}};
    for (const char* m : {"remedial", "deep_tissue", "myofascial_release", "trigger_point"}) {
        SCOPED_TRACE(m);
        const auto e = eligibility(r, rules, m, day("2026-11-22"));
        EXPECT_FALSE(e.eligible);
        ASSERT_THAT(codes(e.reasons), ElementsAre("needs_credential"));
        EXPECT_EQ(e.reasons[0].subject, "qualifying");
        EXPECT_THAT(e.reasons[0].message, HasSubstr("Clinical Myotherapist (BHSc)"));
    }
    for (const char* kind : {"clinical_myotherapist", "remedial_massage_therapist", "clinical_massage_level5",
                             "massage_licence_nmt"}) {
        SCOPED_TRACE(kind);
        auto with = r;
        with.credentials.push_back({"q", kind, "Q-1", "Board", day("2024-01-01"), std::nullopt, ""});
        EXPECT_TRUE(eligibility(with, rules, "remedial", day("2026-11-22")).eligible);
    }
}

TEST(VettingRules, DryNeedlingNeedsACurrentCertificate)
{
    auto r = vetted();
    auto no = eligibility(r, rules, "dry_needling", day("2026-11-22"));
    EXPECT_FALSE(no.eligible);
    EXPECT_EQ(no.status, "approved");
    ASSERT_THAT(codes(no.reasons), ElementsAre("needs_credential"));
    EXPECT_EQ(no.reasons[0].subject, "dry_needling_certificate");

    r.credentials.push_back({"dn", "dry_needling_certificate", "DN-1", "Academy", day("2024-01-01"),
                             day("2026-11-30"), ""});
    EXPECT_TRUE(eligibility(r, rules, "dry_needling", day("2026-11-29")).eligible);
    EXPECT_TRUE(eligibility(r, rules, "dry_needling", day("2026-11-30")).eligible);
    const auto expired = eligibility(r, rules, "dry_needling", day("2026-12-01"));
    EXPECT_FALSE(expired.eligible);
    ASSERT_THAT(codes(expired.reasons), ElementsAre("credential_expired"));
    EXPECT_EQ(expired.reasons[0].subject, "dn");
    EXPECT_THAT(assess(r, rules, day("2026-11-22")).privileges,
                ElementsAre("swedish", "deep_tissue", "remedial", "myofascial_release", "trigger_point",
                            "dry_needling"));
}

TEST(VettingRules, PrenatalNeedsAPrenatalCertificate)
{
    auto r = vetted();
    EXPECT_FALSE(eligibility(r, rules, "prenatal", day("2026-11-22")).eligible);
    r.credentials.push_back({"pn", "prenatal_certificate", "PN-1", "Academy", day("2026-11-23"), std::nullopt, ""});
    const auto early = eligibility(r, rules, "prenatal", day("2026-11-22"));
    EXPECT_FALSE(early.eligible) << "a certificate dated later does not count yet";
    EXPECT_THAT(early.reasons[0].message, HasSubstr("only dated from 2026-11-23"));
    EXPECT_TRUE(eligibility(r, rules, "prenatal", day("2026-11-23")).eligible);
}

TEST(VettingRules, EligibilityGivesEveryReasonAtOnce)
{
    auto r = vetted();
    r.checks.pop_back(); // documents
    r.therapist.active = false;
    const auto e = eligibility(r, rules, "prenatal", day("2026-12-11"));
    EXPECT_FALSE(e.eligible);
    EXPECT_EQ(e.status, "pending");
    EXPECT_THAT(codes(e.reasons), ElementsAre("account_inactive", "documents_unchecked", "insurance_expired",
                                              "needs_credential"));
}

TEST(VettingRules, TheClinicCanChangeWhatAModalityRequires)
{
    auto strict = rules;
    strict.privileges["dry_needling"] = {"qualifying", "dry_needling_certificate"};
    auto r = vetted();
    r.credentials = {{"dn", "dry_needling_certificate", "DN-1", "Academy", day("2024-01-01"), std::nullopt, ""}};
    const auto e = eligibility(r, strict, "dry_needling", day("2026-11-22"));
    EXPECT_FALSE(e.eligible);
    EXPECT_THAT(codes(e.reasons), ElementsAre("needs_credential"));
    EXPECT_EQ(e.reasons[0].subject, "qualifying");
    strict.kinds.push_back({"cupping_certificate", "Cupping certificate", true});
    r.credentials.push_back({"cu", "cupping_certificate", "CU-1", "School", day("2025-01-01"), std::nullopt, ""});
    EXPECT_TRUE(eligibility(r, strict, "dry_needling", day("2026-11-22")).eligible)
        << "a kind the clinic marks qualifying counts as one";
}

TEST(VettingRules, ExpiryWarningsCrossSixtyThirtyAndSevenDays)
{
    auto r = vetted();
    r.registrations[0].expires = day("2027-12-31");
    r.cpd.clear();
    auto no_cpd = rules;
    no_cpd.cpd_required_hundredths = 0;
    const Date from = day("2026-11-22");
    struct Case {
        int days_left;
        std::optional<int> threshold;
    };
    for (const Case c : {Case{75, std::nullopt}, Case{61, std::nullopt}, Case{60, 60}, Case{31, 60}, Case{30, 30},
                         Case{8, 30}, Case{7, 7}, Case{1, 7}, Case{0, 7}}) {
        SCOPED_TRACE(c.days_left);
        r.insurance[0].expires = add_days(from, c.days_left);
        const auto items = expiring_items(r, no_cpd, from, 90);
        ASSERT_EQ(items.size(), 1u);
        EXPECT_EQ(items[0].item, "insurance");
        EXPECT_EQ(items[0].record_id, "ins1");
        EXPECT_EQ(items[0].days_left, c.days_left);
        EXPECT_EQ(items[0].threshold, c.threshold);
        if (c.threshold)
            EXPECT_EQ(items[0].crossed_on, format_date(add_days(from, c.days_left - *c.threshold)));
        else
            EXPECT_FALSE(items[0].crossed_on);
    }
    r.insurance[0].expires = add_days(from, 61);
    EXPECT_THAT(expiring_items(r, no_cpd, from, 60), IsEmpty()) << "beyond --within";
    r.insurance[0].expires = add_days(from, -1);
    EXPECT_THAT(expiring_items(r, no_cpd, from, 60), IsEmpty()) << "already expired is a status, not a warning";
}

TEST(VettingRules, CredentialsWithAnExpiryWarnThoseWithoutNever)
{
    auto r = vetted();
    r.registrations[0].expires = day("2027-12-31");
    r.insurance[0].expires = day("2027-12-31");
    r.credentials.push_back({"dn", "dry_needling_certificate", "DN-1", "Academy", day("2024-01-01"),
                             day("2026-12-01"), ""});
    const auto items = expiring_items(r, rules, day("2026-11-22"), 60);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].item, "credential");
    EXPECT_EQ(items[0].threshold, 30);
    EXPECT_THAT(items[0].description, HasSubstr("Dry needling certificate"));
}

TEST(VettingRules, CpdRunningShortIsWarnedOnTheLastDayItSuffices)
{
    auto r = vetted();
    r.registrations[0].expires = day("2027-12-31");
    r.insurance[0].expires = day("2027-12-31");
    r.cpd = {{"old", 1000, day("2025-12-10"), "a", ""}, {"new", 2000, day("2026-06-01"), "b", ""}};
    const auto items = expiring_items(r, rules, day("2026-11-22"), 60);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].item, "cpd");
    // The 10 December 2025 entry leaves the window on 10 December 2026.
    EXPECT_EQ(items[0].expires_on, "2026-12-09");
    EXPECT_EQ(items[0].threshold, 30);
    EXPECT_THAT(items[0].description, HasSubstr("falls to 20 h of 30 h required on 2026-12-10"));
    EXPECT_EQ(assess(r, rules, day("2026-12-09")).status, "approved");
    EXPECT_EQ(assess(r, rules, day("2026-12-10")).status, "lapsed");
}

TEST(VettingRules, StatusWarnsOfWhatRunsOutSoonAndOfOpenConcerns)
{
    auto r = vetted();
    r.open_concerns = 1;
    const auto s = assess(r, rules, day("2026-11-22"));
    EXPECT_EQ(s.status, "approved") << "a concern is for the owner to act on, not a status";
    EXPECT_THAT(codes(s.warnings), ElementsAre("insurance_expiring", "registration_expiring", "open_concerns"));
}

TEST(VettingRules, AnInactiveAccountHasNoWarnings)
{
    auto r = vetted();
    r.therapist.active = false;
    EXPECT_THAT(expiring_items(r, rules, day("2026-11-22"), 60), IsEmpty());
}

TEST(VettingRules, HoursAreExactHundredths)
{
    EXPECT_EQ(parse_hours("7.5"), 750);
    EXPECT_EQ(parse_hours("30"), 3000);
    EXPECT_EQ(parse_hours("0.25"), 25);
    EXPECT_EQ(parse_hours("1.05"), 105);
    for (const char* bad : {"", "-3", "+3", "1.234", "abc", "1.", ".5", "1e3", "3 ", "1,5"})
        EXPECT_FALSE(parse_hours(bad)) << bad;
    EXPECT_EQ(hours_text(750), "7.5");
    EXPECT_EQ(hours_text(3000), "30");
    EXPECT_EQ(hours_text(2999), "29.99");
    EXPECT_EQ(hours_text(105), "1.05");
}

} // namespace
} // namespace fascia::vetting
