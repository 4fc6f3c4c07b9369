// Desk names are how people revoke a lost laptop (`fascia-syncd revoke NAME`):
// two live desks never share one. A failed `fascia sync enroll` leaves no
// database behind, so the next attempt starts clean.
#include "sync_support.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>

namespace fascia::test {
namespace {

namespace json = boost::json;

bool leaves_nothing(const std::string& db)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        if (std::filesystem::exists(db + suffix))
            return false;
    return true;
}

TEST(SecurityEnrollment, ATakenDeskNameIsRefusedAndAFailedEnrollmentLeavesNoDatabase)
{
    SyncWorld world;
    world.create_clinic();
    world.start_daemon();
    world.enroll_desk("front");

    // A second desk asks for the same name (names are compared ignoring case).
    const std::string code = world.enroll_code();
    const auto taken = world.desk("second", {"sync", "enroll", "--server", world.server(), "--code", code, "--name",
                                             "Front"});
    EXPECT_EQ(taken.exit_code, 2) << taken.err;
    EXPECT_NE(taken.err.find("choose another name"), std::string::npos) << taken.err;
    EXPECT_TRUE(leaves_nothing(world.desk_db("second"))) << "a failed enrollment leaves no database behind";

    // Nothing was spent: the same code enrolls it under another name.
    const auto renamed = world.desk("second", {"sync", "enroll", "--server", world.server(), "--code", code, "--name",
                                               "Room 2"});
    ASSERT_EQ(renamed.exit_code, 0) << renamed.err;

    // A server that cannot be reached: nothing is left either.
    const auto unreachable = world.desk("third", {"sync", "enroll", "--server", "127.0.0.1:1", "--code",
                                                  world.enroll_code(), "--name", "Room 3", "--timeout", "5"});
    EXPECT_NE(unreachable.exit_code, 0);
    EXPECT_TRUE(leaves_nothing(world.desk_db("third")));

    // Revoking by name revokes that desk only.
    const auto revoked = world.syncd({"revoke", "front"});
    ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM sync_devices WHERE revoked_at IS NULL"), 1);
    EXPECT_EQ(world.desk("second", {"sync", "run"}).exit_code, 0) << "Room 2 still syncs";

    // A database from before names were checked may hold two live desks of one name:
    // revoking that name then asks which one instead of revoking both.
    world.enroll_desk("fourth");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(world.daemon_db().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE sync_devices SET name = 'Room 2' WHERE name = 'fourth'", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    const auto ambiguous = world.syncd({"revoke", "Room 2"});
    EXPECT_EQ(ambiguous.exit_code, 2) << ambiguous.err;
    EXPECT_NE(ambiguous.err.find("give the device id"), std::string::npos) << ambiguous.err;
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM sync_devices WHERE revoked_at IS NULL"), 2);
}

} // namespace
} // namespace fascia::test
