// Two enrolled desks, offline, book the same slot, then sync through the real
// fascia-syncd on loopback: the authority accepts the first it receives and
// refuses the second with the reason, and exactly one booking exists on the
// daemon and on both desks. The harness (daemon, desks, enrollment) is the sync
// tests' own (tests/sync/sync_support.h). One test: it also runs under ASan.
#include "sync_support.h"

#include <fascia/clients.h>
#include <fascia/database.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using fascia::test::sql_integer;
using fascia::test::SyncWorld;
using ::testing::HasSubstr;

/// Live bookings with priya starting at `start` (ISO 8601 with its offset, which SQLite reads).
long long booked_at(const std::string& db, const std::string& start)
{
    return sql_integer(db, "SELECT count(*) FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                           " WHERE s.username = 'priya' AND a.status = 'booked'"
                           " AND a.starts_ms = CAST(strftime('%s', '" + start + "') AS INTEGER) * 1000");
}

TEST(schedule_sync_daemon, TwoOfflineDesksBookOneSlotAndAfterSyncOneBookingExistsEverywhere)
{
    SyncWorld world;
    // The demo clinic (rooms, hours, screened clients with courses) is the daemon's, at the real time.
    ASSERT_EQ(world.syncd({"init"}).exit_code, 0);
    const auto demo = fascia::test::run_process(FASCIA_CLI, {"--db", world.daemon_db(), "demo"}, world.env());
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    world.start_daemon();
    world.enroll_desk("front");
    world.enroll_desk("room");

    // Two clients with courses, and the first time priya and each of them are free (the desk's own find).
    std::vector<std::string> clients;
    {
        auto db = Database::open(world.desk_db("front"), OpenMode::existing);
        ASSERT_TRUE(db) << db.error().message;
        auto q = (*db)->query("SELECT DISTINCT client_id FROM sched_courses ORDER BY client_id LIMIT 2");
        while (q.step())
            clients.push_back(q.text(0));
    }
    ASSERT_EQ(clients.size(), 2u);
    std::vector<std::vector<std::string>> free(2);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto found = world.desk_json("front", {"schedule", "find", "--service", "60-minute remedial massage",
                                                     "--therapist", "priya", "--from", "2026-01-01T00:00+00:00",
                                                     "--client", clients[i], "--count", "12"});
        ASSERT_TRUE(found.contains("slots"));
        for (const auto& slot : found.at("slots").as_array())
            free[i].emplace_back(slot.at("start").as_string());
    }
    const auto both = std::find_first_of(free[0].begin(), free[0].end(), free[1].begin(), free[1].end());
    ASSERT_NE(both, free[0].end()) << "no time free for both clients";
    const std::string slot = *both;

    // Offline, each desk books priya then for its own client: each desk alone allows it.
    const auto book = [&](const char* desk, const std::string& client) {
        return world.desk(desk, {"schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                                 "--therapist", "priya", "--start", slot});
    };
    ASSERT_EQ(book("front", clients[0]).exit_code, 0);
    ASSERT_EQ(book("room", clients[1]).exit_code, 0);
    EXPECT_EQ(world.desk_json("front", {"sync", "run"}).at("accepted"), 1);
    const auto second = world.desk_json("room", {"sync", "run"});
    EXPECT_EQ(second.at("accepted"), 0);
    EXPECT_EQ(second.at("refused"), 1);
    world.desk_json("front", {"sync", "run"});

    for (const auto& db : {world.daemon_db(), world.desk_db("front"), world.desk_db("room")})
        EXPECT_EQ(booked_at(db, slot), 1) << db;
    // The second desk holds the first desk's booking, not its own, and shows why.
    EXPECT_EQ(sql_integer(world.desk_db("room"), "SELECT count(*) FROM sched_appointments WHERE client_id = '"
                                                     + clients[1] + "' AND starts_ms = CAST(strftime('%s', '" + slot
                                                     + "') AS INTEGER) * 1000"),
              0);
    const auto status = world.desk_json("room", {"sync", "status"});
    ASSERT_EQ(status.at("refused").as_array().size(), 1u);
    const auto& refusal = status.at("refused").as_array().at(0).as_object();
    EXPECT_EQ(refusal.at("type"), "scheduling.book");
    EXPECT_THAT(std::string(refusal.at("reason").as_string()), HasSubstr("already has a booking"));
    // Whom the front desk must call: the client who lost the booking, by name and id from
    // the desk's own database, and the time in the clinic's zone (find gives it so).
    std::string name;
    {
        auto db = Database::open(world.desk_db("room"), OpenMode::existing);
        ASSERT_TRUE(db) << db.error().message;
        const auto client = find_client(**db, clients[1]);
        ASSERT_TRUE(client);
        name = client->display_name();
    }
    ASSERT_TRUE(refusal.contains("client")) << json::serialize(refusal);
    EXPECT_EQ(std::string(refusal.at("client").at("id").as_string()), clients[1]);
    EXPECT_EQ(std::string(refusal.at("client").at("name").as_string()), name);
    EXPECT_THAT(std::string(refusal.at("start_local").as_string()), HasSubstr(slot.substr(11, 5) + " Europe/London"));
    const auto text = world.desk("room", {"sync", "status"});
    EXPECT_THAT(text.out, HasSubstr("for " + name + " (" + clients[1] + "), ")) << text.out;
}

} // namespace
} // namespace fascia::scheduling::test
