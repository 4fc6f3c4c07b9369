#pragma once
/// Time: UTC instants from an injectable clock; display zones live in settings.
#include <fascia/export.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fascia {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

/// The source of "now". Scheduling, expiry and CPD windows take one so tests can move time.
class FASCIA_CORE_EXPORT Clock {
public:
    virtual ~Clock() = default;
    /// The current UTC instant.
    virtual Instant now() const = 0;
};

/// The real wall clock.
class FASCIA_CORE_EXPORT SystemClock final : public Clock {
public:
    Instant now() const override;
};

/// A clock that stays where it is put: tests, and FASCIA_TEST_NOW for end-to-end CLI tests.
class FASCIA_CORE_EXPORT FixedClock final : public Clock {
public:
    explicit FixedClock(Instant at) : at_(at) {}
    Instant now() const override { return at_; }
    /// Moves the clock to a new instant.
    void set(Instant at) { at_ = at; }
    /// Moves the clock forward.
    void advance(std::chrono::milliseconds by) { at_ += by; }

private:
    Instant at_;
};

/// "2026-11-22T01:50:00.123Z": how instants are stored and exchanged.
FASCIA_CORE_EXPORT std::string format_instant(Instant t);
/// Parses the format above (also without milliseconds); nullopt when malformed.
FASCIA_CORE_EXPORT std::optional<Instant> parse_instant(std::string_view text);
/// Parses a calendar date "YYYY-MM-DD"; nullopt unless it is a real date.
FASCIA_CORE_EXPORT std::optional<std::chrono::year_month_day> parse_date(std::string_view text);
/// Why parse_date refuses `text`, for a message after the field or option's name:
/// "2026-02-31 is not a real date (February 2026 has 28 days)" when it is written
/// YYYY-MM-DD, else "'31/02/2026' is not a date written YYYY-MM-DD". Every date a
/// person gives (options, payloads, forms) is refused in these words.
FASCIA_CORE_EXPORT std::string not_a_date(std::string_view text);
/// Formats a calendar date as "YYYY-MM-DD".
FASCIA_CORE_EXPORT std::string format_date(std::chrono::year_month_day d);
/// The UTC calendar date of an instant.
FASCIA_CORE_EXPORT std::chrono::year_month_day utc_date(Instant t);
/// True when `zone` names an IANA time zone this machine knows ("Europe/London").
FASCIA_CORE_EXPORT bool is_known_time_zone(std::string_view zone);
/// The calendar date of an instant in an IANA time zone (falls back to UTC if unknown).
FASCIA_CORE_EXPORT std::chrono::year_month_day local_date(Instant t, std::string_view zone);

} // namespace fascia
