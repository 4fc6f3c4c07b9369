#pragma once
// The daemon's network side: one io_context, a TLS acceptor, one coroutine
// per desk connection, and a signal set for a clean stop. It only moves
// frames: FrameDecoder and Authority::handle (no Asio in either) do the rest.
#include <fascia/clinic.h>
#include <fascia/error.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace fascia::syncd {

struct ServerOptions {
    std::string listen = "127.0.0.1:7455";       ///< HOST:PORT (port 0: any free port, logged)
    std::filesystem::path certificate_chain;      ///< server certificate then the clinic CA (PEM)
    std::filesystem::path private_key;            ///< the server certificate's key (PEM)
    std::string ca_fingerprint;                   ///< for the start-up log line
    std::chrono::seconds handshake_timeout{10};   ///< TLS handshake
    std::chrono::seconds idle_timeout{120};       ///< waiting for a desk's next message
    std::chrono::seconds hello_timeout{10};       ///< from the handshake to a complete hello (or enroll)
    std::chrono::seconds transfer_timeout{30};    ///< a whole frame once it started (not per read); writing a reply
    std::size_t max_connections = 512;            ///< more are closed at once
    std::function<void()> on_listening;           ///< called once it listens (systemd readiness)
    std::size_t max_connections_per_address = 32; ///< from one IP address; more are closed at once
};

class Server {
public:
    /// clinic is used only from the thread that calls run().
    Server(Clinic& clinic, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Listens and serves until SIGINT or SIGTERM: then stops accepting, lets each
    /// connection finish the message in flight, closes them and returns. An Error
    /// when it cannot start (address in use, unreadable certificate).
    Result<void> run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fascia::syncd
