#pragma once
/// Money in integer minor units with its ISO 4217 currency: never floating point.
#include <fascia/error.h>
#include <fascia/export.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace fascia {

struct FASCIA_CORE_EXPORT Money {
    std::int64_t minor = 0; ///< pence, cents: the currency's smallest unit
    std::string currency;   ///< ISO 4217 code, upper case ("GBP")

    friend bool operator==(const Money&, const Money&) = default;

    /// The most a person may type, in whole units of any currency (one billion less a
    /// cent): far above any clinic's bill or insurance cover, and small enough that
    /// millions of such amounts still add up inside 64-bit minor units.
    static constexpr std::int64_t max_whole_units = 999'999'999;

    /// Parses a decimal amount typed by a person ("50", "50.5", "50.00") in a currency;
    /// refuses more decimals than the currency has, negatives, more than max_whole_units
    /// ("too large: at most 999999999.99"), and unknown currencies. Errors are
    /// invalid_input, field "amount" ("currency" for the currency).
    static Result<Money> parse(std::string_view amount, std::string_view currency);
    /// As parse, for an amount that must be more than zero (a payment, a voucher, a
    /// redemption): zero is refused too. Each message starts with `field` ("amount:
    /// '0' must be more than zero"), which is also the error's field.
    static Result<Money> parse_above_zero(std::string_view amount, std::string_view currency,
                                          std::string_view field = "amount");
    /// "50.00" (no symbol), with exactly the currency's number of decimals.
    std::string amount_text() const;
    /// "GBP 50.00".
    std::string to_string() const;
};

/// a + b in minor units, checked: throws Failure (ErrorKind::internal) rather than wrap
/// around, so no sum of money is ever silently wrong.
FASCIA_CORE_EXPORT std::int64_t checked_add(std::int64_t a, std::int64_t b);

/// Decimal places of an ISO 4217 currency (GBP 2, JPY 0); -1 when unknown.
FASCIA_CORE_EXPORT int currency_exponent(std::string_view code);

} // namespace fascia
