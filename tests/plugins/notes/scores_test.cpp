// Each outcome measure scored by its published rule, at the edges of its
// range, and the clinic's meaningful-improvement rule at the edges of each
// threshold. Pure: no database.
#include <fascia/notes/scores.h>

#include <gtest/gtest.h>

namespace fascia::notes {
namespace {

using Sections = std::vector<std::optional<int>>;

TEST(scores, NprsIsAWholeNumberFromZeroToTen)
{
    EXPECT_EQ(score_nprs(0)->value, 0);
    EXPECT_EQ(score_nprs(10)->value, 10);
    EXPECT_EQ(score_nprs(7)->version, nprs_version);
    EXPECT_EQ(score_nprs(11).error().field, "nprs");
    EXPECT_EQ(score_nprs(-1, "measures.nprs_now").error().field, "measures.nprs_now");
}

TEST(scores, OswestryWithOneSectionMissingDividesByFortyFive)
{
    // Fairbank & Pynsent 2000: 16 points over 9 answered sections = 16 / 45 = 35.6 %.
    const auto s = score_odi({2, 2, 2, 2, 2, 2, 2, 1, 1, std::nullopt});
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->value, 35.5556, 1e-4);
    EXPECT_EQ(shown(s->value), 35.6);
    EXPECT_EQ(s->version, odi_version);
    // The same 16 points over all ten sections is 16 / 50 = 32 %.
    EXPECT_EQ(score_odi({2, 2, 2, 2, 2, 2, 2, 1, 1, 0})->value, 32.0);
}

TEST(scores, OswestryRunsFromNoneToTotalDisability)
{
    EXPECT_EQ(score_odi(Sections(10, 0))->value, 0.0);
    EXPECT_EQ(score_odi(Sections(10, 5))->value, 100.0);
    Sections nine_fives(10, 5);
    nine_fives[3] = std::nullopt;
    EXPECT_EQ(score_odi(nine_fives)->value, 100.0);
}

TEST(scores, OswestryRefusesTwoMissingSectionsAValueOverFiveOrTheWrongCount)
{
    Sections two_missing(10, 1);
    two_missing[0] = two_missing[9] = std::nullopt;
    EXPECT_EQ(score_odi(two_missing).error().kind, ErrorKind::invalid_input);
    Sections six(10, 1);
    six[4] = 6;
    EXPECT_NE(score_odi(six).error().message.find("section 5"), std::string::npos);
    EXPECT_FALSE(score_odi(Sections(9, 1)));
    EXPECT_FALSE(score_odi(Sections(11, 1)));
    Sections negative(10, 1);
    negative[0] = -1;
    EXPECT_FALSE(score_odi(negative));
}

TEST(scores, PsfsIsTheMeanOfThreeToFiveActivities)
{
    EXPECT_NEAR(score_psfs({3, 4, 6})->value, 4.3333, 1e-4);
    EXPECT_EQ(score_psfs({0, 0, 0, 0, 10})->value, 2.0);
    EXPECT_EQ(score_psfs({10, 10, 10})->version, psfs_version);
    EXPECT_EQ(score_psfs({5, 5}).error().field, "psfs");
    EXPECT_FALSE(score_psfs({5, 5, 5, 5, 5, 5}));
    EXPECT_FALSE(score_psfs({5, 11, 5}));
    EXPECT_FALSE(score_psfs({5, -1, 5}));
}

TEST(scores, SciaticaBothersomenessIsFourItemsTotalZeroToTwentyFour)
{
    EXPECT_EQ(score_sbi({0, 0, 0, 0})->value, 0.0);
    EXPECT_EQ(score_sbi({6, 6, 6, 6})->value, 24.0);
    EXPECT_EQ(score_sbi({4, 2, 5, 5})->value, 16.0);
    EXPECT_EQ(score_sbi({1, 1, 1, 1})->version, sbi_version);
    EXPECT_FALSE(score_sbi({1, 1, 1}));
    EXPECT_FALSE(score_sbi({1, 1, 1, 7}));
}

TEST(scores, MedicationIsComparedWithTheStart)
{
    EXPECT_EQ(*parse_medication("less"), MedicationUse::less);
    EXPECT_EQ(to_string(*parse_medication("none")), "none");
    EXPECT_EQ(parse_medication("fewer").error().field, "medication");
}

TEST(improvement, PainFallsTwoPointsOrThirtyPercent)
{
    const Thresholds t;
    // From 8: 2 points is 25 %, meaningful by points; 1 point is not.
    EXPECT_TRUE(change_from_baseline(Measure::nprs_now, 8, 6, t).meaningful);
    EXPECT_FALSE(change_from_baseline(Measure::nprs_now, 8, 7, t).meaningful);
    // From 3: 1 point is 33 %, meaningful by percent.
    EXPECT_TRUE(change_from_baseline(Measure::nprs_now, 3, 2, t).meaningful);
    // From 10: 3 points is exactly 30 % (and over 2 points).
    EXPECT_TRUE(change_from_baseline(Measure::nprs_worst, 10, 8, t).meaningful);
    // Worse is never an improvement, nor is a baseline of no pain.
    EXPECT_FALSE(change_from_baseline(Measure::nprs_now, 4, 6, t).meaningful);
    EXPECT_FALSE(change_from_baseline(Measure::nprs_now, 0, 0, t).meaningful);
    const auto c = change_from_baseline(Measure::nprs_now, 6, 4, t);
    EXPECT_EQ(c.improvement, 2);
    EXPECT_NEAR(*c.percent, 33.33, 0.01);
}

TEST(improvement, OswestryFallsTenPointsOrThirtyPercent)
{
    const Thresholds t;
    EXPECT_TRUE(change_from_baseline(Measure::odi, 60, 50, t).meaningful);  // 10 points, 16.7 %
    EXPECT_FALSE(change_from_baseline(Measure::odi, 60, 51, t).meaningful); // 9 points, 15 %
    EXPECT_TRUE(change_from_baseline(Measure::odi, 20, 14, t).meaningful);  // 6 points, exactly 30 %
    EXPECT_FALSE(change_from_baseline(Measure::odi, 20, 15, t).meaningful); // 5 points, 25 %
    // One-decimal scores from the rule: 35.6 → 24.4 is 11.1 points.
    EXPECT_TRUE(change_from_baseline(Measure::odi, 16 * 100.0 / 45, 11 * 100.0 / 45, t).meaningful);
}

TEST(improvement, PsfsRisesTwoPointsOnAverage)
{
    const Thresholds t;
    EXPECT_TRUE(change_from_baseline(Measure::psfs, 4, 6, t).meaningful);
    EXPECT_FALSE(change_from_baseline(Measure::psfs, 4, 5.9, t).meaningful);
    // A fall is not an improvement on a scale where higher is better.
    EXPECT_FALSE(change_from_baseline(Measure::psfs, 6, 3, t).meaningful);
    // Means of three activities: 13/3 → 19/3 is exactly 2 points.
    EXPECT_TRUE(change_from_baseline(Measure::psfs, 13.0 / 3, 19.0 / 3, t).meaningful);
}

TEST(improvement, SciaticaBothersomenessFallsThirtyPercent)
{
    const Thresholds t;
    EXPECT_TRUE(change_from_baseline(Measure::sbi, 20, 14, t).meaningful);  // exactly 30 %
    EXPECT_FALSE(change_from_baseline(Measure::sbi, 20, 15, t).meaningful); // 25 %, though 5 points
}

TEST(improvement, TheClinicSetsItsOwnThresholds)
{
    Thresholds strict;
    strict.nprs = {3, 50};
    EXPECT_FALSE(change_from_baseline(Measure::nprs_now, 8, 6, strict).meaningful);
    EXPECT_TRUE(change_from_baseline(Measure::nprs_now, 8, 5, strict).meaningful);
    EXPECT_TRUE(change_from_baseline(Measure::nprs_now, 4, 2, strict).meaningful); // 50 %
}

TEST(improvement, NoImprovementFlagsAfterTheSetNumberOfSessions)
{
    const Thresholds t; // 4 sessions
    const auto none = change_from_baseline(Measure::nprs_now, 6, 5, t);
    const auto some = change_from_baseline(Measure::nprs_now, 6, 4, t);
    EXPECT_FALSE(no_improvement(3, none, t));
    EXPECT_TRUE(no_improvement(4, none, t));
    EXPECT_TRUE(no_improvement(6, none, t));
    EXPECT_FALSE(no_improvement(4, some, t));
    Thresholds sooner;
    sooner.flag_after_sessions = 2;
    EXPECT_TRUE(no_improvement(2, none, sooner));
}

} // namespace
} // namespace fascia::notes
