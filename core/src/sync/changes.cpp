#include "changes.h"

#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace fascia::sync {

/// Which tables sync records, remembered per connection while its schema stays
/// the same. The session asks about every table a command first touches (the
/// FTS index's shadow tables too), and reading sqlite_schema for each one was
/// 15% of the sync server's CPU per command (docs/PERFORMANCE.md, section 6).
struct SyncedTables {
    std::int64_t schema_version = -1;
    std::unordered_map<std::string, bool> synced;
};

/// What the session's table filter needs (ChangeCapture keeps it).
struct FilterContext {
    Database* db;
    SyncedTables* memo;
};

namespace {

constexpr std::array<std::string_view, 8> bookkeeping{
    "command_log", "outbox",       "audit_log",       "schema_migrations",
    "node_identity", "sync_replica", "sync_devices", "sync_enroll_codes"};

std::mutex memos_mutex;
/// One per open connection; SQLite deletes it when the connection closes (forget_memo).
std::unordered_map<sqlite3*, SyncedTables*> memos;

void forget_memo(void* handle)
{
    const std::lock_guard lock(memos_mutex);
    if (const auto it = memos.find(static_cast<sqlite3*>(handle)); it != memos.end()) {
        delete it->second;
        memos.erase(it);
    }
}

void no_op(sqlite3_context*, int, sqlite3_value**) {}

/// db's memo, emptied when its schema changed since (a migration, a module's tables).
SyncedTables& memo_for(Database& db)
{
    SyncedTables* memo = nullptr;
    bool fresh = false;
    {
        const std::lock_guard lock(memos_mutex);
        auto& slot = memos[db.handle()];
        fresh = !slot;
        if (fresh)
            slot = new SyncedTables;
        memo = slot;
    }
    // A function whose destructor runs when the connection closes: the memo goes with
    // it, so a later connection at the same address never inherits it. Should SQLite
    // refuse the function, it has already run that destructor: remember nothing then.
    if (fresh && sqlite3_create_function_v2(db.handle(), "fascia_synced_tables_memo", 0, SQLITE_UTF8, db.handle(),
                                            no_op, nullptr, nullptr, forget_memo)
                     != SQLITE_OK) {
        thread_local SyncedTables unremembered;
        unremembered = {};
        return unremembered;
    }
    auto q = db.query("PRAGMA schema_version");
    const std::int64_t version = q.step() ? q.integer(0) : -1;
    if (version != memo->schema_version) {
        memo->synced.clear();
        memo->schema_version = version;
    }
    return *memo;
}

bool is_bookkeeping(std::string_view table)
{
    if (table.rfind("sqlite_", 0) == 0)
        return true;
    for (auto name : bookkeeping)
        if (table == name)
            return true;
    return false;
}

/// Reads sqlite_schema: whether table is an FTS5 index or one of its shadow tables
/// (clients_search, clients_search_data, ...): triggers rebuild those from the tables they index.
bool is_index_table(Database& db, std::string_view table)
{
    auto q = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
                      " AND (?1 = name OR substr(?1, 1, length(name) + 1) = name || '_')",
                      table);
    return q.step();
}

bool synced_by_memo(Database& db, SyncedTables& memo, std::string_view table)
{
    if (is_bookkeeping(table))
        return false;
    std::string name(table);
    if (const auto it = memo.synced.find(name); it != memo.synced.end())
        return it->second;
    const bool synced = !is_index_table(db, table);
    memo.synced.emplace(std::move(name), synced);
    return synced;
}

int filter(void* context, const char* table)
{
    auto* c = static_cast<FilterContext*>(context);
    return synced_by_memo(*c->db, *c->memo, table) ? 1 : 0;
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
    return !is_bookkeeping(table) && synced_by_memo(db, memo_for(db), table);
}

ChangeCapture::ChangeCapture(Database& db)
    : db_(db), filter_(std::make_unique<FilterContext>(FilterContext{&db, &memo_for(db)}))
{
    if (sqlite3session_create(db.handle(), "main", &session_) != SQLITE_OK)
        db.fail("starting to record changes");
    sqlite3session_table_filter(session_, filter, filter_.get());
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
