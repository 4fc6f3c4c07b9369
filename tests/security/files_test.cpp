// Clinic data is for the clinic's own account: every database, its WAL and SHM,
// on the desk and on the server, is 0600 in a 0700 folder, whatever the umask.
#include "sync_support.h"

#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

namespace fascia::test {
namespace {

/// The permission bits of a file or folder ("0600"), or "missing".
std::string mode_of(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return "missing";
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return buf;
}

/// Opens a WAL database and reads from it (which makes its -wal and -shm) while `check` runs.
template <class F>
void while_open(const std::string& db, F check)
{
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    check();
    sqlite3_close(handle);
}

TEST(SecurityFiles, DeskAndServerDatabasesAreOnlyForTheirOwner)
{
    // The usual umask: without care, files come out 0644 and folders 0755.
    const mode_t old_mask = ::umask(022);
    SyncWorld world;
    world.create_clinic();
    world.start_daemon();
    world.enroll_desk("room2/desk"); // a folder that does not exist yet
    const auto added = world.desk("room2/desk", {"--as", "maria", "clients", "add", "--first-name", "Ngaio",
                                                 "--last-name", "Marsh", "--dob", "1975-04-23"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    const auto round = world.desk("room2/desk", {"sync", "run"});
    ASSERT_EQ(round.exit_code, 0) << round.err;

    // The server, running: its database and WAL files hold every client's record.
    const std::string server = world.daemon_db();
    EXPECT_EQ(mode_of(server), "0600");
    EXPECT_EQ(mode_of(server + "-wal"), "0600");
    EXPECT_EQ(mode_of(server + "-shm"), "0600");
    EXPECT_EQ(mode_of(std::filesystem::path(server).parent_path()), "0700");
    EXPECT_EQ(mode_of(world.dir + "/config/fascia-syncd/ca.key"), "0600");

    // The desk: its database also holds the sync token.
    const std::string desk = world.desk_db("room2/desk");
    EXPECT_EQ(mode_of(desk), "0600");
    EXPECT_EQ(mode_of(world.dir + "/room2"), "0700");
    while_open(desk, [&] {
        EXPECT_EQ(mode_of(desk + "-wal"), "0600");
        EXPECT_EQ(mode_of(desk + "-shm"), "0600");
    });
    ::umask(old_mask);
}

TEST(SecurityFiles, AnExistingDatabaseOthersCouldReadIsNarrowed)
{
    SyncWorld world;
    world.create_clinic();
    const std::string server = world.daemon_db();
    ASSERT_EQ(::chmod(server.c_str(), 0644), 0); // as an older Fascia left it
    const auto listed = run_process(FASCIA_CLI, {"--db", server, "staff", "list"}, world.env());
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(mode_of(server), "0600");
}

} // namespace
} // namespace fascia::test
