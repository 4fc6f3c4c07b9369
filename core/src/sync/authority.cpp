#include <fascia/sync.h>
#include <fascia/sync_protocol.h>

#include <fascia/crypto.h>
#include <fascia/ids.h>
#include <fascia/signing.h>

#include <boost/json.hpp>


namespace fascia::sync {

namespace json = boost::json;

namespace {

json::object error_reply(std::string code, std::string message)
{
    return {{"type", "error"}, {"code", std::move(code)}, {"message", std::move(message)}};
}

json::object retry_reply(const std::string& why)
{
    return error_reply("retry", "the sync server could not write just now (" + why
                                    + "); nothing was lost: the desk keeps its commands and sends them again");
}

/// Bookkeeping (last seen) is written at most this often outside a push, so a
/// desk that only polls costs no commit (and, at synchronous=FULL, no fsync).
constexpr auto seen_granularity = std::chrono::minutes(1);

std::string random_hex(std::size_t bytes)
{
    std::string raw(bytes, '\0');
    secure_random_bytes(raw.data(), raw.size());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : raw) {
        out += hex[c >> 4];
        out += hex[c & 0x0F];
    }
    return out;
}

/// 10 characters a person can read out: no 0/O, 1/I/L.
std::string random_code_part()
{
    static constexpr char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    unsigned char raw[10];
    secure_random_bytes(raw, sizeof raw);
    std::string out;
    for (unsigned char c : raw)
        out += alphabet[c % (sizeof alphabet - 1)];
    return out.substr(0, 5) + "-" + out.substr(5);
}

std::string text_field(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

} // namespace

Authority::Authority(Clinic& clinic) : clinic_(clinic) {}

Result<std::string> Authority::create_enroll_code(const std::string& ca_fingerprint, int hours)
{
    if (hours < 1 || hours > 24 * 14)
        return invalid("an enrollment code lasts between 1 hour and 14 days", "hours");
    if (ca_fingerprint.size() < 32)
        return invalid("the clinic CA fingerprint is missing", "ca_fingerprint");
    const std::string secret = random_code_part();
    const auto now = clinic_.clock().now();
    clinic_.db()
        .query("INSERT INTO sync_enroll_codes(code_hash, created_at, expires_at) VALUES (?, ?, ?)",
               sha256_hex(secret), format_instant(now), format_instant(now + std::chrono::hours(hours)))
        .run();
    return secret + "-" + enroll_pin(ca_fingerprint);
}

Result<void> Authority::revoke(const std::string& device)
{
    auto& db = clinic_.db();
    {
        // Enrollment refuses a taken name, but a database from before that may hold two.
        auto q = db.query("SELECT count(*) FROM sync_devices WHERE name = ?1 AND revoked_at IS NULL"
                          " AND NOT EXISTS (SELECT 1 FROM sync_devices WHERE id = ?1)",
                          device);
        if (q.step() && q.integer(0) > 1)
            return invalid(std::to_string(q.integer(0)) + " enrolled desks are called '" + device
                               + "': give the device id of the one to revoke (`fascia-syncd status` lists them)",
                           "device");
    }
    db.query("UPDATE sync_devices SET revoked_at = coalesce(revoked_at, ?1) WHERE id = ?2 OR name = ?2",
             format_instant(clinic_.clock().now()), device)
        .run();
    if (db.changes() == 0)
        return not_found("there is no enrolled device " + device + ": `fascia-syncd status` lists them");
    return {};
}

std::vector<Device> Authority::devices()
{
    std::vector<Device> out;
    auto q = clinic_.db().query(
        "SELECT id, name, enrolled_at, revoked_at, last_seen, cursor FROM sync_devices ORDER BY enrolled_at");
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.optional_text(3), q.optional_text(4), q.integer(5)});
    return out;
}

std::int64_t Authority::head()
{
    auto q = clinic_.db().query("SELECT coalesce(max(sequence), 0) FROM outbox");
    q.step();
    return q.integer(0);
}

json::object Authority::handle(const json::object& message, std::string& device)
{
    try {
        const std::string type = text_field(message, "type");
        if (type == "enroll")
            return enroll(message, device);
        if (type == "hello")
            return hello(message, device);
        if (device.empty())
            return error_reply("unauthenticated", "say hello (or enroll) before anything else");
        if (type == "push")
            return push_together({PendingPush{&message, device}}).front();
        // Checked on every message: a revocation takes effect at once, even mid-connection.
        if (auto refusal = revoked(device))
            return *refusal;
        if (type == "pull")
            return pull(message, device);
        return error_reply("protocol", "unknown message type '" + type + "'");
    } catch (const Failure& f) {
        // Busy or a failed write is transient: nothing was committed, the desk keeps its
        // commands and sends them again. Only a rule's refusal is final.
        if (f.error().kind == ErrorKind::io)
            return retry_reply(f.error().message);
        return error_reply("server", f.error().message);
    } catch (const std::exception& e) {
        return error_reply("server", e.what());
    }
}

std::optional<json::object> Authority::revoked(const std::string& device)
{
    auto q = clinic_.db().query("SELECT revoked_at FROM sync_devices WHERE id = ?", device);
    if (!q.step() || !q.is_null(0))
        return error_reply("revoked", "this device's enrollment was revoked; enroll it again");
    return std::nullopt;
}

std::vector<json::object> Authority::push_together(const std::vector<PendingPush>& pushes)
{
    auto& db = clinic_.db();
    const auto everyone = [&](const json::object& reply) { return std::vector<json::object>(pushes.size(), reply); };
    std::vector<json::object> replies;
    replies.reserve(pushes.size());
    try {
        // A busy or failing database throws (from here, a push or the commit): the
        // transaction rolls back and every push is answered "retry".
        Transaction tx(db);
        for (const auto& pending : pushes) {
            db.exec("SAVEPOINT push");
            json::object reply;
            try {
                reply = push(*pending.message, pending.device, pending.verified_keys);
            } catch (const Failure& f) {
                if (f.error().kind == ErrorKind::io)
                    throw;
                reply = error_reply("server", f.error().message);
            }
            if (text_field(reply, "code") == "retry")
                return everyone(reply);
            db.exec(text_field(reply, "type") == "pushed" ? "RELEASE push" : "ROLLBACK TO push; RELEASE push");
            replies.push_back(std::move(reply));
        }
        tx.commit();
    } catch (const Failure& f) {
        return everyone(f.error().kind == ErrorKind::io ? retry_reply(f.error().message)
                                                        : error_reply("server", f.error().message));
    } catch (const std::exception& e) {
        return everyone(error_reply("server", e.what()));
    }
    return replies;
}

json::object Authority::enroll(const json::object& message, std::string& device)
{
    const auto code = parse_enroll_code(text_field(message, "code"));
    const std::string secret = code ? code->secret : std::string();
    std::string name = text_field(message, "name");
    auto& db = clinic_.db();
    Transaction tx(db);
    const std::string now = format_instant(clinic_.clock().now());
    auto q = db.query("SELECT expires_at, used_at FROM sync_enroll_codes WHERE code_hash = ?",
                      sha256_hex(secret));
    if (!q.step() || !q.is_null(1) || q.text(0) < now)
        return error_reply("unauthenticated",
                           "that enrollment code is unknown, used or expired: ask for a new one "
                           "(fascia-syncd enroll-code)");
    // Names are how people revoke ("fascia-syncd revoke NAME"): two live desks must not
    // share one. Checked before anything is written, so the code is not spent.
    auto taken = db.query("SELECT 1 FROM sync_devices WHERE name = ? COLLATE NOCASE AND revoked_at IS NULL", name);
    if (!name.empty() && taken.step())
        return error_reply("name_taken", "another enrolled desk is already called '" + name
                                             + "': choose another name (fascia sync enroll --name ...); the code "
                                               "still works");
    device = new_uuid_v7(clinic_.clock());
    if (name.empty()) // unnamed (not the desks' own client, which names it): one of its own
        name = "desk " + device.substr(device.size() - 6);
    const std::string token = random_hex(32);
    db.query("INSERT INTO sync_devices(id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?)", device, name,
             sha256_hex(token), now)
        .run();
    db.query("UPDATE sync_enroll_codes SET used_at = ?, device_id = ? WHERE code_hash = ?", now, device,
             sha256_hex(secret))
        .run();
    tx.commit();
    return {{"type", "enrolled"}, {"device", device}, {"token", token}, {"head", head()}};
}

json::object Authority::hello(const json::object& message, std::string& device)
{
    const auto* protocol = message.if_contains("protocol");
    if (!protocol || !protocol->is_int64() || protocol->as_int64() != protocol_version)
        return error_reply("version", "this server speaks sync protocol " + std::to_string(protocol_version));
    const std::string id = text_field(message, "device");
    auto q = clinic_.db().query("SELECT token_hash, revoked_at, coalesce(last_seen, '') FROM sync_devices WHERE id = ?",
                                id);
    if (!q.step() || q.text(0) != sha256_hex(text_field(message, "token")))
        return error_reply("unauthenticated", "this device is not enrolled with this clinic");
    if (!q.is_null(1))
        return error_reply("revoked", "this device's enrollment was revoked; enroll it again");
    device = id;
    const auto now = clinic_.clock().now();
    // Read first: even an UPDATE that matches nothing takes the write lock, so a hello
    // with nothing to record would wait on (and be answered "retry" by) a busy database.
    if (q.text(2) < format_instant(now - seen_granularity))
        clinic_.db().query("UPDATE sync_devices SET last_seen = ?1 WHERE id = ?2", format_instant(now), id).run();
    return {{"type", "welcome"}, {"device", device}, {"head", head()}};
}

SigningKeys Authority::signing_keys_for(const json::object& push)
{
    SigningKeys keys;
    const auto* commands = push.if_contains("commands");
    if (!commands || !commands->is_array() || commands->get_array().size() > max_push_commands)
        return keys;
    try {
        auto& db = clinic_.db();
        if (!signing_enabled(db))
            return keys;
        for (const auto& item : commands->get_array())
            if (const auto* c = item.if_object())
                if (std::string actor = text_field(*c, "actor"); !keys.contains(actor)) {
                    auto public_keys = signing_public_keys(db, actor);
                    keys.emplace(std::move(actor), std::move(public_keys));
                }
    } catch (const Failure&) {
        return {}; // busy: push_together verifies each command itself
    }
    return keys;
}

std::vector<std::string> check_signatures_ahead(const json::object& push, std::string_view device,
                                                const SigningKeys& keys)
{
    std::vector<std::string> verified;
    const auto* commands = push.if_contains("commands");
    if (keys.empty() || !commands || !commands->is_array() || commands->get_array().size() > max_push_commands)
        return verified;
    for (const auto& item : commands->get_array()) {
        std::string key;
        const auto* c = item.if_object();
        const auto* payload = c ? c->if_contains("payload") : nullptr;
        if (payload && payload->is_object()) {
            const auto actor = keys.find(text_field(*c, "actor"));
            // The message exactly as Authority::push builds it (its payload is only serialized).
            const Command command{text_field(*c, "type"), {}, text_field(*c, "actor"), text_field(*c, "key"),
                                  text_field(*c, "hlc")};
            if (actor != keys.end())
                key = verifying_key(actor->second, signing_message(command, json::serialize(*payload), device),
                                    text_field(*c, "signature"));
        }
        verified.push_back(std::move(key));
    }
    return verified;
}

json::object Authority::push(const json::object& message, const std::string& device,
                             const std::vector<std::string>& verified_keys)
{
    auto& db = clinic_.db();
    std::string last_stamp;
    {
        // One read per push for both: is the device still enrolled (a revocation takes
        // effect at once), and the newest stamp it sent.
        auto q = db.query("SELECT revoked_at IS NULL, coalesce(last_stamp, '') FROM sync_devices WHERE id = ?",
                          device);
        if (!q.step() || q.integer(0) == 0)
            return revoked(device).value_or(error_reply("revoked", "this device is not enrolled"));
        last_stamp = q.text(1);
    }
    const auto* commands = message.if_contains("commands");
    if (!commands || !commands->is_array())
        return error_reply("protocol", "push needs a \"commands\" array");
    if (commands->as_array().size() > max_push_commands)
        return error_reply("too_large", "a push carries at most " + std::to_string(max_push_commands) + " commands");
    const auto now = clinic_.clock().now();
    const auto now_ms = now.time_since_epoch().count();
    const std::int64_t ahead_ms = clinic_.setting("sync.clock_ahead_minutes") * 60 * 1000;
    const std::int64_t window_ms = clinic_.setting("sync.offline_window_hours") * 3600 * 1000;
    // Inside push_together's transaction (shared with the pushes that arrived with
    // this one), a savepoint per command so a refusal undoes only that command.
    const bool signing = signing_enabled(db);
    json::array results;
    std::size_t index = 0;
    for (const auto& item : commands->as_array()) {
        const std::string* verified_ahead =
            index < verified_keys.size() && !verified_keys[index].empty() ? &verified_keys[index] : nullptr;
        ++index;
        if (!item.is_object())
            return error_reply("protocol", "each pushed command must be an object");
        const auto& c = item.as_object();
        const auto* payload = c.if_contains("payload");
        const std::string key = text_field(c, "key");
        if (key.empty() || !payload || !payload->is_object())
            return error_reply("protocol", "a pushed command needs a key and a payload object");
        Command command{text_field(c, "type"), payload->as_object(), text_field(c, "actor"), key,
                        text_field(c, "hlc")};
        command.device = device;
        const auto refuse = [&](const Error& e) {
            results.push_back(json::object{{"key", key},
                                           {"status", "refused"},
                                           {"kind", to_string(e.kind)},
                                           {"code", e.reason},
                                           {"reason", e.message}});
        };
        bool resend = false;
        {
            auto seen = db.query("SELECT 1 FROM command_log WHERE idempotency_key = ?", key);
            resend = seen.step();
        }
        // Time the server can believe (a resend was judged the first time).
        if (!resend) {
            const auto stamped = stamp_instant(command.hlc);
            const auto ms = stamped ? std::optional<std::int64_t>(stamped->time_since_epoch().count()) : std::nullopt;
            if (!ms) {
                refuse(Error{ErrorKind::invalid_input, "the command has no valid stamp", "hlc", "bad_stamp"});
                continue;
            }
            if (*ms > now_ms + ahead_ms) {
                refuse(refused("the command is stamped " + format_instant(Instant{std::chrono::milliseconds(*ms)})
                                   + ", ahead of the server's clock (" + format_instant(now)
                                   + "): set the desk's clock right, then make the change again",
                               "stamp_in_future"));
                continue;
            }
            if (!last_stamp.empty() && command.hlc.substr(0, 19) <= last_stamp.substr(0, 19)) {
                refuse(refused("the command's stamp is older than one this desk already sent: "
                               "a desk's stamps never go backwards",
                               "stamp_backwards"));
                continue;
            }
            // Older than the offline window: judged now, so a stamp cannot reach back
            // to before a voucher expired or a screening lapsed.
            if (*ms < now_ms - window_ms)
                command.judged_at = now;
        }
        // Signed commands: once the clinic has signing keys, a command counts only if
        // the actor's key signed it, for this device (key history included).
        // Verified ahead on the daemon's second thread: only whether that key is the actor's
        // is left to ask here; anything else is verified now.
        if (!resend && signing && !(verified_ahead && is_signing_key_of(db, command.actor, *verified_ahead))
            && !verify_command(db, command, json::serialize(command.payload), device, text_field(c, "signature"))) {
            const bool unsigned_command = text_field(c, "signature").empty();
            refuse(Error{ErrorKind::forbidden,
                         unsigned_command && !newest_signing_key(db, command.actor)
                             ? "the command is not signed: " + no_signing_key_advice(command.actor)
                         : unsigned_command
                             ? "the command is not signed: sign in on the desk (or give the password) as "
                                   + command.actor
                             : "the command's signature is not " + command.actor
                                   + "'s for this device: it was not made by them here",
                         {}, "unauthenticated"});
            continue;
        }
        auto outcome = clinic_.bus().execute_in_savepoint(std::move(command));
        if (!outcome && outcome.error().kind == ErrorKind::io)
            return retry_reply(outcome.error().message); // push_together rolls all back: the desks resend
        if (!outcome) {
            refuse(outcome.error());
            continue;
        }
        if (!outcome->replayed)
            last_stamp = outcome->hlc;
        results.push_back(json::object{{"key", key}, {"status", "accepted"}, {"seq", outcome->sequence}});
    }
    db.query("UPDATE sync_devices SET last_seen = ?, last_stamp = nullif(?, '') WHERE id = ?", format_instant(now),
             last_stamp, device)
        .run();
    return {{"type", "pushed"}, {"results", results}};
}

json::object Authority::pull(const json::object& message, const std::string& device)
{
    const auto* after = message.if_contains("after");
    if (!after || !after->is_int64() || after->as_int64() < 0)
        return error_reply("protocol", "pull needs \"after\", the last sequence this desk has");
    std::int64_t limit = 500;
    if (const auto* l = message.if_contains("limit"); l && l->is_int64())
        limit = std::clamp<std::int64_t>(l->as_int64(), 1, 5000);
    json::array changes;
    std::size_t bytes = 0;
    bool more = false;
    std::int64_t last = after->as_int64();
    auto q = clinic_.db().query("SELECT sequence, idempotency_key, hlc, changeset FROM outbox"
                                " WHERE sequence > ? ORDER BY sequence LIMIT ?",
                                after->as_int64(), limit + 1);
    constexpr std::size_t budget = max_payload_size - 4096; // room for the envelope
    while (q.step()) {
        const std::string changeset = to_base64(q.blob(3));
        if (static_cast<std::int64_t>(changes.size()) == limit
            || (!changes.empty() && bytes + changeset.size() + 200 > budget)) {
            more = true;
            break;
        }
        last = q.integer(0);
        json::object change{{"seq", last}, {"key", q.text(1)}, {"hlc", q.text(2)}};
        // Pull always makes progress: the first change goes even if large, and one that
        // could never fit a frame (from before commands were bounded) is named, not sent,
        // so the desks' cursors move past it instead of stopping there for good.
        if (changeset.size() + 200 > budget)
            change["too_large"] = true;
        else
            change["changeset"] = changeset;
        bytes += changeset.size() + 200;
        changes.push_back(std::move(change));
    }
    // Only when it says something new: a desk polling with nothing to pull costs no commit.
    const auto now = clinic_.clock().now();
    clinic_.db()
        .query("UPDATE sync_devices SET cursor = max(cursor, ?1), last_seen = ?2"
               " WHERE id = ?3 AND (cursor < ?1 OR last_seen IS NULL OR last_seen < ?4)",
               last, format_instant(now), device, format_instant(now - seen_granularity))
        .run();
    return {{"type", "changes"}, {"changes", changes}, {"more", more}};
}

} // namespace fascia::sync
