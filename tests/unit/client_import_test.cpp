// The import engine (issue 12): CSV exports from other systems, in-process.
#include "test_clinic.h"

#include <fascia/client_import.h>
#include <fascia/clients.h>

#include <boost/json.hpp>

using namespace fascia;
using fascia::test::ClinicTest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

class ClientImport : public ClinicTest {
protected:
    Result<ImportReport> import(std::string_view csv, ImportOptions options = {})
    {
        options.actor = "owner";
        return import_clients(*clinic, csv, options);
    }
    /// Imports and expects the file as a whole to be readable.
    ImportReport run(std::string_view csv, ImportOptions options = {})
    {
        auto r = import(csv, std::move(options));
        EXPECT_TRUE(r) << r.error().message;
        return r ? *r : ImportReport{};
    }
    std::vector<std::string> outcomes(const ImportReport& report)
    {
        std::vector<std::string> out;
        for (const auto& r : report.rows)
            out.push_back(std::string(to_string(r.outcome)));
        return out;
    }
    std::optional<Client> only(std::string_view query)
    {
        auto found = search_clients(db(), query);
        EXPECT_EQ(found.size(), 1u) << query;
        return found.empty() ? std::nullopt : std::optional(found.front());
    }
    std::int64_t commands_logged()
    {
        return count("command_log");
    }
};

} // namespace

TEST_F(ClientImport, AnExcelExportWithBomCrlfQuotedLineBreaksAndSynonyms)
{
    const std::string csv = "\xEF\xBB\xBF"
                            "First Name,Surname,Date of Birth,Mobile,E-mail,Address 1,Suburb\r\n"
                            "Siobhán,O'Brien,05/04/1980,07700 900123,siobhan@example.com,\"Flat 2\r\n12 High St\",Clifton\r\n"
                            "\"Mary \"\"May\"\"\",\"Jones, Jr\",31/12/1975,,,,\r\n";
    const auto report = run(csv);
    EXPECT_THAT(outcomes(report), ElementsAre("created", "created"));
    EXPECT_TRUE(report.applied);
    EXPECT_EQ(report.encoding, TextEncoding::utf8);
    const auto siobhan = only("obrien");
    ASSERT_TRUE(siobhan);
    EXPECT_EQ(siobhan->first_name, "Siobhán") << "the byte-order mark is not part of the first header";
    EXPECT_EQ(siobhan->date_of_birth, "1980-04-05") << "day first at a GB clinic";
    EXPECT_EQ(siobhan->phone_e164, "+447700900123");
    EXPECT_EQ(siobhan->address, "Flat 2\r\n12 High St, Clifton");
    const auto mary = only("jones");
    ASSERT_TRUE(mary);
    EXPECT_EQ(mary->first_name, "Mary \"May\"");
    EXPECT_EQ(mary->last_name, "Jones, Jr");
}

TEST_F(ClientImport, Windows1252IsDetectedOrGiven)
{
    // "Zoë Müller" and a curly apostrophe as Excel on Windows writes them.
    const std::string csv = "first_name,last_name,dob\nZo\xEB,M\xFCller,01/02/1990\nNiamh,O\x92Hara,02/03/1991\n";
    auto detected = run(csv);
    EXPECT_EQ(detected.encoding, TextEncoding::windows1252);
    EXPECT_EQ(only("muller")->first_name, "Zoë");
    EXPECT_EQ(only("ohara")->last_name, "O\u2019Hara");

    ImportOptions utf8;
    utf8.encoding = TextEncoding::utf8;
    auto refused = import(csv, utf8);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(refused.error().message, HasSubstr("line 2"));
}

TEST_F(ClientImport, DatesFollowTheClinicOrGivenFormatAndBadOnesAreRowErrors)
{
    ImportOptions us;
    us.date_order = DateOrder::mdy;
    us.dry_run = true;
    const std::string csv = "First Name,Last Name,DOB\nAnn,Lee,05/04/1980\n";
    EXPECT_EQ(run(csv).rows[0].outcome, ImportOutcome::created);
    ASSERT_TRUE(bus().execute({"settings.update", {{"country", "US"}}, "owner"}));
    const auto report = run("First Name,Last Name,DOB\nAnn,Lee,05/04/80\nBen,Ray,13/04/1980\nCat,Day,04/31/1980\n");
    EXPECT_FALSE(report.applied);
    EXPECT_THAT(outcomes(report), ElementsAre("error", "error", "error"));
    EXPECT_THAT(report.rows[0].reason, HasSubstr("two-digit year"));
    EXPECT_THAT(report.rows[1].reason, HasSubstr("no month 13"));
    EXPECT_THAT(report.rows[2].reason, HasSubstr("no day 31"));
    EXPECT_EQ(report.rows[1].row, 3u) << "rows are numbered as a spreadsheet shows them";
}

TEST_F(ClientImport, ARowErrorMeansNothingIsWritten)
{
    const auto before = commands_logged();
    const auto report = run("First Name,Last Name,DOB,Phone\nAnn,Lee,05/04/1980,07700 900123\n"
                            "Ben,Ray,06/04/1980,4.47701E+11\n");
    EXPECT_THAT(outcomes(report), ElementsAre("created", "error"));
    EXPECT_THAT(report.rows[1].reason, HasSubstr("scientific notation"));
    EXPECT_FALSE(report.applied);
    EXPECT_EQ(count("clients"), 0);
    EXPECT_EQ(commands_logged(), before);
}

TEST_F(ClientImport, ADryRunReportsEachRowAndChangesNothing)
{
    ImportOptions dry;
    dry.dry_run = true;
    ASSERT_TRUE(add_client("Ann", "Lee", "1980-04-05"));
    const auto before = commands_logged();
    const auto report = run("First Name,Last Name,DOB\nAnn,Lee,05/04/1980\nBen,Ray,06/04/1980\n", dry);
    EXPECT_THAT(outcomes(report), ElementsAre("matched", "created"));
    EXPECT_FALSE(report.applied);
    EXPECT_EQ(count("clients"), 1);
    EXPECT_EQ(commands_logged(), before);
}

TEST_F(ClientImport, DuplicatesMatchByEachRule)
{
    ASSERT_TRUE(bus().execute({"clients.create",
                               {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1980-04-05"},
                                {"email", "Ann.Lee@Example.com"}, {"phone", "07700 900123"}},
                               "owner"}));
    const auto report = run("first_name,last_name,date_of_birth,phone,email\n"
                            "ANN,LEE,05/04/1980,,\n"                           // same name and date of birth
                            "Annie,Leigh,05/04/1980,+44 7700 900123,\n"         // same phone and date of birth
                            "Annie,Lee-Wong,01/01/1981,,\" ann.lee@EXAMPLE.com\"\n" // only the email: review
                            "Tom,Lee,02/02/2010,,ann.lee@example.com\n"          // only the email: a different person
                            "Cat,Day,03/03/1990,,\n"
                            "Cat,Day,03/03/1990,,\n");                          // twice in the file
    ASSERT_EQ(report.rows.size(), 6u);
    EXPECT_EQ(report.rows[0].outcome, ImportOutcome::matched);
    EXPECT_THAT(report.rows[0].reason, HasSubstr("name and date of birth"));
    EXPECT_EQ(report.rows[1].outcome, ImportOutcome::matched);
    EXPECT_THAT(report.rows[1].reason, HasSubstr("phone number and date of birth"));
    EXPECT_EQ(report.rows[2].outcome, ImportOutcome::review) << report.rows[2].reason;
    EXPECT_EQ(report.rows[3].outcome, ImportOutcome::review);
    EXPECT_THAT(report.rows[3].reason, HasSubstr("different person"));
    EXPECT_EQ(report.rows[4].outcome, ImportOutcome::created);
    EXPECT_EQ(report.rows[5].outcome, ImportOutcome::matched);
    EXPECT_THAT(report.rows[5].reason, HasSubstr("row 6"));
    EXPECT_TRUE(report.applied);
    EXPECT_EQ(search_clients(db(), "day").size(), 1u);
    EXPECT_EQ(search_clients(db(), "tom lee").size(), 1u) << "the review row is created";
}

TEST_F(ClientImport, TheSameEmailWithAMatchingFirstNameIsAMatch)
{
    ASSERT_TRUE(bus().execute({"clients.create",
                               {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1980-04-05"},
                                {"email", "ann@example.com"}},
                               "owner"}));
    const auto report = run("first_name,last_name,date_of_birth,email\nAnn,Lee-Wong,01/01/1981, ANN@example.COM \n");
    EXPECT_EQ(report.rows[0].outcome, ImportOutcome::matched);
    EXPECT_THAT(report.rows[0].reason, HasSubstr("same email"));
}

TEST_F(ClientImport, AnInterruptedImportResumesWithoutDuplicates)
{
    std::string csv = "first_name,last_name,dob\n";
    for (int i = 0; i < 7; ++i)
        csv += "Client" + std::to_string(i) + ",Resume,0" + std::to_string(i + 1) + "/01/1990\n";
    ImportOptions small;
    small.batch_size = 3;
    // The first run stops after its first batch, as Cancel at the desk does.
    small.progress = [](std::size_t, std::size_t) { return false; };
    EXPECT_TRUE(run(csv, small).stopped);
    EXPECT_EQ(count("clients"), 3);
    const auto resumed = run(csv);
    EXPECT_THAT(outcomes(resumed), ElementsAre("present", "present", "present", "created", "created", "created",
                                               "created"));
    EXPECT_THAT(resumed.rows[0].reason, HasSubstr("earlier run"));
    EXPECT_EQ(count("clients"), 7);
    ImportOptions dry;
    dry.dry_run = true;
    const auto checked = run(csv, dry);
    EXPECT_EQ(checked.count(ImportOutcome::created), 0u) << "a dry run after the import has nothing to create";
    EXPECT_EQ(checked.count(ImportOutcome::present), 7u);
    const auto again = run(csv);
    EXPECT_EQ(count("clients"), 7) << "running the same file again adds nobody";
}

TEST_F(ClientImport, AnExplicitMapAndItsMistakes)
{
    const std::string csv = "Given,Family,Born On,Notes\nAnn,Lee,05/04/1980,likes deep pressure\n";
    auto unmapped = import(csv);
    ASSERT_FALSE(unmapped);
    EXPECT_THAT(unmapped.error().message, HasSubstr("first_name"));
    ImportOptions mapped;
    mapped.explicit_map = "Given=first_name, Family=last_name,Born On=date_of_birth,Notes=";
    EXPECT_THAT(outcomes(run(csv, mapped)), ElementsAre("created"));
    mapped.explicit_map = "Given=firstname";
    auto bad_field = import(csv, mapped);
    ASSERT_FALSE(bad_field);
    EXPECT_THAT(bad_field.error().message, HasSubstr("'firstname' is not a client field"));
    mapped.explicit_map = "Middle=first_name";
    auto bad_column = import(csv, mapped);
    ASSERT_FALSE(bad_column);
    EXPECT_THAT(bad_column.error().message, HasSubstr("no column 'Middle'"));
}

TEST_F(ClientImport, AnUnclosedQuoteIsAnErrorForTheWholeFile)
{
    auto r = import("first_name,last_name,dob\n\"Ann,Lee,05/04/1980\n");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_THAT(r.error().message, HasSubstr("not valid CSV"));
    EXPECT_EQ(count("clients"), 0);
}

TEST_F(ClientImport, NamesMatchWithoutAccentsCaseOrApostrophesAndHoldNoControlCharacters)
{
    // A new user's import made a second Zoë Smith from "zoe,SMITH" with her birthday.
    ASSERT_TRUE(bus().execute({"clients.create",
                               {{"first_name", "Zoë"}, {"last_name", "O'Brien"}, {"date_of_birth", "1968-03-19"}},
                               "owner"}));
    auto report = run("first_name,last_name,date_of_birth\n"
                      "zoe,OBRIEN,19/03/1968\n"
                      "Ren\xC3\xA9" "e,Day,01/01/1990\n"
                      "renee,day,01/01/1990\n");
    EXPECT_THAT(outcomes(report), ElementsAre("matched", "created", "matched"));
    EXPECT_EQ(search_clients(db(), "zoe").size(), 1u);
    // The same rule when a person adds a client by hand.
    auto again = bus().execute({"clients.create",
                                {{"first_name", "ZOE"}, {"last_name", "o'brien"}, {"date_of_birth", "1968-03-19"}},
                                "owner"});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().kind, ErrorKind::conflict);

    // A line break or a bell inside a name is a row error; nothing is written.
    const auto before = search_clients(db(), "bob").size();
    report = run("first_name,last_name,date_of_birth\n\"Multi\r\nLine\",Lee,05/04/1980\nBob\x07,Ray,05/04/1981\n");
    ASSERT_EQ(report.rows.size(), 2u);
    EXPECT_EQ(report.rows[0].outcome, ImportOutcome::error);
    EXPECT_THAT(report.rows[0].reason, HasSubstr("first_name: a name cannot hold a line break"));
    EXPECT_THAT(report.rows[1].reason, HasSubstr("first_name: a name cannot hold a control character"));
    EXPECT_FALSE(report.applied);
    EXPECT_EQ(search_clients(db(), "bob").size(), before);
    auto typed = bus().execute({"clients.create",
                                {{"first_name", "Al\nice"}, {"last_name", "X"}, {"date_of_birth", "1990-01-01"}},
                                "owner"});
    ASSERT_FALSE(typed);
    EXPECT_EQ(typed.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(typed.error().field, "first_name");
}

TEST_F(ClientImport, ColumnsThatFillNoFieldAreNamed)
{
    const auto report = run("First Name,Surname,DOB,Allergies,Notes\nAnn,Lee,05/04/1980,latex,\n");
    EXPECT_THAT(report.ignored_columns(), ElementsAre("Allergies", "Notes"));
    const auto json = report.to_json();
    EXPECT_EQ(json.at("ignored_columns").as_array().size(), 2u);
    EXPECT_EQ(json.at("ignored_columns").at(0).as_string(), "Allergies");
}

TEST_F(ClientImport, RowsAreNumberedByTheirLineInTheFileAndShowEveryError)
{
    // Blank lines and a quoted line break before the bad row still count as lines.
    const auto report = run("first_name,last_name,dob,phone,email\n"
                            "\n"
                            "Ann,Lee,05/04/1980,,\"ann@\nexample.com\"\n"
                            "\r\n"
                            ",Ray,31/02/1980,4.47701E+11,ray at example\n");
    ASSERT_EQ(report.rows.size(), 2u);
    EXPECT_EQ(report.rows[0].row, 3u);
    EXPECT_EQ(report.rows[1].row, 6u);
    EXPECT_EQ(report.rows[1].outcome, ImportOutcome::error);
    for (const char* each : {"first_name: empty", "no day 31", "scientific notation", "not an email address"})
        EXPECT_THAT(report.rows[1].reason, HasSubstr(each));
}
