#pragma once
/// Helpers shared by the `fascia` CLI and the modules' CLI subcommands, so
/// every command prints, fails and exits the same way. Header-only on purpose:
/// it needs CLI11, which the core library itself does not link.
#include <fascia/clinic.h>
#include <fascia/clock.h>
#include <fascia/error.h>
#include <fascia/extensions.h>
#include <fascia/roles.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fascia::cli {

namespace detail {

/// The innermost subcommand run_app parsed, while its body runs, for report() to name
/// its options. Header-only, so each library has its own (plugins hide their symbols):
/// run_app and report() meet in one, a module's CLI in its plugin, the core's in fascia.
inline const CLI::App*& parsed_command()
{
    static thread_local const CLI::App* command = nullptr;
    return command;
}

/// Sets parsed_command() for a scope and puts the one before back after it.
class ParsedCommand {
public:
    explicit ParsedCommand(const CLI::App& app) : before_(parsed_command())
    {
        const CLI::App* leaf = &app;
        for (auto chosen = leaf->get_subcommands(); !chosen.empty(); chosen = leaf->get_subcommands())
            leaf = chosen.front();
        parsed_command() = leaf;
    }
    ~ParsedCommand() { parsed_command() = before_; }
    ParsedCommand(const ParsedCommand&) = delete;
    ParsedCommand& operator=(const ParsedCommand&) = delete;

private:
    const CLI::App* before_;
};

} // namespace detail

/// The option of the command being run that gives a command's payload field, as a person
/// types it: "--client" for client_id, "--to" for to, "--dob" for date_of_birth; nullopt
/// when that command has no such option (or none is running). The rule: the field with
/// dashes ("--first-name"), then without "_id" ("--client"), then the few short names below.
inline std::optional<std::string> option_for_field(std::string_view field)
{
    if (field.empty() || !detail::parsed_command())
        return std::nullopt;
    std::string dashed(field);
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    std::vector<std::string> names{"--" + dashed};
    if (dashed.size() > 3 && dashed.ends_with("-id"))
        names.push_back("--" + dashed.substr(0, dashed.size() - 3));
    // Options named shorter than the field, the same wherever they appear.
    // A payment's own fields come from --pay (checkout's "card:45.00", "voucher:CODE:20.00")
    // where a command has no option of their name.
    static constexpr std::pair<std::string_view, std::string_view> shorter[]{
        {"date_of_birth", "--dob"}, {"duration_minutes", "--minutes"}, {"payments", "--pay"},
        {"amount", "--pay"},        {"method", "--pay"},             {"code", "--pay"},
        {"sessions_per_week", "--per-week"}, {"features", "--feature"}};
    for (const auto& [f, option] : shorter)
        if (f == field)
            names.emplace_back(option);
    for (const CLI::App* c = detail::parsed_command(); c; c = c->get_parent())
        for (const auto& name : names)
            if (c->get_option_no_throw(name))
                return name;
    return std::nullopt;
}

/// Prints an error the way every command does: a sentence on stderr, or
/// {"error": {...}} with --json. Returns the exit code for its kind. A message that
/// starts with a payload field ("client_id: there is no client X") names the option
/// the person typed instead ("--client: ..."; in JSON also as "option"), when the
/// command being run has one (option_for_field); one that starts with the option
/// itself ("--date: not a date") gives it as "option" in JSON too.
inline int report(CliInvocation& run, const Error& given)
{
    Error e = given;
    std::optional<std::string> option;
    const auto colon = e.message.find(": ");
    const auto prefix_is = [&](auto allowed) {
        return colon != std::string::npos && colon > 0
               && std::all_of(e.message.begin(), e.message.begin() + static_cast<std::ptrdiff_t>(colon), allowed);
    };
    if (prefix_is([](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; })
        && (option = option_for_field(std::string_view(e.message).substr(0, colon))))
        e.message = *option + e.message.substr(colon);
    // A message that already starts with the option typed ("--date: ...", "--as: ..."):
    // that is the option, in JSON too.
    else if (e.message.starts_with("--") && colon > 2
             && prefix_is([](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }))
        option = e.message.substr(0, colon);
    // The database file is given by --db, which main() takes out before any command's
    // options are parsed (so it works for every command): no command has it to look up.
    if (!option && e.field == "db")
        option = "--db";
    if (run.json()) {
        boost::json::object o{{"kind", to_string(e.kind)}, {"message", e.message}};
        if (!e.field.empty())
            o["field"] = e.field;
        if (option)
            o["option"] = *option;
        if (!e.reason.empty())
            o["reason"] = e.reason;
        run.err() << boost::json::serialize(boost::json::object{{"error", o}}) << '\n';
    } else {
        run.err() << "fascia: " << e.message << '\n';
    }
    return exit_code(e.kind);
}

/// Prints a JSON value on stdout, one line.
inline void print_json(CliInvocation& run, const boost::json::value& v)
{
    run.out() << boost::json::serialize(v) << '\n';
}

/// A CLI11 parse error (`typed` is the subcommand being typed) worded for a person, starting
/// with the option it is about where there is one, so report() gives that as "option" too:
/// "--count: 'abc' is not a whole number", "--count: '99999999999999999999' is too large a
/// number", "--start: missing; this command needs it", "--start: needs a value",
/// "--bogus: no such option (...)". Other errors keep CLI11's own words.
inline std::string usage_message(const CLI::ParseError& e, const CLI::App& typed)
{
    const std::string what = e.what();
    const auto after = [&](std::string_view prefix) {
        return what.starts_with(prefix) ? std::optional<std::string>(what.substr(prefix.size())) : std::nullopt;
    };
    if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        // CLI11 2.1: "Could not convert: --count = abc".
        const auto rest = after("Could not convert: ");
        const auto equals = rest ? rest->find(" = ") : std::string::npos;
        if (equals != std::string::npos && rest->starts_with("--")) {
            const std::string option = rest->substr(0, equals), value = rest->substr(equals + 3);
            const CLI::Option* o = typed.get_option_no_throw(option);
            const bool whole = o && o->get_type_name().starts_with("INT");
            const bool digits = !value.empty()
                                && std::all_of(value.begin() + (value.front() == '-' ? 1 : 0), value.end(),
                                               [](char c) { return c >= '0' && c <= '9'; })
                                && value != "-";
            if (digits)
                return option + ": '" + value + "' is too large a number";
            return option + ": '" + value + "' is not a " + (whole ? "whole number" : "number");
        }
    } else if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        // "The following argument(s) was/were not expected: --bogus x".
        const auto colon = what.find(": ");
        if (colon != std::string::npos) {
            std::istringstream words(what.substr(colon + 2));
            std::string first;
            words >> first;
            if (first.starts_with("--")) {
                const auto equals = first.find('=');
                return first.substr(0, equals) + ": no such option here";
            }
            return "'" + first + "' was not expected (a value with spaces needs quotes)";
        }
    } else if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        // "--start is required"; "A subcommand is required" stays as it is.
        if (what.starts_with("--") && what.ends_with(" is required") && what.find(' ') == what.size() - 12)
            return what.substr(0, what.size() - 12) + ": missing; this command needs it";
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        // "--start: 1 required TEXT missing": the option came last with no value.
        const auto colon = what.find(": ");
        if (what.starts_with("--") && colon != std::string::npos && what.ends_with(" missing"))
            return what.substr(0, colon) + ": needs a value";
    }
    return what;
}

/// Parses args (as from CliInvocation::args(), program name first) into app
/// and runs body. --help prints and exits 0; a usage error says what was
/// expected and exits 2; a Failure thrown by body is reported with its code.
template <class Body>
int run_app(CLI::App& app, CliInvocation& run, Body&& body)
{
    std::vector<std::string> reversed(run.args().rbegin(), std::prev(run.args().rend()));
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        run.out() << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        run.out() << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::ParseError& e) {
        // Point to the help of the subcommand that was being typed ("fascia schedule
        // checkout --help"), not the whole program's: that is where its options are.
        std::string command = app.get_name();
        const CLI::App* typed = &app;
        for (auto chosen = app.get_subcommands(); !chosen.empty(); chosen = chosen.front()->get_subcommands()) {
            command += " " + chosen.front()->get_name();
            typed = chosen.front();
        }
        return report(run, invalid(usage_message(e, *typed) + " (run `" + command + " --help` for usage)"));
    }
    const detail::ParsedCommand parsed(app);
    try {
        return body();
    } catch (const Failure& f) {
        return report(run, f.error());
    } catch (const std::exception& e) {
        return report(run, internal_error(e.what()));
    }
}

// ---- the module CLI kit: what every `fascia <module> ...` subcommand repeats ----

/// What a module CLI's chosen subcommand runs once the words are parsed; returns the exit code.
using Action = std::function<int()>;

/// Makes `body` (int(), the exit code) the action run when `cmd` is the subcommand chosen.
/// Options bound to `cmd` are filled in by then.
template <class Body>
void on_run(CLI::App* cmd, Action& action, Body body)
{
    cmd->callback([&action, body] { action = body; });
}

/// Parses run.args() into app and runs the action a subcommand chose (exit 2 when none
/// did); --help, usage errors and a thrown Failure are handled as run_app does.
inline int run_chosen(CLI::App& app, CliInvocation& run, const Action& action)
{
    return run_app(app, run, [&] { return action ? action() : 2; });
}

/// The exit codes every `fascia` command keeps, as its help words them.
inline constexpr std::string_view exit_codes =
    "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.";

/// A module's `fascia <word>` app (name "fascia notes"): its help is `about`, then the
/// exit codes on a line of their own; exactly one subcommand is required.
class ModuleApp : public CLI::App {
public:
    ModuleApp(const std::string& about, std::string name)
        : CLI::App(about + "\n" + std::string(exit_codes), std::move(name))
    {
        require_subcommand(1, 1);
    }
};

/// Adds --key, the idempotency key: the same key twice applies the command once and
/// answers with the first result (the command bus keeps it).
inline CLI::Option* key_option(CLI::App* cmd, std::string& key,
                               const std::string& help = "Idempotency key: sending the same key again changes nothing")
{
    return cmd->add_option("--key", key, help);
}

/// The open clinic and the invoking username (--as, FASCIA_USER or the owner), or the
/// error of whichever failed first.
inline Result<std::pair<Clinic*, std::string>> clinic_and_user(CliInvocation& run)
{
    auto clinic = run.clinic();
    if (!clinic)
        return clinic.error();
    auto who = run.actor();
    if (!who)
        return who.error();
    return std::pair<Clinic*, std::string>{*clinic, std::move(*who)};
}

/// The clinic, for a read by an active staff user (the invoking one: --as, FASCIA_USER or
/// the owner). Errors: the database cannot be opened; no such user, or not active
/// (forbidden). `actor`, when given, receives who it is.
inline Result<Clinic*> open_as_staff(CliInvocation& run, Actor* actor = nullptr)
{
    auto opened = clinic_and_user(run);
    if (!opened)
        return opened.error();
    auto resolved = opened->first->bus().resolve_actor(opened->second);
    if (!resolved)
        return resolved.error();
    if (actor)
        *actor = *resolved;
    return opened->first;
}

/// As open_as_staff, for a user whose role is one of `roles`; any other is refused
/// (forbidden, exit 1) with "<username> (<role>) may not <refusal>", e.g. refusal =
/// "see voucher liability: only an owner or admin may".
inline Result<Clinic*> open_as_staff(CliInvocation& run, const std::vector<Role>& roles, std::string_view refusal)
{
    Actor actor;
    auto clinic = open_as_staff(run, &actor);
    if (!clinic)
        return clinic;
    if (std::find(roles.begin(), roles.end(), actor.role) == roles.end())
        return forbidden(actor.username + " (" + std::string(to_string(actor.role)) + ") may not "
                         + std::string(refusal));
    return clinic;
}

/// Runs one command through the clinic's command bus as the invoking user: its role is
/// checked, it runs in one transaction with its audit entry, and a non-empty `key` makes
/// a retry apply once (outcome.replayed says so). Errors: as the handler or bus gives them.
inline Result<CommandOutcome> execute(CliInvocation& run, std::string_view type, boost::json::object payload,
                                      std::string key = {})
{
    auto opened = clinic_and_user(run);
    if (!opened)
        return opened.error();
    return opened->first->bus().execute({std::string(type), std::move(payload), opened->second, std::move(key)});
}

/// Today in the clinic's IANA time zone (clinic setting time_zone), by the process clock.
inline std::chrono::year_month_day today(CliInvocation& run, Clinic& clinic)
{
    return local_date(run.clock().now(), clinic.settings().time_zone);
}

/// The date an optional YYYY-MM-DD option gives, or nullopt when it was not given.
/// Throws Failure(invalid) naming `option` (as the field too) when the text is not a date.
inline std::optional<std::chrono::year_month_day> date_option(const std::optional<std::string>& text,
                                                              const char* option)
{
    if (!text)
        return std::nullopt;
    const auto d = parse_date(*text);
    if (!d)
        throw Failure(invalid(std::string(option) + ": " + not_a_date(*text), option));
    return d;
}

/// The whole number `text` is written as ("60"), or nullopt for anything else
/// ("", "6o", "60 days", out of int's range).
inline std::optional<int> whole_number(const std::string& text)
{
    try {
        std::size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used != text.size())
            return std::nullopt;
        return n;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

/// The JSON a command takes from a file: the contents of the file at `source`, or standard
/// input for "-". Errors (invalid, field "input"): "<file>: cannot read the file (<why>)";
/// "<file or standard input>: not valid JSON (<parser's message><hint>)", where `hint` is
/// what to do about it, e.g. "; `fascia notes form` prints a blank note".
inline Result<boost::json::value> read_json_input(CliInvocation& run, const std::string& source,
                                                  std::string_view hint = {})
{
    std::ostringstream text;
    if (source == "-") {
        text << run.in().rdbuf();
    } else {
        std::ifstream file(source, std::ios::binary);
        if (!file)
            return invalid(source + ": cannot read the file (" + std::strerror(errno) + ")", "input");
        text << file.rdbuf();
    }
    boost::system::error_code ec;
    auto value = boost::json::parse(text.str(), ec);
    if (ec)
        return invalid((source == "-" ? std::string("standard input") : source) + ": not valid JSON ("
                           + ec.message() + std::string(hint) + ")",
                       "input");
    return value;
}

/// Sets payload[key] to *value when the option was given; leaves it out otherwise.
inline void put(boost::json::object& payload, std::string_view key, const std::optional<std::string>& value)
{
    if (value)
        payload[key] = *value;
}

/// "a, b, c", or `empty` for no items.
inline std::string joined(const std::vector<std::string>& items, const char* empty = "none")
{
    if (items.empty())
        return empty;
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

/// With --json prints `value` (one line); otherwise calls text(run.out()). Returns 0, the
/// exit code of a read that worked.
template <class Text>
int print(CliInvocation& run, const boost::json::value& value, Text&& text)
{
    if (run.json())
        print_json(run, value);
    else
        text(run.out());
    return 0;
}

} // namespace fascia::cli
