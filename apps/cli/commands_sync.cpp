// Sync: enroll this desk with the clinic's server, run rounds, show and dismiss refusals.
#include "commands.h"

#include <fascia/cli_support.h>
#include <fascia/clients.h>
#include <fascia/clinic_zone.h>
#include <fascia/sync.h>
#include <fascia/sync_client.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fascia::cli {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::atomic<bool> stop_watching{false};

void on_stop_signal(int) { stop_watching = true; }

/// Sleeps up to `duration`, waking early when asked to stop; false when asked.
bool pause_unless_stopped(std::chrono::milliseconds duration)
{
    const auto until = std::chrono::steady_clock::now() + duration;
    while (!stop_watching && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            50ms, until - std::chrono::steady_clock::now()));
    return !stop_watching;
}

std::string host_name()
{
    std::array<char, 256> name{};
    return gethostname(name.data(), name.size() - 1) == 0 && name[0] ? std::string(name.data()) : "desk";
}

struct Connection {
    std::optional<std::string> server; ///< --server: overrides the enrolled address
    int timeout = 30;                  ///< --timeout, seconds
};

void connection_options(CLI::App* cmd, Connection& c)
{
    cmd->add_option("--server", c.server, "Use this address instead of the one enrolled with")->type_name("HOST:PORT");
    cmd->add_option("--timeout", c.timeout, "Give up on a silent server after this many seconds")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
}

/// Whom a refused command was for, from this desk's own database, so the front desk
/// knows whom to call: the client's name and id and, for a booking, its time in the
/// clinic's zone ("Ann Smith (ID), Mon 29 Mar 2027 10:00 Europe/London"). Empty when the
/// command names no client.
struct Affected {
    std::string client_id, client_name, start_local;
};

/// A booking's start as its payload holds it, ISO 8601 with an offset or Z, with or
/// without seconds ("2027-03-29T10:00:00+01:00"); nullopt for anything else.
std::optional<Instant> instant_with_offset(const std::string& text)
{
    const bool has_seconds = text.size() > 16 && text[16] == ':';
    const std::size_t offset_at = has_seconds ? 19 : 16;
    if (text.size() <= offset_at)
        return std::nullopt;
    const auto wall = parse_instant(text.substr(0, 16) + (has_seconds ? text.substr(16, 3) : ":00") + "Z");
    const auto offset = text.substr(offset_at);
    if (!wall || offset == "Z")
        return wall;
    if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':')
        return std::nullopt;
    const auto oh = whole_number(offset.substr(1, 2)), om = whole_number(offset.substr(4, 2));
    if (!oh || !om)
        return std::nullopt;
    const std::chrono::minutes shift{*oh * 60 + *om};
    return offset[0] == '+' ? *wall - shift : *wall + shift;
}

Affected affected_by(Clinic& clinic, const sync::Refusal& r)
{
    Affected a;
    const auto* client = r.payload.if_contains("client_id");
    if (!client || !client->is_string())
        return a;
    a.client_id = client->as_string().c_str();
    const auto found = find_client(clinic.db(), a.client_id);
    a.client_name = found ? found->display_name() : "a client not on this desk";
    if (const auto* start = r.payload.if_contains("start"); start && start->is_string())
        if (const auto at = instant_with_offset(start->as_string().c_str())) {
            const auto* zone = clinic_zone(clinic.db());
            a.start_local = date::format("%a %d %b %Y %H:%M ", date::make_zoned(zone, date::floor<std::chrono::minutes>(*at))) + zone->name();
        }
    return a;
}

/// Connects and says hello as this desk.
Result<sync::Transport> open_session(sync::Replica& replica, const Connection& c)
{
    const auto status = replica.status();
    if (!status.enrolled)
        return invalid("this database is not enrolled with a sync server: "
                       "fascia --db NEW.db sync enroll --server HOST:PORT --code CODE");
    return sync::open_session(c.server.value_or(status.server), replica.ca_pem(), status.device, replica.token(),
                              std::chrono::seconds(c.timeout));
}

json::object report_json(const sync::RoundReport& r)
{
    return {{"pushed", r.pushed}, {"accepted", r.accepted}, {"refused", r.refused},
            {"pulled", r.pulled}, {"cursor", r.cursor}};
}

void print_report(Session& session, const sync::RoundReport& r)
{
    if (session.json()) {
        print_json(session, report_json(r));
        return;
    }
    session.out() << "Sent " << r.pushed << " command(s): " << r.accepted << " accepted, " << r.refused
                  << " refused. Received " << r.pulled << " change(s); cursor " << r.cursor << ".\n";
    if (r.refused > 0)
        session.out() << "The server refused some: `fascia sync status` shows why.\n";
}

/// One round on a fresh connection.
Result<sync::RoundReport> one_round(sync::Replica& replica, const Connection& c)
{
    auto transport = open_session(replica, c);
    if (!transport)
        return transport.error();
    return replica.run_round(*transport);
}

void add_enroll(CLI::App* sync_cmd, Session& session, Action& action)
{
    struct Options {
        std::string server, code, name = host_name();
        int timeout = 30;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = sync_cmd->add_subcommand(
        "enroll", "Enroll this desk (a new, empty database) with the clinic's sync server and pull its data");
    cmd->add_option("--server", o->server, "The sync server, e.g. 192.168.1.20:7455")->required()->type_name("HOST:PORT");
    cmd->add_option("--code", o->code, "One-time code from `fascia-syncd enroll-code`")->required();
    cmd->add_option("--name", o->name, "What the server calls this desk")->capture_default_str();
    cmd->add_option("--timeout", o->timeout, "Give up on a silent server after this many seconds")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    cmd->callback([&, o] {
        action = [&, o]() -> int {
            // A failed enrollment leaves nothing behind: a database this run created goes
            // again (with its WAL and SHM, and its folder when that was made for it too);
            // one that was there already is left as it was.
            const auto path = session.database_path();
            const bool existed = std::filesystem::exists(path);
            const auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
            const bool folder_existed = std::filesystem::exists(folder);
            const auto give_up = [&](const Error& e) {
                session.close();
                if (!existed) {
                    std::error_code ignored;
                    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
                        std::filesystem::remove(path.string() + suffix, ignored);
                    if (!folder_existed)
                        std::filesystem::remove(folder, ignored); // only when empty
                }
                return fail(session, e);
            };
            auto clinic = session.open(OpenMode::create_if_missing);
            if (!clinic)
                return give_up(clinic.error());
            sync::Replica replica(**clinic);
            // Checked before the code is spent: the code works once.
            if (const auto status = replica.status(); status.enrolled)
                return give_up(refused("this desk is already enrolled (device " + status.device
                                       + "); use a new database to enroll again"));
            if ((*clinic)->has_staff())
                return give_up(refused("only a new, empty database can be enrolled: its clinic data comes "
                                       "from the sync server. Give `fascia --db NEW.db sync enroll ...` a "
                                       "new file"));
            auto enrollment = sync::enroll(o->server, o->code, o->name, std::chrono::seconds(o->timeout));
            if (!enrollment)
                return give_up(enrollment.error());
            if (auto saved = replica.save_enrollment(o->server, enrollment->device, enrollment->token,
                                                     enrollment->ca_pem);
                !saved)
                return give_up(saved.error());
            auto first = one_round(replica, Connection{std::nullopt, o->timeout});
            if (session.json()) {
                json::object out{{"device", enrollment->device}, {"server", o->server}};
                if (first)
                    out["round"] = report_json(*first);
                else
                    out["round_error"] = first.error().message;
                print_json(session, out);
            } else {
                session.out() << "Enrolled this desk with the clinic's sync server at " << o->server << " as device "
                              << enrollment->device << " (the clinic's certificate is pinned).\n";
                if (first)
                    session.out() << "First sync: received " << first->pulled << " change(s).\n";
            }
            if (!first)
                session.err() << "fascia: enrolled, but the first sync failed: " << first.error().message
                              << "\n(`fascia sync run` tries again)\n";
            return 0;
        };
    });
}

void add_run(CLI::App* sync_cmd, Session& session, Action& action)
{
    auto c = std::make_shared<Connection>();
    auto* cmd = sync_cmd->add_subcommand("run", "One round: send waiting commands, receive the server's changes");
    connection_options(cmd, *c);
    cmd->callback([&, c] {
        action = [&, c]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            sync::Replica replica(**clinic);
            auto round = one_round(replica, *c);
            if (!round)
                return fail(session, round.error());
            print_report(session, *round);
            return 0;
        };
    });
}

void add_watch(CLI::App* sync_cmd, Session& session, Action& action)
{
    struct Options {
        Connection connection;
        double interval = 5;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = sync_cmd->add_subcommand(
        "watch", "Sync continuously until Ctrl+C: a round every few seconds, reconnecting with back-off");
    connection_options(cmd, o->connection);
    cmd->add_option("--interval", o->interval, "Seconds between rounds")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    cmd->callback([&, o] {
        action = [&, o]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            sync::Replica replica(**clinic);
            if (!replica.status().enrolled)
                return fail(session, open_session(replica, o->connection).error());
            stop_watching = false;
            struct sigaction stop {};
            stop.sa_handler = on_stop_signal;
            sigemptyset(&stop.sa_mask);
            sigaction(SIGINT, &stop, nullptr);
            sigaction(SIGTERM, &stop, nullptr);

            const auto interval = std::chrono::milliseconds(static_cast<long>(o->interval * 1000));
            auto backoff = 1000ms;
            std::optional<sync::Transport> transport;
            const auto retry_later = [&](const Error& e) {
                session.err() << "fascia: sync: " << e.message << " (trying again in " << backoff.count() / 1000
                              << " s)\n";
                transport.reset();
                const bool go_on = pause_unless_stopped(backoff);
                backoff = std::min<std::chrono::milliseconds>(backoff * 2, 60s);
                return go_on;
            };
            while (!stop_watching) {
                if (!transport) {
                    auto opened = open_session(replica, o->connection);
                    // Revoked or unknown: trying again will not change the answer.
                    if (!opened && opened.error().kind == ErrorKind::forbidden)
                        return fail(session, opened.error());
                    if (!opened) {
                        if (!retry_later(opened.error()))
                            break;
                        continue;
                    }
                    transport = std::move(*opened);
                }
                auto round = replica.run_round(*transport);
                if (!round && round.error().kind == ErrorKind::forbidden)
                    return fail(session, round.error());
                if (!round) {
                    if (!retry_later(round.error()))
                        break;
                    continue;
                }
                backoff = 1000ms;
                if (round->pushed > 0 || round->pulled > 0)
                    print_report(session, *round);
                session.out().flush();
                pause_unless_stopped(interval);
            }
            return 0;
        };
    });
}

void add_status(CLI::App* sync_cmd, Session& session, Action& action)
{
    auto* cmd = sync_cmd->add_subcommand("status", "This desk's enrollment, cursor, waiting and refused commands");
    cmd->callback([&] {
        action = [&]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            const auto s = sync::Replica(**clinic).status();
            if (session.json()) {
                json::array refused;
                for (const auto& r : s.refused) {
                    json::object o{{"sequence", r.sequence}, {"type", r.type}, {"actor", r.actor},
                                   {"reason", r.reason}, {"hlc", r.hlc}};
                    if (const auto a = affected_by(**clinic, r); !a.client_id.empty()) {
                        o["client"] = json::object{{"id", a.client_id}, {"name", a.client_name}};
                        if (!a.start_local.empty())
                            o["start_local"] = a.start_local;
                    }
                    refused.push_back(std::move(o));
                }
                print_json(session, json::object{{"enrolled", s.enrolled},
                                                 {"server", s.server},
                                                 {"device", s.device},
                                                 {"cursor", s.cursor},
                                                 {"pending", s.pending},
                                                 {"refused", refused},
                                                 {"state_hash", sync::state_hash((*clinic)->db())}});
                return 0;
            }
            auto& out = session.out();
            if (!s.enrolled) {
                out << "This database is not enrolled with a sync server "
                       "(fascia --db NEW.db sync enroll --server HOST:PORT --code CODE).\n";
                return 0;
            }
            out << "Enrolled with " << s.server << " as device " << s.device << ".\n"
                << "  cursor " << s.cursor << "; " << s.pending << " command(s) waiting to be sent\n";
            if (!s.refused.empty()) {
                out << "Refused by the server (`fascia sync dismiss SEQ` once seen):\n";
                for (const auto& r : s.refused) {
                    out << "  " << r.sequence << "  " << r.type << " by " << r.actor << ": " << r.reason << '\n';
                    if (const auto a = affected_by(**clinic, r); !a.client_id.empty())
                        out << "      for " << a.client_name << " (" << a.client_id << ")"
                            << (a.start_local.empty() ? "" : ", " + a.start_local) << '\n';
                }
            }
            return 0;
        };
    });
}

void add_dismiss(CLI::App* sync_cmd, Session& session, Action& action)
{
    auto sequence = std::make_shared<std::int64_t>(0);
    auto* cmd = sync_cmd->add_subcommand("dismiss", "Hide a refused command once a person has seen why");
    cmd->add_option("sequence", *sequence, "Its number in `fascia sync status`")->required();
    cmd->callback([&, sequence] {
        action = [&, sequence]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            if (auto done = sync::Replica(**clinic).dismiss(*sequence); !done)
                return fail(session, done.error());
            if (session.json())
                print_json(session, json::object{{"dismissed", *sequence}});
            else
                session.out() << "Dismissed refused command " << *sequence << ".\n";
            return 0;
        };
    });
}

} // namespace

void add_sync_commands(CLI::App& app, Session& session, Action& action)
{
    auto* sync_cmd = app.add_subcommand("sync", "Keep this desk in step with the clinic's sync server");
    sync_cmd->require_subcommand(1, 1);
    add_enroll(sync_cmd, session, action);
    add_run(sync_cmd, session, action);
    add_watch(sync_cmd, session, action);
    add_status(sync_cmd, session, action);
    add_dismiss(sync_cmd, session, action);
}

} // namespace fascia::cli
