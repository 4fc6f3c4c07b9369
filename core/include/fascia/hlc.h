#pragma once
/// Hybrid logical clock stamps: ordered like wall time, never going backwards,
/// and unique per node, so commands from several desks have one total order.
#include <fascia/clock.h>
#include <fascia/export.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fascia {

/// The wall-clock instant of a stamp ("<13 digits>-<5 digits>-<node>"); nullopt when malformed.
FASCIA_CORE_EXPORT std::optional<Instant> stamp_instant(std::string_view stamp);

class FASCIA_CORE_EXPORT HybridClock {
public:
    HybridClock(const Clock& clock, std::string node);
    /// A new stamp, greater than every stamp issued or observed before:
    /// "<ms since epoch, 13 digits>-<counter, 5 digits>-<node>", sortable as text.
    std::string stamp();
    /// Takes a stamp from elsewhere (a remote desk, or the database on start-up).
    void observe(std::string_view stamp);

    /// The counter's largest value (five digits); past it the stamp moves to the next millisecond.
    static constexpr std::int64_t max_counter = 99999;

private:
    const Clock& clock_;
    std::string node_;
    std::int64_t last_ms_ = 0;
    std::int64_t counter_ = 0;
};

} // namespace fascia
