// The outcome report's intervals against published values.
#include "contributions.h"

#include <gtest/gtest.h>

namespace fascia::reporting {
namespace {

TEST(reporting_statistics, WilsonIntervalOfSevenInTenIsPointThreeNineSevenToPointEightNineTwo)
{
    // Newcombe, Statistics in Medicine 1998;17:857–72, table I (and the example).
    const auto i = wilson_95(7, 10);
    EXPECT_NEAR(i.low, 0.3968, 0.0001);
    EXPECT_NEAR(i.high, 0.8922, 0.0001);
}

TEST(reporting_statistics, WilsonIntervalStaysInsideZeroToOneAtTheEdges)
{
    // 0 of 10 and 10 of 10: 0 to 0.278 and 0.722 to 1 (Newcombe 1998), never below 0 or above 1.
    const auto none = wilson_95(0, 10), all = wilson_95(10, 10);
    EXPECT_NEAR(none.low, 0.0, 1e-12);
    EXPECT_NEAR(none.high, 0.2775, 0.0001);
    EXPECT_NEAR(all.low, 0.7225, 0.0001);
    EXPECT_NEAR(all.high, 1.0, 1e-12);
}

TEST(reporting_statistics, MeanIntervalUsesStudentsT)
{
    // 1..5: mean 3, s = 1.5811, t(0.975, 4) = 2.7764 → 3 ± 1.9632.
    const auto i = mean_95({1, 2, 3, 4, 5});
    EXPECT_DOUBLE_EQ(mean({1, 2, 3, 4, 5}), 3.0);
    EXPECT_NEAR(i.low, 1.0368, 0.0001);
    EXPECT_NEAR(i.high, 4.9632, 0.0001);
}

} // namespace
} // namespace fascia::reporting
