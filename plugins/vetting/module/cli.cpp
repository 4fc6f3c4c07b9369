// `fascia vetting ...`: record credentials, registrations, insurance, CPD and
// checks; suspend and reinstate; and ask who may practise what on which day.
// Writes go through the command bus; reads through the same queries the
// fascia.vetting/1 service answers with.
#include "contributions.h"
#include "json_shapes.h"
#include "records.h"

#include <fascia/catalogue.h>
#include <fascia/cli_support.h>
#include <fascia/staff.h>

#include <boost/json.hpp>

namespace fascia::vetting {

namespace json = boost::json;

namespace {

using cli::Action;
using cli::date_option;
using cli::joined;
using cli::key_option;
using cli::open_as_staff;
using cli::put;
using cli::today;

std::string upper(std::string text)
{
    for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

void print_status(CliInvocation& run, const Status& s)
{
    auto& out = run.out();
    out << s.display_name;
    if (s.display_name != s.username)
        out << " (" << s.username << ")";
    out << " on " << s.on << ": " << upper(s.status) << '\n';
    for (const auto& r : s.reasons)
        out << (s.status == "approved" ? "  ok  " : "  --  ") << r.message << '\n';
    out << "  May practise: " << joined(s.privileges) << '\n';
    for (const auto& w : s.warnings)
        out << "  Warning: " << w.message << '\n';
}

/// Runs a vetting command as the acting user and prints what it did, with the
/// therapist's status today so the effect is visible at once.
int write(CliInvocation& run, std::string type, json::object payload, const std::string& key,
          const std::string& sentence)
{
    auto outcome = cli::execute(run, type, std::move(payload), key);
    if (!outcome)
        return cli::report(run, outcome.error());
    auto clinic = run.clinic();
    json::object result = outcome->result.is_object() ? outcome->result.as_object() : json::object{};
    std::optional<Status> status;
    // The change is made; the status is a courtesy (absent if they are no longer a therapist).
    if (const auto* therapist = result.if_contains("therapist_id"); therapist && therapist->is_string())
        if (auto s = therapist_status((*clinic)->db(), therapist->as_string(), today(run, **clinic)))
            status = std::move(*s);
    if (run.json()) {
        if (status)
            result["status"] = to_json(*status);
        cli::print_json(run, result);
        return 0;
    }
    run.out() << sentence;
    if (const auto* id = result.if_contains("id"); id && id->is_string())
        run.out() << " (" << id->as_string().c_str() << ")";
    run.out() << ".\n";
    if (status)
        print_status(run, *status);
    return 0;
}

// ---- writes ----------------------------------------------------------------

void add_credential(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist, kind, number, issuer, issued, key;
        std::optional<std::string> expires, document;
    };
    auto o = std::make_shared<Options>();
    auto* group = app.add_subcommand("credential", "A therapist's qualifications, licences and certificates");
    group->require_subcommand(1, 1);
    auto* cmd = group->add_subcommand("add", "Record a credential");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--kind", o->kind, "Credential kind (`fascia vetting rules` lists them)")->required();
    cmd->add_option("--number", o->number, "Certificate or licence number")->required();
    cmd->add_option("--issuer", o->issuer, "Who issued it")->required();
    cmd->add_option("--issued", o->issued, "Issue date, YYYY-MM-DD")->required();
    cmd->add_option("--expires", o->expires, "Last day it is valid, YYYY-MM-DD (omit if it does not expire)");
    cmd->add_option("--document", o->document, "Where the clinic keeps the copy (a file path or reference)");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        json::object p{{"therapist", o->therapist}, {"kind", o->kind},       {"number", o->number},
                       {"issuer", o->issuer},       {"issued", o->issued}};
        put(p, "expires", o->expires);
        put(p, "document", o->document);
        return write(run, "vetting.add_credential", std::move(p), o->key,
                     "Recorded " + o->kind + " for " + o->therapist);
    });
}

void add_registration(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist, body, number, issued, expires, key;
        std::optional<std::string> document;
    };
    auto o = std::make_shared<Options>();
    auto* group = app.add_subcommand("registration", "Registration with a professional body");
    group->require_subcommand(1, 1);
    auto* cmd = group->add_subcommand("add", "Record a registration (or its renewal)");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--body,--issuer", o->body, "The professional body, e.g. GCMT, HCPC, a state board")
        ->required();
    cmd->add_option("--number", o->number, "Registration number")->required();
    cmd->add_option("--issued,--from", o->issued, "First day registered, YYYY-MM-DD")->required();
    cmd->add_option("--expires", o->expires, "Last day registered, YYYY-MM-DD")->required();
    cmd->add_option("--document", o->document, "Where the clinic keeps the certificate");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        json::object p{{"therapist", o->therapist}, {"body", o->body},          {"number", o->number},
                       {"issued", o->issued},       {"expires", o->expires}};
        put(p, "document", o->document);
        return write(run, "vetting.add_registration", std::move(p), o->key,
                     "Recorded registration with " + o->body + " for " + o->therapist);
    });
}

void add_insurance(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist, insurer, policy, cover, issued, expires, key;
        std::optional<std::string> currency, document;
    };
    auto o = std::make_shared<Options>();
    auto* group = app.add_subcommand("insurance", "Professional indemnity insurance");
    group->require_subcommand(1, 1);
    auto* cmd = group->add_subcommand("add", "Record a policy (or its renewal)");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--insurer,--issuer", o->insurer, "The insurer")->required();
    cmd->add_option("--policy,--number", o->policy, "Policy number")->required();
    cmd->add_option("--cover", o->cover, "Amount insured, e.g. 5000000")->required();
    cmd->add_option("--currency", o->currency, "ISO 4217 code (default: the clinic's)");
    cmd->add_option("--issued,--from", o->issued, "First day covered, YYYY-MM-DD")->required();
    cmd->add_option("--expires", o->expires, "Last day covered, YYYY-MM-DD")->required();
    cmd->add_option("--document", o->document, "Where the clinic keeps the certificate of insurance");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        json::object p{{"therapist", o->therapist}, {"insurer", o->insurer}, {"policy", o->policy},
                       {"cover", o->cover},         {"issued", o->issued},   {"expires", o->expires}};
        put(p, "currency", o->currency);
        put(p, "document", o->document);
        return write(run, "vetting.add_insurance", std::move(p), o->key,
                     "Recorded insurance with " + o->insurer + " for " + o->therapist);
    });
}

void add_cpd(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::optional<std::string> provider;
        std::string therapist, hours, on, topic, key;
    };
    auto o = std::make_shared<Options>();
    auto* group = app.add_subcommand("cpd", "Continuing professional development");
    group->require_subcommand(1, 1);
    auto* cmd = group->add_subcommand("add", "Log CPD hours");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--hours", o->hours, "Hours, e.g. 7.5")->required();
    cmd->add_option("--on", o->on, "Date completed, YYYY-MM-DD")->required();
    cmd->add_option("--topic", o->topic, "What it covered, e.g. \"neuropathic pain\"")->required();
    cmd->add_option("--provider", o->provider, "Who ran it");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        json::object p{{"therapist", o->therapist}, {"hours", o->hours}, {"on", o->on}, {"topic", o->topic}};
        put(p, "provider", o->provider);
        return write(run, "vetting.add_cpd", std::move(p), o->key,
                     "Logged " + o->hours + " h of CPD for " + o->therapist);
    });
}

void add_check(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist, item, key;
        std::optional<std::string> on, note, document;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("check", "Tick a checklist item: identity checked, a reference taken, "
                                            "qualification documents sighted (by you)");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--item", o->item, "identity, reference or documents")->required();
    cmd->add_option("--on", o->on, "Date checked, YYYY-MM-DD (default today)");
    cmd->add_option("--note", o->note, "What was seen; for a reference, the referee (required)");
    cmd->add_option("--document", o->document, "Where the clinic keeps the copy");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        json::object p{{"therapist", o->therapist}, {"item", o->item}};
        put(p, "on", o->on);
        put(p, "note", o->note);
        put(p, "document", o->document);
        return write(run, "vetting.record_check", std::move(p), o->key,
                     "Checked " + o->item + " for " + o->therapist);
    });
}

void add_concern(CLI::App& app, CliInvocation& run, Action& action)
{
    auto* group = app.add_subcommand("concern", "Concerns about a therapist (owners and admins)");
    group->require_subcommand(1, 1);
    struct Options {
        std::string therapist, note, id, key;
        std::optional<std::string> on;
    };
    auto add = std::make_shared<Options>();
    auto* add_cmd = group->add_subcommand("add", "Record a concern, e.g. \"miracle cure\" claims or pressure to "
                                                 "book unnecessary sessions");
    add_cmd->add_option("--therapist", add->therapist, "Username or staff id")->required();
    add_cmd->add_option("--note,--concern", add->note, "What happened")->required();
    add_cmd->add_option("--on", add->on, "When it was raised, YYYY-MM-DD (default today)");
    key_option(add_cmd, add->key);
    cli::on_run(add_cmd, action, [&, add] {
        json::object p{{"therapist", add->therapist}, {"concern", add->note}};
        put(p, "on", add->on);
        return write(run, "vetting.record_concern", std::move(p), add->key,
                     "Recorded a concern about " + add->therapist);
    });
    auto resolve = std::make_shared<Options>();
    auto* resolve_cmd = group->add_subcommand("resolve", "Close a concern with what was done about it");
    resolve_cmd->add_option("--id", resolve->id, "The concern's id")->required();
    resolve_cmd->add_option("--note,--resolution", resolve->note, "What was done")->required();
    key_option(resolve_cmd, resolve->key);
    cli::on_run(resolve_cmd, action, [&, resolve] {
        return write(run, "vetting.resolve_concern", {{"id", resolve->id}, {"resolution", resolve->note}},
                     resolve->key, "Resolved the concern");
    });
}

void add_standing(CLI::App& app, CliInvocation& run, Action& action, bool suspend)
{
    struct Options {
        std::string therapist, reason, key;
        std::optional<std::string> from;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = suspend ? app.add_subcommand("suspend", "Suspend a therapist (owner only)")
                        : app.add_subcommand("reinstate", "Lift a therapist's suspension (owner only)");
    cmd->add_option("--therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--reason", o->reason, "Why")->required();
    cmd->add_option("--from", o->from, "First day it applies, YYYY-MM-DD (default today)");
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o, suspend] {
        json::object p{{"therapist", o->therapist}, {"reason", o->reason}};
        put(p, "from", o->from);
        return write(run, suspend ? "vetting.suspend" : "vetting.reinstate", std::move(p), o->key,
                     (suspend ? "Suspended " : "Reinstated ") + o->therapist);
    });
}

void add_withdraw(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string id, reason, key;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("withdraw", "Withdraw a credential, registration, policy, CPD entry or check "
                                               "recorded in error (it stays in the history)");
    cmd->add_option("--id", o->id, "The entry's id (`fascia vetting show THERAPIST --json`)")->required();
    cmd->add_option("--reason", o->reason, "Why it is withdrawn")->required();
    key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o] {
        return write(run, "vetting.withdraw", {{"id", o->id}, {"reason", o->reason}}, o->key, "Withdrew it");
    });
}

// ---- reads -------------------------------------------------------------------

void add_status(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist;
        std::optional<std::string> on;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("status", "A therapist's status on a date: pending, approved, suspended or "
                                             "lapsed, with the reasons and what they may practise");
    cmd->add_option("therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--on", o->on, "The date, YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, o] {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto on = date_option(o->on, "on").value_or(today(run, **clinic));
        auto s = therapist_status((*clinic)->db(), o->therapist, on);
        if (!s)
            return cli::report(run, s.error());
        if (run.json())
            cli::print_json(run, to_json(*s));
        else
            print_status(run, *s);
        return 0;
    });
}

void add_list(CLI::App& app, CliInvocation& run, Action& action)
{
    auto on_text = std::make_shared<std::optional<std::string>>();
    auto* cmd = app.add_subcommand("list", "Every active therapist's status on a date");
    cmd->add_option("--on", *on_text, "The date, YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, on_text] {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        const auto on = date_option(*on_text, "on").value_or(today(run, **clinic));
        json::array list;
        for (const auto& t : list_therapists(db, false)) {
            auto s = therapist_status(db, t.id, on);
            if (!s)
                return cli::report(run, s.error());
            if (run.json())
                list.push_back(to_json(*s));
            else
                run.out() << s->username << "  " << s->status << "  "
                          << (s->status == "approved" ? "may practise " + joined(s->privileges)
                                                      : s->reasons.front().message)
                          << '\n';
        }
        if (run.json())
            cli::print_json(run, json::object{{"on", format_date(on)}, {"therapists", std::move(list)}});
        return 0;
    });
}

void add_eligible(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string modality;
        std::optional<std::string> on, therapist;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("eligible", "Who may practise a modality on a date, and why the others may not");
    cmd->add_option("--modality", o->modality, joined(known_modalities()))->required();
    cmd->add_option("--on", o->on, "The session's date, YYYY-MM-DD (default today)");
    cmd->add_option("--therapist", o->therapist, "Only this therapist");
    cli::on_run(cmd, action, [&, o] {
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        const auto on = date_option(o->on, "on").value_or(today(run, **clinic));
        std::vector<Eligibility> answers;
        if (o->therapist) {
            auto one = therapist_eligibility(db, *o->therapist, o->modality, on);
            if (!one)
                return cli::report(run, one.error());
            answers.push_back(std::move(*one));
        } else {
            auto all = eligibility_for_all(db, o->modality, on);
            if (!all)
                return cli::report(run, all.error());
            answers = std::move(*all);
        }
        if (run.json()) {
            json::array yes, no;
            for (const auto& e : answers) {
                auto j = to_json(e);
                for (const char* k : {"modality", "on", "eligible"})
                    j.erase(k);
                (e.eligible ? yes : no).push_back(std::move(j));
            }
            cli::print_json(run, json::object{{"modality", o->modality},
                                              {"on", format_date(on)},
                                              {"eligible", std::move(yes)},
                                              {"not_eligible", std::move(no)}});
            return 0;
        }
        auto& out = run.out();
        out << o->modality << " on " << format_date(on) << ":\n  Eligible:";
        bool any = false;
        for (const auto& e : answers)
            if (e.eligible) {
                out << (any ? ", " : " ") << e.display_name << " (" << e.username << ")";
                any = true;
            }
        out << (any ? "\n" : " nobody\n");
        for (const auto& e : answers) {
            if (e.eligible)
                continue;
            out << "  Not eligible: " << e.display_name << " (" << e.username << "), " << e.status << '\n';
            for (const auto& r : e.reasons)
                out << "    - " << r.message << '\n';
        }
        return 0;
    });
}

void add_expiring(CLI::App& app, CliInvocation& run, Action& action)
{
    auto within = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("expiring", "Credentials, registrations, insurance and CPD running out soon, "
                                               "with the 60/30/7-day warning each has crossed");
    cmd->add_option("--within", *within, "Days ahead, e.g. 60")->required();
    cli::on_run(cmd, action, [&, within] {
        const auto whole = cli::whole_number(*within);
        if (!whole)
            return cli::report(run, invalid("within: '" + *within + "' is not a whole number of days", "within"));
        const int days = *whole;
        auto clinic = open_as_staff(run);
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto from = today(run, **clinic);
        auto items = expiring_for_all((*clinic)->db(), days, from);
        if (!items)
            return cli::report(run, items.error());
        if (run.json()) {
            json::array list;
            for (const auto& i : *items)
                list.push_back(to_json(i));
            cli::print_json(run, json::object{{"from", format_date(from)},
                                              {"within", days},
                                              {"until", format_date(add_days(from, days))},
                                              {"items", std::move(list)}});
            return 0;
        }
        auto& out = run.out();
        out << "Running out within " << days << " days of " << format_date(from) << ":";
        out << (items->empty() ? " nothing\n" : "\n");
        for (const auto& i : *items) {
            out << "  " << i.expires_on << "  " << i.username << "  " << i.description << "  (" << i.days_left
                << (i.days_left == 1 ? " day" : " days");
            if (i.threshold)
                out << ", " << *i.threshold << "-day warning";
            out << ")\n";
        }
        return 0;
    });
}

void print_show(CliInvocation& run, const json::object& file, const Rules& rules, const Status& status)
{
    auto& out = run.out();
    const auto text = [](const json::value& v) {
        return v.is_string() ? std::string(v.as_string()) : v.is_null() ? std::string("-") : json::serialize(v);
    };
    const auto section = [&](const char* title, const char* key, auto&& line) {
        const auto& list = file.at(key).as_array();
        out << title << (list.empty() ? ": none\n" : ":\n");
        for (const auto& v : list)
            out << "  " << line(v.as_object()) << '\n';
    };
    print_status(run, status);
    section("Credentials", "credentials", [&](const json::object& c) {
        const auto* k = rules.kind(text(c.at("kind")));
        return (k ? k->label : text(c.at("kind"))) + ", no. " + text(c.at("number")) + ", " + text(c.at("issuer"))
               + ", issued " + text(c.at("issued")) + ", expires " + text(c.at("expires")) + "  [" + text(c.at("id"))
               + "]";
    });
    section("Registrations", "registrations", [&](const json::object& g) {
        return text(g.at("body")) + " no. " + text(g.at("number")) + ", " + text(g.at("issued")) + " to "
               + text(g.at("expires")) + "  [" + text(g.at("id")) + "]";
    });
    section("Insurance", "insurance", [&](const json::object& i) {
        return text(i.at("insurer")) + " policy " + text(i.at("policy")) + ", cover " + text(i.at("currency")) + " "
               + text(i.at("cover")) + ", " + text(i.at("issued")) + " to " + text(i.at("expires")) + "  ["
               + text(i.at("id")) + "]";
    });
    section("CPD", "cpd", [&](const json::object& e) {
        return text(e.at("on")) + "  " + text(e.at("hours")) + " h  " + text(e.at("topic"))
               + (text(e.at("provider")).empty() ? "" : " (" + text(e.at("provider")) + ")") + "  ["
               + text(e.at("id")) + "]";
    });
    section("Checklist", "checks", [&](const json::object& c) {
        return text(c.at("on")) + "  " + text(c.at("item")) + " checked by " + text(c.at("checked_by"))
               + (text(c.at("note")).empty() ? "" : ": " + text(c.at("note"))) + "  [" + text(c.at("id")) + "]";
    });
    section("Suspensions", "standing", [&](const json::object& s) {
        return text(s.at("from")) + "  " + text(s.at("action")) + " by " + text(s.at("by")) + ": "
               + text(s.at("reason"));
    });
    if (file.contains("concerns"))
        section("Concerns", "concerns", [&](const json::object& c) {
            return text(c.at("raised_on")) + "  " + text(c.at("concern")) + " (recorded by "
                   + text(c.at("recorded_by")) + ")"
                   + (c.at("resolved_at").is_null() ? "  OPEN" : "  resolved: " + text(c.at("resolution")))
                   + "  [" + text(c.at("id")) + "]";
        });
}

void add_show(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string therapist;
        std::optional<std::string> on;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("show", "A therapist's whole vetting file (owners, admins, and therapists "
                                           "their own; concerns for owners and admins only)");
    cmd->add_option("therapist", o->therapist, "Username or staff id")->required();
    cmd->add_option("--on", o->on, "The date for the status, YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, o] {
        Actor actor;
        auto clinic = open_as_staff(run, &actor);
        if (!clinic)
            return cli::report(run, clinic.error());
        auto& db = (*clinic)->db();
        const auto on = date_option(o->on, "on").value_or(today(run, **clinic));
        const auto t = require_therapist(db, o->therapist);
        const bool manager = actor.role == Role::owner || actor.role == Role::admin;
        if (!manager && actor.user_id != t.id)
            return cli::report(run, forbidden(actor.username + " (" + std::string(to_string(actor.role))
                                              + ") may not read " + t.username
                                              + "'s vetting file: owners and admins may, and a therapist "
                                                "their own; `fascia vetting status` is open to all staff"));
        auto status = therapist_status(db, t.id, on);
        if (!status)
            return cli::report(run, status.error());
        const auto file = file_json(db, t, *status, manager);
        if (run.json())
            cli::print_json(run, file);
        else
            print_show(run, file, load_rules(db), *status);
        return 0;
    });
}

int print_rules(CliInvocation& run)
{
    auto clinic = open_as_staff(run);
    if (!clinic)
        return cli::report(run, clinic.error());
    const auto rules = load_rules((*clinic)->db());
    if (run.json()) {
        cli::print_json(run, rules_json(rules));
        return 0;
    }
    auto& out = run.out();
    out << "Credential kinds:\n";
    for (const auto& k : rules.kinds)
        out << "  " << k.kind << "  " << k.label << (k.qualifying ? "  (qualifying)" : "") << '\n';
    out << "Privileges (beyond an approved status):\n";
    for (const auto& m : known_modalities()) {
        std::vector<std::string> needs;
        for (const auto& r : rules.requirements(m))
            needs.push_back(r == qualifying_requirement ? std::string("a qualifying credential")
                            : rules.kind(r)                 ? rules.kind(r)->label + " (" + r + ")"
                                                            : r);
        out << "  " << m << ": " << joined(needs, "nothing more") << '\n';
    }
    out << "CPD: " << hours_text(rules.cpd_required_hundredths) << " h in the " << rules.cpd_window_months
        << " months before the date\n"
        << "References required: " << rules.references_required << '\n';
    std::vector<std::string> days;
    for (int d : rules.warning_days)
        days.push_back(std::to_string(d));
    out << "Expiry warnings (days ahead): " << joined(days) << '\n';
    return 0;
}

void add_rules(CLI::App& app, CliInvocation& run, Action& action)
{
    auto* rules = app.add_subcommand("rules", "Show or change the clinic's vetting rules (changes: owner or admin)");
    rules->callback([&, rules] {
        if (rules->get_subcommands().empty())
            action = [&] { return print_rules(run); };
    });

    struct Kind {
        std::string kind, key;
        std::optional<std::string> label;
        bool qualifying = false, not_qualifying = false;
    };
    auto k = std::make_shared<Kind>();
    auto* kind_cmd = rules->add_subcommand("kind", "Add or change a credential kind");
    kind_cmd->add_option("kind", k->kind, "Code, e.g. cupping_certificate")->required();
    kind_cmd->add_option("--label", k->label, "What people call it");
    auto* yes = kind_cmd->add_flag("--qualifying", k->qualifying, "Qualifies the holder to treat nerve-related pain");
    kind_cmd->add_flag("--not-qualifying", k->not_qualifying, "Does not")->excludes(yes);
    key_option(kind_cmd, k->key);
    cli::on_run(kind_cmd, action, [&, k] {
        json::object p{{"kind", k->kind}};
        put(p, "label", k->label);
        if (k->qualifying || k->not_qualifying)
            p["qualifying"] = k->qualifying;
        return write(run, "vetting.set_credential_kind", std::move(p), k->key, "Saved kind " + k->kind);
    });

    struct Privilege {
        std::string modality, key;
        std::vector<std::string> requires_list;
        bool none = false;
    };
    auto p = std::make_shared<Privilege>();
    auto* privilege_cmd = rules->add_subcommand("privilege", "Set what a modality needs beyond an approved status");
    privilege_cmd->add_option("modality", p->modality, joined(known_modalities()))->required();
    auto* needs = privilege_cmd->add_option("--requires", p->requires_list,
                                            "A credential kind, or \"qualifying\" (any qualifying credential); "
                                            "repeat for several, all needed");
    privilege_cmd->add_flag("--none", p->none, "Nothing beyond an approved status")->excludes(needs);
    key_option(privilege_cmd, p->key);
    cli::on_run(privilege_cmd, action, [&, p] {
        if (p->requires_list.empty() && !p->none)
            return cli::report(run, invalid("requires: give --requires KIND (repeatable) or --none", "requires"));
        return write(run, "vetting.set_privilege", {{"modality", p->modality}, {"requires", strings(p->requires_list)}},
                     p->key, "Saved the requirements for " + p->modality);
    });

    struct Numbers {
        std::optional<int> cpd_hours, cpd_months, references;
        std::optional<std::string> warning_days;
        std::string key;
    };
    auto n = std::make_shared<Numbers>();
    auto* set_cmd = rules->add_subcommand("set", "Change the CPD requirement, references required or warnings");
    set_cmd->add_option("--cpd-hours", n->cpd_hours, "CPD hours required in the window (default 30)");
    set_cmd->add_option("--cpd-months", n->cpd_months, "The CPD window in months (default 12)");
    set_cmd->add_option("--references", n->references, "References required (default 2)");
    set_cmd->add_option("--warning-days", n->warning_days, "Expiry warnings, days ahead, e.g. 60,30,7");
    key_option(set_cmd, n->key);
    cli::on_run(set_cmd, action, [&, n] {
        // The numbers are clinic settings (settings.update); the warnings are the module's own
        // list. Both go in one transaction: all change, or none.
        std::vector<Command> commands;
        json::object numbers;
        if (n->cpd_hours)
            numbers["vetting.cpd_hours_required"] = *n->cpd_hours;
        if (n->cpd_months)
            numbers["vetting.cpd_window_months"] = *n->cpd_months;
        if (n->references)
            numbers["vetting.references_required"] = *n->references;
        auto who = run.actor();
        if (!who)
            return cli::report(run, who.error());
        if (!numbers.empty())
            commands.push_back({"settings.update", {{"modules", std::move(numbers)}}, *who,
                                n->key.empty() ? "" : n->key + ":settings"});
        if (n->warning_days) {
            json::array days;
            std::string_view rest = *n->warning_days;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string item(rest.substr(0, comma));
                const auto day = cli::whole_number(item);
                if (!day)
                    return cli::report(run, invalid("warning_days: '" + item + "' is not a whole number of days",
                                                    "warning_days"));
                days.push_back(*day);
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
            commands.push_back({"vetting.set_warnings", {{"warning_days", std::move(days)}}, *who,
                                n->key.empty() ? "" : n->key + ":warnings"});
        }
        if (commands.empty())
            return cli::report(run, invalid("nothing to change: give --cpd-hours, --cpd-months, --references or "
                                            "--warning-days"));
        auto clinic = run.clinic();
        if (!clinic)
            return cli::report(run, clinic.error());
        if (auto done = (*clinic)->bus().execute_all(std::move(commands)); !done)
            return cli::report(run, done.error());
        if (!run.json())
            run.out() << "Saved the vetting rules.\n";
        return print_rules(run);
    });
}

} // namespace

int run_cli(CliInvocation& run)
{
    cli::ModuleApp app{"Therapist vetting: credentials, registration, insurance, CPD, the vetting checklist, and who "
                       "may practise what on which day.",
                       "fascia vetting"};
    Action action;
    for (const auto add : {add_credential, add_registration, add_insurance, add_cpd, add_check, add_concern})
        add(app, run, action);
    add_standing(app, run, action, true);
    add_standing(app, run, action, false);
    for (const auto add : {add_withdraw, add_status, add_list, add_eligible, add_expiring, add_show, add_rules})
        add(app, run, action);
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::vetting
