#pragma once
/// What the benchmarks set up alike: scratch folders for their databases (under
/// $FASCIA_BENCH_DIR when set, else /tmp, so a run says which disk it measured)
/// and the core's extensions on their own.
#include <fascia/extensions.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include <unistd.h>

namespace fascia::bench {

/// Where scratch folders go: $FASCIA_BENCH_DIR or /tmp.
inline std::filesystem::path scratch_root()
{
    if (const char* dir = std::getenv("FASCIA_BENCH_DIR"); dir && *dir)
        return dir;
    return "/tmp";
}

/// A fresh folder, removed with everything in it when this goes.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix)
    {
        std::filesystem::create_directories(scratch_root());
        std::string pattern = (scratch_root() / (prefix + "-XXXXXX")).string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot make a scratch folder under " + scratch_root().string());
        path_ = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// A path inside the folder.
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Removes a database and its WAL and shared-memory files.
inline void remove_database(const std::filesystem::path& db)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(db.string() + suffix, ec);
}

/// The core's contributions alone (no plugins), registered once.
inline const Extensions& core_only()
{
    static const Extensions extensions = [] {
        Extensions e;
        register_core(e);
        return e;
    }();
    return extensions;
}

} // namespace fascia::bench
