// `fascia intake ...`: evaluate a form, record and read screenings, clear them,
// and run the pre-session check. Everything printed here is health data, so it
// goes to the person who asked for it (stdout) and nowhere else.
#include "contributions.h"
#include "screenings.h"

#include <fascia/cli_support.h>
#include <fascia/clients.h>

#include <boost/json.hpp>

namespace fascia::intake {

namespace json = boost::json;

namespace {

using cli::Action;
using cli::date_option;
using cli::execute;
using cli::open_as_staff;

std::string course_text(const std::optional<std::pair<int, int>>& course)
{
    if (!course)
        return "none";
    return std::to_string(course->first) + "–" + std::to_string(course->second) + " sessions a week";
}

std::string upper(std::string text)
{
    for (auto& c : text)
        c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

/// `flags_withheld`: the reader may not see the flags (the front desk: they quote the
/// client's answers), so say so rather than "none".
void print_evaluation(CliInvocation& run, const FormLibrary& forms, const Evaluation& e, bool flags_withheld = false)
{
    auto& out = run.out();
    const auto* form = forms.find(e.form);
    const auto* rule = form ? form->disposition(e.disposition) : nullptr;
    out << upper(e.disposition);
    if (rule)
        out << ": " << rule->message;
    out << '\n';
    if (rule && !rule->script.empty())
        out << "  Tell the client: \"" << rule->script << "\"\n";
    out << "Condition type: " << e.condition_type << '\n';
    out << "Course: " << course_text(e.sessions_per_week) << '\n';
    if (flags_withheld)
        out << "Flags: not shown to the front desk (they quote the client's answers)\n";
    else if (e.flags.empty())
        out << "Flags: none\n";
    else
        out << "Flags:\n";
    for (const auto& f : e.flags)
        out << "  [" << f.severity << "] " << f.code << ": " << f.message << '\n';
    out << "Restrictions:";
    if (e.restrictions.empty())
        out << " none";
    out << '\n';
    for (const auto& r : e.restrictions) {
        out << "  " << r;
        if (form)
            if (auto it = form->restriction_texts().find(r); it != form->restriction_texts().end())
                out << ": " << it->second;
        out << '\n';
    }
    out << "Advisories:";
    if (e.advisories.empty())
        out << " none";
    out << '\n';
    for (const auto& a : e.advisories) {
        out << "  " << a;
        if (form)
            for (const auto& rule_a : form->advisory_rules())
                if (rule_a.code == a)
                    out << ": " << rule_a.message;
        out << '\n';
    }
}

void print_status(CliInvocation& run, Database& db, const BookingStatus& s)
{
    auto& out = run.out();
    const auto client = find_client(db, s.client_id);
    out << (client ? client->display_name() : s.client_id) << " on " << s.on << ": "
        << (s.bookable ? "bookable" : "NOT bookable") << '\n';
    if (s.screening_id)
        out << "  screening      " << *s.screening_id << " of " << s.assessed_on.value_or("")
            << " (current until " << s.valid_until.value_or("") << ", " << s.state << ")\n";
    if (s.state == "current") {
        out << "  disposition    " << s.disposition.value_or("") << (s.cleared ? " (cleared)" : "") << '\n'
            << "  condition type " << s.condition_type.value_or("") << '\n'
            << "  course         " << course_text(s.sessions_per_week) << '\n'
            << "  restrictions   " << cli::joined(s.restrictions) << '\n';
    }
    for (const auto& r : s.reasons)
        out << "  " << r.code << ": " << r.message << '\n';
}

Result<BookingStatus> status_today(CliInvocation& run, Clinic& clinic, const FormLibrary& forms,
                                   std::string_view client_id)
{
    return booking_status(clinic.db(), forms, client_id, cli::today(run, clinic));
}

json::object screening_json(Database& db, const Screening& s)
{
    json::value clearance = nullptr;
    if (const auto c = clearance_for(db, s.id))
        clearance = json::object{{"id", c->id},
                                 {"clinician", c->clinician},
                                 {"note", c->note},
                                 {"recorded_by", c->recorded_by},
                                 {"recorded_at", c->recorded_at}};
    return {{"id", s.id},
            {"client_id", s.client_id},
            {"form", s.form},
            {"source", s.source},
            {"based_on", s.based_on ? json::value(*s.based_on) : json::value(nullptr)},
            {"assessed_on", s.assessed_on},
            {"recorded_by", s.recorded_by},
            {"recorded_at", s.recorded_at},
            {"input", s.input},
            {"result", to_json(s.evaluation)},
            {"clearance", std::move(clearance)}};
}

/// What the front desk may see of a screening: no answers and no flags (which quote them).
void withhold_answers(json::object& shown)
{
    shown.erase("input");
    if (auto* result = shown.if_contains("result"); result && result->is_object())
        result->as_object().erase("flags");
    shown["answers_withheld"] = true;
}

struct InputOptions {
    std::string client;
    std::string input;
    std::string key;
};

void add_evaluate(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    auto input = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("evaluate", "Evaluate a form's answers without storing anything "
                                               "(no database needed)");
    cmd->add_option("input", *input, "The form as JSON: a file, or - for standard input")->required();
    cli::on_run(cmd, action, [&, input]() -> int {
        auto value = cli::read_json_input(run, *input);
        if (!value)
            return cli::report(run, value.error());
        auto e = forms.evaluate(*value);
        if (!e)
            return cli::report(run, e.error());
        if (run.json())
            cli::print_json(run, to_json(*e));
        else
            print_evaluation(run, forms, *e);
        return 0;
    });
}

void add_record(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    auto o = std::make_shared<InputOptions>();
    auto* cmd = app.add_subcommand("record", "Store a screening for a client (needs their consent to "
                                             "store health data)");
    cmd->add_option("--client", o->client, "Client id")->required();
    cmd->add_option("input", o->input, "The form as JSON: a file, or - for standard input")->required();
    cli::key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o]() -> int {
        auto value = cli::read_json_input(run, o->input);
        if (!value)
            return cli::report(run, value.error());
        auto outcome = execute(run, "intake.record",
                               {{"client_id", o->client}, {"screening", std::move(*value)}}, o->key);
        if (!outcome)
            return cli::report(run, outcome.error());
        auto& db = (*run.clinic())->db();
        const std::string id(outcome->result.at("id").as_string());
        const auto screening = find_screening(db, id);
        if (!screening)
            return cli::report(run,
                               internal_error("screening " + id + " was recorded but cannot be read"));
        if (run.json()) {
            json::object o_json{{"screening_id", id}};
            for (auto& [k, v] : to_json(screening->evaluation))
                o_json[k] = v;
            cli::print_json(run, o_json);
        } else {
            run.out() << "Recorded screening " << id << ".\n";
            print_evaluation(run, forms, screening->evaluation);
        }
        return 0;
    });
}

void add_status(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    struct Options {
        std::string client;
        std::optional<std::string> on;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("status", "What booking needs: disposition, restrictions, condition "
                                             "type, and whether the client may be booked");
    cmd->add_option("client", o->client, "Client id")->required();
    cmd->add_option("--on", o->on, "The date to book for, YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, o]() -> int {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        const auto on = date_option(o->on, "--on").value_or(cli::today(run, **clinic));
        auto status = booking_status(db, forms, o->client, on);
        if (!status)
            return cli::report(run, status.error());
        if (run.json())
            cli::print_json(run, to_json(*status));
        else
            print_status(run, db, *status);
        return 0;
    });
}

void add_clear(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    struct Options {
        std::string client, clinician, note, key;
        std::optional<std::string> screening;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("clear", "Record a medical clearance (owner, admin or therapist); an "
                                            "urgent referral cannot be cleared");
    cmd->add_option("--client", o->client, "Client id")->required();
    cmd->add_option("--clinician", o->clinician, "Who cleared the client, e.g. \"Dr A. Patel (GP)\"")
        ->required();
    cmd->add_option("--note", o->note, "What the clearance says")->required();
    cmd->add_option("--screening", o->screening, "The screening cleared (default: the latest)");
    cli::key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o]() -> int {
        json::object payload{{"client_id", o->client}, {"clinician", o->clinician}, {"note", o->note}};
        if (o->screening)
            payload["screening_id"] = *o->screening;
        auto outcome = execute(run, "intake.clear", std::move(payload), o->key);
        if (!outcome)
            return cli::report(run, outcome.error());
        auto status = status_today(run, **run.clinic(), forms, o->client);
        if (!status)
            return cli::report(run, status.error());
        const std::string id(outcome->result.at("id").as_string());
        if (run.json()) {
            cli::print_json(run, json::object{{"clearance_id", id}, {"status", to_json(*status)}});
        } else {
            run.out() << "Recorded clearance " << id << ".\n";
            print_status(run, (*run.clinic())->db(), *status);
        }
        return 0;
    });
}

void add_precheck(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    auto o = std::make_shared<InputOptions>();
    auto* cmd = app.add_subcommand("precheck", "Ask the red-flag questions again before a session; any "
                                               "yes records a new screening and stops booking");
    cmd->add_option("--client", o->client, "Client id")->required();
    cmd->add_option("input", o->input,
                    "The answers as JSON {\"form\", \"checked_on\", \"answers\"}: a file, or - for "
                    "standard input")
        ->required();
    cli::key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o]() -> int {
        auto value = cli::read_json_input(run, o->input);
        if (!value)
            return cli::report(run, value.error());
        auto outcome = execute(run, "intake.precheck",
                               {{"client_id", o->client}, {"precheck", std::move(*value)}}, o->key);
        if (!outcome)
            return cli::report(run, outcome.error());
        auto& clinic = **run.clinic();
        const std::string id(outcome->result.at("id").as_string());
        const auto check = find_precheck(clinic.db(), id);
        if (!check)
            return cli::report(run, internal_error("pre-session check " + id
                                                   + " was recorded but cannot be read"));
        auto status = status_today(run, clinic, forms, o->client);
        if (!status)
            return cli::report(run, status.error());
        if (run.json()) {
            cli::print_json(run, json::object{
                                     {"precheck_id", id},
                                     {"flagged", check->flagged},
                                     {"screening_id", check->new_screening_id
                                                          ? json::value(*check->new_screening_id)
                                                          : json::value(nullptr)},
                                     {"status", to_json(*status)}});
        } else {
            run.out() << (check->flagged
                              ? "Pre-session check: a red flag was answered yes. A new screening ("
                                    + check->new_screening_id.value_or("") + ") was recorded.\n"
                              : std::string("Pre-session check: all clear.\n"));
            print_status(run, clinic.db(), *status);
        }
        return 0;
    });
}

void add_show(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    auto id = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("show", "Show one stored screening: answers and result under the form "
                                           "version it was taken with");
    cmd->add_option("screening", *id, "Screening id")->required();
    cli::on_run(cmd, action, [&, id]() -> int {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        const auto s = find_screening(db, *id);
        if (!s)
            return cli::report(run, not_found("there is no screening " + *id
                                              + ": `fascia intake history CLIENT` lists a client's"));
        // Reading the answers is itself recorded (audit); roles that may not read them
        // (the front desk) get the disposition, restrictions and script only.
        const auto read = execute(run, "intake.answers_read", {{"screening_id", s->id}}, {});
        if (!read && read.error().kind != ErrorKind::forbidden)
            return cli::report(run, read.error());
        if (run.json()) {
            auto shown = screening_json(db, *s);
            if (!read)
                withhold_answers(shown);
            cli::print_json(run, shown);
            return 0;
        }
        run.out() << "Screening " << s->id << " (" << s->form << ", " << s->source << ") of "
                  << s->assessed_on << ", recorded by " << s->recorded_by << " at " << s->recorded_at
                  << '\n';
        if (read) {
            print_evaluation(run, forms, s->evaluation);
        } else {
            auto e = s->evaluation;
            e.flags.clear(); // never printed, whatever print_evaluation does with them
            print_evaluation(run, forms, e, true);
        }
        if (const auto c = clearance_for(db, s->id))
            run.out() << "Cleared by " << c->clinician << " (recorded by " << c->recorded_by << " at "
                      << c->recorded_at << "): " << c->note << '\n';
        return 0;
    });
}

void add_history(CLI::App& app, CliInvocation& run, Action& action)
{
    auto client = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("history", "List a client's screenings, newest first");
    cmd->add_option("client", *client, "Client id")->required();
    cli::on_run(cmd, action, [&, client]() -> int {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        if (!find_client(db, *client))
            return cli::report(run, not_found("there is no client " + *client));
        json::array list;
        auto q = db.query("SELECT s.id, s.form, s.source, s.assessed_on, s.disposition,"
                          " s.condition_type, c.id IS NOT NULL FROM intake_screenings s"
                          " LEFT JOIN intake_clearances c ON c.screening_id = s.id"
                          " WHERE s.client_id = ? ORDER BY s.rowid DESC",
                          *client);
        while (q.step()) {
            if (run.json())
                list.push_back(json::object{{"id", q.text(0)},
                                            {"form", q.text(1)},
                                            {"source", q.text(2)},
                                            {"assessed_on", q.text(3)},
                                            {"disposition", q.text(4)},
                                            {"condition_type", q.text(5)},
                                            {"cleared", q.integer(6) != 0}});
            else
                run.out() << q.text(0) << "  " << q.text(3) << "  " << q.text(2) << "  " << q.text(4)
                          << (q.integer(6) ? " (cleared)" : "") << "  " << q.text(5) << '\n';
        }
        if (run.json())
            cli::print_json(run, json::object{{"client_id", *client}, {"screenings", std::move(list)}});
        return 0;
    });
}

void add_form(CLI::App& app, CliInvocation& run, const FormLibrary& forms, Action& action)
{
    struct Options {
        std::string form;
        bool precheck = false;
    };
    auto o = std::make_shared<Options>();
    o->form = forms.forms().empty() ? std::string() : forms.forms().back().id();
    auto* cmd = app.add_subcommand("form", "Print a blank form (or pre-session check) to fill in, as JSON");
    cmd->add_option("form", o->form, "Form id")->capture_default_str();
    cmd->add_flag("--precheck", o->precheck, "The pre-session check's questions instead");
    cli::on_run(cmd, action, [&, o]() -> int {
        const auto* form = forms.find(o->form);
        if (!form)
            return cli::report(run, invalid("form: unknown form '" + o->form + "'", "form"));
        if (!o->precheck) {
            cli::print_json(run, form->blank_input());
            return 0;
        }
        json::object answers;
        for (const auto& q : form->precheck_questions())
            answers[q.id] = nullptr;
        cli::print_json(run, json::object{{"form", form->id()},
                                          {"checked_on", nullptr},
                                          {"answers", std::move(answers)}});
        return 0;
    });
}

void add_settings(CLI::App& app, CliInvocation& run, Action& action)
{
    auto days = std::make_shared<std::optional<int>>();
    auto* cmd = app.add_subcommand("settings", "Show or change how long a screening stays current");
    cmd->add_option("--valid-days", *days, "Days a screening stays current (owner or admin)");
    cli::on_run(cmd, action, [&, days]() -> int {
        if (*days) {
            auto outcome = execute(run, "settings.update",
                                   {{"modules", {{"intake.screening_valid_days", **days}}}}, "");
            if (!outcome)
                return cli::report(run, outcome.error());
        }
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        const int valid = screening_valid_days((*clinic)->db());
        if (run.json())
            cli::print_json(run, json::object{{"screening_valid_days", valid}});
        else
            run.out() << "Screenings stay current for " << valid << " days.\n";
        return 0;
    });
}

} // namespace

int run_cli(CliInvocation& run, const FormLibrary& forms)
{
    cli::ModuleApp app{"Intake screening: red-flag triage, medical clearances, restrictions, the condition "
                       "type and the pre-session check.",
                       "fascia intake"};
    Action action;
    add_evaluate(app, run, forms, action);
    add_record(app, run, forms, action);
    add_status(app, run, forms, action);
    add_clear(app, run, forms, action);
    add_precheck(app, run, forms, action);
    add_show(app, run, forms, action);
    add_history(app, run, action);
    add_form(app, run, forms, action);
    add_settings(app, run, action);
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::intake
