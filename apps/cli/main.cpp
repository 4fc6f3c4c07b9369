// fascia [--db PATH] [--as USER] [--json] <command> ...
// Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.
#include "commands.h"
#include "session.h"

#include <fascia/cli_support.h>

#include <iostream>

namespace {

using fascia::cli::GlobalOptions;

/// Takes --db, --as, --json and --signing-password-stdin out of args wherever they stand (before a
/// `--`), so they work before or after the command, for core and module
/// commands alike. Returns an error message for a missing value.
std::string take_global_options(std::vector<std::string>& args, GlobalOptions& options)
{
    std::vector<std::string> kept{args.front()};
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            kept.insert(kept.end(), args.begin() + static_cast<long>(i), args.end());
            break;
        }
        std::optional<std::string>* target = nullptr;
        std::optional<std::string> db;
        std::string name;
        if (a == "--json") {
            options.json = true;
            continue;
        }
        if (a == "--signing-password-stdin") {
            options.password_stdin = true;
            continue;
        }
        for (const char* option : {"--db", "--as"}) {
            if (a == option || a.rfind(std::string(option) + "=", 0) == 0) {
                name = option;
                target = name == "--as" ? &options.as : &db;
            }
        }
        if (!target) {
            kept.push_back(a);
            continue;
        }
        if (a.size() > name.size()) {
            *target = a.substr(name.size() + 1);
        } else if (i + 1 < args.size()) {
            *target = args[++i];
        } else {
            return name + " needs a value";
        }
        if (name == "--db")
            options.db = *db;
    }
    args = std::move(kept);
    return {};
}

int run(std::vector<std::string> args)
{
    GlobalOptions options;
    if (auto problem = take_global_options(args, options); !problem.empty()) {
        std::cerr << "fascia: " << problem << " (run `fascia --help` for usage)\n";
        return 2;
    }
    fascia::cli::Session session(options, args);

    // A module's subcommand gets every word after its name, unparsed: it owns its options.
    // Its name is one word, or two for a subcommand of a core command ("clients balance").
    if (args.size() > 1) {
        std::size_t words = 1;
        const auto& extensions = session.host().extensions();
        const auto* command = args.size() > 2 ? extensions.cli_command(args[1] + " " + args[2]) : nullptr;
        if (command)
            words = 2;
        else
            command = extensions.cli_command(args[1]);
        if (command) {
            std::vector<std::string> rest{"fascia " + command->name};
            rest.insert(rest.end(), args.begin() + 1 + static_cast<long>(words), args.end());
            session.set_args(std::move(rest));
            try {
                return command->run(session);
            } catch (const std::exception& e) {
                // The boundary: a module's failure is an error value here, never a crash.
                return fascia::cli::report(
                    session, fascia::internal_error(command->contributed_by + " failed: " + e.what()));
            }
        }
    }

    CLI::App app{"Fascia: practice management for massage, remedial and myotherapy clinics.\n"
                 "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.",
                 "fascia"};
    app.require_subcommand(1, 1);
    // Shown in --help; the values themselves were taken out above.
    std::string shown;
    bool shown_flag = false;
    app.add_option("--db", shown, "Clinic database (default $FASCIA_DB, else $XDG_DATA_HOME/fascia/clinic.db)")
        ->type_name("PATH");
    app.add_option("--as", shown, "Fascia user that writes are attributed to (or $FASCIA_USER)")
        ->type_name("USER");
    app.add_flag("--json", shown_flag, "Machine-readable output on stdout; errors as JSON on stderr");
    app.add_flag("--signing-password-stdin", shown_flag,
                 "On a desk enrolled with a sync server: read your password from the first line of standard "
                 "input to sign your commands (otherwise it is asked for at the terminal)");
    fascia::cli::Action action;
    fascia::cli::add_clinic_commands(app, session, action);
    fascia::cli::add_record_commands(app, session, action);
    fascia::cli::add_sync_commands(app, session, action);
    fascia::cli::add_backup_commands(app, session, action);
    for (const auto& c : session.host().extensions().cli_commands) {
        const auto space = c.name.find(' ');
        CLI::App* parent = &app;
        if (space != std::string::npos) {
            const auto named = app.get_subcommands(
                [&](const CLI::App* s) { return s->get_name() == c.name.substr(0, space); });
            parent = named.empty() ? nullptr : named.front();
        }
        if (parent)
            parent->add_subcommand(c.name.substr(space == std::string::npos ? 0 : space + 1),
                                   c.summary + " (module " + c.contributed_by + ")");
    }
    if (args.size() > 1 && args[1].rfind('-', 0) != 0 && [&] {
            const auto subs = app.get_subcommands([&](const CLI::App* s) { return s->get_name() == args[1]; });
            return subs.empty();
        }())
        return fascia::cli::report(
            session, fascia::invalid("unknown command '" + args[1]
                                     + "': `fascia --help` lists the commands (a module that failed "
                                       "to load is shown by `fascia plugins`)"));
    return fascia::cli::run_app(app, session, [&] { return action ? action() : 2; });
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(std::vector<std::string>(argv, argv + argc));
    } catch (const fascia::Failure& f) {
        std::cerr << "fascia: " << f.error().message << '\n';
        return fascia::exit_code(f.error().kind);
    } catch (const std::exception& e) {
        std::cerr << "fascia: internal error: " << e.what() << '\n';
        return 3;
    }
}
