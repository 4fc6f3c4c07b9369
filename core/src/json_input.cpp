#include <fascia/payload.h>

#include <fascia/clock.h>

#include <boost/json.hpp>

namespace fascia {

namespace {

[[noreturn]] void fail(std::string_view field, const std::string& what)
{
    throw Failure(invalid(std::string(field) + ": " + what, std::string(field)));
}

std::string trim(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

std::optional<std::string> Payload::optional_text(std::string_view field) const
{
    const auto* v = object_.if_contains(field);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_string())
        fail(field, "expected text");
    return trim(v->as_string());
}

std::string Payload::text(std::string_view field) const
{
    auto v = optional_text(field);
    if (!v)
        fail(field, "is required");
    if (v->empty())
        fail(field, "must not be empty");
    return *v;
}

std::optional<std::int64_t> Payload::optional_integer(std::string_view field, std::int64_t min,
                                                      std::int64_t max) const
{
    const auto* v = object_.if_contains(field);
    if (!v || v->is_null())
        return std::nullopt;
    std::int64_t n = 0;
    if (v->is_int64())
        n = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() <= std::uint64_t(INT64_MAX))
        n = static_cast<std::int64_t>(v->as_uint64());
    else
        fail(field, "expected a whole number");
    if (n < min || n > max)
        fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max)
                        + " (got " + std::to_string(n) + ")");
    return n;
}

std::int64_t Payload::integer(std::string_view field, std::int64_t min, std::int64_t max) const
{
    auto v = optional_integer(field, min, max);
    if (!v)
        fail(field, "is required");
    return *v;
}

std::optional<bool> Payload::optional_boolean(std::string_view field) const
{
    const auto* v = object_.if_contains(field);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_bool())
        fail(field, "expected true or false");
    return v->as_bool();
}

bool Payload::boolean(std::string_view field) const
{
    auto v = optional_boolean(field);
    if (!v)
        fail(field, "is required (true or false)");
    return *v;
}

std::optional<std::chrono::year_month_day> Payload::optional_date(std::string_view field) const
{
    auto t = optional_text(field);
    if (!t || t->empty())
        return std::nullopt;
    auto d = parse_date(*t);
    if (!d)
        fail(field, not_a_date(*t));
    return d;
}

std::chrono::year_month_day Payload::date(std::string_view field) const
{
    auto d = optional_date(field);
    if (!d)
        fail(field, "is required (a date written YYYY-MM-DD)");
    return *d;
}

void Payload::only(std::initializer_list<std::string_view> known) const
{
    for (const auto& [key, value] : object_) {
        bool found = false;
        for (auto k : known)
            found = found || k == key;
        if (!found) {
            std::string list;
            for (auto k : known)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(key, "unknown field; expected one of " + list);
        }
    }
}

bool plausible_email(std::string_view email)
{
    const auto at = email.find('@');
    if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
        return false;
    const auto dot = email.find('.', at + 2);
    return dot != std::string_view::npos && dot + 1 < email.size()
           && email.find(' ') == std::string_view::npos;
}

bool plausible_phone(std::string_view phone)
{
    int digits = 0;
    for (char c : phone) {
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')')
            return false;
    }
    return digits >= 6 && digits <= 20;
}

} // namespace fascia
