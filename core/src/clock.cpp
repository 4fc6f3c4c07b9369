#include <fascia/clock.h>
#include <fascia/clinic_zone.h>
#include <fascia/database.h>

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <charconv>
#include <cstdio>

namespace fascia {

using namespace std::chrono;

Instant SystemClock::now() const
{
    return time_point_cast<milliseconds>(system_clock::now());
}

std::string format_instant(Instant t)
{
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> tod{t - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(tod.hours().count()),
                  int(tod.minutes().count()), int(tod.seconds().count()),
                  int(tod.subseconds().count()));
    return buf;
}

namespace {

bool read_number(std::string_view text, std::size_t pos, std::size_t len, int& out)
{
    if (pos + len > text.size())
        return false;
    for (std::size_t i = pos; i < pos + len; ++i)
        if (text[i] < '0' || text[i] > '9')
            return false;
    std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return true;
}

} // namespace

std::optional<year_month_day> parse_date(std::string_view text)
{
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !read_number(text, 0, 4, y)
        || !read_number(text, 5, 2, m) || !read_number(text, 8, 2, d))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{unsigned(m)}, day{unsigned(d)}};
    if (!ymd.ok())
        return std::nullopt;
    return ymd;
}

std::string not_a_date(std::string_view text)
{
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !read_number(text, 0, 4, y)
        || !read_number(text, 5, 2, m) || !read_number(text, 8, 2, d))
        return "'" + std::string(text) + "' is not a date written YYYY-MM-DD";
    const std::string start = std::string(text) + " is not a real date (";
    if (m < 1 || m > 12)
        return start + "there is no month " + std::to_string(m) + ")";
    static constexpr std::array<const char*, 12> month_names{"January", "February", "March",     "April",
                                                        "May",     "June",     "July",      "August",
                                                        "September", "October", "November", "December"};
    const auto month_days = (year{y} / month{unsigned(m)} / last).day();
    return start + month_names[static_cast<std::size_t>(m - 1)] + " " + std::to_string(y) + " has "
           + std::to_string(unsigned(month_days)) + " days)";
}

std::string format_date(year_month_day d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()));
    return buf;
}

std::optional<Instant> parse_instant(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SS[.mmm]Z
    if (text.size() < 20 || text.back() != 'Z' || text[10] != 'T')
        return std::nullopt;
    const auto date = parse_date(text.substr(0, 10));
    int hh = 0, mm = 0, ss = 0, ms = 0;
    if (!date || text[13] != ':' || text[16] != ':' || !read_number(text, 11, 2, hh)
        || !read_number(text, 14, 2, mm) || !read_number(text, 17, 2, ss) || hh > 23 || mm > 59
        || ss > 59)
        return std::nullopt;
    if (text.size() == 24) {
        if (text[19] != '.' || !read_number(text, 20, 3, ms))
            return std::nullopt;
    } else if (text.size() != 20) {
        return std::nullopt;
    }
    return Instant{sys_days{*date} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{ms}};
}

year_month_day utc_date(Instant t)
{
    return year_month_day{floor<days>(t)};
}

bool is_known_time_zone(std::string_view zone)
{
    try {
        return date::locate_zone(zone) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

year_month_day local_date(Instant t, std::string_view zone)
{
    try {
        const auto local = date::make_zoned(date::locate_zone(zone), t).get_local_time();
        const auto d = date::year_month_day{date::floor<date::days>(local)};
        return year_month_day{year{int(d.year())}, month{unsigned(d.month())}, day{unsigned(d.day())}};
    } catch (const std::exception&) {
        return utc_date(t);
    }
}

const date::time_zone* clinic_zone(Database& db)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = 'time_zone'");
    const std::string name = q.step() ? q.text(0) : std::string("UTC");
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return date::locate_zone("UTC");
    }
}

} // namespace fascia
