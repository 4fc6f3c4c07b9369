// The utilisation report's hour-of-week table, the desk's heat map: for each
// weekday and each clock hour of the clinic's opening hours, the booked time
// falling in that hour over the period divided by the therapists' available
// time in it (docs/REPORTS.md, "Busiest hours of the week"). Hours are the
// clinic's wall clock, so a session at 10:00 in winter and in summer lands in
// the same cell; an appointment running over an hour's end counts in both.
#include "contributions.h"

#include <boost/icl/interval_set.hpp>
#include <boost/json.hpp>
#include <date/tz.h>

#include <array>
#include <cmath>
#include <map>

namespace fascia::reporting {

namespace json = boost::json;
using namespace std::chrono;

namespace {

using Span = Spans::interval_type;

constexpr std::array<const char*, 7> day_keys{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<const char*, 7> day_labels{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/// Monday 0 … Sunday 6.
int weekday_of(Date day)
{
    return static_cast<int>(weekday{sys_days{day}}.iso_encoding()) - 1;
}

/// Milliseconds per weekday (Monday first) and clock hour.
using Grid = std::array<std::array<std::int64_t, 24>, 7>;

/// The clock hours the clinic is open on some day, [first, last]; nullopt when it has no opening hours.
std::optional<std::pair<int, int>> opening_span(Database& db)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = 'opening_hours'");
    if (!q.step())
        return std::nullopt;
    boost::system::error_code ec;
    const auto opening = json::parse(q.text(0), ec);
    if (ec || !opening.is_object())
        return std::nullopt;
    int first = 24, last = -1;
    for (const auto* key : day_keys)
        if (const auto* day = opening.as_object().if_contains(key); day && day->is_array() && day->as_array().size() == 2
                                                                  && day->as_array()[0].is_string()
                                                                  && day->as_array()[1].is_string()) {
            const int opens = minute_of(day->as_array()[0].as_string());
            const int closes = minute_of(day->as_array()[1].as_string());
            if (opens < 0 || closes <= opens)
                continue;
            first = std::min(first, opens / 60);
            last = std::max(last, (closes - 1) / 60); // closing at 19:00 ends with the 18:00 hour
        }
    if (last < first)
        return std::nullopt;
    return std::pair{first, last};
}

/// A day's spans of a working-hours pattern ({"mon": [["09:00", "17:00"]], ...}) as UTC milliseconds.
Spans pattern_spans(const date::time_zone* zone, Date day, const json::object& week)
{
    Spans out;
    const auto* spans = week.if_contains(day_keys[static_cast<std::size_t>(weekday_of(day))]);
    if (!spans || !spans->is_array())
        return out;
    for (const auto& span : spans->as_array()) {
        const auto& pair = span.as_array();
        const int from = minute_of(pair.at(0).as_string()), to = minute_of(pair.at(1).as_string());
        if (from >= 0 && to > from)
            out += Span::right_open(local_ms(zone, day, from), local_ms(zone, day, to));
    }
    return out;
}

} // namespace

int minute_of(std::string_view text)
{
    if (text.size() != 5 || text[2] != ':')
        return -1;
    return ((text[0] - '0') * 10 + (text[1] - '0')) * 60 + (text[3] - '0') * 10 + (text[4] - '0');
}

std::map<std::string, Spans> available_time(const Scope& s)
{
    struct Pattern {
        Date from;
        json::object week, breaks;
    };
    std::map<std::string, std::vector<Pattern>> patterns; // therapist id → patterns by effective date
    {
        auto q = s.db.query("SELECT h.therapist_id, h.effective_from, h.week, h.breaks FROM sched_working_hours h"
                            " JOIN staff st ON st.id = h.therapist_id AND st.role = 'therapist'"
                            " WHERE h.effective_from <= ? AND (?2 IS NULL OR h.therapist_id = ?2)"
                            " ORDER BY h.therapist_id, h.effective_from",
                            format_date(s.request.to), s.therapist_id);
        while (q.step())
            if (const auto from = parse_date(q.text(1)))
                patterns[q.text(0)].push_back(
                    {*from, json::parse(q.text(2)).as_object(), json::parse(q.text(3)).as_object()});
    }
    Spans closed;
    {
        auto q = s.db.query("SELECT from_date, to_date FROM sched_closures WHERE to_date >= ? AND from_date <= ?",
                            format_date(s.request.from), format_date(s.request.to));
        while (q.step())
            if (const auto a = parse_date(q.text(0)), b = parse_date(q.text(1)); a && b)
                closed += Span::right_open(day_start_ms(s.zone, *a), day_start_ms(s.zone, Date{sys_days{*b} + days{1}}));
    }
    std::map<std::string, Spans> out;
    for (const auto& [id, mine] : patterns) {
        Spans spans;
        for (sys_days d{s.request.from}; d <= sys_days{s.request.to}; d += days{1}) {
            const Pattern* in_effect = nullptr;
            for (const auto& p : mine)
                if (sys_days{p.from} <= d)
                    in_effect = &p;
            if (in_effect)
                spans += pattern_spans(s.zone, Date{d}, in_effect->week) - pattern_spans(s.zone, Date{d}, in_effect->breaks);
        }
        out[id] = std::move(spans) - closed;
    }
    auto q = s.db.query("SELECT therapist_id, starts_ms, ends_ms FROM sched_leave WHERE ends_ms > ? AND starts_ms < ?",
                        s.from_ms, s.to_ms);
    while (q.step())
        if (const auto found = out.find(q.text(0)); found != out.end())
            found->second -= Span::right_open(q.integer(1), q.integer(2));
    return out;
}

Table busiest_hours(const Scope& s)
{
    Grid available{}, booked{};
    // Adds [start, end) to `grid`, split over the clinic's clock hours it covers.
    // Wall-clock hours: on the spring change the missing hour is empty, on the
    // autumn one the repeated hour is two. Walking each span hour by hour costs
    // what the spans cover (a year's working time: ~40,000 steps), where cutting
    // every hour of the year out of every therapist's time took two seconds.
    const auto add = [&](Grid& grid, std::int64_t start, std::int64_t end) {
        const auto local = s.zone->to_local(sys_time<milliseconds>{milliseconds{start}});
        const auto midnight = std::chrono::floor<days>(local);
        Date day{sys_days{midnight.time_since_epoch()}};
        int hour = static_cast<int>(std::chrono::floor<hours>(local - midnight).count());
        for (;;) {
            const auto from = local_ms(s.zone, day, hour * 60), to = local_ms(s.zone, day, (hour + 1) * 60);
            if (from >= end)
                break;
            if (const auto overlap = std::min(end, to) - std::max(start, from); overlap > 0)
                grid[static_cast<std::size_t>(weekday_of(day))][static_cast<std::size_t>(hour)] += overlap;
            if (++hour == 24) {
                hour = 0;
                day = Date{sys_days{day} + days{1}};
            }
        }
    };
    for (const auto& [id, spans] : available_time(s))
        for (const auto& span : spans)
            add(available, span.lower(), span.upper());

    // The same appointments as the utilisation report's booked hours (completed,
    // arrived, no-shows starting in the period), split over the clock hours they cover.
    auto q = s.db.query("SELECT starts_ms, ends_ms FROM sched_appointments WHERE starts_ms >= ? AND starts_ms < ?"
                        " AND status IN ('completed', 'arrived', 'no_show') AND (?3 IS NULL OR therapist_id = ?3)",
                        s.from_ms, s.to_ms, s.therapist_id);
    while (q.step())
        add(booked, q.integer(0), q.integer(1));

    // The columns: the clinic's opening hours, else every hour someone was available.
    auto span = opening_span(s.db);
    if (!span) {
        int first = 24, last = -1;
        for (const auto& day : available)
            for (int h = 0; h < 24; ++h)
                if (day[static_cast<std::size_t>(h)] > 0) {
                    first = std::min(first, h);
                    last = std::max(last, h);
                }
        if (last >= first)
            span = std::pair{first, last};
    }
    Table t{"by_hour_of_week", "Busiest hours of the week", {{"day", "Day", Kind::text}}, {}};
    const auto two = [](int h) { return std::string(h < 10 ? "0" : "") + std::to_string(h); };
    if (span)
        for (int h = span->first; h <= span->second; ++h)
            t.columns.push_back({"h" + two(h), two(h) + ":00", Kind::rate});
    for (std::size_t d = 0; d < 7; ++d) {
        std::vector<json::value> row{json::value(day_labels[d])};
        if (span)
            for (int h = span->first; h <= span->second; ++h) {
                const auto a = available[d][static_cast<std::size_t>(h)];
                const auto b = booked[d][static_cast<std::size_t>(h)];
                // No one available: no share to give (an empty cell, not 0 %, which would read as "quiet").
                row.push_back(a > 0 ? json::value(std::round(10000.0 * static_cast<double>(b) / static_cast<double>(a))
                                                  / 10000.0)
                                    : json::value(nullptr));
            }
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace fascia::reporting
