// `fascia demo --scale N`: beyond the standard clients the demo adds booking
// history, played out through the commands at the times it happened. Built in
// process on a small N (the same demo steps the CLI runs), then read back the
// way the desk's day list reads a past date.
#include "checkout.h"
#include "scheduling_test_support.h"

#include <fascia/demo.h>

#include <map>

namespace fascia::scheduling::test {
namespace {

class schedule_demo : public SchedulingModule {
protected:
    /// Only the modules: `fascia demo` fills an empty clinic.
    void SetUp() override { load_modules(); }

    /// Appointments by status over the local days [from, to) days before today, with how many were paid.
    std::map<std::string, int> history(int from_days_ago, int to_days_ago, int& paid)
    {
        std::map<std::string, int> by_status;
        paid = 0;
        const auto today = local_day(clinic_zone(db()), clock.now());
        for (int d = from_days_ago; d > to_days_ago; --d) {
            const Date day{std::chrono::sys_days{today} - std::chrono::days{d}};
            const auto list = day_list(db(), day, clock.now());
            for (const auto& a : list.at("appointments").as_array()) {
                ++by_status[std::string(a.at("status").as_string())];
                if (a.at("status") == "completed" && a.at("paid").as_bool())
                    ++paid;
            }
        }
        return by_status;
    }
};

TEST_F(schedule_demo, AScaledDemoHasMonthsOfPastCoursesCompletedPaidCancelledAndMissed)
{
    DemoOptions options;
    options.clients = 300;
    auto made = build_demo_clinic(*clinic, options);
    ASSERT_TRUE(made) << made.error().message;
    // The history's screenings run from 13 weeks ago back (two a week, a week
    // per 20 clients beyond the standard 40): 300 clients give 13 weeks; each
    // course starts eight weeks after its screening.
    int paid = 0;
    const auto past = history(400, 60, paid);
    ASSERT_GT(past.count("completed"), 0u);
    EXPECT_GT(past.at("completed"), 40);
    EXPECT_EQ(paid, past.at("completed")); // every completed session was paid
    EXPECT_GT(past.count("cancelled"), 0u);
    EXPECT_GT(past.count("no_show"), 0u);
    EXPECT_EQ(past.count("booked"), 0u); // nothing in the past is left as if still to come
    // Over three months back (the oldest course starts 17 weeks ago).
    int older_paid = 0;
    EXPECT_GT(history(400, 100, older_paid)["completed"], 0);
    // And up to the present: paid sessions in the month before the last two
    // weeks too (the reports showed months with nothing before today).
    int recent_paid = 0;
    history(30, 14, recent_paid);
    EXPECT_GT(recent_paid, 5);
}

TEST_F(schedule_demo, TheStandardDemoHasNoHistory)
{
    auto made = build_demo_clinic(*clinic, DemoOptions{});
    ASSERT_TRUE(made) << made.error().message;
    int paid = 0;
    EXPECT_TRUE(history(400, 60, paid).empty());
}

} // namespace
} // namespace fascia::scheduling::test
