// Clinic days as UTC instants, and the day, week and month rows of a report.
// A clinic day is local midnight to local midnight in the clinic's IANA zone
// (date/tz), so a day the clocks change on is 23 or 25 hours long.
#include "contributions.h"

#include <date/tz.h>

namespace fascia::reporting {

using namespace std::chrono;

std::int64_t local_ms(const date::time_zone* zone, Date day, int minute_of_day)
{
    const date::local_time<minutes> local{sys_days{day}.time_since_epoch() + minutes{minute_of_day}};
    const auto info = zone->get_info(local);
    sys_seconds utc;
    if (info.result == date::local_info::nonexistent)
        utc = info.second.begin; // in the gap: the instant the clocks jumped to
    else
        utc = sys_seconds{local.time_since_epoch() - info.first.offset}; // ambiguous: the earlier
    return duration_cast<milliseconds>(utc.time_since_epoch()).count();
}

std::int64_t day_start_ms(const date::time_zone* zone, Date day)
{
    return local_ms(zone, day, 0);
}

std::string instant_text(std::int64_t ms)
{
    return format_instant(Instant{milliseconds{ms}});
}

std::vector<Period> periods(const date::time_zone* zone, Date from, Date to, std::string_view by)
{
    if (by != "day" && by != "week" && by != "month")
        throw Failure(invalid("--by: day, week or month", "by"));
    std::vector<Period> out;
    for (sys_days d{from}; d <= sys_days{to};) {
        sys_days end; // the day after the row's last
        std::string label = format_date(Date{d});
        if (by == "day") {
            end = d + days{1};
        } else if (by == "week") {
            end = d + days{7 - (weekday{d}.iso_encoding() - 1)};
        } else {
            const Date ymd{d};
            end = sys_days{(ymd.year() / ymd.month() / 1) + months{1}};
            label = label.substr(0, 7);
        }
        end = std::min(end, sys_days{to} + days{1});
        out.push_back({label, Date{d}, Date{end - days{1}}, day_start_ms(zone, Date{d}), day_start_ms(zone, Date{end})});
        d = end;
    }
    return out;
}

} // namespace fascia::reporting
