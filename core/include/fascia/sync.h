#pragma once
/// Sync: the daemon's clinic database is the authority; desks are replicas.
///
/// A desk runs every command locally at once (tentatively), keeps it in its
/// outbox with the row changes it made (an SQLite session changeset), and
/// sends it on. The authority re-runs each command through the same command
/// bus and module handlers — so a rule such as "never two bookings in one slot"
/// is judged there — and answers accepted (with a sequence number) or refused
/// (with the reason). Desks pull the authority's changes after their cursor and
/// rebase: undo their own pending changes, apply the authority's, re-run what
/// is still pending. Commands carry their idempotency key, so sending one twice
/// applies it once; their ids and times come from the key and the stamp, so the
/// authority's run makes the same rows as the desk's.
///
/// Everything here is transport-free: messages are JSON objects. The daemon
/// (apps/syncd) and the desk's client wrap them in frames (sync_protocol.h).
#include <fascia/clinic.h>
#include <fascia/error.h>
#include <fascia/export.h>

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::sync {

/// The tables whose rows sync: everything but each database's own bookkeeping
/// (command log, outbox, audit log, migrations, identity, sync state, FTS indexes).
FASCIA_CORE_EXPORT std::vector<std::string> synced_tables(Database& db);
/// SHA-256 over every synced row, in primary-key order: equal on two databases
/// exactly when their clinic data is equal.
FASCIA_CORE_EXPORT std::string state_hash(Database& db);

// ------------------------------------------------------------------ authority

/// An enrolled desk as the authority knows it.
struct Device {
    std::string id;
    std::string name;
    std::string enrolled_at;
    std::optional<std::string> revoked_at;
    std::optional<std::string> last_seen;
    std::int64_t cursor = 0; ///< the last sequence it pulled
};

/// The most commands one push may carry (desks send at most 200); the frame limit bounds its bytes.
inline constexpr std::size_t max_push_commands = 1000;

/// The public keys (base64, whole history) of each staff user a push's commands name, by
/// username (Authority::signing_keys_for); empty when the clinic has no signing keys.
using SigningKeys = std::map<std::string, std::vector<std::string>, std::less<>>;

/// Checks a push's signatures ahead of its group commit, with no database, so the daemon
/// does it on a second thread while its database thread commits the group before (the
/// Ed25519 check was a fifth of the daemon's CPU per command: docs/PERFORMANCE.md, section 6).
/// Per command, in order: the key in `keys` its signature verifies under, or "" (unsigned,
/// mis-signed, malformed, an actor not in keys). Empty when keys is empty or the push is
/// malformed. Only a hint: Authority::push still asks, inside its transaction, whether that
/// key is the actor's, and verifies afresh anything not verified here.
FASCIA_CORE_EXPORT std::vector<std::string> check_signatures_ahead(const boost::json::object& push,
                                                                   std::string_view device, const SigningKeys& keys);

/// A push waiting to be answered together with others (Authority::push_together).
struct PendingPush {
    const boost::json::object* message = nullptr; ///< the "push" message, as received
    std::string device;                           ///< the connection's device (set by its hello)
    /// From check_signatures_ahead for this push; empty when not checked ahead.
    std::vector<std::string> verified_keys = {};
};

/// The most pushes the daemon answers in one transaction (group commit); more wait for the next.
inline constexpr std::size_t max_pushes_together = 64;

/// The daemon's side: answers the desks' messages against the clinic's
/// authoritative database. One instance per database, used from one thread.
class FASCIA_CORE_EXPORT Authority {
public:
    explicit Authority(Clinic& clinic);

    /// A one-time enrollment code, valid for `hours`: "<secret>-<CA pin>" (sync_protocol.h,
    /// parse_enroll_code), the pin being 128 bits of the CA's fingerprint.
    /// ca_fingerprint is the SHA-256 (hex) of the clinic CA certificate, so a desk can
    /// check it talks to this clinic before it trusts anything.
    Result<std::string> create_enroll_code(const std::string& ca_fingerprint, int hours = 24);
    /// Revokes a device (by id or name): it is refused from its next message on.
    Result<void> revoke(const std::string& device);
    std::vector<Device> devices();
    /// The newest sequence number (what a fully caught-up desk's cursor is).
    std::int64_t head();

    /// Answers one message from a connection. `device` is empty until a "hello"
    /// or "enroll" succeeds on that connection and is set by them. A reply of
    /// type "error" means the connection should be closed after sending it.
    boost::json::object handle(const boost::json::object& message, std::string& device);
    /// Group commit: answers pushes that arrived together (from any connections) in ONE
    /// transaction, so one commit (one fsync at synchronous=FULL) acknowledges them all.
    /// Each push runs under its own savepoint and each command under another: a refused
    /// command undoes only itself, a malformed push (or a revoked device's) only that push.
    /// One reply per push, in order, and only once committed; when any write or the commit
    /// fails (busy, I/O), every push is answered "retry" and nothing of any of them is kept.
    std::vector<boost::json::object> push_together(const std::vector<PendingPush>& pushes);
    /// The public keys of every staff user a push's commands name, for check_signatures_ahead
    /// on another thread; empty when the clinic signs nothing, the push is malformed, or the
    /// database cannot be read now (then push_together verifies each command itself).
    SigningKeys signing_keys_for(const boost::json::object& push);

private:
    boost::json::object enroll(const boost::json::object& message, std::string& device);
    boost::json::object hello(const boost::json::object& message, std::string& device);
    /// One push inside push_together's transaction; an "error" reply means "undo this push".
    boost::json::object push(const boost::json::object& message, const std::string& device,
                             const std::vector<std::string>& verified_keys);
    /// The "revoked" reply when the device is unknown or revoked.
    std::optional<boost::json::object> revoked(const std::string& device);
    boost::json::object pull(const boost::json::object& message, const std::string& device);
    Clinic& clinic_;
};

// ------------------------------------------------------------------ replica

/// What one round did.
struct RoundReport {
    int pushed = 0;    ///< commands sent
    int accepted = 0;  ///< of them, accepted
    int refused = 0;   ///< of them, refused (kept, with the reason, until dismissed)
    int pulled = 0;    ///< changes applied from the authority
    std::int64_t cursor = 0;
    int skipped = 0;   ///< changes the authority could not send (each over a frame): passed over
};

/// A command the authority refused, as the desk shows it.
struct Refusal {
    std::int64_t sequence = 0; ///< the desk's outbox sequence (to dismiss it)
    std::string type;
    std::string actor;
    std::string reason;
    std::string hlc;
    /// The command's payload as this desk ran it ({"client_id": ..., "start": ...}), so the
    /// desk can say whom a refusal affects. Holds client data: shown to staff, never logged.
    boost::json::object payload;
};

struct ReplicaStatus {
    bool enrolled = false;
    std::string server;
    std::string device;
    std::int64_t cursor = 0;
    std::int64_t pending = 0;
    std::vector<Refusal> refused;
};

/// Sends one message to the authority and returns its reply (an "error" reply, or an
/// Error when the connection failed).
using Transport = std::function<Result<boost::json::object>(const boost::json::object&)>;

/// The desk's side.
class FASCIA_CORE_EXPORT Replica {
public:
    explicit Replica(Clinic& clinic);

    /// Records the enrollment (server address, device id and token, pinned CA).
    /// Only an empty clinic database (no staff yet) can be enrolled: its data comes from the authority.
    Result<void> save_enrollment(const std::string& server, const std::string& device,
                                 const std::string& token, const std::string& ca_pem);
    /// The enrollment's secrets, for the transport: token and pinned CA.
    std::string token();
    std::string ca_pem();
    /// Pushes the outbox, pulls the authority's changes and rebases. Nothing is
    /// half-done: the rebase is one transaction, and a failed push or pull leaves
    /// the outbox to be sent again.
    Result<RoundReport> run_round(const Transport& transport);
    ReplicaStatus status();
    /// Hides a refused command from the list (a person has seen the reason).
    Result<void> dismiss(std::int64_t outbox_sequence);

private:
    Clinic& clinic_;
};

} // namespace fascia::sync
