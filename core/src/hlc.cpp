#include <fascia/hlc.h>

#include <charconv>
#include <cstdio>

namespace fascia {

std::optional<Instant> stamp_instant(std::string_view stamp)
{
    std::int64_t ms = 0;
    if (stamp.size() < 20 || stamp[13] != '-' || stamp[19] != '-'
        || std::from_chars(stamp.data(), stamp.data() + 13, ms).ec != std::errc() || ms < 0)
        return std::nullopt;
    return Instant{std::chrono::milliseconds(ms)};
}

HybridClock::HybridClock(const Clock& clock, std::string node) : clock_(clock), node_(std::move(node)) {}

std::string HybridClock::stamp()
{
    const std::int64_t wall = clock_.now().time_since_epoch().count();
    if (wall > last_ms_) {
        last_ms_ = wall;
        counter_ = 0;
    } else if (counter_ < max_counter) {
        ++counter_; // wall clock stood still or went back: order by the counter
    } else {
        // The counter has five digits: a sixth would sort wrongly as text. Borrow
        // the next millisecond instead, which keeps every stamp greater than the last.
        ++last_ms_;
        counter_ = 0;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%013lld-%05lld-", static_cast<long long>(last_ms_),
                  static_cast<long long>(counter_));
    return buf + node_;
}

void HybridClock::observe(std::string_view stamp)
{
    std::int64_t ms = 0, counter = 0;
    if (stamp.size() < 20 || stamp[13] != '-' || stamp[19] != '-')
        return;
    if (std::from_chars(stamp.data(), stamp.data() + 13, ms).ec != std::errc()
        || std::from_chars(stamp.data() + 14, stamp.data() + 19, counter).ec != std::errc() || ms < 0
        || counter < 0 || counter > max_counter)
        return;
    if (ms > last_ms_ || (ms == last_ms_ && counter > counter_)) {
        last_ms_ = ms;
        counter_ = counter;
    }
}

} // namespace fascia
