// The desk's TLS connection to fascia-syncd (sync_client.h). Blocking calls
// built from Asio's asynchronous operations on a private io_context run for
// at most the time left, so no step can hang (Asio's blocking_tcp_client idea).
#include <fascia/sync_client.h>
#include <fascia/sync_protocol.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace fascia::sync {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

bool is_ip_address(const std::string& host)
{
    boost::system::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

std::string hex_sha256_der(X509* cert)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &len) != 1)
        return {};
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0x0F]);
    }
    return out;
}

std::string to_pem(X509* cert)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string string_field(const json::object& o, std::string_view key)
{
    if (const auto* v = o.if_contains(key); v && v->is_string())
        return std::string(v->get_string());
    return {};
}

/// Turns the server's "error" reply into an Error a person can act on.
Error refusal(const json::object& reply, const std::string& where)
{
    const std::string code = string_field(reply, "code");
    std::string message = string_field(reply, "message");
    if (message.empty())
        message = code.empty() ? "no reason given" : code;
    Error e;
    if (code == "retry")
        // Transient (busy, a failed write): nothing was applied; the outbox keeps every command.
        e = io_error("the sync server at " + where + " is busy: " + message);
    else if (code == "unauthenticated" || code == "revoked")
        e = forbidden("the clinic's sync server at " + where + " refused this desk (" + code + "): " + message);
    else if (code == "name_taken")
        e = invalid("the clinic's sync server at " + where + " refused: " + message, "name");
    else if (code == "version")
        e = refused("the sync server at " + where + " speaks another protocol version: update Fascia here or on the server ("
                    + message + ")");
    else
        e = refused("the sync server at " + where + " refused (" + (code.empty() ? "error" : code) + "): " + message);
    e.reason = code;
    return e;
}

/// One TLS connection with its own io_context, so every step can be given a deadline.
class Connection {
public:
    Connection(HostPort where, std::chrono::milliseconds timeout)
        : where_(std::move(where)), label_(where_.host + ":" + where_.port), timeout_(timeout),
          context_(ssl::context::tls_client), stream_(io_, context_), buffer_(64 * 1024)
    {
        // TLS 1.2 or newer only.
        SSL_CTX_set_min_proto_version(context_.native_handle(), TLS1_2_VERSION);
    }

    const std::string& label() const { return label_; }
    SSL* native() { return stream_.native_handle(); }

    /// Connects and completes the TLS handshake. With ca_pem, the server's
    /// certificate must chain to it and name the host; without, nothing is checked
    /// here (enrollment checks the chain itself before it sends anything).
    Result<void> open(const std::string* ca_pem)
    {
        const auto deadline = Clock::now() + timeout_;
        boost::system::error_code ec;
        tcp::resolver resolver(io_);
        tcp::resolver::results_type endpoints;
        resolver.async_resolve(where_.host, where_.port, [&](const boost::system::error_code& e, auto results) {
            ec = e;
            endpoints = std::move(results);
        });
        if (!run_until(deadline, [&] { resolver.cancel(); }))
            return io_error("timed out looking up " + where_.host);
        if (ec)
            return io_error("cannot find the sync server " + where_.host + ": " + ec.message());

        asio::async_connect(stream_.lowest_layer(), endpoints,
                            [&](const boost::system::error_code& e, const tcp::endpoint&) { ec = e; });
        if (!run_until(deadline))
            return io_error("timed out connecting to the sync server at " + label_);
        if (ec)
            return io_error("cannot connect to the sync server at " + label_ + ": " + ec.message()
                            + " (is fascia-syncd running there?)");
        stream_.lowest_layer().set_option(tcp::no_delay(true), ec);

        if (ca_pem) {
            context_.add_certificate_authority(asio::buffer(*ca_pem), ec);
            if (ec)
                return invalid("the pinned clinic certificate is unreadable: " + ec.message()
                               + " (enroll this desk again)");
            stream_.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
            stream_.set_verify_callback(ssl::host_name_verification(where_.host));
        } else {
            stream_.set_verify_mode(ssl::verify_none);
        }
        if (!is_ip_address(where_.host))
            // SSL_set_tlsext_host_name, without the macro's C cast.
            SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(where_.host.c_str()));

        stream_.async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& e) { ec = e; });
        if (!run_until(deadline))
            return io_error("timed out in the TLS handshake with " + label_);
        if (ec) {
            const long verify = SSL_get_verify_result(stream_.native_handle());
            if (ca_pem && verify != X509_V_OK)
                return refused("the server at " + label_
                               + " is not this clinic's sync server: its certificate does not check out "
                                 "against the pinned clinic CA ("
                               + X509_verify_cert_error_string(verify)
                               + "); if the clinic's certificates were made anew, enroll this desk again");
            return io_error("the TLS handshake with " + label_ + " failed: " + ec.message());
        }
        usable_ = true;
        return {};
    }

    /// Sends one message and reads the one reply.
    Result<json::object> exchange(const json::object& message)
    {
        if (!usable_)
            return io_error("the connection to the sync server at " + label_ + " is closed: connect again");
        usable_ = false; // until this exchange completes
        const auto deadline = Clock::now() + timeout_;
        const std::string frame = encode_frame(message);
        boost::system::error_code ec;
        asio::async_write(stream_, asio::buffer(frame), [&](const boost::system::error_code& e, std::size_t) { ec = e; });
        if (!run_until(deadline))
            return io_error("timed out sending to the sync server at " + label_);
        if (ec)
            return io_error("lost the connection to the sync server at " + label_ + ": " + ec.message());
        for (;;) {
            json::object reply;
            switch (decoder_.next(reply)) {
            case FrameDecoder::Status::message:
                // After an "error" the server closes: the connection is done.
                usable_ = string_field(reply, "type") != "error";
                return reply;
            case FrameDecoder::Status::error:
                return io_error("the sync server at " + label_ + " sent a malformed frame: " + decoder_.error());
            case FrameDecoder::Status::need_more:
                break;
            }
            std::size_t got = 0;
            stream_.async_read_some(asio::buffer(buffer_), [&](const boost::system::error_code& e, std::size_t n) {
                ec = e;
                got = n;
            });
            if (!run_until(deadline))
                return io_error("timed out waiting for the sync server at " + label_);
            if (ec == asio::error::eof || ec == ssl::error::stream_truncated)
                return io_error("the sync server at " + label_ + " closed the connection");
            if (ec)
                return io_error("lost the connection to the sync server at " + label_ + ": " + ec.message());
            decoder_.feed(std::string_view(buffer_.data(), got));
        }
    }

private:
    /// Runs the operation just started; false (and the socket closed) when the deadline passed first.
    template <class Cancel = void (*)()>
    bool run_until(Clock::time_point deadline, Cancel cancel = [] {})
    {
        io_.restart();
        io_.run_until(deadline);
        if (io_.stopped())
            return true;
        cancel();
        boost::system::error_code ignored;
        stream_.lowest_layer().close(ignored);
        io_.restart();
        io_.run(); // the cancelled operation's handler
        return false;
    }

    HostPort where_;
    std::string label_;
    std::chrono::milliseconds timeout_;
    asio::io_context io_;
    ssl::context context_;
    ssl::stream<tcp::socket> stream_;
    std::vector<char> buffer_;
    FrameDecoder decoder_;
    bool usable_ = false;
};

/// Checks the chain the server sent (no trust yet) against an enrollment code:
/// returns the clinic CA, or an Error saying why the server is not trusted.
std::string without_dashes(std::string text)
{
    std::erase(text, '-');
    return text;
}

Result<std::string> pin_clinic_ca(SSL* ssl, const std::string& pin, const HostPort& where,
                                  const std::string& label)
{
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
    X509* leaf = SSL_get0_peer_certificate(ssl);
    if (!chain || !leaf)
        return refused("the server at " + label + " sent no certificate: it is not a Fascia sync server");
    X509* ca = nullptr;
    for (int i = 0; i < sk_X509_num(chain); ++i) {
        X509* candidate = sk_X509_value(chain, i);
        if (X509_check_issued(candidate, candidate) == X509_V_OK && X509_check_ca(candidate) >= 1
            && without_dashes(enroll_pin(hex_sha256_der(candidate))) == pin)
            ca = candidate;
    }
    const std::string mitm = " Nothing was sent. Check the code and the server address; if both are right, "
                             "someone may be intercepting the connection (a man in the middle).";
    if (!ca)
        return refused("the server at " + label
                       + " did not present the clinic certificate this enrollment code belongs to." + mitm);

    // The handshake proved the server holds its certificate's key; now the clinic
    // CA must have signed that certificate, for this host.
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        X509_STORE_CTX_free);
    if (!store || !ctx || X509_STORE_add_cert(store.get(), ca) != 1
        || X509_STORE_CTX_init(ctx.get(), store.get(), leaf, chain) != 1)
        return internal_error("cannot check the server's certificate (OpenSSL failed)");
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    if (is_ip_address(where.host))
        X509_VERIFY_PARAM_set1_ip_asc(param, where.host.c_str());
    else
        X509_VERIFY_PARAM_set1_host(param, where.host.c_str(), where.host.size());
    if (X509_verify_cert(ctx.get()) != 1)
        return refused("the server at " + label + " presented the clinic certificate but its own certificate "
                       + "does not check out against it ("
                       + X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())) + ")." + mitm);
    std::string pem = to_pem(ca);
    if (pem.empty())
        return internal_error("cannot write the clinic certificate (OpenSSL failed)");
    return pem;
}

} // namespace

Result<HostPort> parse_host_port(const std::string& text)
{
    const auto bad = [&] {
        return invalid("'" + text + "' is not a server address: give HOST:PORT, e.g. 192.168.1.20:7455 or [::1]:7455",
                       "server");
    };
    HostPort hp;
    std::string rest;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string::npos)
            return bad();
        hp.host = text.substr(1, close - 1);
        rest = text.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':'))
            return bad();
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const auto colon = text.find(':');
        hp.host = text.substr(0, colon);
        rest = text.substr(colon);
    } else {
        hp.host = text; // a bare host name, or an IPv6 address without a port
    }
    if (hp.host.empty())
        return bad();
    hp.port = rest.empty() ? std::string(default_port) : rest.substr(1);
    if (hp.port.empty() || hp.port.size() > 5
        || !std::all_of(hp.port.begin(), hp.port.end(), [](unsigned char c) { return std::isdigit(c); })
        || std::stoi(hp.port) > 65535)
        return bad();
    return hp;
}

Result<Transport> connect(const std::string& host_port, const std::string& ca_pem, std::chrono::milliseconds timeout)
{
    auto where = parse_host_port(host_port);
    if (!where)
        return where.error();
    auto connection = std::make_shared<Connection>(*where, timeout);
    if (auto opened = connection->open(&ca_pem); !opened)
        return opened.error();
    return Transport([connection](const json::object& message) { return connection->exchange(message); });
}

Result<Transport> open_session(const std::string& host_port, const std::string& ca_pem, const std::string& device,
                               const std::string& token, std::chrono::milliseconds timeout)
{
    auto transport = connect(host_port, ca_pem, timeout);
    if (!transport)
        return transport.error();
    auto reply = (*transport)(json::object{
        {"type", "hello"}, {"protocol", protocol_version}, {"device", device}, {"token", token}});
    if (!reply)
        return reply.error();
    const std::string type = string_field(*reply, "type");
    if (type == "error")
        return refusal(*reply, host_port);
    if (type != "welcome")
        return io_error("the sync server at " + host_port + " answered hello with '" + type
                        + "', not welcome: is it a Fascia sync server of this version?");
    return transport;
}

Result<Enrollment> enroll(const std::string& host_port, const std::string& code, const std::string& name,
                          std::chrono::milliseconds timeout)
{
    auto where = parse_host_port(host_port);
    if (!where)
        return where.error();
    // 128 bits of the fingerprint: no other certificate can be made to match it.
    const auto parsed = parse_enroll_code(code);
    if (!parsed)
        return invalid("'" + code + "' is not an enrollment code: `fascia-syncd enroll-code` on the server prints one",
                       "code");
    const std::string pin = parsed->pin;
    Connection connection(*where, timeout);
    if (auto opened = connection.open(nullptr); !opened)
        return opened.error();
    auto ca_pem = pin_clinic_ca(connection.native(), pin, *where, connection.label());
    if (!ca_pem)
        return ca_pem.error();
    auto reply = connection.exchange(json::object{{"type", "enroll"}, {"code", code}, {"name", name}});
    if (!reply)
        return reply.error();
    const std::string type = string_field(*reply, "type");
    if (type == "error")
        return refusal(*reply, host_port);
    Enrollment e{string_field(*reply, "device"), string_field(*reply, "token"), std::move(*ca_pem)};
    if (type != "enrolled" || e.device.empty() || e.token.empty())
        return io_error("the sync server at " + host_port + " answered enroll with '" + type
                        + "' and no credential: is it a Fascia sync server of this version?");
    return e;
}

Result<std::string> certificate_fingerprint(const std::string& pem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free);
    if (!cert)
        return invalid("not a PEM certificate");
    auto hex = hex_sha256_der(cert.get());
    if (hex.empty())
        return internal_error("cannot hash the certificate (OpenSSL failed)");
    return hex;
}

} // namespace fascia::sync
