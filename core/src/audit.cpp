#include <fascia/audit.h>

#include <fascia/crypto.h>
#include <fascia/row.h>

#include <boost/json.hpp>

namespace fascia {

namespace {

const std::string genesis_hash(64, '0');

/// The hash covers the previous hash and every field, serialized as a JSON
/// array so no choice of field contents can make two entries hash alike.
std::string entry_hash(const AuditEntry& e)
{
    boost::json::array fields{e.previous_hash, e.sequence,  e.at,  e.actor, e.command,
                              e.record_type,   e.record_id, e.idempotency_key, e.hlc};
    return sha256_hex(boost::json::serialize(fields));
}

AuditEntry read_entry(const Statement& q)
{
    AuditEntry e;
    read_columns(q, 0, e.sequence, e.at, e.actor, e.command, e.record_type, e.record_id, e.idempotency_key, e.hlc,
                 e.previous_hash, e.hash);
    return e;
}

constexpr const char* select_entries =
    "SELECT sequence, at, actor, command, record_type, record_id, idempotency_key, hlc,"
    " previous_hash, hash FROM audit_log ";

} // namespace

AuditEntry append_audit_entry(Database& db, AuditEntry entry)
{
    entry.previous_hash = genesis_hash;
    entry.sequence = 1;
    {
        auto last = db.query("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
        if (last.step()) {
            entry.sequence = last.integer(0) + 1;
            entry.previous_hash = last.text(1);
        }
    }
    entry.hash = entry_hash(entry);
    db.query("INSERT INTO audit_log(sequence, at, actor, command, record_type, record_id,"
             " idempotency_key, hlc, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             entry.sequence, entry.at, entry.actor, entry.command, entry.record_type,
             entry.record_id, entry.idempotency_key, entry.hlc, entry.previous_hash, entry.hash)
        .run();
    return entry;
}

std::vector<AuditEntry> recent_audit_entries(Database& db, int limit)
{
    std::vector<AuditEntry> out;
    auto q = db.query(std::string(select_entries) + "ORDER BY sequence DESC LIMIT ?", limit);
    while (q.step())
        out.push_back(read_entry(q));
    return out;
}

AuditVerification verify_audit_log(Database& db)
{
    AuditVerification v;
    std::string expected_previous = genesis_hash;
    std::int64_t expected_sequence = 1;
    auto q = db.query(std::string(select_entries) + "ORDER BY sequence");
    while (q.step()) {
        const AuditEntry e = read_entry(q);
        ++v.entries_checked;
        if (e.sequence != expected_sequence) {
            v.first_broken = expected_sequence;
            v.reason = "entry " + std::to_string(expected_sequence)
                       + " is missing (the next entry is " + std::to_string(e.sequence) + ")";
            return v;
        }
        if (e.previous_hash != expected_previous) {
            v.first_broken = e.sequence;
            v.reason = "entry " + std::to_string(e.sequence)
                       + " does not follow on from the entry before it (previous hash differs)";
            return v;
        }
        if (entry_hash(e) != e.hash) {
            v.first_broken = e.sequence;
            v.reason = "entry " + std::to_string(e.sequence)
                       + " was changed after it was written (its contents do not match its hash)";
            return v;
        }
        expected_previous = e.hash;
        ++expected_sequence;
    }
    // Every command writes exactly one entry, so a shorter log lost its tail.
    auto commands = db.query("SELECT count(*) FROM command_log");
    commands.step();
    if (commands.integer(0) > v.entries_checked) {
        v.first_broken = expected_sequence;
        v.reason = "entry " + std::to_string(expected_sequence) + " is missing: "
                   + std::to_string(commands.integer(0)) + " commands were run but the log holds "
                   + std::to_string(v.entries_checked) + " entries";
    }
    return v;
}

} // namespace fascia
