#pragma once
/// Schema migrations: core/NNNN_name.sql and each plugin's own, compiled in.
#include <fascia/clock.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>

#include <functional>
#include <string>
#include <vector>

namespace fascia {

/// One schema step of a component ("core" or a plugin id).
struct FASCIA_CORE_EXPORT Migration {
    std::string component; ///< "core" or the plugin id
    int number = 0;        ///< NNNN from the file name; applied in ascending order
    std::string name;      ///< the rest of the file name
    std::string sql;       ///< the file's text; its SHA-256 is the recorded checksum
    /// Run after sql in the same transaction, for what SQL alone cannot compute
    /// (reading stored phone numbers with libphonenumber); not part of the checksum.
    std::function<void(Database&)> then = {};

    /// "core/0001_clinic"
    std::string id() const;
};

/// The core's own migrations (schema/core), generated at build time.
FASCIA_CORE_EXPORT std::vector<Migration> core_migrations();

/// Brings db up to date with `migrations` (core first, then plugins in load order).
/// Each migration runs in its own transaction and is recorded with its checksum.
/// Refuses, without writing anything, a database from a newer version of a
/// component, a changed already-applied migration, or a file that is not a
/// Fascia database. Returns the ids of the migrations it applied.
FASCIA_CORE_EXPORT Result<std::vector<std::string>>
migrate(Database& db, const std::vector<Migration>& migrations, const Clock& clock);

} // namespace fascia
