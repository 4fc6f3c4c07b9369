#include "changes.h"

#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>

#include <array>

namespace fascia::sync {

namespace {

constexpr std::array<std::string_view, 8> bookkeeping{
    "command_log", "outbox",       "audit_log",       "schema_migrations",
    "node_identity", "sync_replica", "sync_devices", "sync_enroll_codes"};

int filter(void* context, const char* table)
{
    return is_synced_table(*static_cast<Database*>(context), table) ? 1 : 0;
}

int server_wins(void*, int conflict, sqlite3_changeset_iter*)
{
    switch (conflict) {
    case SQLITE_CHANGESET_DATA:
    case SQLITE_CHANGESET_CONFLICT: return SQLITE_CHANGESET_REPLACE;
    default: return SQLITE_CHANGESET_OMIT; // already gone, or a constraint the next change settles
    }
}

/// Sets the connection's "sync is applying changes" flag for a scope.
class Applying {
public:
    explicit Applying(Database& db) : db_(db) { db_.set_sync_applying(true); }
    ~Applying() { db_.set_sync_applying(false); }

private:
    Database& db_;
};

} // namespace

bool is_synced_table(Database& db, std::string_view table)
{
    if (table.rfind("sqlite_", 0) == 0)
        return false;
    for (auto name : bookkeeping)
        if (table == name)
            return false;
    // An FTS5 index and its shadow tables (clients_search, clients_search_data, ...)
    // are rebuilt by triggers on the tables they index.
    auto q = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
                      " AND (?1 = name OR substr(?1, 1, length(name) + 1) = name || '_')",
                      table);
    return !q.step();
}

ChangeCapture::ChangeCapture(Database& db) : db_(db)
{
    if (sqlite3session_create(db.handle(), "main", &session_) != SQLITE_OK)
        db.fail("starting to record changes");
    sqlite3session_table_filter(session_, filter, &db_);
    if (sqlite3session_attach(session_, nullptr) != SQLITE_OK)
        db.fail("starting to record changes");
}

ChangeCapture::~ChangeCapture()
{
    sqlite3session_delete(session_);
}

std::string ChangeCapture::changeset()
{
    int size = 0;
    void* data = nullptr;
    if (sqlite3session_changeset(session_, &size, &data) != SQLITE_OK)
        db_.fail("reading the recorded changes");
    std::string out(static_cast<const char*>(data), static_cast<std::size_t>(size));
    sqlite3_free(data);
    return out;
}

void apply_changeset(Database& db, std::string_view changeset, bool invert)
{
    if (changeset.empty())
        return;
    Applying applying(db);
    const int flags = SQLITE_CHANGESETAPPLY_NOSAVEPOINT | (invert ? SQLITE_CHANGESETAPPLY_INVERT : 0);
    const int rc = sqlite3changeset_apply_v2(db.handle(), static_cast<int>(changeset.size()),
                                             const_cast<char*>(changeset.data()), nullptr, server_wins,
                                             nullptr, nullptr, nullptr, flags);
    if (rc != SQLITE_OK)
        db.fail(invert ? "undoing a desk's tentative changes" : "applying the authority's changes");
}

} // namespace fascia::sync
