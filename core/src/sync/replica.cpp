#include <fascia/sync.h>
#include <fascia/sync_protocol.h>

#include "changes.h"

#include <boost/json.hpp>

#include <map>

namespace fascia::sync {

namespace json = boost::json;

namespace {

std::optional<std::string> replica_value(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM sync_replica WHERE key = ?", key);
    if (!q.step())
        return std::nullopt;
    return q.text(0);
}

void set_replica_value(Database& db, std::string_view key, const std::string& value)
{
    db.query("INSERT INTO sync_replica(key, value) VALUES (?, ?)"
             " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
             key, value)
        .run();
}

/// What the authority said, when it said no to the whole message.
Error refusal_of(const json::object& reply)
{
    const auto code = reply.if_contains("code") ? json::value_to<std::string>(reply.at("code")) : "";
    const auto message = reply.if_contains("message") ? json::value_to<std::string>(reply.at("message")) : "";
    if (code == "retry") {
        // Transient: nothing was applied there and the outbox keeps every command for the next round.
        Error e = io_error("the sync server is busy: " + message);
        e.reason = "retry";
        return e;
    }
    const std::string text = "the sync server refused: " + message;
    Error e = code == "unauthenticated" || code == "revoked" ? forbidden(text) : io_error(text);
    e.reason = code;
    return e;
}

struct Change {
    std::int64_t seq = 0;
    std::string key;
    std::string changeset;
};

} // namespace

Replica::Replica(Clinic& clinic) : clinic_(clinic) {}

Result<void> Replica::save_enrollment(const std::string& server, const std::string& device,
                                      const std::string& token, const std::string& ca_pem)
{
    try {
        auto& db = clinic_.db();
        if (replica_value(db, "device"))
            return refused("this desk is already enrolled (device " + *replica_value(db, "device")
                           + "); use a new database to enroll again");
        auto commands = db.query("SELECT count(*) FROM command_log");
        commands.step();
        if (clinic_.has_staff() || commands.integer(0) > 0)
            return refused("only a new, empty database can be enrolled: its clinic data comes from the "
                           "sync server. Give `fascia --db NEW.db sync enroll ...` a new file");
        Transaction tx(db);
        set_replica_value(db, "server", server);
        set_replica_value(db, "device", device);
        set_replica_value(db, "token", token);
        set_replica_value(db, "ca_pem", ca_pem);
        set_replica_value(db, "cursor", "0");
        tx.commit();
        return {};
    } catch (const Failure& f) {
        return f.error();
    }
}

std::string Replica::token()
{
    return replica_value(clinic_.db(), "token").value_or("");
}

std::string Replica::ca_pem()
{
    return replica_value(clinic_.db(), "ca_pem").value_or("");
}

Result<RoundReport> Replica::run_round(const Transport& transport)
{
    auto& db = clinic_.db();
    RoundReport report;
    try {
        if (!replica_value(db, "device"))
            return invalid("this desk is not enrolled with a sync server: "
                           "fascia sync enroll --server HOST:PORT --code CODE");
        std::int64_t cursor = std::stoll(replica_value(db, "cursor").value_or("0"));

        // 1. Push what the authority has not answered yet, oldest first.
        for (;;) {
            json::array batch;
            {
                auto q = db.query("SELECT type, payload, actor, idempotency_key, hlc, signature FROM outbox"
                                  " WHERE state = 'pending' ORDER BY sequence LIMIT 200");
                while (q.step()) {
                    json::object command{{"type", q.text(0)},
                                         {"payload", json::parse(q.text(1))},
                                         {"actor", q.text(2)},
                                         {"key", q.text(3)},
                                         {"hlc", q.text(4)}};
                    if (!q.is_null(5))
                        command["signature"] = q.text(5);
                    batch.push_back(std::move(command));
                }
            }
            if (batch.empty())
                break;
            const auto sent = batch.size();
            auto reply = transport(json::object{{"type", "push"}, {"commands", std::move(batch)}});
            if (!reply)
                return reply.error();
            if (reply->at("type") != "pushed")
                return refusal_of(*reply);
            // Each answer is a fact from the authority: record it at once.
            for (const auto& r : reply->at("results").as_array()) {
                const auto& result = r.as_object();
                const auto key = json::value_to<std::string>(result.at("key"));
                if (result.at("status") == "accepted") {
                    db.query("UPDATE outbox SET state = 'accepted', server_sequence = ? WHERE idempotency_key = ?",
                             result.at("seq").to_number<std::int64_t>(), key)
                        .run();
                    ++report.accepted;
                } else {
                    db.query("UPDATE outbox SET state = 'refused', refusal = ? WHERE idempotency_key = ?",
                             json::value_to<std::string>(result.at("reason")), key)
                        .run();
                    ++report.refused;
                }
            }
            report.pushed += static_cast<int>(sent);
            if (reply->at("results").as_array().size() < sent)
                return io_error("the sync server answered only part of a push");
        }

        // 2. Pull everything after the cursor.
        std::vector<Change> changes;
        for (std::int64_t after = cursor;;) {
            auto reply = transport(json::object{{"type", "pull"}, {"after", after}, {"limit", 500}});
            if (!reply)
                return reply.error();
            if (reply->at("type") != "changes")
                return refusal_of(*reply);
            for (const auto& c : reply->at("changes").as_array()) {
                const auto& change = c.as_object();
                if (const auto* big = change.if_contains("too_large"); big && big->is_bool() && big->as_bool()) {
                    // Too large for any frame: skipped, so this desk is not stuck behind it.
                    after = change.at("seq").to_number<std::int64_t>();
                    cursor = std::max(cursor, after);
                    ++report.skipped;
                    continue;
                }
                auto bytes = from_base64(json::value_to<std::string>(change.at("changeset")));
                if (!bytes)
                    return io_error("the sync server sent a damaged change");
                after = change.at("seq").to_number<std::int64_t>();
                changes.push_back({after, json::value_to<std::string>(change.at("key")), std::move(*bytes)});
            }
            if (!reply->at("more").as_bool())
                break;
        }

        // 3. Rebase, all or nothing: undo our tentative rows, apply the authority's, re-run ours.
        Transaction tx(db);
        {
            std::vector<std::pair<std::int64_t, std::string>> applied;
            {
                auto q = db.query("SELECT sequence, changeset FROM outbox WHERE local_effect = 1"
                                  " ORDER BY sequence DESC");
                while (q.step())
                    applied.emplace_back(q.integer(0), q.blob(1));
            }
            for (const auto& [sequence, changeset] : applied) {
                apply_changeset(db, changeset, true);
                db.query("UPDATE outbox SET local_effect = 0 WHERE sequence = ?", sequence).run();
            }
        }
        for (const auto& change : changes) {
            apply_changeset(db, change.changeset, false);
            // Ours, accepted, though its answer never reached us (a dropped connection).
            db.query("UPDATE outbox SET state = 'accepted', server_sequence = ?"
                     " WHERE idempotency_key = ? AND state = 'pending'",
                     change.seq, change.key)
                .run();
            cursor = change.seq;
            ++report.pulled;
        }
        std::vector<std::pair<std::int64_t, Command>> rerun;
        {
            auto q = db.query("SELECT sequence, type, payload, actor, idempotency_key, hlc FROM outbox"
                              " WHERE local_effect = 0 AND (state = 'pending'"
                              " OR (state = 'accepted' AND server_sequence > ?)) ORDER BY sequence",
                              cursor);
            while (q.step())
                rerun.push_back({q.integer(0), Command{q.text(1), json::parse(q.text(2)).as_object(), q.text(3),
                                                       q.text(4), q.text(5)}});
        }
        for (const auto& [sequence, command] : rerun) {
            // A command that no longer applies here waits for the authority's verdict.
            if (auto changeset = clinic_.bus().reapply(command))
                db.query("UPDATE outbox SET changeset = ?, local_effect = 1 WHERE sequence = ?",
                         Blob{*changeset}, sequence)
                    .run();
        }
        set_replica_value(db, "cursor", std::to_string(cursor));
        tx.commit();
        report.cursor = cursor;
        return report;
    } catch (const Failure& f) {
        return f.error();
    } catch (const std::exception& e) {
        return io_error(std::string("sync failed: ") + e.what());
    }
}

ReplicaStatus Replica::status()
{
    auto& db = clinic_.db();
    ReplicaStatus s;
    s.device = replica_value(db, "device").value_or("");
    s.enrolled = !s.device.empty();
    s.server = replica_value(db, "server").value_or("");
    s.cursor = std::stoll(replica_value(db, "cursor").value_or("0"));
    {
        auto q = db.query("SELECT count(*) FROM outbox WHERE state = 'pending'");
        q.step();
        s.pending = s.enrolled ? q.integer(0) : 0;
    }
    auto q = db.query("SELECT sequence, type, actor, refusal, hlc, payload FROM outbox"
                      " WHERE state = 'refused' AND dismissed_at IS NULL ORDER BY sequence");
    while (q.step()) {
        boost::system::error_code ec;
        auto payload = boost::json::parse(q.text(5), ec);
        s.refused.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4),
                             !ec && payload.is_object() ? payload.as_object() : boost::json::object{}});
    }
    return s;
}

Result<void> Replica::dismiss(std::int64_t outbox_sequence)
{
    auto& db = clinic_.db();
    db.query("UPDATE outbox SET dismissed_at = ? WHERE sequence = ? AND state = 'refused' AND dismissed_at IS NULL",
             format_instant(clinic_.clock().now()), outbox_sequence)
        .run();
    if (db.changes() == 0)
        return not_found("there is no refused command " + std::to_string(outbox_sequence)
                         + " to dismiss: `fascia sync status` lists them");
    return {};
}

} // namespace fascia::sync
