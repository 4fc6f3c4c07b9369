#include <fascia/database.h>

#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK
#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fascia {

namespace {

ErrorKind kind_of(int code)
{
    switch (code & 0xFF) {
    case SQLITE_CONSTRAINT: return ErrorKind::conflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return ErrorKind::io;
    default: return ErrorKind::internal;
    }
}

std::uint32_t big_endian(const unsigned char* p, int bytes)
{
    std::uint32_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | p[i];
    return v;
}

/// Looks at the file before SQLite does, so a file that is not ours is never
/// opened for writing (SQLite would happily add a -wal beside a stranger). A file
/// that is no database at all is a person's mistake (a wrong --db: bad input,
/// exit 2); a database with a damaged or truncated header is damage (I/O, exit 3).
Result<void> check_file(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return io_error("cannot read " + path.string() + ": " + ec.message());
    if (size == 0)
        return {}; // an empty file is an empty SQLite database
    const std::string untouched = " It was not changed. Check the --db path (or FASCIA_DB).";
    std::array<unsigned char, 100> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(header.data()), header.size()))
        return invalid(path.string() + " is not a Fascia database (it is not an SQLite database: it is only "
                           + std::to_string(size) + " bytes long)." + untouched,
                       "db");
    static constexpr char magic[] = "SQLite format 3";
    if (!std::equal(std::begin(magic), std::end(magic), header.begin()))
        return invalid(path.string() + " is not a Fascia database (it is not an SQLite database: it does not start"
                                       " with the SQLite header)." + untouched,
                       "db");
    std::uint32_t page_size = big_endian(&header[16], 2);
    if (page_size == 1)
        page_size = 65536;
    if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
        return io_error(path.string() + " has a damaged SQLite header (page size "
                        + std::to_string(page_size) + ")." + untouched);
    const std::uint32_t pages = big_endian(&header[28], 4);
    const bool pages_valid = pages != 0 && big_endian(&header[24], 4) == big_endian(&header[92], 4);
    if (size % page_size != 0 || (pages_valid && std::uint64_t(pages) * page_size > size))
        return io_error(path.string() + " looks truncated: its header says "
                        + std::to_string(pages) + " pages of " + std::to_string(page_size)
                        + " bytes but the file holds " + std::to_string(size)
                        + " bytes. Restore it from a backup." + untouched);
    return {};
}

/// Clinic data is for this account only. SQLite gives a database's -wal, -shm and
/// -journal files the main file's mode (findCreateFileMode), so the main file
/// decides. An existing file others could read is narrowed to 0600.
void narrow_to_owner(const std::filesystem::path& path)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::string name = path.string() + suffix;
        struct stat st {};
        if (::stat(name.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid()
            && (st.st_mode & 077) != 0)
            ::chmod(name.c_str(), S_IRUSR | S_IWUSR);
    }
}

/// A new database file made 0600 (in a folder made 0700 when this makes the folder),
/// before SQLite opens it: the mode is right from the first byte, whatever the umask.
Result<void> create_private_file(const std::filesystem::path& path)
{
    std::error_code ec;
    if (path.has_parent_path() && !std::filesystem::exists(path.parent_path(), ec)) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return io_error("cannot create the folder " + path.parent_path().string() + ": " + ec.message());
        std::filesystem::permissions(path.parent_path(), std::filesystem::perms::owner_all, ec);
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0 && errno != EEXIST)
        return io_error("cannot create " + path.string() + ": " + std::strerror(errno));
    if (fd >= 0)
        ::close(fd);
    return {};
}

} // namespace

// ---------------------------------------------------------------- Statement

Statement::Statement(Database& db, sqlite3_stmt* stmt, bool owned) : db_(&db), stmt_(stmt), owned_(owned) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), owned_(other.owned_)
{
    other.stmt_ = nullptr;
}

Statement::~Statement()
{
    if (!stmt_)
        return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (owned_) {
        sqlite3_finalize(stmt_);
        return;
    }
    // Back into the cache; a nested use of the same SQL made a second copy.
    auto [it, inserted] = db_->cache_.try_emplace(sqlite3_sql(stmt_), stmt_);
    if (!inserted)
        sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view value)
{
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT)
        != SQLITE_OK)
        db_->fail("binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK)
        db_->fail("binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, std::nullptr_t)
{
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK)
        db_->fail("binding a parameter");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value)
{
    return value ? bind(index, std::string_view(*value)) : bind(index, nullptr);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value)
{
    return value ? bind(index, *value) : bind(index, nullptr);
}

Statement& Statement::bind(int index, Blob value)
{
    if (sqlite3_bind_blob(stmt_, index, value.bytes.data(), static_cast<int>(value.bytes.size()),
                          SQLITE_TRANSIENT)
        != SQLITE_OK)
        db_->fail("binding a parameter");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    db_->fail("running a query");
}

void Statement::run()
{
    while (step()) {
    }
}

std::string Statement::text(int column) const
{
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column))
             : std::string();
}

std::string Statement::blob(int column) const
{
    const auto* p = sqlite3_column_blob(stmt_, column);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const
{
    if (is_null(column))
        return std::nullopt;
    return text(column);
}

std::int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

std::optional<std::int64_t> Statement::optional_integer(int column) const
{
    if (is_null(column))
        return std::nullopt;
    return integer(column);
}

bool Statement::is_null(int column) const
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ---------------------------------------------------------------- Database

namespace {

void sync_applying_function(sqlite3_context* context, int, sqlite3_value**)
{
    sqlite3_result_int(context, static_cast<Database*>(sqlite3_user_data(context))->sync_applying() ? 1 : 0);
}

} // namespace

Database::Database(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path))
{
    // Not deterministic: its answer changes while a sync rebase runs.
    sqlite3_create_function_v2(db_, "fascia_sync_applying", 0, SQLITE_UTF8, this, sync_applying_function,
                               nullptr, nullptr, nullptr);
}

Database::~Database()
{
    for (auto& [sql, stmt] : cache_)
        sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path, OpenMode mode)
{
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (!exists && mode != OpenMode::create_if_missing)
        return invalid("there is no clinic database at " + path.string()
                           + ": create one with `fascia init` (or `fascia demo`), or give --db",
                       "db");
    if (exists) {
        if (auto checked = check_file(path); !checked)
            return checked.error();
        if (mode != OpenMode::read_only)
            narrow_to_owner(path);
    } else if (auto created = create_private_file(path); !created) {
        return created.error();
    }
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (mode == OpenMode::create_if_missing)
        flags |= SQLITE_OPEN_CREATE;
    sqlite3* handle = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    std::unique_ptr<Database> db(new Database(handle, path));
    if (rc != SQLITE_OK)
        return io_error("cannot open " + path.string() + ": " + sqlite3_errmsg(handle));
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, 5000);
    // Reads only, so a file SQLite rejects here is still untouched.
    if (sqlite3_exec(handle, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema;",
                     nullptr, nullptr, nullptr)
        != SQLITE_OK)
        return io_error(path.string() + " is not a usable SQLite database ("
                        + sqlite3_errmsg(handle) + "). It was not changed.");
    return db;
}

std::unique_ptr<Database> Database::open_in_memory()
{
    sqlite3* handle = nullptr;
    sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<Database> db(new Database(handle, ":memory:"));
    db->exec("PRAGMA foreign_keys = ON;");
    return db;
}

void Database::configure_for_writing()
{
    // WAL lets readers (the desk's lists) run while a command writes;
    // NORMAL is durable across application crashes in WAL mode.
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
}

void Database::set_synchronous(std::string_view level)
{
    exec("PRAGMA synchronous = " + std::string(level) + ";");
}

void Database::set_busy_timeout(std::chrono::milliseconds timeout)
{
    sqlite3_busy_timeout(db_, static_cast<int>(timeout.count()));
}

void Database::exec(std::string_view sql)
{
    // One statement (BEGIN, SAVEPOINT, RELEASE, COMMIT: several per command on the
    // sync server) comes from the statement cache instead of being parsed each time.
    if (sql.find(';') == std::string_view::npos) {
        prepare(sql).run();
        return;
    }
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        fail("running SQL");
    }
}

Statement Database::prepare(std::string_view sql)
{
    if (auto it = cache_.find(std::string(sql)); it != cache_.end()) {
        sqlite3_stmt* stmt = it->second;
        cache_.erase(it);
        return Statement(*this, stmt, false);
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr)
        != SQLITE_OK)
        fail("preparing a query");
    return Statement(*this, stmt, false);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Database::fail(std::string_view context) const
{
    const int code = sqlite3_extended_errcode(db_);
    std::string message = sqlite3_errmsg(db_);
    switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        message = "the clinic database is busy (another desk or process is writing); try again";
        break;
    case SQLITE_FULL: message = "the disk is full: free some space and try again"; break;
    default: message = "database error while " + std::string(context) + ": " + message; break;
    }
    throw Failure(Error{kind_of(code), message, {}});
}

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Database& db) : db_(db)
{
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (open_)
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    db_.exec("COMMIT");
    open_ = false;
}

} // namespace fascia
