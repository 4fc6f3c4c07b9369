// Sync over TLS on loopback: a real fascia-syncd and 1, 10 and 50 desks, each
// with its own TLS connection (the desks' own transport, sync_client.h),
// pushing clients.create as fast as the daemon accepts them. Prints commands
// accepted per second, p50/p99 accept latency (send to "accepted", per push),
// the ratio to raw durable SQLite transactions per second on the same disk,
// the daemon's memory with the connections open, and the daemon's CPU time
// per accepted command (all its threads, from /proc/PID/task/*/schedstat over
// the measured seconds; in brackets its main thread's, which runs the io_context
// and the database while a second thread checks signatures): on a machine whose
// fsync is cheap the daemon is CPU-bound, and CPU per command is the figure that
// does not drift with load.
// Beside it, the desks' CPU per accepted command (this process's threads, the
// same way): signing, TLS and JSON on the desk side, which shares the machine's
// cores with the daemon, so the two columns say where both cores go.
//
//   fascia_bench_sync [--seconds S] [--desks 1,10,50] [--batch B] [--synchronous FULL|NORMAL] [--unsigned]
//
// Commands are signed by the owner's key, as on a clinic that signs (issue 11),
// so the daemon verifies every one; --unsigned measures a clinic without keys.
//
// The target (issue 11): at FULL, 50 desks reach at least 50% of raw durable
// (FULL) transactions per second measured on the same disk in the same run;
// a push is one transaction on the daemon, so the ratio is what it adds.
//
// --batch is how many commands go in one push (default 1: one command per
// round trip, the latency a person at the desk waits for). Not Google
// Benchmark: the daemon is a whole process, measured from outside.
#include "scratch.h"

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/passwords.h>
#include <fascia/signing.h>
#include <fascia/sync.h>
#include <fascia/sync_client.h>

#include <boost/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

using namespace fascia;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::filesystem::path program_dir()
{
    return std::filesystem::read_symlink("/proc/self/exe").parent_path();
}

pid_t spawn(const std::filesystem::path& program, std::vector<std::string> args, const std::filesystem::path& log)
{
    args.insert(args.begin(), program.string());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " + program.string());
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

int wait_for(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// "VmRSS" or "VmHWM" of a process, in KiB.
long memory_kib(pid_t pid, const std::string& field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0)
            return std::stol(line.substr(field.size() + 1));
    return -1;
}

/// CPU time the process has run so far, all its threads, in nanoseconds
/// (schedstat: exact, where /proc/PID/stat counts 10 ms ticks).
double cpu_ns(pid_t pid)
{
    double total = 0;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        double ns = 0;
        if (in >> ns)
            total += ns;
    }
    return total;
}

/// CPU time of one thread (tid) of a process so far, in nanoseconds: the daemon's main
/// thread runs its io_context, where the database work is done; its other thread checks
/// signatures alongside.
double thread_cpu_ns(pid_t pid, pid_t tid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/schedstat");
    double ns = 0;
    in >> ns;
    return ns;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

/// Raw SQLite: one INSERT per transaction for `seconds`, at a synchronous level; transactions/s.
double raw_sqlite_tx_per_second(const std::filesystem::path& db, const char* synchronous, double seconds)
{
    bench::remove_database(db);
    sqlite3* handle = nullptr;
    sqlite3_open(db.c_str(), &handle);
    sqlite3_exec(handle,
                 (std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") + synchronous
                  + "; CREATE TABLE t(id TEXT PRIMARY KEY, first TEXT, last TEXT, dob TEXT);")
                     .c_str(),
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(handle, "INSERT INTO t VALUES (?, 'Ngaio', 'Marsh', '1975-04-23')", -1, &insert, nullptr);
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    long n = 0;
    while (Clock::now() < until) {
        sqlite3_exec(handle, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        const std::string id = "row-" + std::to_string(n);
        sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        sqlite3_exec(handle, "COMMIT", nullptr, nullptr, nullptr);
        ++n;
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    sqlite3_finalize(insert);
    sqlite3_close(handle);
    bench::remove_database(db);
    return static_cast<double>(n) / elapsed;
}

struct Figures {
    int desks = 0;
    long accepted = 0;
    double seconds = 0;
    double p50_ms = 0, p99_ms = 0, max_ms = 0;
    long rss_kib = 0, hwm_kib = 0;
    double daemon_cpu_ns = 0; ///< over the measured seconds
    double daemon_main_cpu_ns = 0; ///< of which its main (io_context, database) thread
    double desks_cpu_ns = 0;  ///< this process (the desk threads) over the same seconds
};

/// A date of birth between 1940 and 2008 for the n-th client. Spread as a clinic's
/// clients are: clients.create looks for a client with the same name and birth
/// date, and when every bench client shared one date (as until issue 11's CPU
/// work) each create read all the earlier ones, which no clinic does.
std::string birth_date(long n)
{
    using namespace std::chrono;
    const year_month_day day{sys_days{year{1940} / January / 1} + days{n % 25'000}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return text;
}

const std::string owner_password = "bench owner's password";

Figures run_clinic(int desks, double seconds, int batch, const std::string& synchronous, bool signed_commands)
{
    bench::ScratchDir dir("fascia-bench-sync");
    setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
    const auto bin = program_dir();
    const auto log = dir / "daemon.log";
    if (wait_for(spawn(bin / "fascia-syncd", {"init"}, log)) != 0)
        throw std::runtime_error("fascia-syncd init failed: see " + log.string());
    const auto ca = [&] {
        std::ifstream in(dir / "config/fascia-syncd/ca.crt");
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }();
    const auto fingerprint = sync::certificate_fingerprint(ca).value();

    // The clinic: its owner, and one enrollment code per desk.
    std::vector<std::string> codes;
    std::shared_ptr<SigningKey> key;
    {
        Extensions extensions;
        register_core(extensions);
        SystemClock clock;
        auto clinic = Clinic::open(dir / "data/fascia-syncd/clinic.db", extensions, clock, OpenMode::create_if_missing)
                          .value();
        clinic->bus().execute({"staff.create", {{"username", "maria"}, {"role", "owner"}}, ""}).value();
        if (signed_commands) {
            // The owner's password brings her signing key: from then on the server verifies every command.
            const auto sealed = new_signing_key(owner_password).value();
            clinic->bus()
                .execute({"staff.set_password",
                          {{"username", "maria"},
                           {"password_hash", hash_password(owner_password).value()},
                           {"signing_key", {{"public_key", sealed.public_key}, {"sealed", sealed.sealed}}}},
                          "maria"})
                .value();
            key = std::make_shared<SigningKey>(unseal_signing_key(sealed, owner_password).value());
        }
        sync::Authority authority(*clinic);
        for (int i = 0; i < desks; ++i)
            codes.push_back(authority.create_enroll_code(fingerprint).value());
    }

    const pid_t daemon = spawn(bin / "fascia-syncd", {"--listen", "127.0.0.1:0", "--synchronous", synchronous,
                                                          // every desk here comes from 127.0.0.1
                                                          "--connections-per-address", "512"}, log);
    std::string server;
    for (int tries = 0; tries < 1000 && server.empty(); ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::ifstream in(log);
        std::stringstream ss;
        ss << in.rdbuf();
        std::smatch m;
        const std::string text = ss.str();
        if (std::regex_search(text, m, std::regex("listening on (127\\.0\\.0\\.1:[0-9]+)")))
            server = m[1];
    }
    if (server.empty()) {
        kill(daemon, SIGKILL);
        throw std::runtime_error("fascia-syncd did not start: see " + log.string());
    }

    Figures f;
    f.desks = desks;
    std::atomic<long> accepted{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(desks));
    std::barrier ready(desks + 1), go(desks + 1), finished(desks + 1), measured(desks + 1);
    Clock::time_point start, until;
    std::vector<std::thread> threads;
    for (int d = 0; d < desks; ++d)
        threads.emplace_back([&, d] {
            auto enrolled = sync::enroll(server, codes[static_cast<std::size_t>(d)], "bench desk " + std::to_string(d));
            auto transport = enrolled ? sync::open_session(server, enrolled->ca_pem, enrolled->device,
                                                           enrolled->token, std::chrono::seconds(60))
                                      : Result<sync::Transport>(enrolled.error());
            if (!transport)
                std::cerr << "desk " << d << ": " << transport.error().message << '\n';
            const std::string device = enrolled ? enrolled->device : std::string();
            ready.arrive_and_wait();
            go.arrive_and_wait();
            auto& mine = latencies[static_cast<std::size_t>(d)];
            for (long i = 0; transport && Clock::now() < until; ++i) {
                json::array commands;
                const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
                for (int b = 0; b < batch; ++b) {
                    const std::string n = std::to_string(d) + "-" + std::to_string(i) + "-" + std::to_string(b);
                    // A stamp as a desk's clock makes it: the server refuses a command without one,
                    // and one device's stamps must go forwards.
                    char hlc[48];
                    std::snprintf(hlc, sizeof hlc, "%013lld-%05ld-bench%d", static_cast<long long>(now_ms),
                                  (i * batch + b) % 100000, d);
                    json::object payload{{"first_name", "Desk" + std::to_string(d)},
                                         {"last_name", "Client " + n},
                                         {"date_of_birth", birth_date(d * 7919 + i * batch + b)}};
                    json::object command{{"type", "clients.create"}, {"payload", payload}, {"actor", "maria"},
                                         {"key", "bench-" + n}, {"hlc", hlc}};
                    if (key)
                        command["signature"] = key->sign(signing_message(
                            Command{"clients.create", payload, "maria", "bench-" + n, hlc},
                            json::serialize(payload), device));
                    commands.push_back(std::move(command));
                }
                const auto sent = Clock::now();
                auto reply = (*transport)(json::object{{"type", "push"}, {"commands", std::move(commands)}});
                const auto answered = Clock::now();
                if (!reply || reply->at("type") != "pushed") {
                    std::cerr << "desk " << d << ": push failed\n";
                    break;
                }
                for (const auto& r : reply->at("results").as_array())
                    accepted += r.at("status") == "accepted";
                mine.push_back(std::chrono::duration<double, std::milli>(answered - sent).count());
            }
            finished.arrive_and_wait();
            measured.arrive_and_wait(); // keep the connection open while the daemon's memory is read
        });
    ready.arrive_and_wait(); // every desk enrolled and connected
    start = Clock::now();
    until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    const double cpu_before = cpu_ns(daemon);
    const double main_cpu_before = thread_cpu_ns(daemon, daemon);
    const double desks_cpu_before = cpu_ns(getpid());
    go.arrive_and_wait();
    finished.arrive_and_wait();
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    f.daemon_cpu_ns = cpu_ns(daemon) - cpu_before;
    f.daemon_main_cpu_ns = thread_cpu_ns(daemon, daemon) - main_cpu_before;
    f.desks_cpu_ns = cpu_ns(getpid()) - desks_cpu_before;
    f.rss_kib = memory_kib(daemon, "VmRSS");
    f.hwm_kib = memory_kib(daemon, "VmHWM");
    measured.arrive_and_wait();
    for (auto& t : threads)
        t.join();
    kill(daemon, SIGTERM);
    if (wait_for(daemon) != 0)
        std::cerr << "fascia-syncd did not exit 0 on SIGTERM\n";
    f.accepted = accepted;
    std::vector<double> all;
    for (const auto& l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    f.p50_ms = percentile(all, 0.50);
    f.p99_ms = percentile(all, 0.99);
    f.max_ms = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    double seconds = 5;
    int batch = 1;
    std::string synchronous = "FULL"; // the daemon's default: every acknowledgement survives a power cut
    std::vector<int> desk_counts{1, 10, 50};
    bool signed_commands = true;
    for (int i = 1; i < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--unsigned") {
            signed_commands = false;
            --i;
            continue;
        }
        if (i + 1 >= argc)
            break;
        const std::string value = argv[i + 1];
        if (option == "--seconds")
            seconds = std::stod(value);
        else if (option == "--synchronous")
            synchronous = value;
        else if (option == "--batch")
            batch = std::stoi(value);
        else if (option == "--desks") {
            desk_counts.clear();
            std::stringstream ss(value);
            for (std::string n; std::getline(ss, n, ',');)
                desk_counts.push_back(std::stoi(n));
        }
    }
    signal(SIGPIPE, SIG_IGN);
    try {
        bench::ScratchDir raw_dir("fascia-bench-sync-raw");
        const double raw_full = raw_sqlite_tx_per_second(raw_dir / "raw.db", "FULL", 3);
        const double raw_normal = raw_sqlite_tx_per_second(raw_dir / "raw.db", "NORMAL", 3);
        std::cout << "raw SQLite, one INSERT per transaction, WAL: synchronous=FULL " << static_cast<long>(raw_full)
                  << " tx/s, NORMAL " << static_cast<long>(raw_normal) << " tx/s (" << bench::scratch_root().string()
                  << ")\n\n";
        std::cout << "fascia-syncd --synchronous " << synchronous
                  << (signed_commands ? ", every command signed and verified" : ", unsigned commands") << "\n\n";
        std::cout << "| Desks | Commands per push | Accepted/s | p50 ms | p99 ms | max ms | vs raw FULL tx/s | "
                     "Daemon RSS (peak) | Daemon CPU per command (main thread) | Desks' CPU per command |\n"
                     "|---|---|---|---|---|---|---|---|---|---|\n";
        for (int desks : desk_counts) {
            const auto f = run_clinic(desks, seconds, batch, synchronous, signed_commands);
            const double rate = static_cast<double>(f.accepted) / f.seconds;
            const auto per_command_us = [&](double ns) {
                return f.accepted > 0 ? ns / 1000 / static_cast<double>(f.accepted) : 0;
            };
            char line[512];
            std::snprintf(line, sizeof line,
                          "| %d | %d | %.0f | %.2f | %.2f | %.1f | %.2f× | %.1f MiB (%.1f MiB) | %.0f µs (%.0f µs) | %.0f µs |\n", f.desks,
                          batch, rate, f.p50_ms, f.p99_ms, f.max_ms, rate / raw_full,
                          static_cast<double>(f.rss_kib) / 1024, static_cast<double>(f.hwm_kib) / 1024,
                          per_command_us(f.daemon_cpu_ns), per_command_us(f.daemon_main_cpu_ns),
                          per_command_us(f.desks_cpu_ns));
            std::cout << line << std::flush;
        }
        // The disk's durable rate drifts while other work shares it: measured again after
        // the rows, so a reader sees how far the ratio column's denominator moved.
        std::cout << "\nraw SQLite FULL again after the rows: "
                  << static_cast<long>(raw_sqlite_tx_per_second(raw_dir / "raw.db", "FULL", 3)) << " tx/s\n";
    } catch (const std::exception& e) {
        std::cerr << "fascia_bench_sync: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
