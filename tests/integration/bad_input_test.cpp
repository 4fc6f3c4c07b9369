#include "cli_fixture.h"

#include <fstream>

using namespace fascia::test;

namespace {

void write_file(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST_F(CliTest, AFileThatIsNotSqliteIsRefusedWithExitTwoAsAWrongDbAndNotModified)
{
    write_file(db, "Name,Phone\nZoë Smith,07700 900123\n");
    const auto before = file_sha256(db);
    for (auto args : {std::vector<std::string>{"status"}, {"clients", "find", "smi"},
                      {"clients", "add", "--first-name", "A", "--last-name", "B", "--dob", "1990-01-01"},
                      {"demo"}, {"init"}}) {
        auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args.front() << ": a wrong --db is the person's mistake";
        EXPECT_NE(r.err.find("is not a Fascia database (it is not an SQLite database"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("not changed"), std::string::npos) << r.err;
    }
    EXPECT_EQ(file_sha256(db), before);
    EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
}

TEST_F(CliTest, ATruncatedDatabaseIsRefusedWithExitThreeAndNotModified)
{
    ASSERT_EQ(fascia({"demo", "--scale", "300"}).exit_code, 0);
    {
        // Fold the WAL back in so the file on its own is the whole database.
        auto r = run_process("/usr/bin/sqlite3", {db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    std::filesystem::resize_file(db, std::filesystem::file_size(db) / 2);
    const auto before = file_sha256(db);
    auto r = fascia({"clients", "find", "smi"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("looks truncated"), std::string::npos) << r.err;
    EXPECT_EQ(file_sha256(db), before);
}

TEST_F(CliTest, AMissingDatabaseSaysHowToCreateOne)
{
    auto r = fascia({"clients", "find", "smi"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("fascia init"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(db)) << "reading never creates a database";
}

TEST_F(CliTest, ADatabaseFromANewerFasciaIsRefusedAndLeftUntouched)
{
    ASSERT_EQ(fascia({"init"}).exit_code, 0);
    auto r = run_process("/usr/bin/sqlite3",
                         {db, "INSERT INTO schema_migrations VALUES ('core', 9999, 'from_the_future', 'x', 'now');"
                              "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto before = file_sha256(db);
    auto refused = fascia({"status"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("written by a newer version of Fascia"), std::string::npos) << refused.err;
    EXPECT_EQ(file_sha256(db), before);
}
