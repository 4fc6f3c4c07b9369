#pragma once
// Sync tests over loopback: the real `fascia-syncd` as a child process, desks
// as `fascia --db DESK.db ...` runs, and a raw TLS client that can send any
// bytes at all (broken frames, half frames) to see how the daemon answers.
#include "process.h"

#include <fascia/sync_protocol.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace fascia::test {

/// A program running in the background; killed (SIGKILL) and reaped when this goes.
class BackgroundProcess {
public:
    BackgroundProcess() = default;
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;
    ~BackgroundProcess() { kill_now(); }

    /// Starts program; its stdout and stderr are appended to log_path.
    void start(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env, const std::string& log_path);
    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    void signal(int sig);
    /// Waits for it to exit: its exit code (128 + signal if killed), or nullopt after timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// SIGKILL and reap (no-op when not running).
    void kill_now();

private:
    pid_t pid_ = -1;
};

/// A test's own clinic: a temp folder with the daemon's certificates and
/// database, and desks' databases beside them.
class SyncWorld {
public:
    SyncWorld();
    ~SyncWorld();

    /// Environment for every child: HOME and XDG folders inside the temp dir.
    std::map<std::string, std::string> env() const;
    /// fascia-syncd args... (a one-off subcommand).
    ProcessResult syncd(std::vector<std::string> args) const;
    /// fascia --db <desk db> args...
    ProcessResult desk(const std::string& name, std::vector<std::string> args) const;
    /// fascia --db <desk db> args... --json, parsed (fails the test on another exit code).
    boost::json::object desk_json(const std::string& name, std::vector<std::string> args, int expected_exit = 0) const;
    std::string desk_db(const std::string& name) const { return dir + "/" + name + ".db"; }
    std::string daemon_db() const { return dir + "/data/fascia-syncd/clinic.db"; }
    /// `fascia-syncd init` and `fascia init --owner maria` on the daemon's database.
    void create_clinic();
    /// Starts the daemon (on a free port the first time, the same port after) and waits until it listens.
    void start_daemon();
    /// A fresh one-time enrollment code.
    std::string enroll_code() const;
    /// Enrolls desk `name` (a new database) and runs its first round.
    void enroll_desk(const std::string& name) const;
    std::string server() const { return "127.0.0.1:" + std::to_string(port); }

    std::string dir;
    int port = 0;
    std::vector<std::string> daemon_args; ///< more options for every start_daemon()
    BackgroundProcess daemon;
    std::string daemon_log;
    int daemon_starts = 0;
};

/// A TLS client with no manners: sends whatever bytes it is given.
class RawClient {
public:
    explicit RawClient(int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void send_bytes(std::string_view bytes);
    void send(const boost::json::object& message) { send_bytes(sync::encode_frame(message)); }
    /// The next message, or nullopt when the connection closed or went silent.
    std::optional<boost::json::object> receive();
    /// send, then receive (fails the test when there is no reply).
    boost::json::object request(const boost::json::object& message);
    /// True when the server has closed the connection (not merely gone quiet).
    bool closed_by_server();
    /// Enrolls with a code; returns {device, token}.
    std::pair<std::string, std::string> enroll(const std::string& code, const std::string& name);
    /// hello as an enrolled device; returns the reply.
    boost::json::object hello(const std::string& device, const std::string& token, int protocol = 1);

private:
    int fd_ = -1;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    sync::FrameDecoder decoder_;
};

/// A hybrid-logical-clock stamp at a wall-clock instant, as a desk makes it ("<ms>-<counter>-<node>").
std::string stamp_at(std::chrono::system_clock::time_point at, const std::string& node = "5d1c0e");

/// Runs one SQL query with a single integer answer on a database file (read-only).
long long sql_integer(const std::string& db, const std::string& sql);
/// PRAGMA integrity_check's first row.
std::string integrity_check(const std::string& db);

} // namespace fascia::test
