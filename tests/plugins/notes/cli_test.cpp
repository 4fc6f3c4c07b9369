// `fascia notes` through the real binary with the plugins loaded, on the demo
// clinic: the form, write / sign / amend / show / progress with --json, the
// front desk refused, bad input as exit 2 with the database byte-identical,
// the demo's own signed courses (some improving, one flagged), and that a
// note's text never reaches anything but the stdout of the person who asked.
#include "module_cli_test.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fascia::notes {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::Not;

/// Text no program would print unless it printed the note.
constexpr const char* secret = "Zebra-piriformis 7731 after the ferry crossing";

class notes_cli : public fascia::test::ModuleCliTest {
protected:
    notes_cli() : ModuleCliTest("notes", Start::demo) {}

    /// A demo client with a course (screened and bookable) and a new appointment with priya, checked
    /// (every question no, unless `yes` names one).
    std::string checked_appointment(const std::string& yes = {})
    {
        auto r = fascia({"schedule", "waitlist", "list", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        client = std::string(parsed(r).at("waiting").as_array().at(0).at("client_id").as_string());
        r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--therapist", "priya", "--from",
                    "2026-11-24T08:00+00:00", "--client", client, "--count", "1", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        const std::string slot(parsed(r).at("slots").as_array().at(0).at("start").as_string());
        r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                    "priya", "--start", slot, "--json", "--as", "frontdesk"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        const std::string id(parsed(r).at("id").as_string());
        now = slot.substr(0, 10) + "T08:00:00Z"; // the check is done on the day of the session
        std::vector<std::string> check{"schedule", "precheck", id, "--as", "frontdesk"};
        if (!yes.empty())
            check.insert(check.end(), {"--yes", yes});
        r = fascia(check);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return id;
    }

    json::value note(int pain) const
    {
        auto blank = parsed(fascia({"notes", "form"})).as_object();
        blank.erase("choices");
        blank["soap"].as_object()["subjective"] = secret;
        blank["techniques"] = json::array{"myofascial release"};
        blank["areas"] = json::array{json::object{{"region", "lower back"}, {"side", "both"}}};
        blank["advice"] = json::array{"spinal stretches 15 minutes twice daily"};
        blank["measures"].as_object()["nprs_now"] = pain;
        blank["measures"].as_object()["sbi"] = json::array{3, 2, 4, 4};
        return blank;
    }

    std::string client;
};

TEST_F(notes_cli, WriteSignAmendShowAndProgressWithJson)
{
    const auto id = checked_appointment();
    auto r = fascia({"notes", "write", "--appointment", id, write("note.json", note(5)), "--as", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("status"), "draft");
    r = fascia({"notes", "sign", id, "--as", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("status"), "signed");
    // Signed is locked: writing again is refused by a rule (exit 1).
    r = fascia({"notes", "write", "--appointment", id, "-", "--as", "priya", "--json"}, json::serialize(note(4)));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "signed");
    r = fascia({"notes", "amend", id, "--reason", "Pain was 4 on reflection", "-", "--as", "priya", "--json"},
               json::serialize(note(4)));
    ASSERT_EQ(r.exit_code, 0) << r.err;

    r = fascia({"notes", "show", "--appointment", id, "--as", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto shown = parsed(r);
    EXPECT_EQ(shown.at("original").at("measures").at("nprs_now").at("value").to_number<double>(), 5);
    EXPECT_EQ(shown.at("current").at("measures").at("nprs_now").at("value").to_number<double>(), 4);
    EXPECT_EQ(shown.at("amendments").at(0).at("reason"), "Pain was 4 on reflection");
    r = fascia({"notes", "show", "--appointment", id, "--as", "priya"});
    EXPECT_THAT(r.out, HasSubstr("Original:"));
    EXPECT_THAT(r.out, HasSubstr("because: Pain was 4 on reflection"));

    r = fascia({"notes", "progress", "--client", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto progress = parsed(r);
    EXPECT_GE(progress.at("sessions").to_number<int>(), 1);
    EXPECT_TRUE(progress.at("measures").at("sbi").is_object());

    // The front desk never reads a note (exit 1), and nothing of it is printed.
    r = fascia({"notes", "show", "--appointment", id, "--as", "frontdesk", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("kind"), "forbidden");
    EXPECT_THAT(r.out + r.err, Not(HasSubstr("Zebra")));
    // Every read is in the audit log: who, which client, and when; never the text.
    r = fascia({"audit", "list", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("notes.read"));
    EXPECT_THAT(r.out, HasSubstr(client));
    EXPECT_THAT(r.out, Not(HasSubstr("Zebra")));
}

TEST_F(notes_cli, ANoteWrittenWithoutAsShowsTheOwnerWhoIsAuditedAsItsAuthor)
{
    const auto id = checked_appointment();
    // Without --as (and no staff member with this login name) the owner is the actor.
    auto r = fascia({"notes", "write", "--appointment", id, write("note.json", note(5)), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto note_id = parsed(r).at("id");
    r = fascia({"audit", "list", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string audited;
    const auto audit = parsed(r);
    for (const auto& e : audit.at("entries").as_array())
        if (e.at("command") == "notes.write" && e.at("record_id") == note_id)
            audited = std::string(e.at("actor").as_string());
    ASSERT_FALSE(audited.empty()) << r.out;
    EXPECT_NE(audited, "priya");
    r = fascia({"notes", "show", "--appointment", id, "--as", "priya"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("(draft), written by " + audited + " at "));
    EXPECT_THAT(r.out, HasSubstr(", for priya's session"));
    EXPECT_EQ(parsed(fascia({"notes", "show", "--appointment", id, "--as", "priya", "--json"})).at("written_by"), json::value(audited));
}

TEST_F(notes_cli, BadInputIsExitTwoAndLeavesTheDatabaseByteIdentical)
{
    const auto id = checked_appointment();
    const auto before = bytes();
    auto too_long = note(5).as_object();
    too_long["soap"].as_object()["plan"] = std::string(20001, 'x');
    auto bad_pain = note(5).as_object();
    bad_pain["measures"].as_object()["nprs_now"] = 12;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"notes", "write", "--appointment", id, write("long.json", too_long), "--as", "priya", "--json"}, "note.soap.plan"},
        {{"notes", "write", "--appointment", id, write("pain.json", bad_pain), "--as", "priya", "--json"},
         "measures.nprs_now"},
        {{"notes", "write", "--appointment", id, dir + "/missing.json", "--as", "priya", "--json"}, "input"},
        {{"notes", "sign", "no-such-note", "--as", "priya", "--json"}, "id"},
    };
    for (const auto& [args, field] : cases) {
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
        EXPECT_EQ(error_of(r).at("field"), json::value(field));
    }
    auto r = fascia({"notes", "write", "--appointment", id, "-", "--as", "priya", "--json"}, "{not json");
    EXPECT_EQ(r.exit_code, 2);
    r = fascia({"notes", "write", "--appointment", id});
    EXPECT_EQ(r.exit_code, 2) << "FILE is required";
    EXPECT_EQ(bytes(), before);
}

TEST_F(notes_cli, NoteTextNeverReachesStderrOrAnyFileButTheDatabase)
{
    const auto id = checked_appointment();
    std::string printed;
    const auto keep = [&](const fascia::test::ProcessResult& r) {
        printed += r.err;
        return r;
    };
    const auto path = write("note.json", note(5));
    keep(fascia({"notes", "write", "--appointment", id, path, "--as", "priya"}));
    // A refusal and a failure, which print errors about this very note.
    keep(fascia({"notes", "write", "--appointment", id, path, "--as", "tom"}));
    keep(fascia({"notes", "amend", id, "--reason", "r", path, "--as", "priya"}));
    keep(fascia({"notes", "sign", id, "--as", "priya"}));
    auto r = keep(fascia({"notes", "write", "--appointment", id, path, "--as", "priya", "--json"}));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.out, Not(HasSubstr("Zebra")));
    EXPECT_THAT(printed, Not(HasSubstr("Zebra")));
    // Only the database (and the note file the test wrote) hold the text.
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
        if (!f.is_regular_file() || f.path() == path || f.path().string().rfind(db, 0) == 0)
            continue;
        std::ifstream in(f.path(), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        EXPECT_THAT(s.str(), Not(HasSubstr("Zebra"))) << f.path();
    }
}

TEST_F(notes_cli, TheLetterAndHandoutPdfsHoldTheMeasuresAndTheAdvice)
{
    const auto id = checked_appointment();
    ASSERT_EQ(fascia({"notes", "write", "--appointment", id, write("note.json", note(5)), "--as", "priya"}).exit_code, 0);
    ASSERT_EQ(fascia({"notes", "sign", id, "--as", "priya"}).exit_code, 0);
    const auto pdf_text = [&](const std::string& path) {
        const auto r = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", path, "-"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    };

    const auto letter = dir + "/letter.pdf";
    auto r = fascia({"notes", "letter", "--client", client, "--to", "gp", "--pdf", letter, "--as", "priya"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto text = pdf_text(letter);
    for (const char* expected : {"Progress report", "Dear Doctor", "myofascial release", "Meaningful"})
        EXPECT_THAT(text, HasSubstr(expected));
    // The measures with their values: pain 6 at screening, 5 now; the SBI items 3, 2, 4, 4 total 13.
    EXPECT_THAT(text, testing::ContainsRegex("Pain now \\(NPRS, 0-10\\) +6 +5 +1 better"));
    // The label may wrap in its column ("Index (0-24)" on the next line).
    EXPECT_THAT(text, testing::ContainsRegex("Sciatica Bothersomeness( Index \\(0-24\\))? +13"));

    const auto handout = dir + "/handout.pdf";
    r = fascia({"notes", "handout", "--appointment", id, "--pdf", handout, "--as", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("pdf"), json::value(handout));
    text = pdf_text(handout);
    EXPECT_THAT(text, HasSubstr("Your home-care plan"));
    EXPECT_THAT(text, HasSubstr("spinal stretches 15 minutes twice daily"));
    EXPECT_THAT(text, HasSubstr("lower back (both)"));

    // Without --pdf: text, or JSON with --json.
    r = fascia({"notes", "handout", "--appointment", id, "--as", "priya"});
    EXPECT_THAT(r.out, HasSubstr("  - spinal stretches 15 minutes twice daily"));
    r = fascia({"notes", "letter", "--client", client, "--to", "gp", "--as", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("to"), "gp");

    // A read of notes: the front desk is refused and no file is written; a bad recipient is exit 2.
    r = fascia({"notes", "letter", "--client", client, "--to", "gp", "--pdf", dir + "/desk.pdf", "--as", "frontdesk"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(dir + "/desk.pdf"));
    r = fascia({"notes", "handout", "--appointment", id, "--as", "frontdesk", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("kind"), "forbidden");
    r = fascia({"notes", "letter", "--client", client, "--to", "dentist", "--as", "priya", "--json"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(error_of(r).at("field"), "to");
    // An unknown client is named by the option typed, not the command's field (client_id).
    r = fascia({"notes", "letter", "--client", "nobody-known", "--to", "gp", "--as", "priya"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "fascia: --client: there is no client nobody-known\n");
    r = fascia({"notes", "progress", "--client", "nobody-known", "--as", "priya", "--json"});
    EXPECT_EQ(error_of(r).at("message"), "--client: there is no client nobody-known");
    EXPECT_EQ(error_of(r).at("field"), "client_id") << "scripts keep the field";
    EXPECT_EQ(error_of(r).at("option"), "--client");
    // Each letter and handout read is audited, naming the client.
    r = fascia({"audit", "list", "--json"});
    const auto audit = parsed(r);
    std::size_t reads = 0;
    for (const auto& e : audit.at("entries").as_array())
        if (e.at("command") == "notes.read" && e.at("record_id") == json::value(client))
            ++reads;
    EXPECT_EQ(reads, 4u);
}

TEST_F(notes_cli, ARedFlagAtTheCheckStopsTheSessionAndTheReferralGoesIntoTheLetter)
{
    const auto id = checked_appointment("saddle_numbness");
    auto r = fascia({"notes", "write", "--appointment", id, write("note.json", note(5)), "--as", "priya", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "session_stopped");
    r = fascia({"notes", "refer", "--appointment", id, "--note", "Sent to A&E", "--as", "frontdesk"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Referral recorded"));
    r = fascia({"notes", "refer", "--appointment", id, "--as", "frontdesk", "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "referred");
    r = fascia({"notes", "letter", "--client", client, "--to", "gp"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Referral to the GP of"));
    EXPECT_THAT(r.out, HasSubstr("the session was stopped (urgent referral)"));
    EXPECT_THAT(r.out, HasSubstr("Sent to A&E"));
}

TEST_F(notes_cli, TheDemoHasSignedCoursesSomeImprovingAndOneFlagged)
{
    std::set<std::string> clients;
    for (const char* week : {"2026-11-02", "2026-11-09", "2026-11-16"}) {
        const auto r = fascia({"schedule", "week", "--date", week, "--json"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto week_of = parsed(r);
        for (const auto& a : week_of.at("appointments").as_array())
            if (a.at("status") == "completed")
                clients.insert(std::string(a.at("client_id").as_string()));
    }
    ASSERT_GE(clients.size(), 2u);
    int improving = 0, flagged = 0;
    for (const auto& c : clients) {
        const auto r = fascia({"notes", "progress", "--client", c, "--json"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto p = parsed(r);
        EXPECT_GE(p.at("sessions").to_number<int>(), 1);
        if (p.at("measures").at("nprs_now").at("meaningful").as_bool())
            ++improving;
        if (p.at("flag").at("no_improvement").as_bool())
            ++flagged;
    }
    EXPECT_GE(improving, 1);
    EXPECT_EQ(flagged, 1);
}

} // namespace
} // namespace fascia::notes
