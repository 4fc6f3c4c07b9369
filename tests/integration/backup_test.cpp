// Backups and restores: the restore drill (a backup taken while commands are
// being written holds every command acknowledged before it began, and the
// restored copy passes integrity_check and the audit chain), and the ways a
// backup goes wrong: a wrong passphrase, a truncated file, a live database.
#include "process.h"

#include <fascia/audit.h>
#include <fascia/backup.h>
#include <fascia/clinic.h>
#include <fascia/demo.h>
#include <fascia/extensions.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <sys/stat.h>

namespace fascia::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* passphrase = "correct horse battery staple";

class BackupTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = make_temp_dir("backup");
        db = dir + "/clinic.db";
        register_core(extensions);
        auto clinic = Clinic::open(db, extensions, clock, OpenMode::create_if_missing);
        ASSERT_TRUE(clinic) << clinic.error().message;
        auto demo = build_demo_clinic(**clinic, DemoOptions{.clients = 12});
        ASSERT_TRUE(demo) << demo.error().message;
    }
    void TearDown() override { fs::remove_all(dir); }

    static unsigned mode_of(const fs::path& p)
    {
        struct stat st {};
        ::stat(p.c_str(), &st);
        return st.st_mode & 0777;
    }

    static void truncate_to(const fs::path& file, std::uintmax_t bytes) { fs::resize_file(file, bytes); }

    std::string dir, db;
    SystemClock clock;
    Extensions extensions;
};

TEST_F(BackupTest, RestoreDrillWhileCommandsAreWritten)
{
    // A desk writing clients the whole time, on its own connection.
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::thread desk([&] {
        auto clinic = Clinic::open(db, extensions, clock, OpenMode::existing);
        if (!clinic) {
            ++failures;
            return;
        }
        for (int i = 0; !stop; ++i) {
            const std::string key = "drill-" + std::to_string(i);
            auto done = (*clinic)->bus().execute(
                {"clients.create",
                 {{"first_name", "Drill"}, {"last_name", "Client " + std::to_string(i)}, {"date_of_birth", "1980-05-01"}},
                 "owner",
                 key});
            if (!done) {
                ++failures;
                continue;
            }
            std::lock_guard lock(mutex);
            acknowledged.push_back(key);
        }
    });
    const auto count = [&] {
        std::lock_guard lock(mutex);
        return acknowledged.size();
    };
    while (count() < 25 && failures == 0)
        std::this_thread::yield();
    std::vector<std::string> before;
    {
        std::lock_guard lock(mutex);
        before = acknowledged;
    }
    auto made = write_backup(db, dir + "/drill.fbk", passphrase);
    const std::size_t at_backup_end = count();
    while (count() < at_backup_end + 10 && failures == 0)
        std::this_thread::yield(); // the desk kept writing after the backup too
    stop = true;
    desk.join();
    ASSERT_EQ(failures, 0) << "the desk's writes failed while the backup ran";
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_TRUE(made->encrypted);

    auto restored = restore_backup(dir + "/drill.fbk", dir + "/restored/clinic.db", passphrase);
    ASSERT_TRUE(restored) << restored.error().message;

    {
        auto copy = Database::open(dir + "/restored/clinic.db", OpenMode::read_only);
        ASSERT_TRUE(copy) << copy.error().message;
        auto integrity = (*copy)->query("PRAGMA integrity_check");
        ASSERT_TRUE(integrity.step());
        EXPECT_EQ(integrity.text(0), "ok");
        const auto audit = verify_audit_log(**copy);
        EXPECT_TRUE(audit.ok()) << audit.reason;
        EXPECT_EQ(audit.entries_checked, restored->audit_entries);
        for (const auto& key : before) {
            auto found = (*copy)->query("SELECT count(*) FROM command_log WHERE idempotency_key = ?", key);
            found.step();
            EXPECT_EQ(found.integer(0), 1) << key << " was acknowledged before the backup began but is not in it";
        }
        // One consistent moment: every command in the copy has its audit entry.
        auto orphans = (*copy)->query("SELECT count(*) FROM command_log c WHERE NOT EXISTS "
                                      "(SELECT 1 FROM audit_log a WHERE a.idempotency_key = c.idempotency_key)");
        orphans.step();
        EXPECT_EQ(orphans.integer(0), 0);
    } // closed: a read lock would keep the copy from switching to WAL below
    // And the restored copy opens as a clinic again.
    auto reopened = Clinic::open(dir + "/restored/clinic.db", extensions, clock, OpenMode::existing);
    EXPECT_TRUE(reopened) << reopened.error().message;
}

TEST_F(BackupTest, FilesAndFoldersArePrivate)
{
    auto made = write_backup(db, dir + "/new/folder/plain.fbk", std::nullopt);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_FALSE(made->encrypted);
    EXPECT_EQ(mode_of(dir + "/new/folder/plain.fbk"), 0600u);
    EXPECT_EQ(mode_of(dir + "/new/folder"), 0700u);
    EXPECT_EQ(mode_of(dir + "/new"), 0700u);
    // Plain restores need no passphrase and give the same clinic back.
    auto restored = restore_backup(dir + "/new/folder/plain.fbk", dir + "/plain.db", std::nullopt);
    ASSERT_TRUE(restored) << restored.error().message;
    EXPECT_EQ(mode_of(dir + "/plain.db"), 0600u);
    EXPECT_EQ(restored->audit_entries, made->audit_entries);
}

TEST_F(BackupTest, AnEncryptedBackupDoesNotContainTheDatabaseInClear)
{
    ASSERT_TRUE(write_backup(db, dir + "/secret.fbk", passphrase));
    std::ifstream in(dir + "/secret.fbk", std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_THAT(content, ::testing::Not(HasSubstr("SQLite format 3")));
    EXPECT_THAT(content, ::testing::Not(HasSubstr("clients")));
}

TEST_F(BackupTest, AWrongPassphraseIsBadInputAndWritesNothing)
{
    ASSERT_TRUE(write_backup(db, dir + "/b.fbk", passphrase));
    auto restored = restore_backup(dir + "/b.fbk", dir + "/out.db", std::string("not the passphrase"));
    ASSERT_FALSE(restored);
    EXPECT_EQ(exit_code(restored.error().kind), 2);
    EXPECT_THAT(restored.error().message, HasSubstr("passphrase does not open"));
    EXPECT_FALSE(fs::exists(dir + "/out.db"));
    auto missing = restore_backup(dir + "/b.fbk", dir + "/out.db", std::nullopt);
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error().message, HasSubstr("encrypted: give its passphrase"));
}

TEST_F(BackupTest, AnEmptyTargetPathIsBadInput)
{
    // `fascia backup --to ""` once failed as an I/O error (exit 3).
    auto made = write_backup(db, "", passphrase);
    ASSERT_FALSE(made);
    EXPECT_EQ(exit_code(made.error().kind), 2);
    EXPECT_THAT(made.error().message, HasSubstr("--to FILE"));
    ASSERT_TRUE(write_backup(db, dir + "/b.fbk", passphrase));
    auto restored = restore_backup(dir + "/b.fbk", "", passphrase);
    ASSERT_FALSE(restored);
    EXPECT_EQ(exit_code(restored.error().kind), 2);
}

TEST_F(BackupTest, ATruncatedFileIsAnIoErrorThatSaysWhatToDo)
{
    ASSERT_TRUE(write_backup(db, dir + "/enc.fbk", passphrase));
    ASSERT_TRUE(write_backup(db, dir + "/plain.fbk", std::nullopt));
    // Cut inside a part, at a part's boundary (the FINAL tag lost), and in the header.
    const auto size = fs::file_size(dir + "/enc.fbk");
    const std::uintmax_t header = 80, first_part = 65536 + 17;
    ASSERT_GT(size, header + first_part) << "the demo clinic should fill more than one 64 KiB part";
    for (std::uintmax_t cut : {size / 2, header + first_part, std::uintmax_t{40}}) {
        fs::copy_file(dir + "/enc.fbk", dir + "/cut.fbk", fs::copy_options::overwrite_existing);
        truncate_to(dir + "/cut.fbk", cut);
        auto restored = restore_backup(dir + "/cut.fbk", dir + "/out.db", passphrase);
        ASSERT_FALSE(restored) << "cut at " << cut;
        EXPECT_EQ(exit_code(restored.error().kind), 3) << restored.error().message;
        EXPECT_THAT(restored.error().message, HasSubstr("truncated"));
        EXPECT_THAT(restored.error().message, HasSubstr("Use an earlier backup"));
        EXPECT_FALSE(fs::exists(dir + "/out.db"));
    }
    truncate_to(dir + "/plain.fbk", fs::file_size(dir + "/plain.fbk") - 4096);
    auto plain = restore_backup(dir + "/plain.fbk", dir + "/out.db", std::nullopt);
    ASSERT_FALSE(plain);
    EXPECT_EQ(exit_code(plain.error().kind), 3);
    EXPECT_THAT(plain.error().message, HasSubstr("truncated"));
}

TEST_F(BackupTest, RestoreNeverOverwritesADatabase)
{
    ASSERT_TRUE(write_backup(db, dir + "/b.fbk", std::nullopt));
    const auto before = file_sha256(db);
    auto restored = restore_backup(dir + "/b.fbk", db, std::nullopt);
    ASSERT_FALSE(restored);
    EXPECT_EQ(restored.error().kind, ErrorKind::conflict);
    EXPECT_THAT(restored.error().message, HasSubstr("restore never overwrites"));
    EXPECT_EQ(file_sha256(db), before);
    // Nor does a backup overwrite an earlier one.
    EXPECT_FALSE(write_backup(db, dir + "/b.fbk", std::nullopt));
}

TEST_F(BackupTest, RotatedBackupsKeepTheNewest)
{
    for (const char* stamp : {"20261120T020000Z", "20261121T020000Z", "20261122T020000Z"})
        ASSERT_TRUE(write_rotated_backup(db, dir + "/nightly", stamp, 2, std::nullopt));
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir + "/nightly"))
        left.push_back(e.path().filename().string());
    EXPECT_THAT(left, ::testing::UnorderedElementsAre("clinic-20261121T020000Z.fbk", "clinic-20261122T020000Z.fbk"));
}

// The CLI reads the passphrase from standard input and maps errors to exit codes.
TEST_F(BackupTest, CliBackupAndRestoreWithAPassphraseOnStandardInput)
{
    const std::map<std::string, std::string> env{{"HOME", dir}, {"FASCIA_DB", ""}, {"FASCIA_USER", ""}};
    auto made = run_process(FASCIA_CLI, {"--db", db, "backup", "--to", dir + "/cli.fbk"}, env,
                            std::string(passphrase) + "\n");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_THAT(made.out, HasSubstr("encrypted"));
    auto none = run_process(FASCIA_CLI, {"--db", db, "backup", "--to", dir + "/none.fbk"}, env, "");
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_THAT(none.err, HasSubstr("--no-encrypt"));
    auto wrong = run_process(FASCIA_CLI, {"restore", dir + "/cli.fbk", "--to", dir + "/r.db"}, env, "wrong one\n");
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_THAT(wrong.err, HasSubstr("passphrase"));
    auto right = run_process(FASCIA_CLI, {"restore", dir + "/cli.fbk", "--to", dir + "/r.db"}, env,
                             std::string(passphrase) + "\n");
    ASSERT_EQ(right.exit_code, 0) << right.err;
    auto status = run_process(FASCIA_CLI, {"--db", dir + "/r.db", "audit", "verify"}, env);
    EXPECT_EQ(status.exit_code, 0) << status.err;
}

} // namespace
} // namespace fascia::test
