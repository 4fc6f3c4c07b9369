// Backups: `fascia backup --to FILE [--no-encrypt]` and `fascia restore FILE --to PATH`.
// The passphrase comes on standard input (first line), never as an argument,
// so it stays out of the shell history and the process list.
#include "commands.h"

#include <fascia/backup.h>
#include <fascia/cli_support.h>

#include <boost/json.hpp>

#include <unistd.h>

namespace fascia::cli {

namespace json = boost::json;

namespace {

/// The first line of standard input (a prompt on stderr when a person types it).
std::optional<std::string> read_passphrase(Session& session, const char* prompt)
{
    if (::isatty(STDIN_FILENO))
        session.err() << prompt << std::flush;
    std::string line;
    if (!std::getline(session.in(), line))
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

int print_summary(Session& session, const BackupSummary& s, const std::string& sentence)
{
    if (session.json())
        print_json(session, json::object{{"file", s.file.string()},
                                         {"bytes", s.file_bytes},
                                         {"database_bytes", s.database_bytes},
                                         {"encrypted", s.encrypted},
                                         {"audit_entries", s.audit_entries}});
    else
        session.out() << sentence << '\n';
    return 0;
}

void add_backup(CLI::App& app, Session& session, Action& action)
{
    auto to = std::make_shared<std::string>();
    auto plain = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("backup", "Copy the clinic database, online and consistent, into a new file "
                                             "(encrypted with a passphrase read from standard input)");
    cmd->add_option("--to", *to, "The new backup file (never overwritten)")->required()->type_name("FILE");
    cmd->add_flag("--no-encrypt", *plain, "Write a plain SQLite copy (keep it somewhere as safe as the database)");
    cmd->callback([&, to, plain] {
        action = [&, to, plain]() -> int {
            std::optional<std::string> passphrase;
            if (!*plain) {
                passphrase = read_passphrase(session, "Backup passphrase: ");
                if (!passphrase || passphrase->empty())
                    return fail(session, invalid("no passphrase on standard input: pipe one in "
                                                 "(echo \"$PASSPHRASE\" | fascia backup --to FILE), "
                                                 "or give --no-encrypt",
                                                 "passphrase"));
            }
            auto made = write_backup(session.database_path(), *to, passphrase);
            if (!made)
                return fail(session, made.error());
            return print_summary(session, *made,
                                 "Backed up " + session.database_path().string() + " to " + made->file.string()
                                     + " (" + std::to_string(made->audit_entries) + " audit entries, "
                                     + (made->encrypted ? "encrypted" : "NOT encrypted") + ").");
        };
    });
}

void add_restore(CLI::App& app, Session& session, Action& action)
{
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("restore", "Check a backup (integrity and audit chain) and write it to a new "
                                              "database file (an encrypted one reads its passphrase from "
                                              "standard input)");
    cmd->add_option("file", *from, "The backup file")->required()->type_name("FILE");
    cmd->add_option("--to", *to, "Where to write the restored database (must not exist yet)")
        ->required()
        ->type_name("PATH");
    cmd->callback([&, from, to] {
        action = [&, from, to]() -> int {
            auto encrypted = backup_is_encrypted(*from);
            if (!encrypted)
                return fail(session, encrypted.error());
            std::optional<std::string> passphrase;
            if (*encrypted)
                passphrase = read_passphrase(session, "Backup passphrase: ");
            auto restored = restore_backup(*from, *to, passphrase);
            if (!restored)
                return fail(session, restored.error());
            return print_summary(session, *restored,
                                 "Restored " + *from + " to " + restored->file.string() + ": integrity ok, audit "
                                     "chain unbroken (" + std::to_string(restored->audit_entries)
                                     + " entries). Use it with --db " + restored->file.string() + ".");
        };
    });
}

} // namespace

void add_backup_commands(CLI::App& app, Session& session, Action& action)
{
    add_backup(app, session, action);
    add_restore(app, session, action);
}

} // namespace fascia::cli
