#pragma once
// Locks the desk after the clinic's idle time: any key, click or mouse move
// counts as activity. Time comes from the injected clock so tests can move it.
#include <fascia/clock.h>

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace fascia::desk {

class IdleWatcher : public QObject {
public:
    IdleWatcher(const Clock& clock, std::function<std::chrono::minutes()> limit,
                std::function<void()> on_idle, QObject* parent = nullptr);
    /// Starts watching the whole application (after a sign-in).
    void start();
    /// Stops (while locked or signed out).
    void stop();
    /// Locks now if the limit has passed since the last activity (the timer calls this).
    void check();
    /// Counts as activity.
    void touch();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    const Clock& clock_;
    std::function<std::chrono::minutes()> limit_;
    std::function<void()> on_idle_;
    QTimer timer_;
    Instant last_activity_;
    bool running_ = false;
};

} // namespace fascia::desk
