// The note commands in-process, on intake, vetting and scheduling registered
// exactly as their plugins register them: writing a draft, signing (refused
// before the pre-session check), amendments beside the kept original, bad
// input changing nothing, who may read (the front desk never), every read
// audited, and progress with its baseline, meaningful changes and the flag.
#include "notes_module.h"
#include "scheduling_test_support.h"

#include <fascia/audit.h>

#include <gmock/gmock.h>

#include <sstream>

namespace fascia::notes {
namespace {

namespace json = boost::json;
using scheduling::test::at;
using scheduling::test::hours;
using scheduling::test::reason_of;

class notes_module : public scheduling::test::SchedulingModule {
protected:
    void contribute_after_scheduling() override
    {
        add_module("notes", [](PluginContext& c) { contribute(c); });
    }

    // The scheduling fixture's clinic with the notes module too, a week of
    // priya's hours, and one appointment of `client` (pain 6 at screening).
    void SetUp() override
    {
        load_modules();
        if (HasFatalFailure())
            return;
        ok("staff.create", {{"username", "owner"}, {"role", "owner"}}, "");
        ok("settings.update", {{"time_zone", "Europe/London"}});
        ok("staff.create", {{"username", "desk"}, {"role", "front_desk"}});
        ok("staff.create", {{"username", "ada"}, {"role", "admin"}});
        for (const char* t : {"priya", "tom"}) {
            ok("staff.create", {{"username", t}, {"role", "therapist"}});
            vet(t);
            json::object week;
            for (const char* d : {"mon", "tue", "wed", "thu", "fri"})
                week[d] = hours("09:00", "17:00");
            ok("scheduling.hours_set", {{"therapist", t}, {"from", "2026-01-01"}, {"week", week}});
        }
        remedial = service("60-minute remedial massage", "remedial", 60);
        room_a = id_of(ok("scheduling.room_add", {{"name", "Room A"}}));
        client = screened_client();
        appointment = booked("2026-11-23T10:00:00Z");
    }

    std::string booked(const std::string& start, const std::string& therapist = "priya")
    {
        auto r = book(therapist, start);
        EXPECT_TRUE(r) << r.error().message;
        return r ? std::string(r->result.at("id").as_string()) : std::string();
    }

    /// The pre-session check, every answer no except `yes` (a question id) if given.
    void precheck(const std::string& id, const std::string& yes = {})
    {
        json::object answers;
        for (const auto& q : *extensions.services.get<intake::IntakeService>(intake::service_id)
                                  ->precheck_questions("sciatica-intake/1"))
            answers[q] = q == yes;
        ok("scheduling.precheck", {{"id", id}, {"answers", answers}}, "desk");
    }

    static json::object note(const std::string& subjective, json::object measures = {})
    {
        return {{"soap", {{"subjective", subjective}, {"objective", "Slump test positive left"},
                          {"assessment", "Piriformis involvement"}, {"plan", "Review in a week"}}},
                {"techniques", json::array{"trigger point therapy", "myofascial release"}},
                {"areas", json::array{json::object{{"region", "buttock"}, {"side", "left"}}}},
                {"advice", json::array{"stop if numbness or weakness increases"}},
                {"measures", std::move(measures)}};
    }

    Result<CommandOutcome> write(const std::string& id, json::object n, const std::string& who = "priya")
    {
        return run("notes.write", {{"appointment_id", id}, {"note", std::move(n)}}, who);
    }

    /// A session at `start`, checked, noted with pain `pain` and signed.
    void session(const std::string& start, int pain)
    {
        const auto id = booked(start);
        clock.set(at(start.c_str()) - std::chrono::minutes{10}); // the check is done on the day, before the session
        precheck(id);
        ASSERT_TRUE(write(id, note("Session", {{"nprs_now", pain}})));
        ASSERT_TRUE(run("notes.sign", {{"id", id}}, "priya"));
    }

    json::object shown_note() { return note_json(db(), appointment); }

    std::int64_t audited_reads(const std::string& who)
    {
        return count("SELECT count(*) FROM audit_log WHERE command = 'notes.read' AND actor = '" + who
                     + "' AND record_type = 'client' AND record_id = '" + client + "'");
    }

    std::string appointment;
};

TEST_F(notes_module, AWrittenNoteIsADraftWithItsMeasuresScored)
{
    auto w = write(appointment, note("Aching left buttock", {{"nprs_now", 5},
                                                            {"odi", json::array{2, 2, 2, 2, 2, 2, 2, 1, 1, nullptr}},
                                                            {"medication", "less"}}));
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->result.at("status"), "draft");
    const auto n = shown_note();
    EXPECT_EQ(n.at("status"), "draft");
    EXPECT_EQ(n.at("therapist"), "priya");
    const auto& m = n.at("original").at("measures");
    EXPECT_EQ(shown(m.at("odi").at("value").to_number<double>()), 35.6);
    EXPECT_EQ(m.at("odi").at("version"), json::value(odi_version));
    EXPECT_EQ(m.at("nprs_now").at("value").to_number<double>(), 5);
    EXPECT_EQ(m.at("medication"), "less");
    // A draft may be written again.
    ASSERT_TRUE(write(appointment, note("Aching, better after stretching")));
    EXPECT_EQ(note_json(db(), appointment).at("original").at("soap").at("subjective"), "Aching, better after stretching");
    EXPECT_EQ(count("SELECT count(*) FROM notes"), 1);
}

TEST_F(notes_module, SigningIsRefusedBeforeThePreSessionCheck)
{
    ASSERT_TRUE(write(appointment, note("Aching")));
    auto refused_sign = run("notes.sign", {{"id", appointment}}, "priya");
    EXPECT_EQ(reason_of(refused_sign), "precheck_required");
    EXPECT_EQ(shown_note().at("status"), "draft");
    precheck(appointment);
    auto signed_note = run("notes.sign", {{"id", appointment}}, "priya");
    ASSERT_TRUE(signed_note) << signed_note.error().message;
    EXPECT_EQ(shown_note().at("status"), "signed");
    EXPECT_EQ(shown_note().at("signed_by"), "priya");
}

TEST_F(notes_module, ARedFlagAtThePreSessionCheckStopsTheSessionAndTheReferralIsRecorded)
{
    // A draft written before the client arrived; then saddle numbness at the check.
    ASSERT_TRUE(write(appointment, note("Planned: release of the left piriformis")));
    EXPECT_EQ(reason_of(run("notes.refer", {{"appointment_id", appointment}}, "desk")), "precheck_required");
    precheck(appointment, "saddle_numbness");
    // No treatment to sign or write up: the session was stopped.
    EXPECT_EQ(reason_of(run("notes.sign", {{"id", appointment}}, "priya")), "session_stopped");
    EXPECT_EQ(reason_of(write(appointment, note("Treated anyway"))), "session_stopped");
    EXPECT_EQ(shown_note().at("status"), "draft");
    EXPECT_EQ(reason_of(run("scheduling.complete", {{"id", appointment}}, "desk")), "precheck_flagged");

    auto r = run("notes.refer", {{"appointment_id", appointment}, {"note", "Sent to A&E with the referral script"}},
                 "desk");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("disposition"), "urgent_referral");
    auto q = db().query("SELECT client_id, disposition, flags, note, referred_by FROM notes_referrals"
                        " WHERE appointment_id = ?",
                        appointment);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), client);
    EXPECT_EQ(q.text(1), "urgent_referral");
    EXPECT_NE(q.text(2).find("urgent"), std::string::npos) << q.text(2);
    EXPECT_EQ(q.text(3), "Sent to A&E with the referral script");
    EXPECT_EQ(q.text(4), "desk");
    // Once, and kept as recorded.
    EXPECT_EQ(reason_of(run("notes.refer", {{"appointment_id", appointment}}, "priya")), "referred");
    EXPECT_THROW(db().query("UPDATE notes_referrals SET note = 'x'").run(), Failure);
    EXPECT_THROW(db().query("DELETE FROM notes_referrals").run(), Failure);
}

TEST_F(notes_module, AReferralIsOnlyForASessionTheCheckStopped)
{
    precheck(appointment);
    EXPECT_EQ(reason_of(run("notes.refer", {{"appointment_id", appointment}}, "priya")), "not_flagged");
    EXPECT_EQ(run("notes.refer", {{"appointment_id", "nope"}}, "priya").error().field, "appointment_id");
    EXPECT_EQ(count("SELECT count(*) FROM notes_referrals"), 0);
}

TEST_F(notes_module, ASignedNoteIsLockedAndAnAmendmentKeepsTheOriginal)
{
    ASSERT_TRUE(write(appointment, note("Pain in the left calf", {{"nprs_now", 6}})));
    precheck(appointment);
    ASSERT_TRUE(run("notes.sign", {{"id", appointment}}, "priya"));
    EXPECT_EQ(reason_of(write(appointment, note("Rewritten"))), "signed");
    // The database itself refuses a change behind the module's back.
    EXPECT_THROW(db().query("UPDATE notes SET content = '{}'").run(), Failure);

    clock.set(at("2026-11-23T12:00:00Z"));
    EXPECT_EQ(run("notes.amend", {{"id", appointment}, {"note", note("x")}}, "priya").error().field, "reason");
    auto a = run("notes.amend",
                 {{"id", appointment}, {"reason", "Wrong side recorded"}, {"note", note("Pain in the right calf", {{"nprs_now", 6}})}},
                 "priya");
    ASSERT_TRUE(a) << a.error().message;
    const auto n = shown_note();
    EXPECT_EQ(n.at("original").at("soap").at("subjective"), "Pain in the left calf");
    ASSERT_EQ(n.at("amendments").as_array().size(), 1u);
    const auto& amendment = n.at("amendments").at(0);
    EXPECT_EQ(amendment.at("reason"), "Wrong side recorded");
    EXPECT_EQ(amendment.at("amended_by"), "priya");
    EXPECT_EQ(amendment.at("amended_at"), "2026-11-23T12:00:00.000Z");
    EXPECT_EQ(n.at("current").at("soap").at("subjective"), "Pain in the right calf");
}

TEST_F(notes_module, MergingAClientMovesTheirBookingsAndSignedNotesToTheKeptRecord)
{
    ASSERT_TRUE(write(appointment, note("Pain in the left calf", {{"nprs_now", 6}})));
    precheck(appointment);
    ASSERT_TRUE(run("notes.sign", {{"id", appointment}}, "priya"));
    const std::string other = client;
    const std::string keep = screened_client();
    auto merged = run("clients.merge", {{"keep", keep}, {"other", other}}, "owner");
    ASSERT_TRUE(merged) << merged.error().message;
    const auto on = [&](const std::string& table, const std::string& who) {
        return count("SELECT count(*) FROM " + table + " WHERE client_id = '" + who + "'");
    };
    EXPECT_EQ(on("sched_appointments", keep), 1);
    EXPECT_EQ(on("sched_appointments", other), 0);
    EXPECT_EQ(on("notes", keep), 1);
    EXPECT_EQ(on("notes", other), 0);
    // Only whose note it is moved: what a signed note says stays locked.
    EXPECT_THROW(db().query("UPDATE notes SET content = '{}'").run(), Failure);
}

TEST_F(notes_module, OnlyTheTreatingTherapistOrTheOwnerWritesSignsAndAmends)
{
    EXPECT_EQ(write(appointment, note("x"), "tom").error().kind, ErrorKind::forbidden);
    EXPECT_EQ(write(appointment, note("x"), "desk").error().kind, ErrorKind::forbidden);
    EXPECT_TRUE(write(appointment, note("x"), "owner"));
    EXPECT_EQ(count("SELECT count(*) FROM notes"), 1);
}

TEST_F(notes_module, BadInputNamesTheFieldAndChangesNothing)
{
    const auto before = count("SELECT count(*) FROM notes") + count("SELECT count(*) FROM command_log");
    const auto field = [&](json::object n) {
        auto r = write(appointment, std::move(n));
        EXPECT_FALSE(r);
        return r ? std::string() : r.error().field;
    };
    // The command bus bounds every text field before the handler runs, so it
    // names the field by its place in the command's payload.
    EXPECT_EQ(field(note(std::string(max_text + 1, 'a'))), "note.soap.subjective");
    EXPECT_EQ(field(note("x", {{"nprs_now", 11}})), "measures.nprs_now");
    EXPECT_EQ(field(note("x", {{"odi", json::array{1, 1, 1, 1, 1, 1, 1, 1, nullptr, nullptr}}})), "odi");
    EXPECT_EQ(field(note("x", {{"psfs", json::array{json::object{{"activity", "walking"}, {"score", 4}}}}})), "psfs");
    EXPECT_EQ(field(note("x", {{"sbi", json::array{1, 2, 3, 7}}})), "sbi");
    EXPECT_EQ(field(note("x", {{"medication", "fewer"}})), "medication");
    EXPECT_EQ(field(note("x", {{"grip", 3}})), "measures.grip");
    auto unknown_technique = note("x");
    unknown_technique["techniques"] = json::array{"reiki"};
    EXPECT_EQ(field(unknown_technique), "techniques");
    auto bad_side = note("x");
    bad_side["areas"] = json::array{json::object{{"region", "calf"}, {"side", "up"}}};
    EXPECT_EQ(field(bad_side), "areas.side");
    EXPECT_EQ(run("notes.write", {{"appointment_id", "nope"}, {"note", note("x")}}, "priya").error().field,
              "appointment_id");
    EXPECT_EQ(count("SELECT count(*) FROM notes") + count("SELECT count(*) FROM command_log"), before);
    // The clinic's list grows: the technique is then accepted.
    ok("notes.choice", {{"kind", "technique"}, {"name", "reiki"}});
    EXPECT_TRUE(write(appointment, unknown_technique));
}

TEST_F(notes_module, TheFrontDeskNeverReadsNotesAndEveryReadIsAudited)
{
    ASSERT_TRUE(write(appointment, note("Aching")));
    EXPECT_EQ(run("notes.read", {{"appointment_id", appointment}}, "desk").error().kind, ErrorKind::forbidden);
    EXPECT_EQ(run("notes.read", {{"client_id", client}}, "desk").error().kind, ErrorKind::forbidden);
    // Another therapist and an admin may not, until the owner grants their role.
    EXPECT_EQ(run("notes.read", {{"appointment_id", appointment}}, "tom").error().kind, ErrorKind::forbidden);
    EXPECT_EQ(run("notes.read", {{"appointment_id", appointment}}, "ada").error().kind, ErrorKind::forbidden);
    EXPECT_EQ(run("notes.grant", {{"role", "front_desk"}}, "owner").error().field, "role");
    EXPECT_EQ(run("notes.grant", {{"role", "admin"}}, "ada").error().kind, ErrorKind::forbidden);
    ok("notes.grant", {{"role", "admin"}});
    EXPECT_TRUE(run("notes.read", {{"appointment_id", appointment}}, "ada"));
    EXPECT_TRUE(run("notes.read", {{"appointment_id", appointment}}, "priya"));
    EXPECT_TRUE(run("notes.read", {{"client_id", client}}, "owner"));
    EXPECT_EQ(audited_reads("desk"), 0);
    EXPECT_EQ(audited_reads("ada"), 1);
    EXPECT_EQ(audited_reads("priya"), 1);
    EXPECT_EQ(audited_reads("owner"), 1);
    // The audit entry and the command log say who and which client, never what the note says.
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE command = 'notes.read' AND at = '2026-11-23T08:00:00.000Z'"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM command_log WHERE result LIKE '%Aching%'"), 0);
}

TEST_F(notes_module, ProgressComparesEachSessionWithTheScreeningsPainScore)
{
    // Baseline 6 at screening; four sessions 6, 5, 5, 5: a fall of 1 (17 %) is not meaningful.
    session("2026-11-23T14:00:00Z", 6);
    session("2026-11-25T10:00:00Z", 5);
    session("2026-11-27T10:00:00Z", 5);
    auto p = progress_json(db(), client);
    EXPECT_EQ(p.at("sessions"), 3);
    EXPECT_EQ(p.at("measures").at("nprs_now").at("baseline").at("value").to_number<double>(), 6);
    EXPECT_EQ(p.at("measures").at("nprs_now").at("baseline").at("source"), "screening");
    EXPECT_FALSE(p.at("measures").at("nprs_now").at("meaningful").as_bool());
    EXPECT_FALSE(p.at("flag").at("no_improvement").as_bool()) << "three sessions are fewer than the clinic's four";
    session("2026-11-30T10:00:00Z", 5);
    p = progress_json(db(), client);
    EXPECT_TRUE(p.at("flag").at("no_improvement").as_bool());
    EXPECT_EQ(p.at("measures").at("nprs_now").at("series").as_array().size(), 4u);
    // A fifth session at 4: a fall of 2 points from 6 is meaningful, and the flag goes.
    session("2026-12-02T10:00:00Z", 4);
    p = progress_json(db(), client);
    EXPECT_TRUE(p.at("measures").at("nprs_now").at("meaningful").as_bool());
    EXPECT_EQ(p.at("measures").at("nprs_now").at("improvement").to_number<double>(), 2);
    EXPECT_FALSE(p.at("flag").at("no_improvement").as_bool());
}

TEST_F(notes_module, TheFlagWatchesTheClinicsPrimaryMeasure)
{
    // Pain stays at 6 (baseline 6) while the Oswestry index falls from 40 to 20 over four sessions.
    const std::vector<int> odi_sections{4, 4, 4, 4, 4, 0, 0, 0, 0, 0};
    for (int n = 0; n < 4; ++n) {
        const auto id = booked("2026-11-2" + std::to_string(3 + n) + "T14:00:00Z");
        clock.set(at(("2026-11-2" + std::to_string(3 + n) + "T13:50:00Z").c_str()));
        precheck(id);
        json::array sections;
        for (std::size_t i = 0; i < odi_sections.size(); ++i)
            sections.push_back(i < 5 ? (n < 3 ? odi_sections[i] : 2) : 0);
        ASSERT_TRUE(write(id, note("Session", {{"nprs_now", 6}, {"odi", sections}})));
        ASSERT_TRUE(run("notes.sign", {{"id", id}}, "priya"));
    }
    // By default the flag watches pain now (NPRS): flagged.
    auto p = progress_json(db(), client);
    EXPECT_EQ(p.at("flag").at("measure"), "nprs_now");
    EXPECT_TRUE(p.at("flag").at("no_improvement").as_bool());
    // The clinic makes the Oswestry index its primary measure (3): a fall of 20 points is meaningful, no flag.
    ok("settings.update", {{"modules", {{std::string(primary_measure_setting), 3}}}});
    p = progress_json(db(), client);
    EXPECT_EQ(p.at("flag").at("measure"), "odi");
    EXPECT_TRUE(p.at("measures").at("odi").at("meaningful").as_bool());
    EXPECT_FALSE(p.at("flag").at("no_improvement").as_bool());
    // A measure that does not exist is bad input, and the setting stays.
    EXPECT_FALSE(run("settings.update", {{"modules", {{std::string(primary_measure_setting), 6}}}}, "owner"));
    EXPECT_EQ(progress_json(db(), client).at("flag").at("measure"), "odi");
}

TEST_F(notes_module, TheLetterToTheGpGivesTheMeasuresAndTheReasonsForReferral)
{
    // Baseline 6 at screening; 6, 5, 5, 5 over four sessions: flagged.
    session("2026-11-23T14:00:00Z", 6);
    session("2026-11-25T10:00:00Z", 5);
    auto letter = letter_json(*clinic, client);
    EXPECT_EQ(letter.at("kind"), "progress") << "two sessions are too few for the flag";
    EXPECT_TRUE(letter.at("reasons").as_array().empty());
    session("2026-11-27T10:00:00Z", 5);
    session("2026-11-30T10:00:00Z", 5);
    letter = letter_json(*clinic, client);
    EXPECT_EQ(letter.at("kind"), "referral");
    EXPECT_EQ(letter.at("sessions").as_array().size(), 4u);
    EXPECT_EQ(letter.at("sessions").at(0).at("date"), "23/11/2026") << "the clinic's way of writing a date (GB)";
    const auto& pain = letter.at("measures").at(0);
    EXPECT_EQ(pain.at("measure"), "nprs_now");
    EXPECT_EQ(pain.at("baseline").to_number<double>(), 6);
    EXPECT_EQ(pain.at("latest").to_number<double>(), 5);
    EXPECT_FALSE(pain.at("meaningful").as_bool());
    ASSERT_EQ(letter.at("reasons").as_array().size(), 1u);
    EXPECT_NE(std::string(letter.at("reasons").at(0).as_string()).find("No meaningful improvement in Pain now"),
              std::string::npos);

    // A later session stopped by a red flag at the check adds its reason, in the clinic's words.
    const auto stopped = booked("2026-12-02T10:00:00Z");
    clock.set(at("2026-12-02T09:50:00Z"));
    precheck(stopped, "bladder_or_bowel_change");
    ASSERT_TRUE(run("notes.refer", {{"appointment_id", stopped}, {"note", "Sent to A&E"}}, "priya"));
    letter = letter_json(*clinic, client);
    ASSERT_EQ(letter.at("reasons").as_array().size(), 2u);
    const std::string reason(letter.at("reasons").at(1).as_string());
    EXPECT_NE(reason.find("02/12/2026"), std::string::npos) << reason;
    EXPECT_NE(reason.find("urgent referral"), std::string::npos) << reason;
    EXPECT_NE(reason.find("Sent to A&E"), std::string::npos) << reason;
    const auto html = letter_html(letter);
    EXPECT_NE(html.find("Pain now (NPRS, 0-10)"), std::string::npos);
    EXPECT_NE(html.find("Sent to A&amp;E"), std::string::npos) << "the note's text is escaped for the page";
}

TEST_F(notes_module, BeforeAnySessionALetterForAClientAwaitingClearanceAsksTheGpForIt)
{
    // Drop foot needs a doctor's clearance; blood thinners only adapt the treatment.
    const auto waiting = screened_client({"foot_drop", "anticoagulants"});
    auto letter = letter_json(*clinic, waiting);
    EXPECT_EQ(letter.at("kind"), "clearance");
    ASSERT_EQ(letter.at("reasons").as_array().size(), 1u) << "only what needs the doctor";
    EXPECT_EQ(letter.at("reasons").at(0), "Drop foot: medical advice is needed before any treatment.");
    const auto& pain = letter.at("measures").at(0);
    EXPECT_EQ(pain.at("baseline").to_number<double>(), 6);
    EXPECT_TRUE(pain.at("meaningful").is_null()) << "nothing to compare yet: neither yes nor no";

    const auto html = letter_html(letter);
    EXPECT_NE(html.find("<h1>Request for medical clearance</h1>"), std::string::npos) << html;
    EXPECT_EQ(html.find("Progress report"), std::string::npos);
    EXPECT_NE(html.find("<li>Drop foot: medical advice is needed before any treatment.</li>"), std::string::npos);
    EXPECT_NE(html.find("Also found:</p><ul><li>Blood thinners"), std::string::npos) << html;
    EXPECT_NE(html.find("<td>baseline only</td><td>\u2013</td>"), std::string::npos) << html;
    EXPECT_EQ(html.find("<td>no</td>"), std::string::npos);
    std::ostringstream text;
    print_letter(text, letter);
    EXPECT_THAT(text.str(), ::testing::StartsWith("Request for medical clearance to the GP of"));
    EXPECT_THAT(text.str(), ::testing::HasSubstr("Needs clearance: Drop foot"));
    EXPECT_THAT(text.str(), ::testing::HasSubstr("6 -> \u2013, baseline only; meaningful: \u2013"));

    // Cleared: a progress report again, the flags only findings of the screening.
    ok("intake.clear", {{"client_id", waiting}, {"clinician", "Dr Patel (GP)"}, {"note", "Fine to treat"}}, "priya");
    letter = letter_json(*clinic, waiting);
    EXPECT_EQ(letter.at("kind"), "progress");
    EXPECT_TRUE(letter.at("reasons").as_array().empty());
    EXPECT_NE(letter_html(letter).find("<h1>Progress report</h1>"), std::string::npos);
}

TEST_F(notes_module, ALetterForAClientWithNoScreeningAndNoSessionIsRefusedNotAnEmptyReport)
{
    // It used to be a "Progress report" with a heading and nothing under it.
    const auto nobody = new_client();
    try {
        const auto letter = letter_json(*clinic, nobody);
        FAIL() << "an empty letter: " << json::serialize(letter);
    } catch (const Failure& f) {
        EXPECT_EQ(f.error().kind, ErrorKind::refused);
        EXPECT_EQ(f.error().reason, "nothing_to_report");
        EXPECT_THAT(f.error().message, ::testing::HasSubstr("no screening and no signed session"));
    }
    // Screened: there is something to say (the screening), so the letter is written.
    EXPECT_EQ(letter_json(*clinic, screened_client()).at("kind"), "progress");
}

TEST_F(notes_module, BeforeAnySessionAnUrgentReferralIsAReferralWithItsRedFlags)
{
    const auto urgent = screened_client({"saddle_numbness"});
    const auto letter = letter_json(*clinic, urgent);
    EXPECT_EQ(letter.at("kind"), "referral");
    ASSERT_EQ(letter.at("reasons").as_array().size(), 1u);
    EXPECT_NE(std::string(letter.at("reasons").at(0).as_string()).find("Possible cauda equina syndrome"),
              std::string::npos)
        << letter.at("reasons");
    EXPECT_NE(letter_html(letter).find("<h1>Referral</h1>"), std::string::npos);
}

TEST_F(notes_module, TheHandoutIsTheAdviceInTheNoteAsItStandsNow)
{
    EXPECT_THROW(handout_json(*clinic, appointment), Failure) << "no note, no handout";
    auto n = note("Aching");
    n["advice"] = json::array{"piriformis release with a tennis ball, at most five minutes a side"};
    ASSERT_TRUE(write(appointment, n));
    precheck(appointment);
    ASSERT_TRUE(run("notes.sign", {{"id", appointment}}, "priya"));
    n["advice"] = json::array{"piriformis release with a tennis ball, at most five minutes a side",
                              "stop if numbness or weakness increases"};
    ASSERT_TRUE(run("notes.amend", {{"id", appointment}, {"reason", "Safety advice given too"}, {"note", n}}, "priya"));
    const auto handout = handout_json(*clinic, appointment);
    ASSERT_EQ(handout.at("advice").as_array().size(), 2u);
    EXPECT_EQ(handout.at("advice").at(1), "stop if numbness or weakness increases");
    EXPECT_EQ(handout.at("date"), "23/11/2026");
    const auto html = handout_html(handout);
    EXPECT_NE(html.find("<li>stop if numbness or weakness increases</li>"), std::string::npos);
    EXPECT_NE(html.find("buttock (left)"), std::string::npos);
}

TEST_F(notes_module, PsfsKeepsTheActivitiesTheClientNamedFirst)
{
    const auto psfs = [](const char* third, int score) {
        return json::array{json::object{{"activity", "walking 30 minutes"}, {"score", score}},
                           json::object{{"activity", "sitting at work"}, {"score", score}},
                           json::object{{"activity", third}, {"score", score}}};
    };
    ASSERT_TRUE(write(appointment, note("First", {{"psfs", psfs("sleeping", 3)}})));
    precheck(appointment);
    ASSERT_TRUE(run("notes.sign", {{"id", appointment}}, "priya"));
    const auto next = booked("2026-11-25T10:00:00Z");
    auto other = write(next, note("Second", {{"psfs", psfs("gardening", 5)}}));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().field, "measures.psfs");
    EXPECT_NE(other.error().message.find("sleeping"), std::string::npos);
    // Another therapist is refused before the content is checked, so the
    // refusal cannot quote the client's activities (a new user saw it did).
    for (auto attempt : {write(next, note("Second", {{"psfs", psfs("gardening", 5)}}), "tom"),
                         run("notes.amend", {{"id", appointment}, {"reason", "typo"},
                                             {"note", note("First", {{"psfs", psfs("gardening", 5)}})}},
                             "tom")}) {
        ASSERT_FALSE(attempt);
        EXPECT_EQ(attempt.error().kind, ErrorKind::forbidden);
        EXPECT_EQ(attempt.error().message.find("sleeping"), std::string::npos) << attempt.error().message;
    }
    EXPECT_TRUE(write(next, note("Second", {{"psfs", psfs("sleeping", 5)}})));
    clock.set(at("2026-11-25T09:50:00Z"));
    precheck(next);
    ASSERT_TRUE(run("notes.sign", {{"id", next}}, "priya"));
    const auto p = progress_json(db(), client);
    EXPECT_EQ(p.at("measures").at("psfs").at("improvement").to_number<double>(), 2);
    EXPECT_TRUE(p.at("measures").at("psfs").at("meaningful").as_bool());
}

TEST_F(notes_module, ProgressCountsOnlySignedNotesAndTheAmendedMeasures)
{
    session("2026-11-23T14:00:00Z", 6);
    const auto draft = booked("2026-11-25T10:00:00Z");
    ASSERT_TRUE(write(draft, note("Draft", {{"nprs_now", 1}})));
    auto p = progress_json(db(), client);
    EXPECT_EQ(p.at("sessions"), 1);
    EXPECT_EQ(p.at("measures").at("nprs_now").at("latest").to_number<double>(), 6);
    // The signed note's pain is amended to 3: progress follows the amendment.
    auto q = db().query("SELECT appointment_id FROM notes WHERE status = 'signed'");
    ASSERT_TRUE(q.step());
    const auto signed_id = q.text(0);
    ASSERT_TRUE(run("notes.amend", {{"id", signed_id}, {"reason", "Misheard: 3, not 6"}, {"note", note("S", {{"nprs_now", 3}})}},
                    "priya"));
    p = progress_json(db(), client);
    EXPECT_EQ(p.at("measures").at("nprs_now").at("latest").to_number<double>(), 3);
    EXPECT_TRUE(p.at("measures").at("nprs_now").at("meaningful").as_bool());
}

} // namespace
} // namespace fascia::notes
