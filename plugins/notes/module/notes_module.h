#pragma once
// Everything the notes module adds to a process, in one place, so the plugin
// entry point and in-process tests register exactly the same things.
#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/notes/scores.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>

#include <array>
#include <iosfwd>

#include <string>
#include <vector>

namespace notes_plugin {
/// schema/notes/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace notes_plugin

namespace fascia::notes {

/// Free text in a note (each SOAP field, an activity, a reason) is at most this
/// many characters: a page or two of notes, far from what a database row fears.
inline constexpr std::size_t max_text = 20000;

/// One improvement-rule setting: its key, the part of the clinic's Thresholds it sets
/// (rule, then points or percent; the default is Thresholds' own), its label and range.
struct RuleSetting {
    std::string_view key;
    ImprovementRule Thresholds::*rule;
    double ImprovementRule::*part;
    std::string_view label;
    int maximum; ///< the least is 0
};
/// The improvement-rule settings ("notes.nprs_points", ...), registered and read through this table.
extern const std::array<RuleSetting, 6> rule_settings;
/// Settings keys: the clinic's flag (defaults in Thresholds).
inline constexpr std::string_view flag_after_setting = "notes.flag_after_sessions";
/// The primary measure the no-improvement flag watches: its place in all_measures()
/// counted from 1 (1 pain now (NPRS), the default; 2 worst pain; 3 Oswestry; 4 PSFS;
/// 5 Sciatica Bothersomeness). A whole number because clinic settings are.
inline constexpr std::string_view primary_measure_setting = "notes.primary_measure";

/// The clinic's thresholds (its settings, else the defaults).
Thresholds thresholds_of(Database& db);

/// A note as written: checked and scored. Throws Failure(invalid_input) naming
/// the field: unknown keys, text over max_text, a technique or advice not on the
/// clinic's list, an unknown body region or side, a measure out of its range.
struct NoteInput {
    boost::json::object content;  ///< {"soap": {...}, "techniques", "areas", "advice"}
    boost::json::object measures; ///< scored: {"nprs_now": {"value", "version"}, ..., "medication"}
};
NoteInput read_note(Database& db, const boost::json::value& note);

/// A blank note for `fascia notes form`, with the clinic's lists to pick from.
boost::json::object blank_note(Database& db);

/// The roles that read every note (owner always; admin/therapist when granted);
/// the treating therapist reads their own clients' notes of their appointments.
bool may_read(Database& db, const Actor& actor, std::string_view therapist_id);

/// A note (and its amendments, oldest first) as JSON; empty when there is none.
boost::json::object note_json(Database& db, std::string_view appointment_id);

/// The client's measures over their signed notes: per measure the series,
/// baseline, change, whether meaningful, and the no-improvement flag.
boost::json::object progress_json(Database& db, std::string_view client_id);

/// A JSON value as a person reads it: text without quotes, 35.6 not 3.56E1, null as nothing.
std::string shown_text(const boost::json::value& v);

/// "Pain now (NPRS, 0-10)", "Oswestry Disability Index (%)", ...: a measure as a letter names it.
std::string_view measure_label(Measure measure);

/// The letter to a client's GP: {"kind": "progress"|"referral"|"clearance", "to": "gp", "date" (today, the
/// clinic's way), "clinic", "client" {name, date_of_birth}, "screening" {assessed_on, disposition, condition_type, findings, restrictions} or null,
/// "sessions" [{date, therapist, techniques, areas}], "measures" [{measure, label, baseline, latest,
/// improvement, percent, meaningful (null while there is no latest to compare)}], "medication", "reasons" [text]}.
/// A referral when the flag is up or a pre-session check stopped a session. Before any signed session, a
/// screening that stops treatment makes it a request for clearance ("clearance_required" not yet cleared) or a
/// referral ("urgent_referral"), its reasons the screening's red flags as intake words them.
/// Throws Failure(invalid, "client_id") for an unknown client, and Failure(refused, reason "nothing_to_report")
/// for a client with no screening, no signed session and nothing to refer (the letter would be empty).
boost::json::object letter_json(Clinic& clinic, std::string_view client_id);
/// The letter as HTML in Qt's rich-text subset, for fascia::pdf::write.
std::string letter_html(const boost::json::object& letter);
/// The letter as plain text (the CLI without --json or --pdf).
void print_letter(std::ostream& out, const boost::json::object& letter);

/// The client's home-care plan from an appointment's note as it stands now: {"clinic", "client" {id, name},
/// "date", "therapist", "areas", "advice"}. Throws Failure(refused, "no_note") when there is no note.
boost::json::object handout_json(Clinic& clinic, std::string_view appointment_id);
/// The handout as HTML in Qt's rich-text subset, for fascia::pdf::write.
std::string handout_html(const boost::json::object& handout);
/// The handout as plain text.
void print_handout(std::ostream& out, const boost::json::object& handout);

/// Who may write, sign and amend (the treating therapist; the owner).
const std::vector<Role>& writing_roles();

/// Adds the migrations, settings, commands, the CLI subcommand and the demo step.
void contribute(PluginContext& context);
/// The command handlers.
void add_commands(PluginContext& context);
/// `fascia notes ...`.
int run_cli(CliInvocation& run);
/// Signed notes and measures for the demo's past sessions.
Result<void> add_demo_notes(Clinic& clinic, const DemoOptions& options);

} // namespace fascia::notes
