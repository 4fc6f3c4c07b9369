// Transient is not refused: while something else holds the server's database,
// a push is answered "retry", the desk keeps its command, and the next round
// delivers it once.
#include "sync_support.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

namespace fascia::test {
namespace {

namespace json = boost::json;

TEST(SecurityDurability, ABusyServerMakesTheDeskRetryAndNothingIsLost)
{
    SyncWorld world;
    world.daemon_args = {"--busy-timeout", "100"};
    world.create_clinic();
    world.start_daemon();
    world.enroll_desk("front");
    // A first round marks the desk seen, so the next hello writes nothing and the
    // busy database is met by the push itself (not by the hello's bookkeeping).
    ASSERT_EQ(world.desk("front", {"sync", "run"}).exit_code, 0);
    const auto added = world.desk("front", {"--as", "maria", "clients", "add", "--first-name", "Ngaio", "--last-name",
                                            "Marsh", "--dob", "1975-04-23"});
    ASSERT_EQ(added.exit_code, 0) << added.err;

    // Another writer holds the server's database (a backup, an admin's sqlite3 shell).
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(world.daemon_db().c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto busy = world.desk("front", {"sync", "run", "--json"});
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    EXPECT_EQ(busy.exit_code, 3) << busy.out << busy.err;
    EXPECT_NE(busy.err.find("\"reason\":\"retry\""), std::string::npos) << busy.err;
    auto status = world.desk_json("front", {"sync", "status"});
    EXPECT_EQ(status.at("pending"), 1) << "the desk keeps the command";
    EXPECT_TRUE(status.at("refused").as_array().empty()) << "a busy server is not a refusal";
    EXPECT_EQ(sql_integer(world.desk_db("front"), "SELECT count(*) FROM clients"), 1) << "nothing undone at the desk";

    const auto again = world.desk("front", {"sync", "run"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM clients WHERE last_name = 'Marsh'"), 1);
    status = world.desk_json("front", {"sync", "status"});
    EXPECT_EQ(status.at("pending"), 0);
}

} // namespace
} // namespace fascia::test
