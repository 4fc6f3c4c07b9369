// fascia-syncd: the clinic's sync authority (docs/PROTOCOL.md).
//   fascia-syncd init [--san NAME]...          make the clinic CA and server certificate
//   fascia-syncd [--listen HOST:PORT] [--db PATH] [--config FILE] [--synchronous FULL|NORMAL]   serve
//   fascia-syncd enroll-code [--hours H]        a one-time code for a new desk
//   fascia-syncd revoke DEVICE                  refuse a desk from now on
//   fascia-syncd status [--json]                devices, last seen, lag
// Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.
#include "event_log.h"
#include "pki.h"
#include "server.h"
#include "service.h"

#include <fascia/clinic.h>
#include <fascia/plugin_host.h>
#include <fascia/sync.h>
#include <fascia/sync_client.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <sqlite3.h>

#include <array>
#include <iostream>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace fascia;

struct Options {
    fs::path db = syncd::default_database_path();
    fs::path certificates = syncd::default_config_dir();
    std::string listen = "127.0.0.1:" + std::string(sync::default_port);
    int idle_timeout = 120;
    int backup_hour = 2;  ///< local hour of the nightly backup
    int backup_keep = 14; ///< nightly backups kept; 0: none taken
    std::string synchronous = "FULL";
    int busy_timeout_ms = 1000;
    int hello_timeout = 10;
    int per_address = 32;
    bool json = false;
};

int report(const Options& options, const Error& e)
{
    if (options.json)
        std::cerr << json::serialize(json::object{
                         {"error", json::object{{"kind", to_string(e.kind)}, {"message", e.message}}}})
                  << '\n';
    else
        std::cerr << "fascia-syncd: " << e.message << '\n';
    return exit_code(e.kind);
}

/// The plugins every desk has, so module commands re-run here too; then the clinic database.
struct SyncDatabase {
    PluginHost host{PluginHost::default_folders()};
    SystemClock clock;
    std::unique_ptr<Clinic> clinic;

    Result<void> open(const fs::path& path, OpenMode mode)
    {
        register_core(host.extensions());
        host.load_all();
        auto opened = Clinic::open(path, host.extensions(), clock, mode);
        if (!opened) {
            if (mode == OpenMode::existing && !fs::exists(path))
                return not_found("there is no sync database at " + path.string()
                                 + " yet: start the daemon once (or give --db)");
            return opened.error();
        }
        clinic = std::move(*opened);
        return {};
    }
};

int init(const Options& options, const std::vector<std::string>& names)
{
    auto made = syncd::create_clinic_certificates({options.certificates}, names);
    if (!made)
        return report(options, made.error());
    if (options.json) {
        json::array list;
        for (const auto& n : made->names)
            list.emplace_back(n);
        std::cout << json::serialize(json::object{{"directory", options.certificates.string()},
                                                  {"ca_fingerprint", made->ca_fingerprint},
                                                  {"names", list}})
                  << '\n';
        return 0;
    }
    std::cout << "Created the clinic's certificate authority and the server certificate in "
              << options.certificates.string() << ".\n  CA fingerprint (SHA-256): " << made->ca_fingerprint
              << "\n  The server certificate names:";
    for (const auto& n : made->names)
        std::cout << ' ' << n;
    std::cout << "\n  Desks elsewhere on the network reach the server by one of these names: "
                 "add others with --san when you init.\nNext: fascia-syncd --listen HOST:PORT, then "
                 "fascia-syncd enroll-code for each desk.\n";
    return 0;
}

int serve(const Options& options)
{
    const syncd::CertificateFolder folder{options.certificates};
    auto ca = syncd::read_file(folder.ca_certificate());
    if (!ca)
        return report(options, not_found("there are no clinic certificates in " + options.certificates.string()
                                         + ": run `fascia-syncd init` first"));
    auto fingerprint = sync::certificate_fingerprint(*ca);
    if (!fingerprint)
        return report(options, invalid(folder.ca_certificate().string() + " is not a certificate"));
    SyncDatabase authority;
    if (auto opened = authority.open(options.db, OpenMode::create_if_missing); !opened)
        return report(options, opened.error());
    // FULL (the default): an acknowledged command survives a power cut, at one fsync
    // per push (a push is one transaction); NORMAL only survives the daemon being killed.
    authority.clinic->db().set_synchronous(options.synchronous);
    // The daemon is the only writer; waiting long for a stray one would stall every desk.
    // Past this a push is answered "retry" and the desk sends it again.
    authority.clinic->db().set_busy_timeout(std::chrono::milliseconds(options.busy_timeout_ms));
    std::string modules;
    for (const auto& p : authority.host.plugins()) {
        if (p.state == PluginState::running)
            modules += (modules.empty() ? "" : ", ") + p.id;
        else if (p.state == PluginState::failed)
            syncd::log_event("module " + p.id + " failed to load: " + p.error
                             + " (its commands will be refused here)");
    }
    // The level in force, read back (not the option echoed): the durability test checks this line.
    std::string in_force = "unknown";
    if (auto level = authority.clinic->db().query("PRAGMA synchronous"); level.step() && level.integer(0) >= 0
                                                                          && level.integer(0) <= 3)
        in_force = std::array{"OFF", "NORMAL", "FULL", "EXTRA"}[static_cast<std::size_t>(level.integer(0))];
    syncd::log_event("clinic database " + options.db.string() + " (synchronous=" + in_force
                     + "); modules: " + (modules.empty() ? "none" : modules));
    syncd::ServerOptions server_options;
    server_options.listen = options.listen;
    server_options.certificate_chain = folder.server_chain();
    server_options.private_key = folder.server_key();
    server_options.ca_fingerprint = *fingerprint;
    server_options.idle_timeout = std::chrono::seconds(options.idle_timeout);
    server_options.on_listening = [&] { syncd::notify_ready("listening on " + options.listen); };
    syncd::NightlyBackup nightly(options.db, options.db.parent_path() / "backups", options.backup_hour,
                                 options.backup_keep);
    server_options.hello_timeout = std::chrono::seconds(options.hello_timeout);
    server_options.max_connections_per_address = static_cast<std::size_t>(options.per_address);
    syncd::Server server(*authority.clinic, server_options);
    auto ran = server.run();
    syncd::notify_stopping();
    if (!ran)
        return report(options, ran.error());
    return 0;
}

int enroll_code(const Options& options, int hours)
{
    auto ca = syncd::read_file(syncd::CertificateFolder{options.certificates}.ca_certificate());
    if (!ca)
        return report(options, not_found("there are no clinic certificates in " + options.certificates.string()
                                         + ": run `fascia-syncd init` first"));
    auto fingerprint = sync::certificate_fingerprint(*ca);
    if (!fingerprint)
        return report(options, fingerprint.error());
    SyncDatabase authority;
    if (auto opened = authority.open(options.db, OpenMode::create_if_missing); !opened)
        return report(options, opened.error());
    auto code = sync::Authority(*authority.clinic).create_enroll_code(*fingerprint, hours);
    if (!code)
        return report(options, code.error());
    if (options.json) {
        std::cout << json::serialize(json::object{{"code", *code}, {"hours", hours}}) << '\n';
        return 0;
    }
    std::cout << *code << "\nValid once, for " << hours
              << " hours. On the new desk (with a new, empty database):\n"
                 "  fascia --db NEW.db sync enroll --server HOST:PORT --code "
              << *code << '\n';
    return 0;
}

int revoke(const Options& options, const std::string& device)
{
    SyncDatabase authority;
    if (auto opened = authority.open(options.db, OpenMode::existing); !opened)
        return report(options, opened.error());
    if (auto revoked = sync::Authority(*authority.clinic).revoke(device); !revoked)
        return report(options, revoked.error());
    if (options.json)
        std::cout << json::serialize(json::object{{"revoked", device}}) << '\n';
    else
        std::cout << "Revoked " << device << ": it is refused from its next message on.\n";
    return 0;
}

int status(const Options& options)
{
    SyncDatabase authority;
    if (auto opened = authority.open(options.db, OpenMode::existing); !opened)
        return report(options, opened.error());
    sync::Authority auth(*authority.clinic);
    const auto head = auth.head();
    const auto devices = auth.devices();
    const auto opt = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
    if (options.json) {
        json::array list;
        for (const auto& d : devices)
            list.push_back(json::object{{"id", d.id},
                                        {"name", d.name},
                                        {"enrolled_at", d.enrolled_at},
                                        {"revoked_at", opt(d.revoked_at)},
                                        {"last_seen", opt(d.last_seen)},
                                        {"cursor", d.cursor},
                                        {"lag", head - d.cursor}});
        std::cout << json::serialize(json::object{{"database", options.db.string()},
                                                  {"head", head},
                                                  {"state_hash", sync::state_hash(authority.clinic->db())},
                                                  {"devices", list}})
                  << '\n';
        return 0;
    }
    std::cout << "Sync database " << options.db.string() << ": head " << head << ", " << devices.size()
              << " device(s)\n";
    for (const auto& d : devices)
        std::cout << "  " << d.id << "  " << d.name << "  " << (d.revoked_at ? "revoked " + *d.revoked_at : "active")
                  << "  last seen " << d.last_seen.value_or("never") << "  lag " << head - d.cursor << '\n';
    return 0;
}

int run(int argc, char** argv)
{
    Options options;
    CLI::App app{"fascia-syncd: the clinic's sync server. Desks push their commands; it re-runs them on the "
                 "clinic's own database and desks pull what it accepted.\n"
                 "Exit codes: 0 ok, 1 refused by a rule, 2 bad usage or input, 3 I/O or internal error.",
                 "fascia-syncd"};
    app.require_subcommand(0, 1);
    app.set_config("--config", (options.certificates / "fascia-syncd.toml").string(),
                   "Options from a TOML file, e.g. listen = \"0.0.0.0:7455\" (read when it exists)");
    app.add_option("--db", options.db, "The clinic's authoritative database")->capture_default_str()->type_name("PATH");
    app.add_option("--certificates", options.certificates, "Folder of the clinic CA and server certificate")
        ->capture_default_str()
        ->type_name("DIR");
    app.add_option("--listen", options.listen, "Address to serve on (0.0.0.0:7455 for every interface)")
        ->capture_default_str()
        ->type_name("HOST:PORT");
    app.add_option("--idle-timeout", options.idle_timeout, "Close a desk's connection after this many idle seconds")
        ->check(CLI::Range(1, 86400))
        ->capture_default_str();
    app.add_option("--hello-timeout", options.hello_timeout,
                   "Close a connection that has not said hello (or enrolled) within this many seconds")
        ->check(CLI::Range(1, 600))
        ->capture_default_str();
    app.add_option("--connections-per-address", options.per_address,
                   "Most connections at once from one IP address (desks behind one NAT share one)")
        ->check(CLI::Range(1, 512))
        ->capture_default_str();
    app.add_option("--busy-timeout", options.busy_timeout_ms,
                   "Milliseconds to wait for another writer to the database before answering a push with retry")
        ->check(CLI::Range(1, 60000))
        ->capture_default_str();
    app.add_option("--synchronous", options.synchronous,
                   "FULL: acknowledged commands survive a power cut (one fsync per push); NORMAL: only a "
                   "crash of the daemon")
        ->check(CLI::IsMember({"NORMAL", "FULL"}))
        ->capture_default_str();
    app.add_option("--backup-hour", options.backup_hour, "Local hour of the nightly backup (into backups/ beside --db)")
        ->check(CLI::Range(0, 23))
        ->capture_default_str();
    app.add_option("--backup-keep", options.backup_keep, "How many nightly backups to keep (0: take none)")
        ->check(CLI::Range(0, 3650))
        ->capture_default_str();
    app.add_flag("--json", options.json, "Machine-readable output; errors as JSON on stderr");

    std::vector<std::string> names;
    auto* init_cmd = app.add_subcommand("init", "Create the clinic's certificate authority and server certificate");
    init_cmd->add_option("--san", names, "Another name or IP address desks use to reach this server (repeatable)")
        ->type_name("NAME");
    int hours = 24;
    auto* code_cmd = app.add_subcommand("enroll-code", "Print a one-time code that enrolls one new desk");
    code_cmd->add_option("--hours", hours, "How long the code stays valid")
        ->check(CLI::Range(1, 24 * 14))
        ->capture_default_str();
    std::string device;
    auto* revoke_cmd = app.add_subcommand("revoke", "Refuse a device from its next message on");
    revoke_cmd->add_option("device", device, "Device id or name (fascia-syncd status lists them)")->required();
    auto* status_cmd = app.add_subcommand("status", "Enrolled devices, when each was last seen and how far behind");
    for (auto* sub : {init_cmd, code_cmd, revoke_cmd, status_cmd})
        sub->fallthrough(); // --db, --certificates and --json work after the subcommand too

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::ParseError& e) {
        return report(options, invalid(std::string(e.what()) + " (run `fascia-syncd --help` for usage)"));
    }
    if (*init_cmd)
        return init(options, names);
    if (*code_cmd)
        return enroll_code(options, hours);
    if (*revoke_cmd)
        return revoke(options, device);
    if (*status_cmd)
        return status(options);
    return serve(options);
}

} // namespace

int main(int argc, char** argv)
{
    // SQLite's memory statistics (sqlite3_memory_used, which nothing here reads) take a
    // process-wide mutex on every allocation: about 5% of the daemon's CPU per command.
    // Only possible before SQLite starts.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    try {
        return run(argc, argv);
    } catch (const Failure& f) {
        std::cerr << "fascia-syncd: " << f.error().message << '\n';
        return exit_code(f.error().kind);
    } catch (const std::exception& e) {
        std::cerr << "fascia-syncd: internal error: " << e.what() << '\n';
        return 3;
    }
}
