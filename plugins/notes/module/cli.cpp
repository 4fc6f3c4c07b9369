// `fascia notes ...`: the blank form, write, sign, amend, show and progress.
// Everything printed here is health data, so it goes to the person who asked
// for it (stdout) and nowhere else; errors name fields, never their contents.
#include "notes_module.h"

#include <fascia/cli_support.h>

#include <boost/json.hpp>

#include <sstream>

namespace fascia::notes {

namespace json = boost::json;

namespace {

/// What to do about a note that is not JSON.
constexpr std::string_view blank_note_hint = "; `fascia notes form` prints a blank note";

struct Options {
    std::string appointment, id, file, reason, client, key;
};

std::string text_of(const json::value& v)
{
    if (v.is_double()) { // 35.6, 6: as a person writes it, not 3.56E1
        std::ostringstream out;
        out << v.get_double();
        return out.str();
    }
    return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

std::string names(const json::value& list)
{
    std::vector<std::string> out;
    for (const auto& v : list.as_array())
        out.push_back(v.is_object() ? text_of(v.at("region")) + " (" + text_of(v.at("side")) + ")" : text_of(v));
    return cli::joined(out);
}

void print_note(std::ostream& out, const json::object& n)
{
    const auto& soap = n.at("soap").as_object();
    for (const char* f : {"subjective", "objective", "assessment", "plan"})
        out << "  " << f << ": " << text_of(soap.at(f)) << '\n';
    out << "  techniques: " << names(n.at("techniques")) << '\n'
        << "  areas: " << names(n.at("areas")) << '\n'
        << "  advice: " << names(n.at("advice")) << '\n';
    for (const auto& [name, m] : n.at("measures").as_object())
        out << "  " << std::string_view(name) << ": "
            << (m.is_object() ? text_of(json::value(shown(m.at("value").to_number<double>()))) + " ("
                                    + text_of(m.at("version")) + ")"
                              : text_of(m))
            << '\n';
}

/// Runs a change and prints its answer.
int change(CliInvocation& run, std::string_view type, json::object payload, const std::string& key,
           const std::string& done)
{
    auto outcome = cli::execute(run, type, std::move(payload), key);
    if (!outcome)
        return cli::report(run, outcome.error());
    return cli::print(run, outcome->result, [&](std::ostream& out) {
        out << done << " " << text_of(outcome->result.at("id")) << '\n';
    });
}

/// The audited read (notes.read), then what it allowed, read from the clinic's database.
template <class Read, class Text>
int audited(CliInvocation& run, json::object payload, Read read, Text text)
{
    auto outcome = cli::execute(run, "notes.read", std::move(payload));
    if (!outcome)
        return cli::report(run, outcome.error());
    auto clinic = run.clinic();
    if (!clinic)
        return cli::report(run, clinic.error());
    const json::value shown_value = read((*clinic)->db());
    return cli::print(run, shown_value, [&](std::ostream& out) { text(out, shown_value.as_object()); });
}

} // namespace

int run_cli(CliInvocation& run)
{
    CLI::App app{"Session notes and outcome measures. A note belongs to an appointment; signing locks it and a later "
                 "change is an amendment kept beside the original. Every read is audited.\n"
                 "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.",
                 "fascia notes"};
    app.require_subcommand(1, 1);
    cli::Action action;
    auto o = std::make_shared<Options>();

    auto* form = app.add_subcommand("form", "Print a blank note (JSON) with the clinic's lists to pick from");
    cli::on_run(form, action, [&]() -> int {
        auto clinic = cli::open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        cli::print_json(run, blank_note((*clinic)->db()));
        return 0;
    });

    auto* write = app.add_subcommand("write", "Write (or rewrite) an appointment's draft note from FILE or - (stdin)");
    write->add_option("--appointment", o->appointment, "Appointment id")->required();
    write->add_option("file", o->file, "The note as JSON (`fascia notes form`), or - for standard input")->required();
    cli::key_option(write, o->key);
    cli::on_run(write, action, [&, o]() -> int {
        auto note = cli::read_json_input(run, o->file, blank_note_hint);
        if (!note)
            return cli::report(run, note.error());
        return change(run, "notes.write", {{"appointment_id", o->appointment}, {"note", std::move(*note)}}, o->key,
                      "Draft note");
    });

    auto* sign = app.add_subcommand("sign", "Sign a note (its id or its appointment's), locking it");
    sign->add_option("id", o->id, "Note or appointment id")->required();
    cli::key_option(sign, o->key);
    cli::on_run(sign, action, [&, o]() -> int { return change(run, "notes.sign", {{"id", o->id}}, o->key, "Signed note"); });

    auto* amend = app.add_subcommand("amend", "Amend a signed note: the new version from FILE or -, and why");
    amend->add_option("id", o->id, "Note or appointment id")->required();
    amend->add_option("--reason", o->reason, "Why the note is changed")->required();
    amend->add_option("file", o->file, "The amended note as JSON, or - for standard input")->required();
    cli::key_option(amend, o->key);
    cli::on_run(amend, action, [&, o]() -> int {
        auto note = cli::read_json_input(run, o->file, blank_note_hint);
        if (!note)
            return cli::report(run, note.error());
        return change(run, "notes.amend", {{"id", o->id}, {"reason", o->reason}, {"note", std::move(*note)}}, o->key,
                      "Amended note");
    });

    auto* show = app.add_subcommand("show", "Show an appointment's note, its amendments beside the original (audited)");
    show->add_option("--appointment", o->appointment, "Appointment id")->required();
    cli::on_run(show, action, [&, o]() -> int {
        return audited(
            run, {{"appointment_id", o->appointment}},
            [&](Database& db) -> json::value {
                auto n = note_json(db, o->appointment);
                if (n.empty())
                    return json::object{{"appointment_id", o->appointment}, {"note", nullptr}};
                return n;
            },
            [](std::ostream& out, const json::object& n) {
                if (!n.contains("id")) {
                    out << "No note yet for this appointment.\n";
                    return;
                }
                out << "Note " << text_of(n.at("id")) << " (" << text_of(n.at("status")) << "), by "
                    << text_of(n.at("therapist")) << ", written " << text_of(n.at("written_at")) << '\n';
                if (!n.at("signed_at").is_null())
                    out << "Signed by " << text_of(n.at("signed_by")) << " at " << text_of(n.at("signed_at")) << '\n';
                out << "Original:\n";
                print_note(out, n.at("original").as_object());
                for (const auto& a : n.at("amendments").as_array()) {
                    out << "Amended by " << text_of(a.at("amended_by")) << " at " << text_of(a.at("amended_at"))
                        << ", because: " << text_of(a.at("reason")) << '\n';
                    print_note(out, a.at("note").as_object());
                }
            });
    });

    auto* progress = app.add_subcommand("progress", "A client's measures over their course: change from baseline, "
                                                    "meaningful or not, and the no-improvement flag (audited)");
    progress->add_option("--client", o->client, "Client id")->required();
    cli::on_run(progress, action, [&, o]() -> int {
        return audited(
            run, {{"client_id", o->client}}, [&](Database& db) -> json::value { return progress_json(db, o->client); },
            [](std::ostream& out, const json::object& p) {
                out << "Signed sessions: " << text_of(p.at("sessions")) << '\n';
                for (const auto& [name, m] : p.at("measures").as_object()) {
                    out << std::string_view(name) << ": baseline " << text_of(m.at("baseline").at("value")) << " ("
                        << text_of(m.at("baseline").at("source")) << ")";
                    for (const auto& v : m.at("series").as_array())
                        out << ", " << text_of(v.at("value"));
                    if (m.as_object().contains("latest"))
                        out << "; change " << text_of(m.at("improvement")) << " better"
                            << (m.at("meaningful").as_bool() ? " (meaningful)" : " (not meaningful)");
                    out << '\n';
                }
                const auto& flag = p.at("flag").as_object();
                if (flag.at("no_improvement").as_bool())
                    out << "FLAG: " << text_of(flag.at("advice")) << '\n';
            });
    });
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::notes
