#pragma once
/// The desk's network side of sync: a TLS connection to `fascia-syncd` that
/// carries one message at a time in sync_protocol.h frames, and enrollment
/// (docs/PROTOCOL.md). Blocking, with a time limit on every step.
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/sync.h>

#include <chrono>
#include <string>

namespace fascia::sync {

/// The port `fascia-syncd` listens on unless told otherwise.
inline constexpr const char* default_port = "7455";

/// "HOST:PORT" split in two ("[::1]:7455" gives "::1" and "7455").
struct HostPort {
    std::string host;
    std::string port;
};
/// Parses "HOST:PORT", "[IPv6]:PORT" or a bare "HOST" (default_port).
FASCIA_CORE_EXPORT Result<HostPort> parse_host_port(const std::string& text);

/// What enrollment gives a desk (Replica::save_enrollment keeps it).
struct Enrollment {
    std::string device; ///< the id the authority gave this desk
    std::string token;  ///< the desk's secret, sent in every "hello"
    std::string ca_pem; ///< the clinic CA certificate, trusted (pinned) from now on
};

/// Opens a TLS 1.2+ connection to host_port that trusts only ca_pem, whose
/// certificate for the server must name the host (DNS name or IP address).
/// The Transport writes one frame and reads one reply frame; connecting and
/// each exchange give up after `timeout`. After a failure, or an "error" reply
/// (the server then closes), every later call fails: connect again.
FASCIA_CORE_EXPORT Result<Transport> connect(const std::string& host_port, const std::string& ca_pem,
                                             std::chrono::milliseconds timeout);

/// connect, then "hello" as an enrolled device; succeeds only when welcomed.
/// A refusal (unknown or revoked device, other protocol version) is ErrorKind::forbidden
/// or refused with the server's reason; a network failure is ErrorKind::io.
FASCIA_CORE_EXPORT Result<Transport> open_session(const std::string& host_port, const std::string& ca_pem,
                                                  const std::string& device, const std::string& token,
                                                  std::chrono::milliseconds timeout);

/// Enrolls this desk with a one-time code from `fascia-syncd enroll-code`
/// ("<secret>-<CA pin>", parse_enroll_code). Connects trusting nothing yet, takes
/// the clinic CA from the certificate chain the server sends, and goes on only
/// if the first 128 bits of that CA's SHA-256 fingerprint are the code's pin and it signed
/// the server's certificate for this host; otherwise nothing is sent (someone
/// may be in the middle). Then sends "enroll" and returns the credential.
FASCIA_CORE_EXPORT Result<Enrollment> enroll(const std::string& host_port, const std::string& code,
                                             const std::string& name,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// SHA-256 of a PEM certificate's DER bytes, lower-case hex (what enrollment codes carry).
FASCIA_CORE_EXPORT Result<std::string> certificate_fingerprint(const std::string& pem);

} // namespace fascia::sync
