#include "idle_watcher.h"

#include <QApplication>
#include <QEvent>

namespace fascia::desk {

IdleWatcher::IdleWatcher(const Clock& clock, std::function<std::chrono::minutes()> limit,
                         std::function<void()> on_idle, QObject* parent)
    : QObject(parent), clock_(clock), limit_(std::move(limit)), on_idle_(std::move(on_idle)),
      last_activity_(clock.now())
{
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, [this] { check(); });
}

void IdleWatcher::start()
{
    touch();
    if (!running_)
        qApp->installEventFilter(this);
    running_ = true;
    timer_.start();
}

void IdleWatcher::stop()
{
    if (running_)
        qApp->removeEventFilter(this);
    running_ = false;
    timer_.stop();
}

void IdleWatcher::touch()
{
    last_activity_ = clock_.now();
}

void IdleWatcher::check()
{
    if (running_ && clock_.now() - last_activity_ >= limit_()) {
        stop();
        on_idle_();
    }
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
        touch();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace fascia::desk
