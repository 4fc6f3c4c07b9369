// `fascia notes ...`: the blank form, write, sign, amend, show and progress.
// Everything printed here is health data, so it goes to the person who asked
// for it (stdout) and nowhere else; errors name fields, never their contents.
#include "notes_module.h"

#include <fascia/cli_support.h>
#include <fascia/pdf.h>

#include <boost/json.hpp>

#include <sstream>

namespace fascia::notes {

namespace json = boost::json;

namespace {

/// What to do about a note that is not JSON.
constexpr std::string_view blank_note_hint = "; `fascia notes form` prints a blank note";

struct Options {
    std::string appointment, id, file, reason, client, key, note, to, pdf;
};

std::string names(const json::value& list)
{
    std::vector<std::string> out;
    for (const auto& v : list.as_array())
        out.push_back(v.is_object() ? shown_text(v.at("region")) + " (" + shown_text(v.at("side")) + ")" : shown_text(v));
    return cli::joined(out);
}

void print_note(std::ostream& out, const json::object& n)
{
    const auto& soap = n.at("soap").as_object();
    for (const char* f : {"subjective", "objective", "assessment", "plan"})
        out << "  " << f << ": " << shown_text(soap.at(f)) << '\n';
    out << "  techniques: " << names(n.at("techniques")) << '\n'
        << "  areas: " << names(n.at("areas")) << '\n'
        << "  advice: " << names(n.at("advice")) << '\n';
    for (const auto& [name, m] : n.at("measures").as_object())
        out << "  " << std::string_view(name) << ": "
            << (m.is_object() ? shown_text(json::value(shown(m.at("value").to_number<double>()))) + " ("
                                    + shown_text(m.at("version")) + ")"
                              : shown_text(m))
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
        out << done << " " << shown_text(outcome->result.at("id")) << '\n';
    });
}

/// The audited read (notes.read), then what it allowed, read from the clinic's
/// database; printed, or with `pdf` set, printed as that PDF file.
template <class Read, class Text>
int audited(CliInvocation& run, json::object payload, Read read, Text text, const std::string& pdf_path = {},
            std::string (*html)(const json::object&) = nullptr, const std::string& title = {})
{
    auto outcome = cli::execute(run, "notes.read", std::move(payload));
    if (!outcome)
        return cli::report(run, outcome.error());
    auto clinic = run.clinic();
    if (!clinic)
        return cli::report(run, clinic.error());
    json::value shown_value;
    try {
        shown_value = read(**clinic);
    } catch (const Failure& f) {
        return cli::report(run, f.error());
    }
    if (!pdf_path.empty() && html) {
        if (auto written = pdf::write({title, html(shown_value.as_object())}, pdf_path); !written)
            return cli::report(run, written.error());
        return cli::print(run, json::object{{"pdf", pdf_path}},
                          [&](std::ostream& out) { out << title << " written to " << pdf_path << '\n'; });
    }
    return cli::print(run, shown_value, [&](std::ostream& out) { text(out, shown_value.as_object()); });
}

} // namespace

int run_cli(CliInvocation& run)
{
    cli::ModuleApp app{"Session notes and outcome measures. A note belongs to an appointment; signing locks it and a later "
                       "change is an amendment kept beside the original. Every read is audited.",
                       "fascia notes"};
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

    auto* refer = app.add_subcommand("refer", "Record the referral of a session the pre-session check stopped "
                                              "(a red flag, or a need for medical clearance)");
    refer->add_option("--appointment", o->appointment, "Appointment id")->required();
    refer->add_option("--note", o->note, "Who the client was referred to, what they were told");
    cli::key_option(refer, o->key);
    cli::on_run(refer, action, [&, o]() -> int {
        json::object payload{{"appointment_id", o->appointment}};
        if (!o->note.empty())
            payload["note"] = o->note;
        return change(run, "notes.refer", std::move(payload), o->key, "Referral recorded");
    });

    auto* show = app.add_subcommand("show", "Show an appointment's note, its amendments beside the original (audited)");
    show->add_option("--appointment", o->appointment, "Appointment id")->required();
    cli::on_run(show, action, [&, o]() -> int {
        return audited(
            run, {{"appointment_id", o->appointment}},
            [&](Clinic& clinic) -> json::value {
                auto n = note_json(clinic.db(), o->appointment);
                if (n.empty())
                    return json::object{{"appointment_id", o->appointment}, {"note", nullptr}};
                return n;
            },
            [](std::ostream& out, const json::object& n) {
                if (!n.contains("id")) {
                    out << "No note yet for this appointment.\n";
                    return;
                }
                // The author shown is the one audited (written_by), which need not be the session's
                // therapist: the owner may write for them (a note written without --as is the owner's).
                out << "Note " << shown_text(n.at("id")) << " (" << shown_text(n.at("status")) << "), written by "
                    << shown_text(n.at("written_by")) << " at " << shown_text(n.at("written_at"));
                if (n.at("written_by") != n.at("therapist"))
                    out << ", for " << shown_text(n.at("therapist")) << "'s session";
                out << '\n';
                if (!n.at("signed_at").is_null())
                    out << "Signed by " << shown_text(n.at("signed_by")) << " at " << shown_text(n.at("signed_at")) << '\n';
                out << "Original:\n";
                print_note(out, n.at("original").as_object());
                for (const auto& a : n.at("amendments").as_array()) {
                    out << "Amended by " << shown_text(a.at("amended_by")) << " at " << shown_text(a.at("amended_at"))
                        << ", because: " << shown_text(a.at("reason")) << '\n';
                    print_note(out, a.at("note").as_object());
                }
            });
    });

    auto* progress = app.add_subcommand("progress", "A client's measures over their course: change from baseline, "
                                                    "meaningful or not, and the no-improvement flag (audited)");
    progress->add_option("--client", o->client, "Client id")->required();
    cli::on_run(progress, action, [&, o]() -> int {
        return audited(
            run, {{"client_id", o->client}}, [&](Clinic& clinic) -> json::value { return progress_json(clinic.db(), o->client); },
            [](std::ostream& out, const json::object& p) {
                out << "Signed sessions: " << shown_text(p.at("sessions")) << '\n';
                for (const auto& [name, m] : p.at("measures").as_object()) {
                    out << std::string_view(name) << ": baseline " << shown_text(m.at("baseline").at("value")) << " ("
                        << shown_text(m.at("baseline").at("source")) << ")";
                    for (const auto& v : m.at("series").as_array())
                        out << ", " << shown_text(v.at("value"));
                    if (m.as_object().contains("latest"))
                        out << "; change " << shown_text(m.at("improvement")) << " better"
                            << (m.at("meaningful").as_bool() ? " (meaningful)" : " (not meaningful)");
                    out << '\n';
                }
                const auto& flag = p.at("flag").as_object();
                if (flag.at("no_improvement").as_bool())
                    out << "FLAG: " << shown_text(flag.at("advice")) << '\n';
            });
    });

    auto* letter = app.add_subcommand("letter", "A referral or progress letter to the client's doctor: screening, "
                                                "sessions, measures against baseline, the reason for referral "
                                                "(audited)");
    letter->add_option("--client", o->client, "Client id")->required();
    letter->add_option("--to", o->to, "Who the letter is to: gp (the client's doctor)")->required();
    letter->add_option("--pdf", o->pdf, "Write the letter as this PDF file instead of printing it");
    cli::on_run(letter, action, [&, o]() -> int {
        if (o->to != "gp")
            return cli::report(run, invalid("--to: '" + o->to + "' is not a recipient; the letter goes to gp", "to"));
        return audited(
            run, {{"client_id", o->client}},
            [&](Clinic& clinic) -> json::value { return letter_json(clinic, o->client); }, print_letter, o->pdf,
            letter_html, "Letter to the GP");
    });

    auto* handout = app.add_subcommand("handout", "The client's home-care plan from the advice in an appointment's "
                                                  "note (audited)");
    handout->add_option("--appointment", o->appointment, "Appointment id")->required();
    handout->add_option("--pdf", o->pdf, "Write the handout as this PDF file instead of printing it");
    cli::on_run(handout, action, [&, o]() -> int {
        return audited(
            run, {{"appointment_id", o->appointment}},
            [&](Clinic& clinic) -> json::value { return handout_json(clinic, o->appointment); }, print_handout,
            o->pdf, handout_html, "Home-care plan");
    });
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::notes
