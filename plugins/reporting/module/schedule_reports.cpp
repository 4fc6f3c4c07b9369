// Attendance, utilisation and courses, from scheduling's tables (read only).
// Appointments belong to the period their start falls in. Attendance and the
// booked hours read the period once, one starts_ms index range, and sum it here
// into every table at once; courses are SQL aggregates over the same range
// (docs/REPORTS.md).
#include "contributions.h"

#include <boost/icl/interval_set.hpp>
#include <boost/json.hpp>

#include <cmath>
#include <map>
#include <unordered_map>

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

/// What became of a group of appointments.
struct Attendance {
    std::int64_t booked = 0, attended = 0, cancelled = 0, late = 0, no_shows = 0;

    /// Adds one appointment.
    void add(std::string_view status, bool late_cancel)
    {
        ++booked;
        if (status == "completed" || status == "arrived") {
            ++attended;
        } else if (status == "cancelled") {
            ++cancelled;
            late += late_cancel ? 1 : 0;
        } else if (status == "no_show") {
            ++no_shows;
        }
    }
};

void attendance_row(Table& t, json::value group, const Attendance& a)
{
    t.rows.push_back({std::move(group), a.booked, a.attended, a.cancelled, a.late, a.no_shows,
                      rate(a.cancelled, a.booked), rate(a.late, a.booked), rate(a.no_shows, a.booked)});
}

std::int64_t length(const Spans& spans)
{
    std::int64_t total = 0;
    for (const auto& span : spans)
        total += span.upper() - span.lower();
    return total;
}

/// The length of `spans` inside [from, to). (Summed by hand: intersecting with
/// an interval_set window trips g++ 12's -Wstringop-overflow inside Boost.ICL.)
std::int64_t length_within(const Spans& spans, std::int64_t from, std::int64_t to)
{
    std::int64_t total = 0;
    for (const auto& span : spans)
        total += std::max<std::int64_t>(0, std::min(to, span.upper()) - std::max(from, span.lower()));
    return total;
}

} // namespace

namespace sql {
// Each appointment's row, summed here rather than by GROUP BY: SQLite sorts
// every row to group them (most of the statement's time, measured), where a few
// hundred groups fit in a map. CROSS JOIN keeps the period rows outside, each
// an index range inside (SQLite does not reorder it; revenue's plan put them
// inside a scan of the whole history).
const std::string_view attendance =
    "SELECT b.key, a.therapist_id, a.service_id, a.status, a.late_cancel"
    " FROM json_each(?1) b"
    " CROSS JOIN sched_appointments a ON a.starts_ms >= b.value ->> 0 AND a.starts_ms < b.value ->> 1"
    " WHERE ?2 IS NULL OR a.therapist_id = ?2";
const std::string_view utilisation_booked =
    "SELECT b.key, a.therapist_id, a.room_id, a.ends_ms - a.starts_ms"
    " FROM json_each(?1) b"
    " CROSS JOIN sched_appointments a ON a.starts_ms >= b.value ->> 0 AND a.starts_ms < b.value ->> 1"
    " WHERE a.status IN ('completed', 'arrived', 'no_show') AND (?2 IS NULL OR a.therapist_id = ?2)";
} // namespace sql

Report attendance(const Scope& s)
{
    // One pass over the period's appointments, summed into every table at once.
    const Names therapists(s.db, "SELECT id, username FROM staff ORDER BY username");
    const Names services(s.db, "SELECT id, name FROM services ORDER BY name");
    std::vector<Attendance> per_period(s.rows.size());
    std::map<std::size_t, Attendance> by_therapist_rank, by_service_rank; // by rank in name order
    {
        auto q = s.db.query(sql::attendance, period_bounds(s.rows, false), s.therapist_id);
        while (q.step()) {
            const auto therapist = therapists.rank(q.text(1)), service = services.rank(q.text(2));
            if (!therapist || !service)
                continue; // as an inner join with staff and services would
            const auto status = q.text(3);
            const bool late = q.integer(4) == 1;
            for (auto* a : {&per_period.at(static_cast<std::size_t>(q.integer(0))), &by_therapist_rank[*therapist],
                            &by_service_rank[*service]})
                a->add(status, late);
        }
    }

    Report r;
    r.title = "Attendance";
    Table by_period{"by_period", "By " + s.request.by, attendance_columns("Period"), {}};
    for (std::size_t i = 0; i < s.rows.size(); ++i)
        attendance_row(by_period, json::value(s.rows[i].label), per_period[i]);
    r.tables.push_back(std::move(by_period));
    Table by_therapist{"by_therapist", "By therapist", attendance_columns("Therapist"), {}};
    for (const auto& [rank, a] : by_therapist_rank)
        attendance_row(by_therapist, json::value(therapists.name(rank)), a);
    r.tables.push_back(std::move(by_therapist));
    Table by_service{"by_service", "By service", attendance_columns("Service"), {}};
    for (const auto& [rank, a] : by_service_rank)
        attendance_row(by_service, json::value(services.name(rank)), a);
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
    auto working = available_time(s);
    std::map<std::string, Spans> available; // therapist id → their available time in the period
    Spans anyone;                           // when at least one therapist is available: the rooms' time
    for (const auto& [id, name] : therapists) {
        auto& spans = available[id];
        if (const auto found = working.find(id); found != working.end())
            spans = std::move(found->second);
        anyone += spans;
    }

    const std::vector<Column> columns{{"group", "", Kind::text},
                                      {"available_hours", "Available hours", Kind::hours},
                                      {"booked_hours", "Booked hours", Kind::hours},
                                      {"utilisation", "Utilisation", Kind::rate}};
    const auto row = [](Table& t, json::value group, std::int64_t available_ms, std::int64_t booked_ms) {
        t.rows.push_back({std::move(group), hours(available_ms), hours(booked_ms), rate(booked_ms, available_ms)});
    };
    // Booked time (completed, arrived, no-show): one pass, summed by row, therapist and room.
    std::vector<std::int64_t> period_booked(s.rows.size());
    std::map<std::string, std::int64_t> therapist_booked, room_booked; // by id
    {
        auto q = s.db.query(sql::utilisation_booked, period_bounds(s.rows, false), s.therapist_id);
        while (q.step()) {
            const auto ms = q.integer(3);
            period_booked.at(static_cast<std::size_t>(q.integer(0))) += ms;
            therapist_booked[q.text(1)] += ms;
            room_booked[q.text(2)] += ms;
        }
    }

    Report r;
    r.title = "Utilisation";
    auto period_columns = columns;
    period_columns[0].label = "Period";
    Table by_period{"by_period", "Therapists by " + s.request.by, period_columns, {}};
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        std::int64_t available_ms = 0;
        for (const auto& [id, spans] : available)
            available_ms += length_within(spans, s.rows[i].start_ms, s.rows[i].end_ms);
        row(by_period, json::value(s.rows[i].label), available_ms, period_booked[i]);
    }
    r.tables.push_back(std::move(by_period));

    auto therapist_columns = columns;
    therapist_columns[0].label = "Therapist";
    Table by_therapist{"by_therapist", "By therapist", therapist_columns, {}};
    for (const auto& [id, name] : therapists)
        row(by_therapist, json::value(name), length(available[id]), therapist_booked[id]);
    r.tables.push_back(std::move(by_therapist));

    auto room_columns = columns;
    room_columns[0].label = "Room";
    Table by_room{"by_room", "By room (available while any therapist is)", room_columns, {}};
    auto q = s.db.query("SELECT id, name, active FROM sched_rooms ORDER BY name");
    while (q.step())
        if (q.integer(2) == 1 || room_booked.count(q.text(0)))
            row(by_room, json::value(q.text(1)), length(anyone), room_booked[q.text(0)]);
    r.tables.push_back(std::move(by_room));
    return r;
}

namespace sql {
// A course's first (or last) appointment is read from the course's own rows by
// scheduling's course index, named: without it SQLite may walk a whole start
// index in order for each course instead (it did, where ANALYZE had seen few
// courses: quadratic in the period's appointments).
const std::string_view courses_started =
    "SELECT c.condition_type, count(*) FROM sched_appointments a JOIN sched_courses c ON c.id = a.course_id"
    " WHERE a.starts_ms >= ?1 AND a.starts_ms < ?2 AND a.course_id IS NOT NULL AND (?3 IS NULL OR a.therapist_id = ?3)"
    " AND a.id = (SELECT b.id FROM sched_appointments b INDEXED BY sched_appointments_by_course"
    "             WHERE b.course_id = a.course_id ORDER BY b.starts_ms, b.id LIMIT 1)"
    " GROUP BY 1";
const std::string_view courses_ended =
    "SELECT c.condition_type,"
    " count(CASE WHEN c.status <> 'cancelled' AND a.status = 'completed' THEN 1 END),"
    " count(CASE WHEN c.status = 'cancelled' OR a.status IN ('cancelled', 'no_show') THEN 1 END),"
    " total((SELECT count(*) FROM sched_appointments b INDEXED BY sched_appointments_by_course"
    "        WHERE b.course_id = a.course_id AND b.status = 'completed'))"
    " FROM sched_appointments a JOIN sched_courses c ON c.id = a.course_id"
    " WHERE a.starts_ms >= ?1 AND a.starts_ms < ?2 AND (?3 IS NULL OR a.therapist_id = ?3)"
    " AND (c.status = 'cancelled' OR a.status IN ('completed', 'cancelled', 'no_show'))"
    " AND a.course_id IS NOT NULL AND a.id = (SELECT b.id FROM sched_appointments b"
    "   INDEXED BY sched_appointments_by_course WHERE b.course_id = a.course_id"
    "   ORDER BY b.starts_ms DESC, b.id DESC LIMIT 1)"
    " GROUP BY 1";
const std::string_view courses_reassessments =
    "SELECT count(*), count(CASE WHEN status = 'completed' THEN 1 END) FROM sched_appointments"
    " WHERE starts_ms >= ?1 AND starts_ms < ?2 AND reassessment = 1 AND status <> 'cancelled'"
    " AND (?3 IS NULL OR therapist_id = ?3)";
// Rebooking: each client's last completed session of the period, then whether a
// live booking follows it. The last is found here (a map of the clients seen),
// not by GROUP BY client_id: SQLite sorted every completed session of the period
// for it, the report's largest cost.
const std::string_view courses_completed =
    "SELECT client_id, starts_ms FROM sched_appointments"
    " WHERE starts_ms >= ?1 AND starts_ms < ?2 AND status = 'completed' AND (?3 IS NULL OR therapist_id = ?3)";
const std::string_view courses_rebooked =
    "SELECT EXISTS (SELECT 1 FROM sched_appointments b WHERE b.client_id = ?1 AND b.starts_ms > ?2"
    " AND b.status <> 'cancelled')";
} // namespace sql

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
        auto q = s.db.query(sql::courses_started, s.from_ms, s.to_ms, s.therapist_id);
        while (q.step())
            tally[q.text(0)][0] = q.integer(1);
    }
    {
        auto q = s.db.query(sql::courses_ended, s.from_ms, s.to_ms, s.therapist_id);
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
    std::int64_t due = 0, done = 0, clients = 0, rebooked = 0;
    {
        auto q = s.db.query(sql::courses_reassessments, s.from_ms, s.to_ms, s.therapist_id);
        q.step();
        due = q.integer(0);
        done = q.integer(1);
    }
    {
        std::unordered_map<std::string, std::int64_t> last_completed; // client id → start, ms
        auto q = s.db.query(sql::courses_completed, s.from_ms, s.to_ms, s.therapist_id);
        while (q.step()) {
            const auto ms = q.integer(1);
            if (const auto [last, fresh] = last_completed.try_emplace(q.text(0), ms); !fresh)
                last->second = std::max(last->second, ms);
        }
        clients = static_cast<std::int64_t>(last_completed.size());
        for (const auto& [client, last] : last_completed) {
            auto later = s.db.query(sql::courses_rebooked, client, last);
            later.step();
            rebooked += later.integer(0);
        }
    }
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
