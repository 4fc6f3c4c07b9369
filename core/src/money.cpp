#include <fascia/money.h>

#include <array>

namespace fascia {

namespace {

/// Minor units in one whole unit: 10 to the currency's exponent.
std::int64_t scale_of(int exponent)
{
    std::int64_t scale = 1;
    for (int i = 0; i < exponent; ++i)
        scale *= 10;
    return scale;
}

} // namespace

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
        } else if ((whole = whole * 10 + (c - '0')) > max_whole_units) {
            const Money most{(max_whole_units + 1) * scale_of(exponent) - 1, std::string(currency)};
            return invalid("'" + std::string(amount) + "' is too large: the largest amount accepted is "
                               + most.to_string(),
                           "amount");
        }
    }
    if (decimals == 0)
        return bad("digits must follow the decimal point");
    for (int i = decimals < 0 ? 0 : decimals; i < exponent; ++i)
        fraction *= 10;
    return Money{whole * scale_of(exponent) + fraction, std::string(currency)};
}

Result<Money> Money::parse_above_zero(std::string_view amount, std::string_view currency, std::string_view field)
{
    auto m = parse(amount, currency);
    if (!m) {
        Error e = m.error();
        if (e.field == "amount") { // the currency's own error keeps its field
            e.message = std::string(field) + ": " + e.message;
            e.field = std::string(field);
        }
        return e;
    }
    if (m->minor <= 0)
        return invalid(std::string(field) + ": '" + std::string(amount) + "' must be more than zero",
                       std::string(field));
    return m;
}

std::string Money::amount_text() const
{
    const int exponent = currency_exponent(currency) < 0 ? 2 : currency_exponent(currency);
    const std::int64_t scale = scale_of(exponent);
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
