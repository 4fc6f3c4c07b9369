#pragma once
/// Reading a command's JSON payload with messages that name the field. The
/// accessors throw fascia::Failure (invalid_input), which the command bus turns
/// back into an error value, so a handler reads its fields in straight lines.
#include <fascia/error.h>
#include <fascia/export.h>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace fascia {

class FASCIA_CORE_EXPORT Payload {
public:
    explicit Payload(const boost::json::object& object) : object_(object) {}

    /// A non-empty string (surrounding spaces trimmed).
    std::string text(std::string_view field) const;
    /// A string, or nullopt when absent or null; "" when given empty.
    std::optional<std::string> optional_text(std::string_view field) const;
    /// An integer within [min, max].
    std::int64_t integer(std::string_view field, std::int64_t min, std::int64_t max) const;
    std::optional<std::int64_t> optional_integer(std::string_view field, std::int64_t min,
                                                 std::int64_t max) const;
    /// true or false (not "yes", not 1).
    bool boolean(std::string_view field) const;
    std::optional<bool> optional_boolean(std::string_view field) const;
    /// A real calendar date written YYYY-MM-DD.
    std::chrono::year_month_day date(std::string_view field) const;
    std::optional<std::chrono::year_month_day> optional_date(std::string_view field) const;
    /// True when the field is present (even as null).
    bool has(std::string_view field) const { return object_.contains(field); }
    /// Refuses any field not in `known`, naming it (catches typos in scripts).
    void only(std::initializer_list<std::string_view> known) const;

private:
    const boost::json::object& object_;
};

/// Validates an email address well enough to catch typing mistakes (one '@', a dot after it).
FASCIA_CORE_EXPORT bool plausible_email(std::string_view email);
/// Validates a phone number: digits with optional spaces, '+', '-', '(', ')'; 6–20 digits.
FASCIA_CORE_EXPORT bool plausible_phone(std::string_view phone);

} // namespace fascia
