// After Asio's cpp20 coroutine examples: errors as values (as_tuple) on the
// network path, a deadline on every operation, try only at the top.
#include "server.h"

#include "event_log.h"

#include <fascia/sync.h>
#include <fascia/sync_client.h>
#include <fascia/sync_protocol.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <openssl/ssl.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <set>
#include <variant>
#include <vector>

namespace fascia::syncd {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace json = boost::json;
using asio::awaitable;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// One desk's connection.
struct Peer {
    Peer(tcp::socket socket, ssl::context& tls)
        : stream(std::move(socket), tls), timer(stream.get_executor()), answered(stream.get_executor())
    {
    }
    ssl::stream<tcp::socket> stream;
    asio::steady_timer timer;   ///< the deadline of the operation under way
    asio::steady_timer answered; ///< a push waiting for the group commit: cancelled once answered
    std::string address;        ///< "127.0.0.1:50412", for the log
    std::string ip;             ///< "127.0.0.1": connections per address are capped
    std::string device;         ///< set by hello or enroll
    bool interruptible = false; ///< waiting for the desk between messages: a stop closes it at once
    bool stopping = false;
    int messages = 0;
    int accepted = 0;
    int refused = 0;
    std::size_t pulled = 0;
};

/// Runs op unless `limit` passes first, or the peer's timer is cancelled to stop it.
template <class T>
awaitable<std::optional<T>> within(Peer& peer, std::chrono::steady_clock::duration limit, awaitable<T> op)
{
    peer.timer.expires_after(limit);
    auto result = co_await (std::move(op) || peer.timer.async_wait(use_tuple));
    if (result.index() == 0)
        co_return std::get<0>(std::move(result));
    co_return std::nullopt;
}

std::string text(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string endpoint_text(const tcp::endpoint& e)
{
    const auto a = e.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(e.port());
}

/// The error code a broken frame earns (docs/PROTOCOL.md, "Errors").
void close(Peer& peer)
{
    boost::system::error_code ignored;
    peer.stream.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
    peer.stream.lowest_layer().close(ignored);
}

} // namespace

struct Server::Impl {
    Impl(Clinic& c, ServerOptions o)
        : options(std::move(o)), authority(c), tls(ssl::context::tls_server), acceptor(io), signals(io, SIGINT, SIGTERM)
    {
    }

    ServerOptions options;
    sync::Authority authority;
    asio::io_context io{1}; // one thread: the Authority and its SQLite connection live on it
    /// A second thread for what needs no database: checking pushes' signatures (a fifth of
    /// the daemon's CPU per command) overlaps the database thread's work instead of adding to it.
    asio::thread_pool verifier{1};
    ssl::context tls;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    std::set<std::shared_ptr<Peer>> peers;
    bool stopping = false;

    /// A push waiting for the next group commit; its connection's coroutine waits on peer->answered.
    struct Waiting {
        std::shared_ptr<Peer> peer;
        const json::object* message; ///< in the waiting coroutine's frame
        json::object* reply;         ///< likewise: set before peer->answered is cancelled
        std::vector<std::string> verified_keys; ///< its signatures, checked ahead
    };
    std::vector<Waiting> waiting;
    bool commit_posted = false;
    std::size_t gathered = 0; ///< pushes waiting at the last round of gathering
    int rounds = 0;           ///< rounds of the event loop gathered so far

    Result<void> setup_tls()
    {
        tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
                        | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
        SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
        boost::system::error_code ec;
        // The chain file carries the clinic CA after the server certificate, so a
        // desk enrolling can see (and check) the CA it is about to pin.
        tls.use_certificate_chain_file(options.certificate_chain.string(), ec);
        if (!ec)
            tls.use_private_key_file(options.private_key.string(), ssl::context::pem, ec);
        if (ec)
            return invalid("cannot use the server certificate in " + options.certificate_chain.parent_path().string()
                           + ": " + ec.message() + " (made by `fascia-syncd init`?)");
        return {};
    }

    Result<void> listen()
    {
        auto where = sync::parse_host_port(options.listen);
        if (!where)
            return where.error();
        boost::system::error_code ec;
        tcp::resolver resolver(io);
        auto found = resolver.resolve(where->host, where->port, tcp::resolver::passive, ec);
        if (ec || found.empty())
            return invalid("cannot listen on " + options.listen + ": " + (ec ? ec.message() : "no such address"),
                           "listen");
        const tcp::endpoint endpoint = found.begin()->endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec)
            acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec)
            acceptor.bind(endpoint, ec);
        if (!ec)
            acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return io_error("cannot listen on " + endpoint_text(endpoint) + ": " + ec.message());
        log_event("listening on " + endpoint_text(acceptor.local_endpoint(ec)) + " (protocol "
                  + std::to_string(sync::protocol_version) + ", clinic CA " + options.ca_fingerprint.substr(0, 16)
                  + "…)");
        return {};
    }

    awaitable<void> accept_loop()
    {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (stopping || ec == asio::error::operation_aborted)
                co_return;
            if (ec) {
                // Out of file descriptors and the like: wait a moment rather than spin.
                log_event("accept failed: " + ec.message());
                asio::steady_timer pause(io, 100ms);
                co_await pause.async_wait(use_tuple);
                continue;
            }
            boost::system::error_code ignored;
            const auto remote = socket.remote_endpoint(ignored);
            const std::string address = endpoint_text(remote);
            const std::string ip = remote.address().to_string();
            const auto from_ip = static_cast<std::size_t>(
                std::count_if(peers.begin(), peers.end(), [&](const auto& p) { return p->ip == ip; }));
            if (peers.size() >= options.max_connections || from_ip >= options.max_connections_per_address) {
                log_event("refused connection from " + address + ": already " + std::to_string(peers.size())
                          + " connections (" + std::to_string(from_ip) + " from that address)");
                socket.close(ignored);
                continue;
            }
            socket.set_option(tcp::no_delay(true), ignored);
            auto peer = std::make_shared<Peer>(std::move(socket), tls);
            peer->address = address;
            peer->ip = ip;
            peers.insert(peer);
            asio::co_spawn(io, serve(peer), [this, peer](std::exception_ptr failure) {
                if (failure) {
                    try {
                        std::rethrow_exception(failure);
                    } catch (const std::exception& e) {
                        log_event(peer->address + " failed: " + e.what());
                    }
                }
                close(*peer);
                peers.erase(peer);
                finish_when_idle();
            });
        }
    }

    /// One desk's connection: handshake, then frames in, replies out.
    awaitable<void> serve(std::shared_ptr<Peer> peer)
    {
        peer->interruptible = true;
        auto shook = co_await within(*peer, options.handshake_timeout,
                                     peer->stream.async_handshake(ssl::stream_base::server, use_tuple));
        peer->interruptible = false;
        if (!shook || std::get<0>(*shook)) {
            log_event(peer->address + " TLS handshake failed: "
                      + (shook ? std::get<0>(*shook).message() : std::string(stopping ? "stopping" : "timed out")));
            co_return;
        }
        log_event(peer->address + " connected");

        sync::FrameDecoder decoder;
        std::vector<char> buffer(16 * 1024); // one TLS record
        std::string ending = "closed by the desk";
        // Deadlines for a whole step, not per read: a desk that trickles a byte at a
        // time cannot hold a connection open past them.
        using clock = std::chrono::steady_clock;
        const auto hello_deadline = clock::now() + options.hello_timeout;
        std::optional<clock::time_point> frame_deadline;
        for (;;) {
            json::object message;
            const auto status = decoder.next(message);
            if (status == sync::FrameDecoder::Status::need_more) {
                if (peer->stopping) {
                    ending = "closed: the server is stopping";
                    break;
                }
                // Between messages a stop may close at once; a frame that has begun gets to finish.
                const bool between = decoder.buffered() == 0;
                if (between)
                    frame_deadline.reset();
                else if (!frame_deadline)
                    frame_deadline = clock::now() + options.transfer_timeout;
                const bool greeted = !peer->device.empty();
                auto until = between ? clock::now() + options.idle_timeout : *frame_deadline;
                if (!greeted)
                    until = std::min(until, hello_deadline);
                peer->interruptible = between;
                auto got = co_await within(*peer, std::max(until - clock::now(), clock::duration::zero()),
                                           peer->stream.async_read_some(asio::buffer(buffer), use_tuple));
                peer->interruptible = false;
                if (!got) {
                    ending = peer->stopping                      ? "closed: the server is stopping"
                             : !greeted && clock::now() >= hello_deadline ? "closed: no hello in time"
                             : between                           ? "closed: idle too long"
                                                                 : "closed: a frame did not arrive whole in time";
                    break;
                }
                const auto [ec, n] = *got;
                if (ec) {
                    if (ec != asio::error::eof && ec != ssl::error::stream_truncated)
                        ending = "closed: " + ec.message();
                    if (decoder.buffered() > 0)
                        ending += " (mid-frame)";
                    break;
                }
                decoder.feed(std::string_view(buffer.data(), n));
                continue;
            }

            json::object reply;
            if (status == sync::FrameDecoder::Status::error) {
                reply = {{"type", "error"}, {"code", decoder.error_code()}, {"message", decoder.error()}};
            } else {
                ++peer->messages;
                const bool known = !peer->device.empty();
                // A push joins the next group commit (message stays in this frame while it waits).
                if (known && text(message, "type") == "push")
                    reply = co_await push_together(peer, message, co_await check_signatures(*peer, message));
                else
                    reply = authority.handle(message, peer->device);
                tally(*peer, reply, known);
            }
            const bool refusal = text(reply, "type") == "error";
            if (refusal)
                log_event(peer->address + " refused: " + text(reply, "code")
                          + (peer->device.empty() ? "" : " (device " + peer->device + ")"));
            const std::string frame = sync::encode_frame(reply);
            auto wrote = co_await within(*peer, options.transfer_timeout,
                                         asio::async_write(peer->stream, asio::buffer(frame), use_tuple));
            if (!wrote || std::get<0>(*wrote)) {
                ending = "closed: could not send the reply";
                break;
            }
            if (refusal) {
                // The error reply is the last word: say goodbye in TLS, then close.
                co_await within(*peer, 1s, peer->stream.async_shutdown(use_tuple));
                ending = "closed after refusing";
                break;
            }
        }
        log_event(peer->address + " " + ending + " (" + std::to_string(peer->messages) + " messages; "
                  + std::to_string(peer->accepted) + " commands accepted, " + std::to_string(peer->refused)
                  + " refused; " + std::to_string(peer->pulled) + " changes sent)");
    }

    /// A push's signatures checked on the verifier thread (sync::check_signatures_ahead)
    /// while this thread goes on with other connections and the group commit before;
    /// the keys are read here, where the database lives. Empty when the clinic signs nothing.
    awaitable<std::vector<std::string>> check_signatures(const Peer& peer, const json::object& message)
    {
        const sync::SigningKeys keys = authority.signing_keys_for(message);
        if (keys.empty())
            co_return std::vector<std::string>{};
        co_return co_await asio::co_spawn(
            verifier,
            [&]() -> awaitable<std::vector<std::string>> {
                co_return sync::check_signatures_ahead(message, peer.device, keys);
            },
            asio::use_awaitable);
    }

    /// Waits for the group commit that answers this push (Authority::push_together):
    /// the reply comes only once the push is committed, so an acknowledged command
    /// survives kill -9 (and at synchronous=FULL a power cut).
    awaitable<json::object> push_together(std::shared_ptr<Peer> peer, const json::object& message,
                                          std::vector<std::string> verified_keys)
    {
        json::object reply;
        peer->answered.expires_at(asio::steady_timer::time_point::max());
        waiting.push_back({peer, &message, &reply, std::move(verified_keys)});
        if (!commit_posted) {
            commit_posted = true;
            gathered = 0;
            rounds = 0;
            asio::post(io, [this] { commit_when_gathered(); });
        }
        co_await peer->answered.async_wait(use_tuple);
        co_return reply;
    }

    /// Lets the pushes already on their way join before committing: each round goes
    /// once through the event loop (which polls the sockets; a push read from TLS
    /// takes a few handlers to arrive here), until a round brings none.
    void commit_when_gathered()
    {
        constexpr int least_rounds = 3, most_rounds = 16;
        const bool grew = waiting.size() > gathered;
        if ((rounds < least_rounds || grew) && rounds < most_rounds && waiting.size() < sync::max_pushes_together) {
            gathered = waiting.size();
            ++rounds;
            asio::post(io, [this] { commit_when_gathered(); });
            return;
        }
        commit_posted = false;
        const auto n = static_cast<std::ptrdiff_t>(std::min(waiting.size(), sync::max_pushes_together));
        std::vector<Waiting> batch(waiting.begin(), waiting.begin() + n);
        waiting.erase(waiting.begin(), waiting.begin() + n);
        std::vector<sync::PendingPush> pushes;
        pushes.reserve(batch.size());
        for (auto& w : batch)
            pushes.push_back({w.message, w.peer->device, std::move(w.verified_keys)});
        auto replies = authority.push_together(pushes);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            *batch[i].reply = std::move(replies[i]);
            batch[i].peer->answered.cancel();
        }
        if (!waiting.empty()) { // more than one group's worth: the rest go next
            commit_posted = true;
            gathered = waiting.size();
            rounds = least_rounds;
            asio::post(io, [this] { commit_when_gathered(); });
        }
    }

    /// What the log may say about a reply (never the contents).
    void tally(Peer& peer, const json::object& reply, bool known)
    {
        const std::string type = text(reply, "type");
        if (type == "enrolled")
            log_event(peer.address + " enrolled a new device " + peer.device);
        else if (type == "welcome" && !known)
            log_event(peer.address + " is device " + peer.device);
        else if (type == "pushed") {
            if (const auto* results = reply.if_contains("results"); results && results->is_array())
                for (const auto& r : results->get_array())
                    ++(r.is_object() && text(r.get_object(), "status") == "accepted" ? peer.accepted : peer.refused);
        } else if (type == "changes") {
            if (const auto* changes = reply.if_contains("changes"); changes && changes->is_array())
                peer.pulled += changes->get_array().size();
        }
    }

    awaitable<void> watch_signals()
    {
        auto [ec, signal] = co_await signals.async_wait(use_tuple);
        if (ec)
            co_return;
        log_event(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM")
                  + ": no new connections; finishing the messages in flight");
        stopping = true;
        boost::system::error_code ignored;
        acceptor.close(ignored);
        for (const auto& peer : peers) {
            peer->stopping = true;
            if (peer->interruptible)
                peer->timer.cancel();
        }
        if (peers.empty())
            co_return; // nothing in flight: run() returns
        // Otherwise a second signal closes what is left at once; finish_when_idle ends this wait.
        auto [again, second] = co_await signals.async_wait(use_tuple);
        if (again)
            co_return;
        log_event("second signal: closing every connection now");
        for (const auto& peer : peers)
            close(*peer);
    }

    /// Once stopping and every connection has gone, nothing is left to wait for: run() returns.
    void finish_when_idle()
    {
        if (stopping && peers.empty())
            signals.cancel();
    }

    static void log_failure(std::exception_ptr failure)
    {
        if (!failure)
            return;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            log_event(std::string("internal error: ") + e.what());
        }
    }
};

Server::Server(Clinic& clinic, ServerOptions options) : impl_(std::make_unique<Impl>(clinic, std::move(options))) {}

Server::~Server() = default;

Result<void> Server::run()
{
    if (auto ready = impl_->setup_tls(); !ready)
        return ready.error();
    if (auto listening = impl_->listen(); !listening)
        return listening.error();
    if (impl_->options.on_listening)
        impl_->options.on_listening();
    asio::co_spawn(impl_->io, impl_->accept_loop(), &Impl::log_failure);
    asio::co_spawn(impl_->io, impl_->watch_signals(), &Impl::log_failure);
    impl_->io.run();
    log_event("stopped");
    return {};
}

} // namespace fascia::syncd
