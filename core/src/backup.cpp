#include <fascia/audit.h>
#include <fascia/backup.h>
#include <fascia/database.h>

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fascia {

namespace {

namespace fs = std::filesystem;

constexpr std::array<char, 8> magic{'F', 'A', 'S', 'C', 'B', 'K', '0', '1'};
constexpr std::size_t chunk_bytes = 64 * 1024;
constexpr std::size_t key_check_bytes = 16;
constexpr std::size_t header_bytes = magic.size() + 8 + 8 + crypto_pwhash_SALTBYTES + key_check_bytes
                                     + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
// A crafted header must not make us allocate gigabytes: MODERATE is what we write.
constexpr std::uint64_t max_memlimit = 1ULL << 30;
constexpr std::uint64_t max_opslimit = 16;
constexpr char key_check_context[] = "fascia backup key check";

void put_u64(std::string& out, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_u64(const std::string& in, std::size_t at)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
    return v;
}

const unsigned char* bytes(const std::string& s, std::size_t at = 0)
{
    return reinterpret_cast<const unsigned char*>(s.data()) + at;
}

Result<std::string> read_whole_file(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return io_error("cannot read " + file.string() + ": " + std::strerror(errno));
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return io_error("cannot read " + file.string());
    return content;
}

/// Creates the missing folders of `file`'s path 0700 (backups hold health records).
Result<void> make_private_folders(const fs::path& file)
{
    const fs::path parent = file.parent_path();
    if (parent.empty() || fs::exists(parent))
        return {};
    if (auto made = make_private_folders(parent); !made)
        return made;
    if (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST)
        return io_error("cannot create the folder " + parent.string() + ": " + std::strerror(errno));
    return {};
}

/// Writes content to a new file `to`, 0600, durably, and never over an existing
/// file: written beside it under a temporary name, then linked into place (link
/// fails if `to` appeared meanwhile), so nobody ever sees half a file.
Result<std::uint64_t> write_new_private_file(const fs::path& to, const std::string& content,
                                             const std::string& what_exists)
{
    if (fs::exists(fs::symlink_status(to)))
        return conflict(to.string() + " already exists: " + what_exists, "file_exists");
    if (auto made = make_private_folders(to); !made)
        return made.error();
    std::string temp = to.string() + ".partial-XXXXXX";
    const int fd = ::mkstemp(temp.data()); // mkstemp creates the file 0600
    if (fd < 0)
        return io_error("cannot write in " + to.parent_path().string() + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
        const auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(temp.c_str());
            return io_error("cannot write " + to.string() + ": " + why + " (nothing was left behind)");
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    const int linked = synced ? ::link(temp.c_str(), to.c_str()) : -1;
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (linked != 0) {
        if (link_errno == EEXIST)
            return conflict(to.string() + " already exists: " + what_exists, "file_exists");
        return io_error("cannot write " + to.string() + ": " + std::strerror(link_errno));
    }
    return content.size();
}

/// Sets file format versions 1/1 (rollback journal): a WAL-marked image cannot be
/// deserialized, and a restored file goes back to WAL when Fascia opens it.
void mark_rollback_journal(std::string& image)
{
    if (image.size() >= 100)
        image[18] = image[19] = 1;
}

/// The database as one consistent image, without a plaintext copy on disk.
Result<std::string> snapshot(const fs::path& database)
{
    auto source = Database::open(database, OpenMode::read_only);
    if (!source)
        return source.error();
    auto page_size = (*source)->query("PRAGMA page_size");
    page_size.step();
    const std::int64_t source_page_size = page_size.integer(0);

    sqlite3* memory = nullptr;
    sqlite3_open_v2(":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> guard(memory, sqlite3_close);
    // An in-memory destination must have the source's page size, or the backup is refused.
    sqlite3_exec(memory, ("PRAGMA page_size = " + std::to_string(source_page_size)).c_str(), nullptr,
                 nullptr, nullptr);
    sqlite3_backup* backup = sqlite3_backup_init(memory, "main", (*source)->handle(), "main");
    if (!backup)
        return io_error("cannot back up " + database.string() + ": " + sqlite3_errmsg(memory));
    // All pages in one step: one read transaction, so the copy is a single moment
    // while desks and the daemon keep committing (WAL lets them).
    const int stepped = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE)
        return io_error("cannot back up " + database.string() + ": " + sqlite3_errstr(stepped)
                        + " (try again; if it persists, check the disk)");
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(memory, "main", &size, 0);
    if (!data)
        return io_error("not enough memory to back up " + database.string());
    std::string image(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    sqlite3_free(data);
    mark_rollback_journal(image);
    return image;
}

Result<std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>>
derive_key(const std::string& passphrase, const unsigned char* salt, std::uint64_t ops, std::uint64_t mem)
{
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> key{};
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, ops,
                      static_cast<std::size_t>(mem), crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return io_error("not enough memory to derive the backup key (Argon2id needs "
                        + std::to_string(mem >> 20) + " MiB)");
    return key;
}

std::string key_check(const unsigned char* key)
{
    std::string check(key_check_bytes, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(check.data()), check.size(),
                       reinterpret_cast<const unsigned char*>(key_check_context),
                       sizeof key_check_context - 1, key, crypto_secretstream_xchacha20poly1305_KEYBYTES);
    return check;
}

Result<std::string> encrypt(const std::string& image, const std::string& passphrase)
{
    const std::uint64_t ops = crypto_pwhash_OPSLIMIT_MODERATE;
    const std::uint64_t mem = crypto_pwhash_MEMLIMIT_MODERATE;
    std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
    randombytes_buf(salt.data(), salt.size());
    auto key = derive_key(passphrase, salt.data(), ops, mem);
    if (!key)
        return key.error();
    std::string out(magic.begin(), magic.end());
    put_u64(out, ops);
    put_u64(out, mem);
    out.append(reinterpret_cast<const char*>(salt.data()), salt.size());
    out += key_check(key->data());
    crypto_secretstream_xchacha20poly1305_state state;
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_HEADERBYTES> stream_header{};
    crypto_secretstream_xchacha20poly1305_init_push(&state, stream_header.data(), key->data());
    sodium_memzero(key->data(), key->size());
    out.append(reinterpret_cast<const char*>(stream_header.data()), stream_header.size());
    std::size_t at = 0;
    do {
        const std::size_t n = std::min(chunk_bytes, image.size() - at);
        const bool last = at + n == image.size();
        const std::size_t start = out.size();
        out.resize(start + n + crypto_secretstream_xchacha20poly1305_ABYTES);
        crypto_secretstream_xchacha20poly1305_push(
            &state, reinterpret_cast<unsigned char*>(out.data() + start), nullptr, bytes(image, at), n,
            nullptr, 0,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        at += n;
    } while (at < image.size());
    return out;
}

Error damaged(const fs::path& file, const std::string& what)
{
    return io_error("the backup " + file.string() + " is " + what
                    + ": it cannot be restored. Use an earlier backup, or copy this one again from where it "
                      "was stored");
}

Result<std::string> decrypt(const fs::path& file, const std::string& content, const std::string& passphrase)
{
    if (content.size() < header_bytes)
        return damaged(file, "truncated (it ends inside its header)");
    std::size_t at = magic.size();
    const std::uint64_t ops = get_u64(content, at);
    const std::uint64_t mem = get_u64(content, at + 8);
    at += 16;
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > max_opslimit || mem < crypto_pwhash_MEMLIMIT_MIN
        || mem > max_memlimit)
        return damaged(file, "damaged (its key settings are out of range)");
    const unsigned char* salt = bytes(content, at);
    at += crypto_pwhash_SALTBYTES;
    auto key = derive_key(passphrase, salt, ops, mem);
    if (!key)
        return key.error();
    if (key_check(key->data()) != content.substr(at, key_check_bytes)) {
        sodium_memzero(key->data(), key->size());
        Error wrong = invalid("the passphrase does not open the backup " + file.string()
                                  + ": give the passphrase it was made with on standard input",
                              "passphrase");
        wrong.reason = "wrong_passphrase";
        return wrong;
    }
    at += key_check_bytes;
    crypto_secretstream_xchacha20poly1305_state state;
    const int started = crypto_secretstream_xchacha20poly1305_init_pull(&state, bytes(content, at), key->data());
    sodium_memzero(key->data(), key->size());
    if (started != 0)
        return damaged(file, "damaged (its stream header is invalid)");
    at += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    std::string image;
    for (;;) {
        if (at >= content.size())
            return damaged(file, "truncated (it ends after " + std::to_string(content.size())
                                     + " bytes, before its last part)");
        const std::size_t n =
            std::min(chunk_bytes + crypto_secretstream_xchacha20poly1305_ABYTES, content.size() - at);
        if (n < crypto_secretstream_xchacha20poly1305_ABYTES)
            return damaged(file, "truncated (it ends inside its last part)");
        const std::size_t start = image.size();
        image.resize(start + n - crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned long long plain = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, reinterpret_cast<unsigned char*>(image.data() + start),
                                                       &plain, &tag, bytes(content, at), n, nullptr, 0)
            != 0)
            return damaged(file, n < chunk_bytes + crypto_secretstream_xchacha20poly1305_ABYTES
                                     ? "truncated or damaged (its last part does not decrypt)"
                                     : "damaged (a part does not decrypt)");
        image.resize(start + plain);
        at += n;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
            if (at != content.size())
                return damaged(file, "damaged (it has bytes after its last part)");
            return image;
        }
    }
}

/// The image's own header says how long it is: a short one was cut off.
Result<void> check_length(const fs::path& file, const std::string& image)
{
    static constexpr char sqlite_magic[] = "SQLite format 3";
    if (image.size() < 100 || !std::equal(std::begin(sqlite_magic), std::end(sqlite_magic), image.begin()))
        return damaged(file, "damaged (what it holds is not an SQLite database)");
    const auto big_endian = [&](std::size_t at, int n) {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v = (v << 8) | static_cast<unsigned char>(image[at + static_cast<std::size_t>(i)]);
        return v;
    };
    std::uint64_t page_size = big_endian(16, 2);
    if (page_size == 1)
        page_size = 65536;
    const std::uint64_t pages = big_endian(28, 4);
    // The header's page count is trusted only where SQLite would (file format §1.3.7).
    const bool pages_valid = pages != 0 && big_endian(24, 4) == big_endian(92, 4);
    if (page_size < 512 || image.size() % page_size != 0 || (pages_valid && image.size() != pages * page_size))
        return damaged(file, "truncated (it holds " + std::to_string(image.size()) + " bytes of a "
                                 + std::to_string(pages * page_size) + "-byte database)");
    return {};
}

/// integrity_check and the audit chain, on the image in memory.
Result<std::int64_t> check_image(const fs::path& file, const std::string& image)
{
    auto db = Database::open_in_memory();
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
    if (!copy)
        return io_error("not enough memory to check the backup " + file.string());
    std::memcpy(copy, image.data(), image.size());
    if (sqlite3_deserialize(db->handle(), "main", copy, static_cast<sqlite3_int64>(image.size()),
                            static_cast<sqlite3_int64>(image.size()),
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        != SQLITE_OK)
        return damaged(file, "damaged (SQLite cannot read it)");
    std::string integrity;
    try {
        auto check = db->query("PRAGMA integrity_check");
        while (check.step())
            integrity += (integrity.empty() ? "" : "; ") + check.text(0);
    } catch (const Failure& f) {
        return damaged(file, "damaged (" + f.error().message + ")");
    }
    if (integrity != "ok")
        return damaged(file, "damaged (integrity_check: " + integrity.substr(0, 200) + ")");
    AuditVerification audit;
    try {
        audit = verify_audit_log(*db);
    } catch (const Failure& f) {
        return damaged(file, "not a clinic database (" + f.error().message + ")");
    }
    if (!audit.ok())
        return refused("the backup " + file.string() + " fails the audit check at entry "
                           + std::to_string(*audit.first_broken) + " (" + audit.reason
                           + "): it was changed behind Fascia's back. Use an earlier backup",
                       "audit_broken");
    return audit.entries_checked;
}

Result<std::string> read_backup(const fs::path& file)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return invalid("there is no backup file at " + file.string() + ": check the path", "file");
    return read_whole_file(file);
}

bool starts_with_magic(const std::string& content)
{
    return content.size() >= magic.size() && std::equal(magic.begin(), magic.end(), content.begin());
}

} // namespace

Result<BackupSummary> write_backup(const fs::path& database, const fs::path& to,
                                   const std::optional<std::string>& passphrase)
{
    if (to.empty() || to.filename().empty())
        return invalid("the backup file's name is empty: give a file path (--to FILE)", "to");
    if (passphrase && passphrase->size() < backup_passphrase_min)
        return invalid("the backup passphrase is too short: use at least "
                           + std::to_string(backup_passphrase_min) + " characters (or --no-encrypt)",
                       "passphrase");
    if (sodium_init() < 0)
        return internal_error("the encryption library could not start");
    if (fs::exists(fs::symlink_status(to)))
        return conflict(to.string() + " already exists: choose a new file name (a backup never overwrites)",
                        "file_exists");
    auto image = snapshot(database);
    if (!image)
        return image.error();
    BackupSummary summary;
    summary.database_bytes = image->size();
    summary.encrypted = passphrase.has_value();
    {
        // Counted on the image itself: what this copy holds, not what the live database holds now.
        auto checked = check_image(to, *image);
        if (!checked)
            return checked.error();
        summary.audit_entries = *checked;
    }
    std::string content;
    if (passphrase) {
        auto sealed = encrypt(*image, *passphrase);
        if (!sealed)
            return sealed.error();
        content = std::move(*sealed);
    } else {
        content = std::move(*image);
    }
    auto written = write_new_private_file(to, content, "choose a new file name (a backup never overwrites)");
    if (!written)
        return written.error();
    summary.file = to;
    summary.file_bytes = *written;
    return summary;
}

Result<bool> backup_is_encrypted(const fs::path& file)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return invalid("there is no backup file at " + file.string() + ": check the path", "file");
    std::ifstream in(file, std::ios::binary);
    std::string start(16, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    if (in.bad())
        return io_error("cannot read " + file.string() + ": " + std::strerror(errno));
    start.resize(static_cast<std::size_t>(in.gcount()));
    if (starts_with_magic(start))
        return true;
    if (start.rfind("SQLite format 3", 0) == 0)
        return false;
    return invalid(file.string() + " is not a Fascia backup (neither an encrypted backup nor an SQLite "
                                   "database): check the path",
                   "file");
}

Result<BackupSummary> restore_backup(const fs::path& file, const fs::path& to,
                                     const std::optional<std::string>& passphrase)
{
    const std::string live =
        "restore never overwrites a database (a desk or fascia-syncd may be using it). Restore to a new path, "
        "stop the programs using the old file, then move the restored one into its place";
    if (to.empty() || to.filename().empty())
        return invalid("the restored database's name is empty: give a file path (--to PATH)", "to");
    if (fs::exists(fs::symlink_status(to)))
        return conflict(to.string() + " already exists: " + live, "file_exists");
    if (sodium_init() < 0)
        return internal_error("the encryption library could not start");
    auto content = read_backup(file);
    if (!content)
        return content.error();
    BackupSummary summary;
    summary.encrypted = starts_with_magic(*content);
    std::string image;
    if (summary.encrypted) {
        if (!passphrase || passphrase->empty())
            return invalid("the backup " + file.string()
                               + " is encrypted: give its passphrase on standard input",
                           "passphrase");
        auto opened = decrypt(file, *content, *passphrase);
        if (!opened)
            return opened.error();
        image = std::move(*opened);
    } else if (content->rfind("SQLite format 3", 0) == 0) {
        image = std::move(*content);
    } else {
        return invalid(file.string() + " is not a Fascia backup (neither an encrypted backup nor an SQLite "
                                       "database): check the path",
                       "file");
    }
    if (auto whole = check_length(file, image); !whole)
        return whole.error();
    mark_rollback_journal(image); // a plain copy of a live (WAL) database restores too
    auto checked = check_image(file, image);
    if (!checked)
        return checked.error();
    summary.audit_entries = *checked;
    summary.database_bytes = image.size();
    auto written = write_new_private_file(to, image, live);
    if (!written)
        return written.error();
    summary.file = to;
    summary.file_bytes = *written;
    return summary;
}

Result<BackupSummary> write_rotated_backup(const fs::path& database, const fs::path& folder,
                                           const std::string& stamp, int keep,
                                           const std::optional<std::string>& passphrase)
{
    auto made = write_backup(database, folder / ("clinic-" + stamp + ".fbk"), passphrase);
    if (!made)
        return made;
    // The stamp sorts by time, so the names sort oldest first.
    std::vector<fs::path> backups;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("clinic-", 0) == 0 && entry.path().extension() == ".fbk")
            backups.push_back(entry.path());
    }
    std::sort(backups.begin(), backups.end());
    for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < backups.size(); ++i)
        fs::remove(backups[i], ec);
    return made;
}

} // namespace fascia
