// The interval algebra at its edges: touching, contained, empty, across
// midnight and across a daylight-saving change (in the clinic's zone, via the
// same conversion the scheduler uses), plus a brute-force comparison with a
// minute-by-minute model on random sets.
#include "scheduler.h"

#include <fascia/scheduling/intervals.h>

#include <date/tz.h>
#include <gtest/gtest.h>

#include <random>
#include <set>

namespace fascia::scheduling {
namespace {

using namespace std::chrono;

Instant t(int minute)
{
    return Instant{minutes{minute}};
}

Interval iv(int from, int to)
{
    return {t(from), t(to)};
}

TEST(intervals, NormalisingSortsMergesOverlapsAndTouchingAndDropsEmpty)
{
    const Intervals set{iv(50, 60), iv(10, 20), iv(20, 30), iv(15, 25), iv(40, 40), iv(45, 44)};
    EXPECT_EQ(set.items(), (std::vector<Interval>{iv(10, 30), iv(50, 60)}));
    EXPECT_TRUE(Intervals{iv(5, 5)}.empty());
    EXPECT_TRUE(Intervals{}.empty());
}

TEST(intervals, UnionOfTouchingIsOneInterval)
{
    EXPECT_EQ((Intervals{iv(9, 10)} | Intervals{iv(10, 11)}).items(), (std::vector<Interval>{iv(9, 11)}));
    EXPECT_EQ((Intervals{iv(9, 10)} | Intervals{}).items(), (std::vector<Interval>{iv(9, 10)}));
}

TEST(intervals, IntersectionOfTouchingIsEmptyAndOfContainedIsTheInner)
{
    EXPECT_TRUE((Intervals{iv(9, 10)} & Intervals{iv(10, 11)}).empty());
    EXPECT_EQ((Intervals{iv(0, 100)} & Intervals{iv(20, 30), iv(40, 50)}).items(),
              (std::vector<Interval>{iv(20, 30), iv(40, 50)}));
    EXPECT_TRUE((Intervals{iv(0, 100)} & Intervals{}).empty());
    // One long interval meeting several on the other side.
    EXPECT_EQ((Intervals{iv(5, 15), iv(25, 35)} & Intervals{iv(0, 30)}).items(),
              (std::vector<Interval>{iv(5, 15), iv(25, 30)}));
}

TEST(intervals, DifferenceCutsHolesTrimsEdgesAndRemovesCoveredOnes)
{
    const Intervals day{iv(540, 1020)}; // 09:00–17:00
    // A lunch break in the middle leaves two pieces.
    EXPECT_EQ((day - Intervals{iv(750, 780)}).items(), (std::vector<Interval>{iv(540, 750), iv(780, 1020)}));
    // Touching at either end removes nothing.
    EXPECT_EQ((day - Intervals{iv(480, 540), iv(1020, 1080)}).items(), day.items());
    // Overlapping the start or the end trims it.
    EXPECT_EQ((day - Intervals{iv(500, 600), iv(1000, 1100)}).items(), (std::vector<Interval>{iv(600, 1000)}));
    // Covering it wholly leaves nothing; subtracting nothing leaves it as it was.
    EXPECT_TRUE((day - Intervals{iv(0, 2000)}).empty());
    EXPECT_EQ((day - Intervals{}).items(), day.items());
    // One cut spanning the gap between two intervals trims both.
    EXPECT_EQ((Intervals{iv(0, 10), iv(20, 30)} - Intervals{iv(5, 25)}).items(),
              (std::vector<Interval>{iv(0, 5), iv(25, 30)}));
    // Several cuts inside one interval.
    EXPECT_EQ((Intervals{iv(0, 100)} - Intervals{iv(10, 20), iv(30, 40), iv(90, 120)}).items(),
              (std::vector<Interval>{iv(0, 10), iv(20, 30), iv(40, 90)}));
}

TEST(intervals, CoversAndIntersectsAtTheEdges)
{
    const Intervals free{iv(540, 750), iv(780, 1020)};
    EXPECT_TRUE(free.covers(iv(540, 600)));   // starts at the very start
    EXPECT_TRUE(free.covers(iv(690, 750)));   // ends at the very end
    EXPECT_FALSE(free.covers(iv(720, 780)));  // runs into the break
    EXPECT_FALSE(free.covers(iv(500, 560)));  // starts before opening
    EXPECT_TRUE(free.covers(iv(600, 600)));   // an empty span is covered
    EXPECT_FALSE(free.intersects(iv(750, 780))); // exactly the gap: touches both, overlaps neither
    EXPECT_TRUE(free.intersects(iv(749, 781)));
    EXPECT_FALSE(free.intersects(iv(600, 600)));
}

TEST(intervals, WideningByTheBufferMergesNeighbours)
{
    const Intervals busy{iv(600, 660), iv(680, 740)};
    EXPECT_EQ(busy.widened(minutes{10}, minutes{10}).items(), (std::vector<Interval>{iv(590, 750)}));
    EXPECT_EQ(busy.widened(minutes{5}, minutes{5}).items(), (std::vector<Interval>{iv(595, 665), iv(675, 745)}));
}

TEST(intervals, AcrossMidnightAndADaylightSavingChangeInLondon)
{
    const auto* london = date::locate_zone("Europe/London");
    // A night shift 22:00 Saturday 29 March 2025 to 06:00 Sunday, when the
    // clocks go forward at 01:00: seven hours long, not eight.
    const Interval night{local_instant(london, year{2025} / 3 / 29, hours{22}),
                         local_instant(london, year{2025} / 3 / 30, hours{6})};
    EXPECT_EQ(night.end - night.start, hours{7});
    // Midnight local (UTC+0 still) splits it into two days' pieces.
    const Intervals days{{local_instant(london, year{2025} / 3 / 29, hours{0}), local_instant(london, year{2025} / 3 / 30, hours{0})}};
    const auto saturday = Intervals{night} & days;
    const auto sunday = Intervals{night} - days;
    ASSERT_EQ(saturday.size(), 1u);
    ASSERT_EQ(sunday.size(), 1u);
    EXPECT_EQ(saturday.items()[0].end - saturday.items()[0].start, hours{2});
    EXPECT_EQ(sunday.items()[0].end - sunday.items()[0].start, hours{5});
    EXPECT_EQ((saturday | sunday).items(), (std::vector<Interval>{night}));
    // 01:30 that night does not exist: it is taken as the moment the clocks jumped to (01:00 UTC).
    EXPECT_EQ(format_local(london, local_instant(london, year{2025} / 3 / 30, minutes{90})), "2025-03-30T02:00:00+01:00");
    // In October 01:30 happens twice: the earlier one (still BST).
    EXPECT_EQ(format_local(london, local_instant(london, year{2025} / 10 / 26, minutes{90})), "2025-10-26T01:30:00+01:00");
}

/// The same operations on sets of whole minutes, as a model.
std::set<int> minutes_of(const Intervals& s)
{
    std::set<int> out;
    for (const auto& i : s.items())
        for (auto m = i.start; m < i.end; m += minutes{1})
            out.insert(static_cast<int>(duration_cast<minutes>(m.time_since_epoch()).count()));
    return out;
}

TEST(intervals, AgreeWithAMinuteByMinuteModelOnRandomSets)
{
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> point(0, 60), count(0, 5);
    const auto random_set = [&] {
        std::vector<Interval> items;
        for (int n = count(rng); n > 0; --n) {
            const int a = point(rng), b = point(rng);
            items.push_back(iv(std::min(a, b), std::max(a, b)));
        }
        return Intervals(items);
    };
    for (int round = 0; round < 2000; ++round) {
        const auto a = random_set(), b = random_set();
        const auto ma = minutes_of(a), mb = minutes_of(b);
        std::set<int> u = ma, i, d;
        u.insert(mb.begin(), mb.end());
        for (int m : ma)
            (mb.count(m) ? i : d).insert(m);
        ASSERT_EQ(minutes_of(a | b), u);
        ASSERT_EQ(minutes_of(a & b), i);
        ASSERT_EQ(minutes_of(a - b), d);
        for (const auto* r : {&a, &b}) { // every result is normalised: sorted, disjoint, not touching
            const auto normal = *r - Intervals{};
            const auto& items = normal.items();
            for (std::size_t k = 1; k < items.size(); ++k)
                ASSERT_LT(items[k - 1].end, items[k].start);
        }
    }
}

} // namespace
} // namespace fascia::scheduling
