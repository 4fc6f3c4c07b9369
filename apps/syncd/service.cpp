#include "service.h"

#include "event_log.h"

#include <fascia/backup.h>

#include <systemd/sd-daemon.h>

#include <chrono>
#include <ctime>

namespace fascia::syncd {

void notify_ready(const std::string& status)
{
    sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void notify_stopping()
{
    sd_notify(0, "STOPPING=1");
}

namespace {

/// The next `hour`:00 in the server's local time, after now.
std::chrono::system_clock::time_point next_at_hour(int hour)
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    local.tm_hour = hour;
    local.tm_min = local.tm_sec = 0;
    local.tm_isdst = -1; // let mktime settle daylight saving for that day
    std::time_t next = std::mktime(&local);
    if (next <= now) {
        local.tm_mday += 1;
        local.tm_hour = hour;
        local.tm_isdst = -1;
        next = std::mktime(&local);
    }
    return std::chrono::system_clock::from_time_t(next);
}

std::string utc_stamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

} // namespace

NightlyBackup::NightlyBackup(std::filesystem::path database, std::filesystem::path folder, int hour, int keep)
    : database_(std::move(database)), folder_(std::move(folder)), hour_(hour), keep_(keep)
{
    if (keep_ <= 0)
        return; // turned off
    log_event("nightly backup at " + std::to_string(hour_) + ":00 into " + folder_.string() + ", keeping "
              + std::to_string(keep_));
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        for (;;) {
            if (wake_.wait_until(lock, next_at_hour(hour_), [this] { return stopping_; }))
                return;
            lock.unlock();
            run_once();
            lock.lock();
        }
    });
}

NightlyBackup::~NightlyBackup()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

bool NightlyBackup::run_once()
{
    // The state directory is the service's own (0700); the copy is no more exposed
    // than the database beside it, so it is written plain.
    auto made = write_rotated_backup(database_, folder_, utc_stamp(), keep_, std::nullopt);
    if (!made) {
        log_event("nightly backup failed: " + made.error().message);
        return false;
    }
    log_event("nightly backup " + made->file.string() + " (" + std::to_string(made->file_bytes) + " bytes, "
              + std::to_string(made->audit_entries) + " audit entries)");
    return true;
}

} // namespace fascia::syncd
