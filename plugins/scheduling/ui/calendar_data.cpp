#include "calendar_data.h"

#include "checkout.h"
#include "scheduling_module.h"

#include <fascia/clients.h>
#include <fascia/desk/plugin_support.h>
#include <fascia/sync.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <set>

namespace fascia::scheduling::ui {

namespace json = boost::json;
using namespace std::chrono;
using desk::qs;

namespace {

QString client_name(const std::string& first, const std::string& last, const std::string& preferred)
{
    return qs((preferred.empty() ? first : preferred) + " " + last);
}

/// The ids a pending command made or moved (its result: {"id"} or a course's {"sessions": [{"id"}]}).
void ids_of(const json::value& result, std::set<std::string>& out)
{
    if (!result.is_object())
        return;
    const auto& o = result.get_object();
    if (const auto* id = o.if_contains("id"); id && id->is_string())
        out.insert(std::string(id->get_string()));
    if (const auto* sessions = o.if_contains("sessions"); sessions && sessions->is_array())
        for (const auto& s : sessions->get_array())
            ids_of(s, out);
}

/// Text of a JSON field, "" when absent.
std::string text_of(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

} // namespace

Date plus_days(Date d, int n)
{
    return Date{sys_days{d} + days{n}};
}

Instant CalendarData::at(int day, int minutes) const
{
    return local_instant(zone, plus_days(first, day), std::chrono::minutes{minutes});
}

DeskScheduler::DeskScheduler(desk::DeskContext& desk)
    : deps(dependencies_of(desk.clinic().extensions())),
      scheduler(desk.clinic().db(), deps.intake, deps.vetting, desk.clinic().clock().now())
{
}

QString local_text(const date::time_zone* zone, Instant t, const char* format)
{
    return qs(date::format(format, date::make_zoned(zone, floor<minutes>(t)).get_local_time()));
}

QString therapist_name(Database& db, const std::string& username)
{
    const auto member = find_staff(db, username);
    return qs(member && !member->display_name.empty() ? member->display_name : username);
}

QStringList next_free_slots(Scheduler& scheduler, const Service& service, Instant from,
                            const std::optional<StaffMember>& therapist, const std::string& client_id, int count)
{
    QStringList out;
    for (const auto& slot : scheduler.find(service, from, therapist, count,
                                           client_id.empty() ? std::nullopt : std::optional(client_id)))
        out << QObject::tr("%1 with %2 in %3")
                   .arg(local_text(scheduler.zone(), slot.start), therapist_name(scheduler.db(), slot.therapist), qs(slot.room));
    return out;
}

CalendarData load_calendar(desk::DeskContext& desk, Date first, int days)
{
    auto& db = desk.clinic().db();
    DeskScheduler ds(desk);
    auto& s = ds.scheduler;
    CalendarData d;
    d.first = first;
    d.days = days;
    d.zone = s.zone();
    d.now = s.now();
    const Interval window{d.at(0, 0), d.at(days, 0)};

    const auto therapists = active_therapists(db);
    for (const auto& t : therapists)
        d.therapists.push_back({t.id, t.username, qs(t.display_name.empty() ? t.username : t.display_name)});
    for (const auto& r : list_rooms(db))
        if (r.active)
            d.rooms.push_back({r.id, r.name, qs(r.name)});

    const auto snapshot = s.load(window, therapists, std::nullopt, std::nullopt);
    d.working = snapshot.working;
    d.leave = snapshot.leave;
    d.opening = snapshot.opening;
    auto closures = db.query("SELECT from_date, to_date, reason FROM sched_closures WHERE to_date >= ? AND from_date <= ?",
                             format_date(first), format_date(plus_days(first, days - 1)));
    while (closures.step()) {
        const auto from = parse_date(closures.text(0));
        const auto to = parse_date(closures.text(1));
        if (from && to)
            d.closures.push_back({{local_instant(d.zone, *from, minutes{0}), local_instant(d.zone, plus_days(*to, 1), minutes{0})},
                                  qs(closures.text(2))});
    }

    // Sync: what this desk did that the server has not accepted yet, and what it refused.
    d.enrolled = sync::Replica(desk.clinic()).status().enrolled;
    std::set<std::string> pending;
    if (d.enrolled) {
        auto q = db.query("SELECT c.result FROM outbox o JOIN command_log c ON c.sequence = o.sequence"
                          " WHERE o.state = 'pending' AND o.type LIKE 'scheduling.%'");
        while (q.step()) {
            boost::system::error_code ec;
            ids_of(json::parse(q.text(0), ec), pending);
        }
    }

    const auto today = local_day(d.zone, d.now);
    auto q = db.query("SELECT a.id, a.client_id, c.first_name, c.last_name, c.preferred_name, a.service_id, v.name,"
                      " a.therapist_id, a.room_id, a.starts_ms, a.ends_ms, a.status FROM sched_appointments a"
                      " JOIN clients c ON c.id = a.client_id JOIN services v ON v.id = a.service_id"
                      " WHERE a.starts_ms < ? AND a.ends_ms > ? AND a.status <> 'cancelled' ORDER BY a.starts_ms, a.id",
                      ms(window.end), ms(window.start));
    while (q.step()) {
        Block b;
        b.id = q.text(0);
        b.client_id = q.text(1);
        b.client = client_name(q.text(2), q.text(3), q.text(4));
        b.service_id = q.text(5);
        b.service = qs(q.text(6));
        b.therapist_id = q.text(7);
        b.room_id = q.text(8);
        b.start = instant_ms(q.integer(9));
        b.end = instant_ms(q.integer(10));
        b.status = q.text(11);
        d.blocks.push_back(std::move(b));
    }
    for (auto& b : d.blocks) {
        // Today's screening says what the client may have, whatever day the block is on.
        if (auto st = s.client_status(b.client_id, today))
            b.restrictions = st->restrictions;
        const bool happened = b.status != "booked" || b.end <= d.now;
        const auto bill = bill_of(db, b.id);
        b.unpaid = happened && bill.due() > 0;
        b.paid = bill.paid > bill.refunded && bill.due() == 0;
        b.tentative = pending.count(b.id) > 0;
    }

    // Refused bookings and moves stay on the calendar, where they were asked for, until dismissed.
    auto refused = db.query("SELECT sequence, type, payload, refusal FROM outbox WHERE state = 'refused'"
                            " AND dismissed_at IS NULL AND type IN ('scheduling.book', 'scheduling.reschedule')"
                            " ORDER BY sequence");
    while (refused.step()) {
        boost::system::error_code ec;
        const auto payload = json::parse(refused.text(2), ec);
        if (ec || !payload.is_object())
            continue;
        const auto& p = payload.get_object();
        Block b;
        b.status = "refused";
        b.refused_sequence = refused.integer(0);
        b.refusal = qs(refused.optional_text(3).value_or(""));
        try {
            const auto start = parse_datetime(text_of(p, "start"), "start");
            if (!start)
                continue;
            b.start = *start;
            std::string service = text_of(p, "service"), therapist = text_of(p, "therapist");
            if (refused.text(1) == "scheduling.reschedule") {
                auto a = db.query("SELECT client_id, service_id, therapist_id FROM sched_appointments WHERE id = ?",
                                  text_of(p, "id"));
                if (!a.step())
                    continue;
                b.client_id = a.text(0);
                service = a.text(1);
                if (therapist.empty())
                    therapist = a.text(2);
            } else {
                b.client_id = text_of(p, "client_id");
            }
            const auto svc = service_named(db, service);
            b.service_id = svc.id;
            b.service = qs(svc.name);
            b.therapist_id = therapist_named(db, therapist).id;
            b.end = b.start + minutes{svc.duration_minutes};
            if (const auto room = text_of(p, "room"); !room.empty())
                b.room_id = room_named(db, room).id;
        } catch (const Failure&) {
            continue; // names that no longer resolve: `fascia sync status` still lists it
        }
        if (const auto c = find_client(db, b.client_id))
            b.client = client_name(c->first_name, c->last_name, c->preferred_name);
        if (b.end > window.start && b.start < window.end)
            d.blocks.push_back(std::move(b));
    }
    return d;
}

} // namespace fascia::scheduling::ui
