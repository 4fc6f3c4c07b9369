#pragma once
/// Backups of a clinic database: an online, consistent copy taken with
/// SQLite's backup API while desks keep writing, written encrypted with a
/// passphrase (libsodium secretstream, key by Argon2id) or plain; and a
/// restore that checks the copy (PRAGMA integrity_check, the audit chain)
/// before anything is written. Backup files are created 0600, folders 0700.
///
/// The encrypted file: "FASCBK01", Argon2id opslimit and memlimit (u64 LE),
/// salt (16 bytes), a 16-byte key check (BLAKE2b of the key), the
/// secretstream header (24 bytes), then 64 KiB chunks, the last tagged FINAL,
/// so a truncated file is told from a wrong passphrase.
#include <fascia/error.h>
#include <fascia/export.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace fascia {

/// What a backup or restore wrote.
struct BackupSummary {
    std::filesystem::path file;       ///< the file written (the backup, or the restored database)
    std::uint64_t file_bytes = 0;     ///< its size on disk
    std::uint64_t database_bytes = 0; ///< size of the database image inside
    bool encrypted = false;           ///< whether the backup needs a passphrase
    std::int64_t audit_entries = 0;   ///< audit entries in the copy (every command it holds has one)
};

/// Shortest passphrase `fascia backup` accepts (the same floor as a user's password).
inline constexpr std::size_t backup_passphrase_min = 8;

/// Copies the database at `database` into a new file `to` in one read
/// transaction, so writers carry on (WAL) and the copy is one consistent
/// moment. With a passphrase the file is encrypted; without, plain SQLite.
/// Errors: invalid_input (short passphrase), conflict (`to` exists: never
/// overwritten), io (the database cannot be read, the file cannot be written).
FASCIA_CORE_EXPORT Result<BackupSummary> write_backup(const std::filesystem::path& database,
                                                      const std::filesystem::path& to,
                                                      const std::optional<std::string>& passphrase);

/// Whether `file` is an encrypted backup (so a restore needs the passphrase).
/// Errors: io (unreadable), invalid_input (neither a Fascia backup nor SQLite).
FASCIA_CORE_EXPORT Result<bool> backup_is_encrypted(const std::filesystem::path& file);

/// Decrypts (when encrypted) and checks a backup — the whole file is read,
/// then PRAGMA integrity_check and the audit log's hash chain — and only then
/// writes it to the new file `to`. Errors: invalid_input (wrong or missing
/// passphrase, not a backup), io (truncated or damaged: exit 3), conflict (`to`
/// exists: a live database is never overwritten), refused (the copy fails its checks).
FASCIA_CORE_EXPORT Result<BackupSummary> restore_backup(const std::filesystem::path& file,
                                                        const std::filesystem::path& to,
                                                        const std::optional<std::string>& passphrase);

/// The nightly backup: writes `folder`/clinic-<stamp>.fbk (stamp: UTC, e.g.
/// 20261122T020000Z) and then deletes the oldest such files beyond `keep`.
FASCIA_CORE_EXPORT Result<BackupSummary> write_rotated_backup(const std::filesystem::path& database,
                                                              const std::filesystem::path& folder,
                                                              const std::string& stamp, int keep,
                                                              const std::optional<std::string>& passphrase);

} // namespace fascia
