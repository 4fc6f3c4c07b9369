#include <fascia/clinic.h>
#include <fascia/migrations.h>

#include "process.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace fascia;

namespace {

class Migrations : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = test::make_temp_dir("migrations");
        path = dir + "/clinic.db";
        register_core(extensions);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

    Result<std::vector<std::string>> open_and_migrate(const std::vector<Migration>& migrations)
    {
        auto db = Database::open(path, OpenMode::create_if_missing);
        if (!db)
            return db.error();
        return migrate(**db, migrations, clock);
    }

    std::string dir, path;
    Extensions extensions;
    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
};

std::vector<Migration> with_plugin(std::vector<Migration> base, Migration extra)
{
    base.push_back(std::move(extra));
    return base;
}

} // namespace

TEST_F(Migrations, ANewDatabaseGetsEveryMigrationOnceAndRecordsIt)
{
    auto first = open_and_migrate(extensions.migrations);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->size(), extensions.migrations.size());
    EXPECT_EQ(first->front(), "core/0001_clinic");
    auto again = open_and_migrate(extensions.migrations);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty()) << "nothing is applied twice";
    auto db = *Database::open(path, OpenMode::existing);
    auto q = db->query("SELECT count(*), min(length(checksum)) FROM schema_migrations");
    q.step();
    EXPECT_EQ(q.integer(0), static_cast<std::int64_t>(extensions.migrations.size()));
    EXPECT_EQ(q.integer(1), 64) << "each migration is recorded with its SHA-256";
}

TEST_F(Migrations, AChangedAppliedMigrationIsRefusedAndNothingIsWritten)
{
    ASSERT_TRUE(open_and_migrate(extensions.migrations));
    auto changed = extensions.migrations;
    changed[0].sql += "\n-- edited after release\n";
    const auto before = test::file_sha256(path);
    auto r = open_and_migrate(changed);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::refused);
    EXPECT_NE(r.error().message.find("core/0001_clinic has changed"), std::string::npos)
        << r.error().message;
    EXPECT_EQ(test::file_sha256(path), before);
}

TEST_F(Migrations, ADatabaseFromANewerVersionIsRefusedAndLeftUntouched)
{
    auto newer = with_plugin(extensions.migrations, {"core", 99, "from_the_future", "CREATE TABLE later(x);"});
    ASSERT_TRUE(open_and_migrate(newer));
    {
        auto db = *Database::open(path, OpenMode::existing);
        db->exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
    }
    const auto before = test::file_sha256(path);
    auto r = open_and_migrate(extensions.migrations);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("newer version of Fascia"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("core/0099_from_the_future"), std::string::npos);
    EXPECT_EQ(test::file_sha256(path), before);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal")) << "not even a WAL file was made";
}

TEST_F(Migrations, AFailingMigrationIsRolledBackWhole)
{
    ASSERT_TRUE(open_and_migrate(extensions.migrations));
    auto broken = with_plugin(extensions.migrations,
                              {"notes", 1, "broken", "CREATE TABLE half(x); INSERT INTO nowhere VALUES (1);"});
    auto r = open_and_migrate(broken);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("notes/0001_broken failed and was rolled back"), std::string::npos);
    auto db = *Database::open(path, OpenMode::existing);
    auto q = db->query("SELECT count(*) FROM sqlite_schema WHERE name = 'half'");
    q.step();
    EXPECT_EQ(q.integer(0), 0) << "the first statement of the failed migration was undone too";
}

TEST_F(Migrations, AnotherApplicationsSqliteFileIsNotTakenOver)
{
    {
        auto db = *Database::open(path, OpenMode::create_if_missing);
        db->exec("CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('soup');");
    }
    const auto before = test::file_sha256(path);
    auto r = open_and_migrate(extensions.migrations);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("is not a Fascia database (it is an SQLite database, but not a Fascia clinic"
                                     " database)"),
              std::string::npos)
        << r.error().message;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << "a wrong --db is the person's mistake: exit 2";
    EXPECT_EQ(test::file_sha256(path), before);
}

TEST_F(Migrations, AFileThatIsNotSqliteOrIsTruncatedIsRefusedBeforeOpening)
{
    ASSERT_TRUE(open_and_migrate(extensions.migrations));
    {
        auto db = *Database::open(path, OpenMode::existing);
        db->exec("PRAGMA wal_checkpoint(TRUNCATE);");
    }
    const auto size = std::filesystem::file_size(path);
    std::filesystem::resize_file(path, size - 4096);
    auto truncated = Database::open(path, OpenMode::existing);
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().kind, ErrorKind::io);
    EXPECT_NE(truncated.error().message.find("looks truncated"), std::string::npos);
}

TEST_F(Migrations, AClinicFromBeforeE164GetsItsNumbersReadInTheMigrationItself)
{
    // A clinic as it was before migration 0005, with a client whose number was typed nationally.
    std::vector<Migration> before;
    for (const auto& m : extensions.migrations)
        if (m.component == "core" && m.number < 5)
            before.push_back(m);
    ASSERT_TRUE(open_and_migrate(before));
    {
        auto db = *Database::open(path, OpenMode::existing);
        db->exec("INSERT INTO clients(id, first_name, last_name, date_of_birth, phone, created_at, updated_at)"
                 " VALUES ('c1', 'Zoë', 'Smith', '1985-06-15', '07700 900123', '2026-01-01T00:00:00Z',"
                 " '2026-01-01T00:00:00Z')");
    }
    ASSERT_TRUE(open_and_migrate(extensions.migrations));
    auto db = *Database::open(path, OpenMode::existing);
    auto q = db->query("SELECT phone_e164, phone_tail FROM clients WHERE id = 'c1'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "+447700900123") << "filled by 0005's step, before anyone opens the clinic";
    EXPECT_EQ(q.text(1), "321009007744");
}
