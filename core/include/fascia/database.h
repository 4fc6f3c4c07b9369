#pragma once
/// The SQLite connection: WAL, foreign keys, busy timeout, cached statements,
/// RAII transactions. SQL failures inside the core throw fascia::Failure and
/// are turned back into values at the command bus and the front ends.
#include <fascia/error.h>
#include <fascia/export.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace fascia {

class Database;

/// Bytes to bind as a BLOB (a changeset), not as text.
struct Blob {
    std::string_view bytes;
};

/// One prepared statement in use; resets and clears its bindings when it goes.
class FASCIA_CORE_EXPORT Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    ~Statement();

    /// Binds parameter `index` (1-based).
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::nullptr_t);
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind(int index, Blob value);

    /// Advances to the next row; false when there are no more.
    bool step();
    /// Runs to completion (INSERT, UPDATE, DELETE).
    void run();

    std::string text(int column) const;
    /// A BLOB column's bytes (empty for NULL).
    std::string blob(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::int64_t integer(int column) const;
    std::optional<std::int64_t> optional_integer(int column) const;
    bool is_null(int column) const;

private:
    friend class Database;
    Statement(Database& db, sqlite3_stmt* stmt, bool owned);
    Database* db_;
    sqlite3_stmt* stmt_;
    bool owned_;
};

/// How to open a database file.
enum class OpenMode {
    existing,          ///< the file must exist (every command but `init` and `demo`)
    create_if_missing, ///< make a new clinic database when there is none
    read_only,         ///< never write (inspection, verification)
};

class FASCIA_CORE_EXPORT Database {
public:
    /// Opens a clinic database. A file that is not SQLite, or looks truncated, is
    /// refused with ErrorKind::io before SQLite touches it, so it is never modified.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path& path, OpenMode mode);
    /// A private in-memory database (tests, `intake evaluate`-style dry runs).
    static std::unique_ptr<Database> open_in_memory();
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements with no parameters.
    void exec(std::string_view sql);
    /// A cached prepared statement with parameters bound in order.
    template <class... Args>
    Statement query(std::string_view sql, Args&&... args)
    {
        Statement s = prepare(sql);
        int i = 0;
        (s.bind(++i, std::forward<Args>(args)), ...);
        return s;
    }
    /// A cached prepared statement, unbound.
    Statement prepare(std::string_view sql);
    /// Switches to WAL with the usual pragmas; called once the file is known to be ours.
    void configure_for_writing();
    /// "FULL" makes every commit durable on power loss (benchmarks compare with it).
    void set_synchronous(std::string_view level);
    /// How long a write waits for another connection's lock before failing with a
    /// busy error (ErrorKind::io); 5 s unless set.
    void set_busy_timeout(std::chrono::milliseconds timeout);

    std::int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const;
    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    /// While true, fascia_sync_applying() returns 1 in SQL: append-only triggers let a
    /// desk undo its own tentative rows during a sync rebase (and nothing else).
    void set_sync_applying(bool applying) { sync_applying_ = applying; }
    bool sync_applying() const { return sync_applying_; }

    /// Turns the connection's last error into a Failure (kind from the SQLite code).
    [[noreturn]] void fail(std::string_view context) const;

private:
    friend class Statement; // returns its prepared statement to cache_
    Database(sqlite3* db, std::filesystem::path path);
    sqlite3* db_;
    std::filesystem::path path_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
    bool sync_applying_ = false;
};

/// A write transaction (BEGIN IMMEDIATE, so writers queue at the start, not the
/// commit); rolled back unless commit() is called.
class FASCIA_CORE_EXPORT Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool open_ = true;
};

} // namespace fascia
