#include <fascia/money.h>

#include <array>
#include <limits>

namespace fascia {

std::int64_t checked_add(std::int64_t a, std::int64_t b)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum))
        throw Failure(internal_error("a sum of money is too large to hold (" + std::to_string(a) + " + "
                                     + std::to_string(b) + " minor units)"));
    return sum;
}

int currency_exponent(std::string_view code)
{
    // The currencies clinics we serve use; ISO 4217 minor-unit exponents.
    struct Entry { std::string_view code; int exponent; };
    static constexpr std::array<Entry, 16> table{{
        {"AUD", 2}, {"CAD", 2}, {"CHF", 2}, {"DKK", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2},
        {"IEP", 2}, {"JPY", 0}, {"KRW", 0}, {"NOK", 2}, {"NZD", 2}, {"SEK", 2}, {"SGD", 2},
        {"USD", 2}, {"ZAR", 2}}};
    for (const auto& e : table)
        if (e.code == code)
            return e.exponent;
    return -1;
}

Result<Money> Money::parse(std::string_view amount, std::string_view currency)
{
    const int exponent = currency_exponent(currency);
    if (exponent < 0)
        return invalid("unknown currency '" + std::string(currency)
                           + "': use an ISO 4217 code such as GBP, AUD or USD",
                       "currency");
    const auto bad = [&](std::string why) {
        return invalid("'" + std::string(amount) + "' is not an amount of " + std::string(currency)
                           + ": " + why,
                       "amount");
    };
    if (amount.empty())
        return bad("it is empty");
    std::int64_t whole = 0, fraction = 0;
    int decimals = -1; // -1: no decimal point seen
    for (char c : amount) {
        if (c == '.') {
            if (decimals >= 0)
                return bad("it has two decimal points");
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9')
            return bad(c == '-' ? "amounts cannot be negative" : "write digits and at most one '.'");
        if (decimals >= 0) {
            if (++decimals > exponent)
                return bad("at most " + std::to_string(exponent) + " decimal places");
            fraction = fraction * 10 + (c - '0');
        } else {
            if (whole > std::numeric_limits<std::int64_t>::max() / 1000 / 10)
                return bad("it is too large");
            whole = whole * 10 + (c - '0');
        }
    }
    if (decimals == 0)
        return bad("digits must follow the decimal point");
    std::int64_t scale = 1;
    for (int i = 0; i < exponent; ++i)
        scale *= 10;
    for (int i = decimals < 0 ? 0 : decimals; i < exponent; ++i)
        fraction *= 10;
    return Money{whole * scale + fraction, std::string(currency)};
}

std::string Money::amount_text() const
{
    const int exponent = currency_exponent(currency) < 0 ? 2 : currency_exponent(currency);
    std::int64_t scale = 1;
    for (int i = 0; i < exponent; ++i)
        scale *= 10;
    const bool negative = minor < 0;
    const std::int64_t abs = negative ? -minor : minor;
    std::string out;
    if (negative)
        out += '-';
    out += std::to_string(abs / scale);
    if (exponent > 0) {
        std::string fraction = std::to_string(abs % scale);
        out += '.';
        out.append(static_cast<std::size_t>(exponent) - fraction.size(), '0');
        out += fraction;
    }
    return out;
}

std::string Money::to_string() const
{
    return currency + " " + amount_text();
}

} // namespace fascia
