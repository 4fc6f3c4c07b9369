// Clinic time: wall-clock in the clinic's IANA zone for people, UTC instants
// for storage and comparison, converted here with date/tz and nowhere else.
// A local time is always converted on its own date, so a weekly series keeps
// 15:00 across a daylight-saving change (never a fixed offset).
#include "scheduler.h"

#include <fascia/clock.h>

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>

namespace fascia::scheduling {

using namespace std::chrono;

const std::array<const char*, 7> weekday_keys{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Instant local_instant(const date::time_zone* zone, Date day, minutes since_midnight)
{
    const date::local_time<minutes> local{sys_days{day}.time_since_epoch() + since_midnight};
    const auto info = zone->get_info(local);
    sys_seconds utc;
    switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous: // the earlier of the two (before the clocks go back)
        utc = sys_seconds{local.time_since_epoch() - info.first.offset};
        break;
    case date::local_info::nonexistent: // in the gap: the instant the clocks jumped to
        utc = info.second.begin;
        break;
    }
    return time_point_cast<milliseconds>(utc);
}

Date local_day(const date::time_zone* zone, Instant t)
{
    const auto local = zone->to_local(t);
    return Date{sys_days{floor<days>(local.time_since_epoch())}};
}

std::string format_local(const date::time_zone* zone, Instant t)
{
    return date::format("%FT%T%Ez", date::make_zoned(zone, floor<seconds>(t)));
}

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out)
{
    if (at + n > s.size())
        return false;
    const auto [end, ec] = std::from_chars(s.data() + at, s.data() + at + n, out);
    return ec == std::errc() && end == s.data() + at + n;
}

/// Years a clinic's dates and times may name: outside these a date is a typo
/// (0000-01-01, 20266-...), and date/tz would happily carry it into a week of
/// year -1 or an instant sqlite and the calendar cannot show.
constexpr int first_year = 1900, last_year = 2200;

bool sane_year(int y)
{
    return y >= first_year && y <= last_year;
}

std::string outside_years()
{
    return "is outside the years " + std::to_string(first_year) + " to " + std::to_string(last_year);
}

} // namespace

Result<Date> parse_day(std::string_view text, std::string_view field)
{
    // The error's field is the payload key ("date" for "--date"), as elsewhere.
    const auto key = std::string(field.substr(std::min(field.find_first_not_of('-'), field.size())));
    const auto d = parse_date(text);
    if (!d)
        return invalid(std::string(field) + ": " + not_a_date(text), key);
    if (!sane_year(int(d->year())))
        return invalid(std::string(field) + ": '" + std::string(text) + "' " + outside_years(), key);
    return *d;
}

Result<Instant> parse_datetime(std::string_view text, std::string_view field)
{
    const auto bad = [&](const std::string& why) -> Error {
        return invalid(std::string(field) + ": '" + std::string(text) + "' " + why, std::string(field));
    };
    // YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!(digits(text, 0, 4, y) && text.size() > 16 && text[4] == '-' && digits(text, 5, 2, mo) && text[7] == '-'
          && digits(text, 8, 2, d) && (text[10] == 'T' || text[10] == ' ') && digits(text, 11, 2, h)
          && text[13] == ':' && digits(text, 14, 2, mi)))
        return bad("is not a date and time: write it as 2026-11-23T10:00+00:00");
    std::size_t at = 16;
    if (at < text.size() && text[at] == ':') {
        if (!digits(text, at + 1, 2, s))
            return bad("has malformed seconds: write it as 2026-11-23T10:00:00+00:00");
        at += 3;
    }
    const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 59)
        return bad("is not a real date and time");
    if (!sane_year(y))
        return bad(outside_years());
    if (at == text.size())
        return bad("has no zone offset: add one, e.g. " + std::string(text) + "+00:00 or Z (times are "
                   "compared as instants, so the offset cannot be guessed)");
    minutes offset{0};
    if (text[at] == 'Z' && at + 1 == text.size()) {
    } else if ((text[at] == '+' || text[at] == '-') && at + 6 == text.size() && text[at + 3] == ':') {
        int oh = 0, om = 0;
        if (!digits(text, at + 1, 2, oh) || !digits(text, at + 4, 2, om) || oh > 14 || om > 59)
            return bad("has a malformed zone offset: write it as +01:00 or Z");
        offset = hours{oh} + minutes{om};
        if (text[at] == '-')
            offset = -offset;
    } else {
        return bad("has a malformed zone offset: write it as +01:00 or Z");
    }
    const auto local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
    return time_point_cast<milliseconds>(local - offset);
}

std::optional<int> parse_clock(std::string_view text)
{
    int h = 0, m = 0;
    if (text.size() != 5 || text[2] != ':' || !digits(text, 0, 2, h) || !digits(text, 3, 2, m) || m > 59
        || h > 24 || (h == 24 && m != 0))
        return std::nullopt;
    return h * 60 + m;
}

int weekday_index(Date d)
{
    return static_cast<int>(weekday{sys_days{d}}.iso_encoding()) - 1;
}

} // namespace fascia::scheduling
