#pragma once
// fascia-syncd as a system service: readiness for systemd (Type=notify) and
// the nightly backup of the clinic database into the state directory.
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace fascia::syncd {

/// Tells systemd the daemon listens (READY=1), so `systemctl start` returns
/// then; a no-op when not started by systemd (no NOTIFY_SOCKET).
void notify_ready(const std::string& status);
/// Tells systemd the daemon is stopping (STOPPING=1).
void notify_stopping();

/// Backs the database up once a night at `hour` (server local time) into
/// `folder`, keeping the newest `keep`; each run logs one line. Stops (and
/// joins) when destroyed. A database on another thread's connection is safe:
/// SQLite's backup API reads one consistent snapshot beside the daemon's writes.
class NightlyBackup {
public:
    NightlyBackup(std::filesystem::path database, std::filesystem::path folder, int hour, int keep);
    ~NightlyBackup();
    NightlyBackup(const NightlyBackup&) = delete;
    NightlyBackup& operator=(const NightlyBackup&) = delete;

    /// Takes one backup now (also what the nightly run calls); false on failure (logged).
    bool run_once();

private:
    std::filesystem::path database_, folder_;
    int hour_, keep_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace fascia::syncd
