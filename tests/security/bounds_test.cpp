// Bounded: an oversized field is refused at the desk (exit 2), a change too
// large for any frame does not stop pulling, and a connection that never says
// hello, or trickles one, is closed within the hello deadline instead of
// holding a slot for the idle timeout.
#include "sync_support.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <thread>

namespace fascia::test {
namespace {

using namespace std::chrono_literals;

TEST(SecurityBounds, ASilentConnectionIsClosedAfterTheHelloTimeout)
{
    SyncWorld world;
    world.daemon_args = {"--hello-timeout", "1"}; // 10 s unless told: the test need not wait that long
    world.create_clinic();
    world.start_daemon();

    RawClient silent(world.port, 5s);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(silent.closed_by_server());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 4s) << "closed by the hello deadline, not the idle timeout";

    // Trickling a hello a byte at a time does not reset the deadline.
    RawClient trickle(world.port, 5s);
    const std::string frame = sync::encode_frame({{"type", "hello"}, {"protocol", 1}, {"device", "x"}, {"token", "y"}});
    bool closed = false;
    for (std::size_t i = 0; i + 1 < frame.size() && !closed; ++i) {
        try {
            trickle.send_bytes(frame.substr(i, 1));
        } catch (const std::exception&) {
            closed = true;
        }
        std::this_thread::sleep_for(200ms);
        if (std::chrono::steady_clock::now() - start > 8s)
            break;
    }
    EXPECT_TRUE(closed || trickle.closed_by_server());
}

TEST(SecurityBounds, AnOversizedFieldIsRefusedAtTheDeskAndPullStillProgresses)
{
    SyncWorld world;
    world.create_clinic();
    world.start_daemon();
    world.enroll_desk("front");
    world.enroll_desk("room");

    const auto oversized = world.desk("front", {"--as", "maria", "clients", "add", "--first-name", "Ngaio",
                                                "--last-name", "Marsh", "--dob", "1975-04-23", "--address",
                                                std::string(600, 'x')});
    EXPECT_EQ(oversized.exit_code, 2) << oversized.err;
    EXPECT_NE(oversized.err.find("address: at most 500 characters"), std::string::npos) << oversized.err;
    EXPECT_EQ(sql_integer(world.desk_db("front"), "SELECT count(*) FROM clients"), 0) << "nothing half-written";

    // A change on the server too large for any frame (written before commands were
    // bounded: a 6 MB address in an imported row), then an ordinary one after it.
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(world.daemon_db().c_str(), &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        ASSERT_EQ(sqlite3_exec(db,
                               "INSERT INTO command_log(idempotency_key, type, actor, hlc, payload_hash, result,"
                               " executed_at) VALUES ('old-import', 'clients.create', 'maria',"
                               " '1700000000000-00000-old', 'x', '{}', '2023-11-14T22:13:20.000Z');"
                               "INSERT INTO outbox(sequence, type, payload, actor, idempotency_key, hlc, changeset)"
                               " VALUES (last_insert_rowid(), 'clients.create', '{}', 'maria', 'old-import',"
                               " '1700000000000-00000-old', randomblob(7 * 1024 * 1024));",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(db);
        sqlite3_close(db);
    }
    ASSERT_EQ(world.desk("front", {"--as", "maria", "clients", "add", "--first-name", "Aroha", "--last-name", "Ngata",
                                   "--dob", "1980-01-02"})
                  .exit_code,
              0);
    ASSERT_EQ(world.desk("front", {"sync", "run"}).exit_code, 0);

    const auto round = world.desk("room", {"sync", "run", "--timeout", "20"});
    ASSERT_EQ(round.exit_code, 0) << round.err;
    EXPECT_EQ(sql_integer(world.desk_db("room"), "SELECT count(*) FROM clients WHERE last_name = 'Ngata'"), 1)
        << "the change after the oversized one arrived";
    const auto status = world.desk_json("room", {"sync", "status"});
    const auto server = boost::json::parse(world.syncd({"status", "--json"}).out).as_object();
    EXPECT_EQ(status.at("cursor"), server.at("head"));
}

} // namespace
} // namespace fascia::test
