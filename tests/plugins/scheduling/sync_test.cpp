// Bookings through sync: the authority re-runs every booking with the same
// handler (and the overlap triggers hold its database too), so two desks that
// each book the same slot while offline end with exactly one booking, on the
// authority and on both desks, and the second desk sees why.
#include "scheduling_test_support.h"

#include <fascia/sync.h>

#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

class schedule_sync : public SchedulingModule {
protected:
    struct Desk {
        std::unique_ptr<Clinic> clinic;
        std::unique_ptr<sync::Replica> replica;
        std::string device, token;
    };

    void SetUp() override
    {
        SchedulingModule::SetUp();
        authority = std::make_unique<sync::Authority>(*clinic);
        for (auto* desk : {&a, &b}) {
            desk->clinic = std::move(*Clinic::open_in_memory(extensions, clock));
            desk->replica = std::make_unique<sync::Replica>(*desk->clinic);
            std::string connection;
            const auto enrolled = authority->handle(
                {{"type", "enroll"}, {"code", *authority->create_enroll_code(std::string(64, 'e'))}}, connection);
            desk->device = json::value_to<std::string>(enrolled.at("device"));
            desk->token = json::value_to<std::string>(enrolled.at("token"));
            ASSERT_TRUE(desk->replica->save_enrollment("in-process", desk->device, desk->token, ""));
        }
    }

    Result<sync::RoundReport> round(Desk& desk)
    {
        std::string connection;
        authority->handle({{"type", "hello"}, {"protocol", 1}, {"device", desk.device}, {"token", desk.token}},
                          connection);
        return desk.replica->run_round(
            [&](const json::object& m) -> Result<json::object> { return authority->handle(m, connection); });
    }

    static std::int64_t booked_at(Clinic& c, const char* start)
    {
        auto q = c.db().query("SELECT count(*) FROM sched_appointments WHERE starts_at = ? AND status = 'booked'", start);
        q.step();
        return q.integer(0);
    }

    std::unique_ptr<sync::Authority> authority;
    Desk a, b;
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
    const auto first = round(a);
    const auto second = round(b);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->accepted, 1);
    EXPECT_EQ(second->refused, 1);
    ASSERT_TRUE(round(a));
    for (auto* c : {clinic.get(), a.clinic.get(), b.clinic.get()})
        EXPECT_EQ(booked_at(*c, "2026-11-24T10:00:00.000Z"), 1);
    for (auto* desk : {&a, &b})
        EXPECT_EQ(sync::state_hash(desk->clinic->db()), sync::state_hash(clinic->db()));
    ASSERT_EQ(b.replica->status().refused.size(), 1u);
    EXPECT_THAT(b.replica->status().refused[0].reason, ::testing::HasSubstr("already has a booking"));
}

} // namespace
} // namespace fascia::scheduling::test
