// Attendance, utilisation and courses, from scheduling's tables (read only).
// Appointments belong to the period their start falls in; each figure is an
// aggregate over the starts_ms index range (docs/REPORTS.md).
#include "contributions.h"

#include <boost/icl/interval_set.hpp>
#include <boost/json.hpp>

#include <cmath>
#include <map>

namespace fascia::reporting {

namespace json = boost::json;
using namespace std::chrono;

namespace {

/// A share rounded to four decimals, or 0 when there is nothing to share.
json::value rate(std::int64_t part, std::int64_t whole)
{
    return whole > 0 ? std::round(10000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10000.0 : 0.0;
}

json::value hours(std::int64_t ms)
{
    return std::round(static_cast<double>(ms) / 36'000.0) / 100.0;
}

std::vector<Column> attendance_columns(std::string group_label)
{
    return {{"group", std::move(group_label), Kind::text},
               {"booked", "Booked", Kind::count},
               {"attended", "Attended", Kind::count},
               {"cancelled", "Cancelled", Kind::count},
               {"late_cancelled", "Late cancellations", Kind::count},
               {"no_shows", "No-shows", Kind::count},
               {"cancellation_rate", "Cancellation rate", Kind::rate},
               {"late_cancellation_rate", "Late cancellation rate", Kind::rate},
               {"no_show_rate", "No-show rate", Kind::rate}};
}

/// Attendance rows of the appointments starting in [from_ms, to_ms), by `group_sql`.
void attendance_rows(const Scope& s, Table& t, std::int64_t from_ms, std::int64_t to_ms, const std::string& group_sql,
                     const std::optional<std::string>& label = std::nullopt)
{
    auto q = s.db.query("SELECT " + group_sql + ", count(*),"
                        " count(CASE WHEN a.status IN ('completed', 'arrived') THEN 1 END),"
                        " count(CASE WHEN a.status = 'cancelled' THEN 1 END),"
                        " count(CASE WHEN a.status = 'cancelled' AND a.late_cancel = 1 THEN 1 END),"
                        " count(CASE WHEN a.status = 'no_show' THEN 1 END)"
                        " FROM sched_appointments a JOIN staff st ON st.id = a.therapist_id"
                        " JOIN services sv ON sv.id = a.service_id"
                        " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND (?3 IS NULL OR a.therapist_id = ?3)"
                        " GROUP BY 1 ORDER BY 1",
                        from_ms, to_ms, s.therapist_id);
    bool any = false;
    const auto row = [&](json::value group, std::int64_t booked, std::int64_t attended, std::int64_t cancelled,
                         std::int64_t late, std::int64_t no_shows) {
        t.rows.push_back({std::move(group), booked, attended, cancelled, late, no_shows, rate(cancelled, booked),
                          rate(late, booked), rate(no_shows, booked)});
    };
    while (q.step()) {
        any = true;
        row(label ? json::value(*label) : json::value(q.text(0)), q.integer(1), q.integer(2), q.integer(3),
            q.integer(4), q.integer(5));
    }
    if (!any && label)
        row(json::value(*label), 0, 0, 0, 0, 0);
}

using Spans = boost::icl::interval_set<std::int64_t>;
using Span = boost::icl::interval_set<std::int64_t>::interval_type;

/// "09:30" → 570; -1 when malformed.
int minute_of(std::string_view text)
{
    if (text.size() != 5 || text[2] != ':')
        return -1;
    return ((text[0] - '0') * 10 + (text[1] - '0')) * 60 + (text[3] - '0') * 10 + (text[4] - '0');
}

/// One day's spans of a {"mon": [["09:00", "17:00"]], ...} pattern, as UTC milliseconds.
Spans day_spans(const date::time_zone* zone, Date day, const json::object& week)
{
    Spans out;
    const auto* spans = week.if_contains(
        std::array{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}[weekday{sys_days{day}}.iso_encoding() - 1]);
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

std::int64_t length(const Spans& spans)
{
    std::int64_t total = 0;
    for (const auto& span : spans)
        total += span.upper() - span.lower();
    return total;
}

} // namespace

Report attendance(const Scope& s)
{
    Report r;
    r.title = "Attendance";
    Table by_period{"by_period", "By " + s.request.by, attendance_columns("Period"), {}};
    for (const auto& p : s.rows)
        attendance_rows(s, by_period, p.start_ms, p.end_ms, "''", p.label);
    r.tables.push_back(std::move(by_period));
    Table by_therapist{"by_therapist", "By therapist", attendance_columns("Therapist"), {}};
    attendance_rows(s, by_therapist, s.from_ms, s.to_ms, "st.username");
    r.tables.push_back(std::move(by_therapist));
    Table by_service{"by_service", "By service", attendance_columns("Service"), {}};
    attendance_rows(s, by_service, s.from_ms, s.to_ms, "sv.name");
    r.tables.push_back(std::move(by_service));
    return r;
}

Report utilisation(const Scope& s)
{
    // Available time per therapist: their weekly pattern in effect on each day,
    // less breaks, leave and the clinic's closed days, in the clinic's zone.
    std::vector<std::pair<std::string, std::string>> therapists; // id, username; by username
    {
        auto q = s.db.query("SELECT id, username FROM staff WHERE role = 'therapist' AND (?1 IS NULL OR id = ?1)"
                            " ORDER BY username",
                            s.therapist_id);
        while (q.step())
            therapists.emplace_back(q.text(0), q.text(1));
    }
    struct Pattern {
        Date from;
        json::object week, breaks;
    };
    std::map<std::string, std::vector<Pattern>> patterns;
    {
        auto q = s.db.query("SELECT therapist_id, effective_from, week, breaks FROM sched_working_hours"
                            " WHERE effective_from <= ? ORDER BY therapist_id, effective_from",
                            format_date(s.request.to));
        while (q.step())
            if (const auto from = parse_date(q.text(1)))
                patterns[q.text(0)].push_back({*from, json::parse(q.text(2)).as_object(),
                                               json::parse(q.text(3)).as_object()});
    }
    Spans closed;
    {
        auto q = s.db.query("SELECT from_date, to_date FROM sched_closures WHERE to_date >= ? AND from_date <= ?",
                            format_date(s.request.from), format_date(s.request.to));
        while (q.step())
            if (const auto a = parse_date(q.text(0)), b = parse_date(q.text(1)); a && b)
                closed += Span::right_open(day_start_ms(s.zone, *a), day_start_ms(s.zone, Date{sys_days{*b} + days{1}}));
    }
    std::map<std::string, Spans> leave;
    {
        auto q = s.db.query("SELECT therapist_id, starts_ms, ends_ms FROM sched_leave WHERE ends_ms > ? AND starts_ms < ?",
                            s.from_ms, s.to_ms);
        while (q.step())
            leave[q.text(0)] += Span::right_open(q.integer(1), q.integer(2));
    }
    std::map<std::string, Spans> available; // therapist id → their available time in the period
    Spans anyone;                           // when at least one therapist is available: the rooms' time
    for (const auto& [id, name] : therapists) {
        const auto& mine = patterns[id];
        Spans spans;
        for (sys_days d{s.request.from}; d <= sys_days{s.request.to}; d += days{1}) {
            const Pattern* in_effect = nullptr;
            for (const auto& p : mine)
                if (sys_days{p.from} <= d)
                    in_effect = &p;
            if (in_effect)
                spans += day_spans(s.zone, Date{d}, in_effect->week) - day_spans(s.zone, Date{d}, in_effect->breaks);
        }
        spans -= closed;
        spans -= leave[id];
        anyone += spans;
        available[id] = std::move(spans);
    }

    const std::vector<Column> columns{{"group", "", Kind::text},
                                      {"available_hours", "Available hours", Kind::hours},
                                      {"booked_hours", "Booked hours", Kind::hours},
                                      {"utilisation", "Utilisation", Kind::rate}};
    const auto row = [](Table& t, json::value group, std::int64_t available_ms, std::int64_t booked_ms) {
        t.rows.push_back({std::move(group), hours(available_ms), hours(booked_ms), rate(booked_ms, available_ms)});
    };
    /// Booked time (completed, arrived, no-show) starting in [from, to), by `group_sql`.
    const auto booked = [&](std::int64_t from_ms, std::int64_t to_ms, const std::string& group_sql) {
        std::map<std::string, std::int64_t> out;
        auto q = s.db.query("SELECT " + group_sql + ", total(a.ends_ms - a.starts_ms) FROM sched_appointments a"
                            " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND a.status IN ('completed', 'arrived', 'no_show')"
                            " AND (?3 IS NULL OR a.therapist_id = ?3) GROUP BY 1",
                            from_ms, to_ms, s.therapist_id);
        while (q.step())
            out[q.text(0)] = q.integer(1);
        return out;
    };

    Report r;
    r.title = "Utilisation";
    auto period_columns = columns;
    period_columns[0].label = "Period";
    Table by_period{"by_period", "Therapists by " + s.request.by, period_columns, {}};
    for (const auto& p : s.rows) {
        Spans window;
        window += Span::right_open(p.start_ms, p.end_ms);
        std::int64_t available_ms = 0;
        for (const auto& [id, spans] : available)
            available_ms += length(spans & window);
        row(by_period, json::value(p.label), available_ms, booked(p.start_ms, p.end_ms, "''")[""]);
    }
    r.tables.push_back(std::move(by_period));

    auto therapist_columns = columns;
    therapist_columns[0].label = "Therapist";
    Table by_therapist{"by_therapist", "By therapist", therapist_columns, {}};
    auto therapist_booked = booked(s.from_ms, s.to_ms, "a.therapist_id");
    for (const auto& [id, name] : therapists)
        row(by_therapist, json::value(name), length(available[id]), therapist_booked[id]);
    r.tables.push_back(std::move(by_therapist));

    auto room_columns = columns;
    room_columns[0].label = "Room";
    Table by_room{"by_room", "By room (available while any therapist is)", room_columns, {}};
    auto room_booked = booked(s.from_ms, s.to_ms, "a.room_id");
    auto q = s.db.query("SELECT id, name, active FROM sched_rooms ORDER BY name");
    while (q.step())
        if (q.integer(2) == 1 || room_booked.count(q.text(0)))
            row(by_room, json::value(q.text(1)), length(anyone), room_booked[q.text(0)]);
    r.tables.push_back(std::move(by_room));
    return r;
}

namespace {

/// The id of a's course's first appointment (order "") or last (" DESC"), by start then id.
/// An equality on course_id, so SQLite reads the course's own rows by its index: a
/// range condition on the start would send it down the start index, every row before.
std::string course_end(const char* order)
{
    return std::string("(SELECT b.id FROM sched_appointments b WHERE b.course_id = a.course_id ORDER BY b.starts_ms")
           + order + ", b.id" + order + " LIMIT 1)";
}

} // namespace

Report courses(const Scope& s)
{
    Report r;
    r.title = "Courses";
    // A course starts in the period when its first appointment does, and ends
    // there when its last does: completed when that one was completed, dropped
    // when it was cancelled or missed or the course was cancelled.
    Table by_condition{"by_condition", "By condition type",
                       {{"condition_type", "Condition type", Kind::text},
                        {"started", "Started", Kind::count},
                        {"completed", "Completed", Kind::count},
                        {"dropped", "Dropped", Kind::count},
                        {"mean_sessions", "Mean sessions (ended courses)", Kind::number}},
                       {}};
    std::map<std::string, std::array<std::int64_t, 4>> tally; // started, completed, dropped, sessions of ended
    {
        auto q = s.db.query(
            "SELECT c.condition_type, count(*) FROM sched_appointments a JOIN sched_courses c ON c.id = a.course_id"
            " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND a.course_id IS NOT NULL AND (?3 IS NULL OR a.therapist_id = ?3)"
            " AND a.id = " + course_end("") + " GROUP BY 1",
            s.from_ms, s.to_ms, s.therapist_id);
        while (q.step())
            tally[q.text(0)][0] = q.integer(1);
    }
    {
        auto q = s.db.query(
            "SELECT c.condition_type,"
            " count(CASE WHEN c.status <> 'cancelled' AND a.status = 'completed' THEN 1 END),"
            " count(CASE WHEN c.status = 'cancelled' OR a.status IN ('cancelled', 'no_show') THEN 1 END),"
            " total((SELECT count(*) FROM sched_appointments b WHERE b.course_id = a.course_id AND b.status = 'completed'))"
            " FROM sched_appointments a JOIN sched_courses c ON c.id = a.course_id"
            " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND (?3 IS NULL OR a.therapist_id = ?3)"
            " AND (c.status = 'cancelled' OR a.status IN ('completed', 'cancelled', 'no_show'))"
            " AND a.course_id IS NOT NULL AND a.id = " + course_end(" DESC") + " GROUP BY 1",
            s.from_ms, s.to_ms, s.therapist_id);
        while (q.step()) {
            auto& t = tally[q.text(0)];
            t[1] = q.integer(1);
            t[2] = q.integer(2);
            t[3] = q.integer(3);
        }
    }
    for (const auto& [condition, t] : tally) {
        const auto ended = t[1] + t[2];
        by_condition.rows.push_back({json::value(condition), t[0], t[1], t[2],
                                     ended ? json::value(std::round(100.0 * t[3] / ended) / 100.0) : json::value(nullptr)});
    }
    r.tables.push_back(std::move(by_condition));

    // Reassessments due in the period and done (completed); rebooking: clients
    // whose completed session in the period has a later live booking.
    // Both counts are over the scope's period and therapist (bound as ?1, ?2 and ?3).
    const auto two_counts = [&s](std::string_view sql) {
        auto q = s.db.query(sql, s.from_ms, s.to_ms, s.therapist_id);
        q.step();
        return std::pair{q.integer(0), q.integer(1)};
    };
    const auto [due, done] =
        two_counts("SELECT count(*), count(CASE WHEN status = 'completed' THEN 1 END) FROM sched_appointments"
                   " WHERE starts_ms >= ? AND starts_ms < ? AND reassessment = 1 AND status <> 'cancelled'"
                   " AND (?3 IS NULL OR therapist_id = ?3)");
    const auto [clients, rebooked] = two_counts(
        "SELECT count(*), count(CASE WHEN EXISTS (SELECT 1 FROM sched_appointments b WHERE b.client_id = l.client_id"
        "   AND b.starts_ms > l.last_ms AND b.status <> 'cancelled') THEN 1 END)"
        " FROM (SELECT client_id, max(starts_ms) AS last_ms FROM sched_appointments"
        "       WHERE starts_ms >= ? AND starts_ms < ? AND status = 'completed' AND (?3 IS NULL OR therapist_id = ?3)"
        "       GROUP BY client_id) l");
    r.tables.push_back({"summary", "Reassessments and rebooking",
                        {{"reassessments_due", "Reassessments due", Kind::count},
                         {"reassessments_done", "Reassessments done", Kind::count},
                         {"reassessments_done_rate", "Done on time", Kind::rate},
                         {"clients_seen", "Clients seen", Kind::count},
                         {"clients_rebooked", "Rebooked", Kind::count},
                         {"rebooking_rate", "Rebooking rate", Kind::rate}},
                        {{due, done, rate(done, due), clients, rebooked, rate(rebooked, clients)}}});
    return r;
}

} // namespace fascia::reporting
