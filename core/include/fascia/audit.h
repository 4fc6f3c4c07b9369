#pragma once
/// The audit log: append-only, one entry per command, chained by SHA-256 so an
/// edit behind the application's back is found. Entries say who, which command,
/// which record and when, never the health data itself.
#include <fascia/database.h>
#include <fascia/export.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fascia {

struct AuditEntry {
    std::int64_t sequence = 0;
    std::string at;              ///< UTC instant
    std::string actor;           ///< username
    std::string command;         ///< "clients.create"
    std::string record_type;     ///< "client"
    std::string record_id;
    std::string idempotency_key;
    std::string hlc;
    std::string previous_hash;   ///< the hash of the entry before (64 zeros for the first)
    std::string hash;            ///< SHA-256 over previous_hash and this entry's fields
};

/// Appends an entry, filling in sequence and both hashes. Call inside the command's transaction.
FASCIA_CORE_EXPORT AuditEntry append_audit_entry(Database& db, AuditEntry entry);
/// The newest entries first.
FASCIA_CORE_EXPORT std::vector<AuditEntry> recent_audit_entries(Database& db, int limit);

struct AuditVerification {
    std::int64_t entries_checked = 0;
    std::optional<std::int64_t> first_broken; ///< sequence of the first entry that does not match
    std::string reason;                       ///< what did not match there
    bool ok() const { return !first_broken; }
};

/// Recomputes the chain from the first entry.
FASCIA_CORE_EXPORT AuditVerification verify_audit_log(Database& db);

} // namespace fascia
