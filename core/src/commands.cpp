#include <fascia/commands.h>

#include <fascia/audit.h>
#include <fascia/crypto.h>
#include <fascia/ids.h>

#include "sync/changes.h"

#include <boost/json.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace fascia {

namespace json = boost::json;

namespace {

bool ends_with(std::string_view text, std::string_view end)
{
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

std::size_t code_points(std::string_view text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// The first control character `text` may not hold, or nullopt: C0
/// (below U+0020), DEL and C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F), which a terminal,
/// a log or a printed page would act on (ESC [31m recolours, BEL rings). Free text keeps
/// tab and line breaks (LF, or CR LF as pasted from Windows); one-line fields keep none.
std::optional<unsigned> forbidden_control(std::string_view text, bool one_line)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80
            && static_cast<unsigned char>(text[i + 1]) <= 0x9F)
            return static_cast<unsigned char>(text[i + 1]);
        if (b >= 0x20 && b != 0x7F)
            continue;
        const bool line_break = b == '\n' || (b == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
        if (one_line || !(b == '\t' || line_break))
            return b;
    }
    return std::nullopt;
}

/// "U+001B (escape)": how a refused control character is named in an error.
std::string control_name(unsigned c)
{
    char hex[8];
    std::snprintf(hex, sizeof hex, "U+%04X", c);
    std::string name = hex;
    if (c == 0x1B)
        name += " (escape)";
    else if (c == 0x07)
        name += " (bell)";
    else if (c == '\n' || c == '\r')
        name += " (a line break)";
    else if (c == '\t')
        name += " (tab)";
    return name;
}

/// Every string in a payload (nested objects and lists too) within max_text_length of its
/// field and free of the control characters it may not hold (is_one_line_field).
Result<void> check_text_lengths(const json::value& value, const std::string& field)
{
    if (value.is_string()) {
        const std::string_view name = std::string_view(field).substr(field.rfind('.') + 1);
        const auto limit = max_text_length(name);
        if (code_points(value.get_string()) > limit)
            return invalid(field + ": at most " + std::to_string(limit) + " characters (this has "
                               + std::to_string(code_points(value.get_string())) + "); shorten it",
                           field);
        if (const auto c = forbidden_control(value.get_string(), is_one_line_field(name)))
            return invalid(field + ": cannot hold the control character " + control_name(*c)
                               + (is_one_line_field(name) ? "; type it on one line, as plain text"
                                                          : "; only tabs and line breaks are kept in text"),
                           field);
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.get_object())
            if (auto ok = check_text_lengths(item, field.empty() ? std::string(key) : field + "." + std::string(key)); !ok)
                return ok;
    } else if (value.is_array()) {
        for (const auto& item : value.get_array())
            if (auto ok = check_text_lengths(item, field); !ok)
                return ok;
    }
    return {};
}

} // namespace

bool is_one_line_field(std::string_view field)
{
    return field == "name" || field == "username" || ends_with(field, "_name") || field == "phone"
           || field == "mobile" || ends_with(field, "_phone") || field == "email" || field == "reason"
           || ends_with(field, "_reason");
}

std::size_t max_text_length(std::string_view field)
{
    if (field == "email")
        return 254;
    if (field == "name" || field == "username" || ends_with(field, "_name") || field == "phone" || field == "mobile"
        || ends_with(field, "_phone"))
        return 100;
    if (field == "address" || ends_with(field, "_address"))
        return 500;
    return 20'000;
}

CommandContext::CommandContext(Database& db_, const Actor& actor_, const Command& command_,
                               const Clock& clock_)
    : db(db_), actor(actor_), command(command_), clock(clock_),
      stamped_(stamp_instant(command_.hlc).value_or(clock_.now()))
{
    now_ = command_.judged_at.value_or(stamped_);
}

std::string CommandContext::new_id()
{
    return uuid_v7_from(stamped_, command.idempotency_key + "#" + std::to_string(++ids_made_));
}

void CommandContext::touch(std::string record_type, std::string record_id)
{
    record_type_ = std::move(record_type);
    record_id_ = std::move(record_id);
}

Result<void> CommandRegistry::add(CommandDefinition definition)
{
    if (definition.type.empty() || !definition.handler)
        return invalid("a command needs a type and a handler");
    if (const auto* existing = find(definition.type))
        return conflict("command " + definition.type + " is already provided by "
                        + existing->contributed_by);
    std::string key = definition.type;
    definitions_.emplace(std::move(key), std::move(definition));
    return {};
}

const CommandDefinition* CommandRegistry::find(std::string_view type) const
{
    const auto it = definitions_.find(type);
    return it == definitions_.end() ? nullptr : &it->second;
}

std::vector<const CommandDefinition*> CommandRegistry::all() const
{
    std::vector<const CommandDefinition*> out;
    for (const auto& [type, def] : definitions_)
        out.push_back(&def);
    return out;
}

CommandBus::CommandBus(Database& db, const CommandRegistry& registry, const Clock& clock,
                       std::string node_id)
    : db_(db), registry_(registry), clock_(clock), hlc_(clock, std::move(node_id))
{
    // Never stamp below what this database has already seen, even if the wall clock went back.
    auto q = db_.query("SELECT max(hlc) FROM command_log");
    if (q.step() && !q.is_null(0))
        hlc_.observe(q.text(0));
}

Result<Actor> CommandBus::resolve_actor(std::string_view username) const
{
    auto q = db_.query("SELECT id, username, role, active FROM staff WHERE username = ?", username);
    if (!q.step())
        return not_found("there is no staff user '" + std::string(username)
                         + "': `fascia staff list` shows who there is");
    if (q.integer(3) == 0)
        return forbidden("staff user '" + std::string(username) + "' is deactivated");
    return Actor{q.text(0), q.text(1), parse_role(q.text(2)).value_or(Role::therapist)};
}

Result<CommandOutcome> CommandBus::execute(Command command)
{
    try {
        Transaction tx(db_);
        auto outcome = run_inside_transaction(command);
        if (outcome)
            tx.commit();
        return outcome; // an error leaves tx to roll everything back
    } catch (const Failure& f) {
        return f.error();
    } catch (const std::exception& e) {
        return internal_error(std::string("command ") + command.type + " failed: " + e.what());
    }
}

Result<CommandOutcome> CommandBus::execute_in_savepoint(Command command)
{
    if (!db_.in_transaction())
        return internal_error("execute_in_savepoint needs a transaction");
    try {
        db_.exec("SAVEPOINT command");
        auto outcome = run_inside_transaction(command);
        db_.exec(outcome ? "RELEASE command" : "ROLLBACK TO command; RELEASE command");
        return outcome;
    } catch (const Failure& f) {
        // Best effort: the caller rolls the whole transaction back on an I/O error anyway.
        sqlite3_exec(db_.handle(), "ROLLBACK TO command; RELEASE command", nullptr, nullptr, nullptr);
        return f.error();
    } catch (const std::exception& e) {
        sqlite3_exec(db_.handle(), "ROLLBACK TO command; RELEASE command", nullptr, nullptr, nullptr);
        return internal_error(std::string("command ") + command.type + " failed: " + e.what());
    }
}

Result<std::vector<CommandOutcome>> CommandBus::execute_all(std::vector<Command> commands)
{
    try {
        Transaction tx(db_);
        std::vector<CommandOutcome> outcomes;
        outcomes.reserve(commands.size());
        for (std::size_t i = 0; i < commands.size(); ++i) {
            auto outcome = run_inside_transaction(commands[i]);
            if (!outcome) {
                Error e = outcome.error();
                e.message = "command " + std::to_string(i + 1) + " of " + std::to_string(commands.size())
                            + " (" + commands[i].type + "): " + e.message
                            + " Nothing was applied.";
                return e;
            }
            outcomes.push_back(std::move(*outcome));
        }
        tx.commit();
        return outcomes;
    } catch (const Failure& f) {
        return f.error();
    } catch (const std::exception& e) {
        return internal_error(std::string("a batch of commands failed: ") + e.what());
    }
}

Result<CommandOutcome> CommandBus::run_inside_transaction(Command& command)
{
    const CommandDefinition* def = registry_.find(command.type);
    if (!def)
        return invalid("unknown command '" + command.type
                           + "': `fascia plugins` lists the modules and the commands they provide",
                       "type");
    if (command.idempotency_key.empty())
        command.idempotency_key = new_uuid_v7(clock_);
    if (code_points(command.idempotency_key) > max_idempotency_key_length)
        return invalid("key: an idempotency key is at most " + std::to_string(max_idempotency_key_length)
                           + " characters (this has " + std::to_string(code_points(command.idempotency_key))
                           + "); leave it out and one is made, or send a shorter one",
                       "key");
    if (const auto c = forbidden_control(command.idempotency_key, true))
        return invalid("key: an idempotency key cannot hold the control character " + control_name(*c)
                           + "; use letters, digits and dashes",
                       "key");
    const std::string payload_text = json::serialize(command.payload);
    if (payload_text.size() > max_payload_bytes)
        return invalid("the command's input is " + std::to_string(payload_text.size()) + " bytes; at most "
                           + std::to_string(max_payload_bytes) + " are accepted",
                       "payload");
    if (auto bounded = check_text_lengths(command.payload, ""); !bounded)
        return bounded.error();
    const std::string payload_hash = sha256_hex(payload_text);

    {
        auto seen = db_.query("SELECT sequence, type, payload_hash, result, hlc FROM command_log"
                              " WHERE idempotency_key = ?",
                              command.idempotency_key);
        if (seen.step()) {
            if (seen.text(1) != command.type || seen.text(2) != payload_hash)
                return invalid("idempotency key '" + command.idempotency_key
                                   + "' was already used for a different command ("
                                   + seen.text(1) + "); send a new key for a new command",
                               "key");
            return CommandOutcome{seen.integer(0), json::parse(seen.text(3)), true,
                                  command.idempotency_key, seen.text(4)};
        }
    }

    Actor actor;
    auto resolved = resolve_actor(command.actor);
    if (resolved) {
        actor = *resolved;
    } else {
        // Setting up a new clinic: the very first owner is created by nobody.
        auto staff = db_.query("SELECT count(*) FROM staff");
        staff.step();
        const auto* role = command.payload.if_contains("role");
        const bool bootstrap = staff.integer(0) == 0 && command.type == "staff.create" && role
                               && role->is_string() && role->as_string() == "owner";
        if (!bootstrap)
            return resolved.error();
        actor = Actor{"", "(clinic set-up)", Role::owner};
    }
    if (std::find(def->roles.begin(), def->roles.end(), actor.role) == def->roles.end()) {
        std::string allowed;
        for (Role r : def->roles)
            allowed += (allowed.empty() ? "" : ", ") + std::string(to_string(r));
        return forbidden(actor.username + " (" + std::string(to_string(actor.role)) + ") may not run "
                         + command.type + ": only " + (allowed.empty() ? "nobody" : allowed)
                         + " may");
    }
    if (command.hlc.empty()) {
        // Another process may have written to this database since this clock last
        // looked: stamps follow the command log's order, so a desk's never go backwards.
        auto newest = db_.query("SELECT max(hlc) FROM command_log");
        if (newest.step() && !newest.is_null(0))
            hlc_.observe(newest.text(0));
        command.hlc = hlc_.stamp();
    }
    else
        hlc_.observe(command.hlc);

    std::string signature;
    if (signer_) {
        auto signed_by = signer_(command, payload_text);
        if (!signed_by)
            return signed_by.error();
        signature = std::move(*signed_by);
    }

    CommandContext context(db_, actor, command, clock_);
    std::string changeset;
    Result<json::value> result = run_handler(*def, actor, command, context, changeset);
    if (!result)
        return result.error();

    const std::string at = format_instant(context.now());
    db_.query("INSERT INTO command_log(idempotency_key, type, actor, hlc, payload_hash, result,"
              " executed_at, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              command.idempotency_key, command.type, actor.username, command.hlc, payload_hash,
              json::serialize(*result), at,
              command.device.empty() ? std::optional<std::string>() : std::optional<std::string>(command.device))
        .run();
    const std::int64_t sequence = db_.last_insert_rowid();
    db_.query("INSERT INTO outbox(sequence, type, payload, actor, idempotency_key, hlc, changeset, signature)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              sequence, command.type, payload_text, actor.username, command.idempotency_key,
              command.hlc, Blob{changeset},
              signature.empty() ? std::optional<std::string>() : std::optional<std::string>(signature))
        .run();
    AuditEntry entry;
    entry.at = at;
    entry.actor = actor.username;
    entry.command = command.type;
    entry.record_type = context.record_type();
    entry.record_id = context.record_id();
    entry.idempotency_key = command.idempotency_key;
    entry.hlc = command.hlc;
    append_audit_entry(db_, std::move(entry));
    return CommandOutcome{sequence, std::move(*result), false, command.idempotency_key, command.hlc};
}

Result<json::value> CommandBus::run_handler(const CommandDefinition& def, const Actor&,
                                            const Command& command, CommandContext& context,
                                            std::string& changeset)
{
    // The rows this command changes, for sync: a desk can undo them, the authority sends them.
    sync::ChangeCapture capture(db_);
    Result<json::value> result = internal_error("no result");
    try {
        result = def.handler(context);
    } catch (const Failure& f) {
        result = f.error();
    } catch (const std::exception& e) {
        result = internal_error(def.contributed_by + " failed while running " + command.type + ": "
                                + e.what());
    } catch (...) {
        result = internal_error(def.contributed_by + " failed while running " + command.type);
    }
    if (result) {
        changeset = capture.changeset();
        // Every accepted change must fit a pull answer with room to spare.
        if (changeset.size() > max_changeset_bytes)
            return invalid(command.type + " would change " + std::to_string(changeset.size())
                               + " bytes of rows at once; at most " + std::to_string(max_changeset_bytes)
                               + ": split it into smaller changes",
                           "payload");
    }
    return result;
}

Result<std::string> CommandBus::reapply(const Command& command)
{
    const CommandDefinition* def = registry_.find(command.type);
    if (!def)
        return invalid("unknown command '" + command.type + "'", "type");
    auto actor = resolve_actor(command.actor);
    if (!actor)
        return actor.error();
    if (std::find(def->roles.begin(), def->roles.end(), actor->role) == def->roles.end())
        return forbidden(actor->username + " may no longer run " + command.type);
    // A savepoint, so a handler that fails half-way leaves nothing of itself behind.
    db_.exec("SAVEPOINT reapply");
    CommandContext context(db_, *actor, command, clock_);
    std::string changeset;
    auto result = run_handler(*def, *actor, command, context, changeset);
    if (!result) {
        db_.exec("ROLLBACK TO reapply; RELEASE reapply");
        return result.error();
    }
    db_.exec("RELEASE reapply");
    return changeset;
}

} // namespace fascia
