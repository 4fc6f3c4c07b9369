// Bookings through sync: the authority re-runs every booking with the same
// handler (and the overlap triggers hold its database too), so two desks that
// each book the same slot while offline end with exactly one booking, on the
// authority and on both desks, and the second desk sees why.
#include "scheduling_test_support.h"
#include "two_desks_sync.h"

#include <fascia/sync.h>

#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

class schedule_sync : public fascia::test::TwoDesksSync<SchedulingModule> {
protected:
    static std::int64_t booked_at(Clinic& c, const char* start)
    {
        auto q = c.db().query("SELECT count(*) FROM sched_appointments WHERE starts_at = ? AND status = 'booked'", start);
        q.step();
        return q.integer(0);
    }
};

TEST_F(schedule_sync, TwoOfflineDesksBookingOneSlotEndWithOneBookingEverywhere)
{
    const auto second_client = screened_client();
    ASSERT_TRUE(round(a));
    ASSERT_TRUE(round(b));
    // Offline, each desk books priya at 10:00 Tuesday for a different client: each desk alone allows it.
    const auto book_on = [&](Desk& desk, const std::string& who) {
        return desk.clinic->bus().execute({"scheduling.book",
                                           {{"client_id", who}, {"service", remedial}, {"therapist", "priya"},
                                            {"start", "2026-11-24T10:00+00:00"}},
                                           "desk"});
    };
    ASSERT_TRUE(book_on(a, client));
    ASSERT_TRUE(book_on(b, second_client));
    ASSERT_NO_FATAL_FAILURE(expect_first_to_sync_wins());
    for (auto* c : {clinic.get(), a.clinic.get(), b.clinic.get()})
        EXPECT_EQ(booked_at(*c, "2026-11-24T10:00:00.000Z"), 1);
    for (auto* desk : {&a, &b})
        EXPECT_EQ(sync::state_hash(desk->clinic->db()), sync::state_hash(clinic->db()));
    ASSERT_EQ(b.replica->status().refused.size(), 1u);
    EXPECT_THAT(b.replica->status().refused[0].reason, ::testing::HasSubstr("already has a booking"));
}

} // namespace
} // namespace fascia::scheduling::test
