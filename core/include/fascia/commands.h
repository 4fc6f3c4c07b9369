#pragma once
/// The command bus: the only write path. A command runs in one transaction
/// with its audit entry and its outbox row; the same idempotency key twice
/// applies once and returns the first result.
#include <fascia/clock.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/hlc.h>
#include <fascia/roles.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fascia {

/// Who runs a command: a staff user (or, once, the set-up of a new clinic).
struct Actor {
    std::string user_id;  ///< staff id; empty for clinic set-up
    std::string username; ///< "owner", "frontdesk", ...
    Role role = Role::owner;
};

/// A request to change clinic data.
struct Command {
    std::string type;                 ///< "clients.create"
    boost::json::object payload;      ///< the handler's input
    std::string actor;                ///< username the change is attributed to
    std::string idempotency_key = {}; ///< empty: the bus makes one (no retry protection)
    std::string hlc = {};             ///< empty: the bus stamps it
    /// When rules that depend on "today" judge it (voucher expiry, screening validity):
    /// empty means at its stamp. The sync authority sets its own time for a command
    /// stamped before the clinic's offline window (setting sync.offline_window_hours).
    std::optional<Instant> judged_at = {};
    /// The enrolled device that sent it (sync authority), recorded in the command log.
    std::string device = {};
};

/// The most characters (UTF-8 code points) a text field of a command's payload may hold,
/// by the field's name, checked by the bus for every command before its handler runs
/// (docs/PROTOCOL.md, "Limits"): names (name, username, *_name) and phones (phone,
/// mobile, *_phone) 100; email 254 (RFC 5321's path limit); addresses (address,
/// *_address) 500; any other text (notes, answers, messages) 20,000. A module may
/// hold a field tighter. Longer is invalid_input (exit 2), so no change outgrows a frame.
FASCIA_CORE_EXPORT std::size_t max_text_length(std::string_view field);
/// Whether a payload field is one line of plain text, by its name (docs/PROTOCOL.md,
/// "Limits"): names and phones as in max_text_length, email, reason and *_reason. The bus
/// refuses any control character in these (C0, DEL, C1: U+0000..U+001F, U+007F..U+009F)
/// and, in any other text, all but tab, LF and CR LF; a terminal or log would act on them
/// (ESC [31m recolours what follows). invalid_input (exit 2), naming the field.
FASCIA_CORE_EXPORT bool is_one_line_field(std::string_view field);
/// The longest idempotency key (`--key`, a pushed command's "key"), in characters; it
/// holds no control character either. Ours are UUIDs (36); 200 leaves room for a caller's own.
inline constexpr std::size_t max_idempotency_key_length = 200;
/// The largest serialized payload, and the largest row change one command may make (1 MiB each).
inline constexpr std::size_t max_payload_bytes = 1024 * 1024;
inline constexpr std::size_t max_changeset_bytes = 1024 * 1024;

/// What a command produced.
struct CommandOutcome {
    std::int64_t sequence = 0;      ///< position in this database's command log
    boost::json::value result;      ///< the handler's answer (ids, balances)
    bool replayed = false;          ///< true when the key had been applied before
    std::string idempotency_key;
    std::string hlc;
};

/// What a handler sees while its command runs inside the transaction.
class FASCIA_CORE_EXPORT CommandContext {
public:
    CommandContext(Database& db, const Actor& actor, const Command& command, const Clock& clock);
    Database& db;
    const Actor& actor;
    const Command& command;
    const Clock& clock;

    /// A new UUIDv7 for a record this command creates. Derived from the command's
    /// stamp and idempotency key, so a desk's tentative run and the sync
    /// authority's run of the same command make the same ids.
    std::string new_id();
    /// When the command is judged: its stamp (when the person issued it), or the
    /// sync authority's time for one older than the offline window (Command::judged_at).
    /// One value for the whole command.
    Instant now() const { return now_; }
    /// Names the record the command changed, for the audit entry ("client", id).
    void touch(std::string record_type, std::string record_id);

    const std::string& record_type() const { return record_type_; }
    const std::string& record_id() const { return record_id_; }

private:
    Instant now_;
    Instant stamped_; ///< from the stamp alone: ids stay the same on every database
    int ids_made_ = 0;
    std::string record_type_;
    std::string record_id_;
};

using CommandHandler = std::function<Result<boost::json::value>(CommandContext&)>;

/// A command type a module (or the core) offers.
struct CommandDefinition {
    std::string type;         ///< "clients.create"
    std::string summary;      ///< one line for `fascia plugins` and help
    std::vector<Role> roles;  ///< who may run it: the permission table's row
    CommandHandler handler;
    std::string contributed_by = "core";
};

/// Every command type known to this process.
class FASCIA_CORE_EXPORT CommandRegistry {
public:
    /// Adds a definition; refused when the type is already taken.
    Result<void> add(CommandDefinition definition);
    /// The definition for a type, or nullptr.
    const CommandDefinition* find(std::string_view type) const;
    /// All definitions, sorted by type.
    std::vector<const CommandDefinition*> all() const;

private:
    std::map<std::string, CommandDefinition, std::less<>> definitions_;
};

class FASCIA_CORE_EXPORT CommandBus {
public:
    CommandBus(Database& db, const CommandRegistry& registry, const Clock& clock, std::string node_id);

    /// Runs one command in its own transaction.
    Result<CommandOutcome> execute(Command command);
    /// Runs one command inside the caller's transaction under a savepoint: a refusal
    /// undoes only this command (the sync authority's push: one commit for many).
    Result<CommandOutcome> execute_in_savepoint(Command command);
    /// Runs several commands in one transaction: all apply, or none (imports, demo data).
    Result<std::vector<CommandOutcome>> execute_all(std::vector<Command> commands);
    /// Signs a command as it runs: given the command (stamped) and its serialized payload,
    /// the base64 signature to keep in the outbox, "" for none, or an Error that stops the
    /// command. A signed-in session on an enrolled desk sets one (signing.h).
    using Signer = std::function<Result<std::string>(const Command&, std::string_view payload_text)>;
    /// Signs every command this bus runs from now on (an empty Signer: none).
    void set_signer(Signer signer) { signer_ = std::move(signer); }
    /// The staff user a username names, with their role; not_found when unknown or inactive.
    Result<Actor> resolve_actor(std::string_view username) const;
    /// Runs a command's handler again inside the caller's transaction, writing no
    /// command log, outbox or audit entry (it has them already): how a desk re-runs
    /// its pending commands on top of the authority's changes. Returns the row
    /// changes it made, as a changeset.
    Result<std::string> reapply(const Command& command);

private:
    Result<CommandOutcome> run_inside_transaction(Command& command);
    Result<boost::json::value> run_handler(const CommandDefinition& def, const Actor& actor,
                                           const Command& command, CommandContext& context,
                                           std::string& changeset);
    Database& db_;
    const CommandRegistry& registry_;
    const Clock& clock_;
    HybridClock hlc_;
    Signer signer_;
};

} // namespace fascia
