// `fascia clients import|merge` and `init --country` through the real binary:
// exit codes, and a database left byte-for-byte unchanged by a failed or dry run.
#include "cli_fixture.h"

#include <fstream>

using namespace fascia::test;

namespace {

class ClientsCli : public CliTest {
protected:
    std::string csv(const std::string& name, const std::string& bytes)
    {
        const auto path = dir + "/" + name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
};

} // namespace

TEST_F(ClientsCli, AFailedOrDryImportLeavesTheDatabaseUnchanged)
{
    ASSERT_EQ(fascia({"init"}).exit_code, 0);
    const auto before = file_sha256(db);

    const auto bad_row = csv("bad.csv", "First Name,Surname,DOB\r\nAnn,Lee,05/04/1980\r\nBen,Ray,5/4/80\r\n");
    auto r = fascia({"clients", "import", bad_row});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("row 3  error  Ben Ray"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("two-digit year"), std::string::npos) << r.err;
    EXPECT_EQ(file_sha256(db), before);

    EXPECT_EQ(fascia({"clients", "import", bad_row, "--map", "DOB=birthday"}).exit_code, 2);
    EXPECT_EQ(fascia({"clients", "import", bad_row, "--encoding", "latin-9"}).exit_code, 2);
    EXPECT_EQ(fascia({"clients", "import", dir + "/missing.csv"}).exit_code, 2);
    EXPECT_EQ(file_sha256(db), before);

    const auto good = csv("good.csv", "First Name,Surname,DOB\nAnn,Lee,05/04/1980\n");
    auto dry = fascia_json({"clients", "import", good, "--dry-run"});
    EXPECT_EQ(dry.at("created").as_int64(), 1);
    EXPECT_FALSE(dry.at("applied").as_bool());
    EXPECT_EQ(file_sha256(db), before);
}

TEST_F(ClientsCli, ImportThenFindByPhoneThenMerge)
{
    ASSERT_EQ(fascia({"init", "--country", "AU", "--time-zone", "Australia/Sydney"}).exit_code, 0);
    const auto file = csv("clients.csv", "Given Name,Family Name,Date of Birth,Mobile Phone,Email\n"
                                         "Mia,Nguyen,05/04/1980,0412 345 678,mia@example.com\n"
                                         "Mia,Nguyen,05/04/1981,,\n");
    auto report = fascia_json({"clients", "import", file, "--date-format", "dmy"});
    EXPECT_EQ(report.at("created").as_int64(), 2);
    auto found = fascia_json({"clients", "find", "+61 412 345 678"});
    ASSERT_EQ(found.at("clients").as_array().size(), 1u);
    const auto keep = std::string(found.at("clients").at(0).at("id").as_string());
    EXPECT_EQ(found.at("clients").at(0).at("date_of_birth").as_string(), "1980-04-05");
    auto both = fascia_json({"clients", "find", "nguyen"});
    ASSERT_EQ(both.at("clients").as_array().size(), 2u);
    std::string other;
    for (const auto& c : both.at("clients").as_array())
        if (c.at("id").as_string() != keep)
            other = std::string(c.at("id").as_string());

    auto shown = fascia({"clients", "show", keep});
    EXPECT_NE(shown.out.find("0412 345 678"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("05/04/1980"), std::string::npos) << "day first in Australia: " << shown.out;
    EXPECT_EQ(shown.out.find("Mia Nguyen"), shown.out.rfind("Mia Nguyen")) << "the name once: " << shown.out;

    auto twice = fascia({"clients", "add", "--first-name", "Mia", "--last-name", "Nguyen", "--dob", "1980-04-05"});
    EXPECT_EQ(twice.exit_code, 1);
    EXPECT_NE(twice.err.find("--allow-duplicate"), std::string::npos) << "the option as typed: " << twice.err;

    for (const std::vector<std::string>& mistyped :
         {std::vector<std::string>{"clients", "merge", keep, "nope"}, {"clients", "show", "nope"},
          {"clients", "update", "nope", "--phone", "0412 345 678"}, {"clients", "consent", "nope"}}) {
        auto nobody = fascia(mistyped);
        EXPECT_EQ(nobody.exit_code, 2) << "an unknown id is bad input: " << mistyped[1];
        EXPECT_NE(nobody.err.find("no client nope"), std::string::npos) << nobody.err;
    }

    auto merged = fascia({"clients", "merge", keep, other});
    EXPECT_EQ(merged.exit_code, 0) << merged.err;
    EXPECT_EQ(fascia_json({"clients", "find", "nguyen"}).at("clients").as_array().size(), 1u);
    // Nothing to look for is bad input, not the first twenty clients.
    for (const char* nothing : {"", "   ", "%", "'"})
        EXPECT_EQ(fascia({"clients", "find", nothing}).exit_code, 2) << "'" << nothing << "'";
    EXPECT_EQ(fascia({"clients", "merge", keep, other}).exit_code, 1) << "already merged";
    EXPECT_EQ(fascia({"clients", "add", "--first-name", "A", "--last-name", "B", "--dob", "1990-01-01",
                      "--phone", "12345"})
                  .exit_code,
              2);
}

TEST_F(ClientsCli, AnUnknownCountryIsRefusedBeforeAnythingIsCreated)
{
    auto r = fascia({"init", "--country", "UK"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("country"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(db));
}

TEST_F(ClientsCli, AnImportNamesTheColumnsItLeavesOutAndTheLinesOfItsErrors)
{
    ASSERT_EQ(fascia({"init"}).exit_code, 0);
    const auto before = file_sha256(db);
    // A blank line before the bad row: errors name the line an editor shows.
    const auto file = csv("clients.csv", "First Name,Surname,DOB,Allergies\nAnn,Lee,05/04/1980,latex\n\n"
                                         ",Ray,31/02/1980,\n");
    auto bad = fascia({"clients", "import", file, "--dry-run"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("'Allergies'"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("row 4  error"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("first_name: empty"), std::string::npos) << "every error of the row: " << bad.err;
    EXPECT_NE(bad.err.find("no day 31"), std::string::npos) << "every error of the row: " << bad.err;

    const auto good = csv("good.csv", "First Name,Surname,DOB,Allergies\nAnn,Lee,05/04/1980,latex\n");
    auto dry = fascia({"clients", "import", good, "--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_NE(dry.out.find("'Allergies'"), std::string::npos) << "shown before anything is written: " << dry.out;
    EXPECT_NE(dry.out.find("row 2  to create  Ann Lee"), std::string::npos) << "every row in a dry run: " << dry.out;
    EXPECT_EQ(file_sha256(db), before);
    auto done = fascia_json({"clients", "import", good});
    ASSERT_EQ(done.at("ignored_columns").as_array().size(), 1u);
    EXPECT_EQ(done.at("ignored_columns").at(0).as_string(), "Allergies");
    EXPECT_EQ(done.at("created").as_int64(), 1);

    auto again = fascia({"clients", "import", good, "--dry-run"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("0 to create"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("1 already present"), std::string::npos) << again.out;
    EXPECT_EQ(again.out.find("created"), std::string::npos) << again.out;
}
