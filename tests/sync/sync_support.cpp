#include "sync_support.h"

#include <gtest/gtest.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sqlite3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fascia::test {

namespace json = boost::json;
using namespace std::chrono_literals;

// ------------------------------------------------------------------ processes

void BackgroundProcess::start(const std::string& program, const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env, const std::string& log_path)
{
    kill_now();
    const SpawnImage image(program, args, env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, image.argv(), image.envp());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
    pid_ = pid;
}

void BackgroundProcess::signal(int sig)
{
    if (pid_ > 0)
        ::kill(pid_, sig);
}

std::optional<int> BackgroundProcess::wait(std::chrono::milliseconds timeout)
{
    if (pid_ <= 0)
        return std::nullopt;
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() >= until)
            return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

void BackgroundProcess::kill_now()
{
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

// ------------------------------------------------------------------ the clinic

SyncWorld::SyncWorld() : dir(make_temp_dir("sync")), daemon_log(dir + "/daemon.log") {}

SyncWorld::~SyncWorld()
{
    daemon.kill_now();
    if (!::testing::Test::HasFailure())
        std::filesystem::remove_all(dir);
    else
        std::cerr << "kept " << dir << " (daemon log: " << daemon_log << ")\n";
}

std::map<std::string, std::string> SyncWorld::env() const
{
    return {{"HOME", dir},
            {"XDG_CONFIG_HOME", dir + "/config"},
            {"XDG_DATA_HOME", dir + "/data"},
            {"FASCIA_DB", ""},
            {"FASCIA_USER", ""}};
}

ProcessResult SyncWorld::syncd(std::vector<std::string> args) const
{
    return run_process(FASCIA_SYNCD, args, env());
}

ProcessResult SyncWorld::desk(const std::string& name, std::vector<std::string> args) const
{
    args.insert(args.begin(), {"--db", desk_db(name)});
    return run_process(FASCIA_CLI, args, env());
}

json::object SyncWorld::desk_json(const std::string& name, std::vector<std::string> args, int expected_exit) const
{
    args.push_back("--json");
    const auto r = desk(name, args);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    boost::system::error_code ec;
    auto v = json::parse(r.out, ec);
    if (ec || !v.is_object()) {
        ADD_FAILURE() << "not a JSON object: " << r.out << r.err;
        return {};
    }
    return v.as_object();
}

void SyncWorld::create_clinic()
{
    const auto init = syncd({"init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const auto owner = run_process(FASCIA_CLI, {"--db", daemon_db(), "init", "--owner", "maria", "--clinic-name",
                                                "Back in Balance"},
                                   env());
    ASSERT_EQ(owner.exit_code, 0) << owner.err;
}

void SyncWorld::start_daemon()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        const auto offset = std::filesystem::exists(daemon_log) ? std::filesystem::file_size(daemon_log) : 0;
        std::vector<std::string> args{"--listen", "127.0.0.1:" + std::to_string(port)};
        args.insert(args.end(), daemon_args.begin(), daemon_args.end());
        daemon.start(FASCIA_SYNCD, args, env(), daemon_log);
        ++daemon_starts;
        const auto until = std::chrono::steady_clock::now() + 15s;
        static const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
        while (std::chrono::steady_clock::now() < until) {
            std::ifstream in(daemon_log);
            in.seekg(static_cast<std::streamoff>(offset));
            std::stringstream ss;
            ss << in.rdbuf();
            const std::string fresh = ss.str();
            std::smatch m;
            if (std::regex_search(fresh, m, listening)) {
                port = std::stoi(m[1]);
                return;
            }
            if (auto exited = daemon.wait(0ms)) // could not start (the port is briefly taken): try again
                break;
            std::this_thread::sleep_for(10ms);
        }
        daemon.kill_now();
        std::this_thread::sleep_for(100ms);
    }
    FAIL() << "fascia-syncd did not start listening; log " << daemon_log;
}

std::string SyncWorld::enroll_code() const
{
    const auto r = syncd({"enroll-code", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::string(json::parse(r.out).as_object().at("code").as_string());
}

void SyncWorld::enroll_desk(const std::string& name) const
{
    const auto r = desk(name, {"sync", "enroll", "--server", server(), "--code", enroll_code(), "--name", name});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(r.err, "") << "the first round should have worked";
}

// ------------------------------------------------------------------ raw TLS client

RawClient::RawClient(int port, std::chrono::milliseconds timeout)
{
    // A write to a connection the daemon has closed must fail, not kill the test.
    ::signal(SIGPIPE, SIG_IGN);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error(std::string("cannot connect: ") + std::strerror(errno));
    ctx_ = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr); // the daemon is on trial here, not its certificate
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    if (SSL_connect(ssl_) != 1)
        throw std::runtime_error("TLS handshake failed");
}

RawClient::~RawClient()
{
    if (ssl_)
        SSL_free(ssl_);
    if (ctx_)
        SSL_CTX_free(ctx_);
    if (fd_ >= 0)
        ::close(fd_);
}

void RawClient::send_bytes(std::string_view bytes)
{
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const int n = SSL_write(ssl_, bytes.data() + sent, static_cast<int>(bytes.size() - sent));
        if (n <= 0)
            throw std::runtime_error("send failed");
        sent += static_cast<std::size_t>(n);
    }
}

std::optional<json::object> RawClient::receive()
{
    char buf[16384];
    for (;;) {
        json::object message;
        switch (decoder_.next(message)) {
        case sync::FrameDecoder::Status::message:
            return message;
        case sync::FrameDecoder::Status::error:
            ADD_FAILURE() << "the daemon sent a broken frame: " << decoder_.error();
            return std::nullopt;
        case sync::FrameDecoder::Status::need_more:
            break;
        }
        const int n = SSL_read(ssl_, buf, sizeof buf);
        if (n <= 0)
            return std::nullopt;
        decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
    }
}

json::object RawClient::request(const json::object& message)
{
    send(message);
    auto reply = receive();
    if (!reply) {
        ADD_FAILURE() << "no reply to " << json::serialize(message).substr(0, 200);
        return {};
    }
    return *reply;
}

bool RawClient::closed_by_server()
{
    char buf[256];
    ERR_clear_error();
    errno = 0;
    const int n = SSL_read(ssl_, buf, sizeof buf);
    if (n > 0)
        return false; // more data: not closed
    const int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_WANT_READ || (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)))
        return false; // silent until the timeout: still open
    return true; // close_notify, EOF or reset
}

std::pair<std::string, std::string> RawClient::enroll(const std::string& code, const std::string& name)
{
    const auto reply = request({{"type", "enroll"}, {"code", code}, {"name", name}});
    EXPECT_EQ(reply.at("type"), "enrolled") << json::serialize(reply);
    return {std::string(reply.at("device").as_string()), std::string(reply.at("token").as_string())};
}

json::object RawClient::hello(const std::string& device, const std::string& token, int protocol)
{
    return request({{"type", "hello"}, {"protocol", protocol}, {"device", device}, {"token", token}});
}

// ------------------------------------------------------------------ SQL

std::string stamp_at(std::chrono::system_clock::time_point at, const std::string& node)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%013lld-00000-",
                  static_cast<long long>(
                      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count()));
    return buf + node;
}

long long sql_integer(const std::string& db, const std::string& sql)
{
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + db);
    sqlite3_busy_timeout(handle, 5000);
    sqlite3_stmt* stmt = nullptr;
    long long value = -1;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return value;
}

std::string integrity_check(const std::string& db)
{
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return "cannot open " + db;
    sqlite3_busy_timeout(handle, 5000);
    sqlite3_stmt* stmt = nullptr;
    std::string value = "no answer";
    if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW)
        value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return value;
}

} // namespace fascia::test
