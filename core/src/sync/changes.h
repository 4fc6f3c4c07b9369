#pragma once
// Row changes as SQLite session changesets: captured around a command,
// inverted to undo it, applied to bring a desk up to the authority.
#include <fascia/database.h>

#include <memory>
#include <string>
#include <string_view>

struct sqlite3_session;

namespace fascia::sync {

struct FilterContext;

/// True for a table whose rows sync (not bookkeeping, not an FTS index). Remembered
/// per connection until its schema changes.
bool is_synced_table(Database& db, std::string_view table);

/// Records every change to synced tables from construction until changeset().
class ChangeCapture {
public:
    explicit ChangeCapture(Database& db);
    ~ChangeCapture();
    ChangeCapture(const ChangeCapture&) = delete;
    ChangeCapture& operator=(const ChangeCapture&) = delete;
    /// The changes so far (binary; empty when nothing changed).
    std::string changeset();

private:
    Database& db_;
    std::unique_ptr<FilterContext> filter_; ///< what the session's table filter asks
    sqlite3_session* session_ = nullptr;
};

/// Applies a changeset (or its inverse, to undo it) inside the caller's
/// transaction. The authority's version wins any conflict: a desk converges
/// to it. Append-only triggers let the undo through (fascia_sync_applying()).
void apply_changeset(Database& db, std::string_view changeset, bool invert);

} // namespace fascia::sync
