#include <fascia/clock.h>
#include <fascia/hlc.h>
#include <fascia/ids.h>

#include <gtest/gtest.h>

#include <set>

using namespace fascia;
using namespace std::chrono;

TEST(Dates, OnlyRealCalendarDatesParse)
{
    EXPECT_TRUE(parse_date("2024-02-29"));
    EXPECT_FALSE(parse_date("2026-02-29"));
    EXPECT_FALSE(parse_date("2026-13-01"));
    EXPECT_FALSE(parse_date("26-01-01"));
    EXPECT_FALSE(parse_date("2026/01/01"));
    EXPECT_FALSE(parse_date("2026-1-01"));
    EXPECT_EQ(format_date(*parse_date("2026-01-05")), "2026-01-05");
}

TEST(Dates, ADateWrittenRightThatIsNotOnTheCalendarIsCalledThat)
{
    EXPECT_EQ(not_a_date("2026-02-31"), "2026-02-31 is not a real date (February 2026 has 28 days)");
    EXPECT_EQ(not_a_date("2028-02-30"), "2028-02-30 is not a real date (February 2028 has 29 days)");
    EXPECT_EQ(not_a_date("2026-04-31"), "2026-04-31 is not a real date (April 2026 has 30 days)");
    EXPECT_EQ(not_a_date("2026-13-01"), "2026-13-01 is not a real date (there is no month 13)");
    EXPECT_EQ(not_a_date("31/02/2026"), "'31/02/2026' is not a date written YYYY-MM-DD");
    EXPECT_EQ(not_a_date("soon"), "'soon' is not a date written YYYY-MM-DD");
}

TEST(Instants, RoundTripAsUtcText)
{
    const auto t = parse_instant("2026-11-22T09:05:07.123Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_instant(*t), "2026-11-22T09:05:07.123Z");
    EXPECT_EQ(format_instant(*parse_instant("2026-11-22T09:05:07Z")), "2026-11-22T09:05:07.000Z");
    EXPECT_FALSE(parse_instant("2026-11-22 09:05:07"));
    EXPECT_FALSE(parse_instant("2026-11-22T25:00:00Z"));
}

TEST(Instants, LocalDateFollowsTheClinicsZone)
{
    // 23:30 UTC on 22 November is already the 23rd in Sydney.
    const auto t = *parse_instant("2026-11-22T23:30:00Z");
    EXPECT_EQ(format_date(local_date(t, "Australia/Sydney")), "2026-11-23");
    EXPECT_EQ(format_date(local_date(t, "Europe/London")), "2026-11-22");
    EXPECT_TRUE(is_known_time_zone("Europe/London"));
    EXPECT_FALSE(is_known_time_zone("Mars/Olympus_Mons"));
}

TEST(HybridClock, NeverGoesBackwardsWhenTheWallClockDoes)
{
    FixedClock wall(*parse_instant("2026-11-22T09:00:00Z"));
    HybridClock hlc(wall, "desk1");
    const auto a = hlc.stamp();
    const auto b = hlc.stamp(); // clock stood still
    wall.advance(-milliseconds(5000)); // clock went back
    const auto c = hlc.stamp();
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    hlc.observe("9999999999999-00000-other");
    EXPECT_GT(hlc.stamp(), "9999999999999-00000-other");
}

TEST(HybridClock, TheCounterNeverOverflowsIntoAWrongOrder)
{
    // A stuck wall clock and a busy desk: more stamps in one millisecond than five digits hold.
    FixedClock wall(*parse_instant("2026-11-22T09:00:00Z"));
    HybridClock hlc(wall, "desk1");
    std::string previous = hlc.stamp();
    for (int i = 0; i < 100'010; ++i) {
        const auto next = hlc.stamp();
        ASSERT_LT(previous, next) << "stamp " << i;
        ASSERT_EQ(next.size(), previous.size()) << next;
        previous = next;
    }
    // A stamp from elsewhere with an impossible counter is ignored, not adopted.
    hlc.observe("9999999999999-999999-other");
    EXPECT_LT(hlc.stamp(), "9999999999999");
}

TEST(Ids, AreUuidVersion7OrderedByTime)
{
    FixedClock clock(*parse_instant("2026-11-22T09:00:00Z"));
    const auto first = new_uuid_v7(clock);
    clock.advance(milliseconds(1));
    const auto later = new_uuid_v7(clock);
    EXPECT_TRUE(is_uuid(first));
    EXPECT_EQ(first[14], '7');
    EXPECT_LT(first, later);
    std::set<std::string> many;
    for (int i = 0; i < 1000; ++i)
        many.insert(new_uuid_v7(clock));
    EXPECT_EQ(many.size(), 1000u) << "ids made in the same millisecond must still differ";
}
