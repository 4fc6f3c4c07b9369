#pragma once
/// Helpers shared by the `fascia` CLI and the modules' CLI subcommands, so
/// every command prints, fails and exits the same way. Header-only on purpose:
/// it needs CLI11, which the core library itself does not link.
#include <fascia/error.h>
#include <fascia/extensions.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <ostream>

namespace fascia::cli {

/// Prints an error the way every command does: a sentence on stderr, or
/// {"error": {...}} with --json. Returns the exit code for its kind.
inline int report(CliInvocation& run, const Error& e)
{
    if (run.json()) {
        boost::json::object o{{"kind", to_string(e.kind)}, {"message", e.message}};
        if (!e.field.empty())
            o["field"] = e.field;
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
        return report(run, invalid(std::string(e.what()) + " (run `" + app.get_name()
                                   + " --help` for usage)"));
    }
    try {
        return body();
    } catch (const Failure& f) {
        return report(run, f.error());
    } catch (const std::exception& e) {
        return report(run, internal_error(e.what()));
    }
}

} // namespace fascia::cli
