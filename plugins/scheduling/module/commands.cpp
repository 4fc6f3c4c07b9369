// The scheduling module's commands: the only way rooms, hours, leave,
// closures, bookings, courses and the waitlist change. Each runs inside the
// bus's BEGIN IMMEDIATE transaction, so what a check reads cannot change
// before the booking is written; the overlap triggers hold every other path
// (the sync authority's re-run, a rebase) to the same rule.
#include "checkout.h"
#include "scheduling_module.h"

#include <fascia/payload.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <algorithm>

namespace fascia::scheduling {

namespace json = boost::json;
using namespace std::chrono;

namespace {

using Deps = std::shared_ptr<const Dependencies>;

Scheduler scheduler_for(CommandContext& ctx, const Deps& deps)
{
    return Scheduler(ctx.db, deps->intake, deps->vetting, ctx.now());
}

template <class T>
T value_or_throw(Result<T> r)
{
    if (!r)
        reject(r.error());
    return std::move(*r);
}

Instant datetime(const Payload& p, std::string_view field)
{
    auto t = parse_datetime(p.text(field), field);
    if (!t)
        reject(t.error());
    return *t;
}

/// A payload's optional date, through parse_day (the years 1900 to 2200); invalid naming the field.
std::optional<Date> optional_payload_day(const Payload& p, std::string_view field)
{
    const auto text = p.optional_text(field);
    if (!text || text->empty())
        return std::nullopt;
    return value_or_throw(parse_day(*text, field));
}

/// A payload's required date, as optional_payload_day.
Date payload_day(const Payload& p, std::string_view field)
{
    const auto d = optional_payload_day(p, field);
    if (!d)
        reject(invalid(std::string(field) + ": is required (a date written YYYY-MM-DD)", std::string(field)));
    return *d;
}

/// The booked appointments in `window` (one therapist's, or everyone's) that a change
/// of leave, closures or hours has left uncovered, read after the change with a fresh
/// Scheduler (an older one keeps the hours it read):
/// [{"id", "start", "client_id", "client", "therapist", "why"}].
json::array affected_by_change(CommandContext& ctx, const Deps& deps, Interval window,
                               const std::optional<std::string>& therapist_id)
{
    auto s = scheduler_for(ctx, deps);
    json::array out;
    for (const auto& u : s.uncovered(window, therapist_id))
        out.push_back(json::object{{"id", u.id},
                                   {"start", format_local(s.zone(), u.start)},
                                   {"client_id", u.client_id},
                                   {"client", u.client},
                                   {"therapist", u.therapist},
                                   {"why", u.why}});
    return out;
}

/// The instants `first` and `last` of a payload, the second after the first; else invalid,
/// naming `last`: "<last>: <must>" (e.g. must = "leave must end after it starts").
std::pair<Instant, Instant> datetime_span(const Payload& p, std::string_view first, std::string_view last,
                                          std::string_view must)
{
    const auto from = datetime(p, first);
    const auto to = datetime(p, last);
    if (to <= from)
        reject(invalid(std::string(last) + ": " + std::string(must), std::string(last)));
    return {from, to};
}

/// A live appointment row, as the change commands need it.
struct Booked {
    std::string id, client_id, therapist_id, room_id, service_id, status;
    std::optional<std::string> course_id, precheck_id;
    Instant start, end;
    bool precheck_flagged = false;
};

Booked booked(Database& db, const std::string& id)
{
    auto q = db.query("SELECT id, client_id, therapist_id, room_id, service_id, status, course_id, precheck_id,"
                      " starts_ms, ends_ms, precheck_flagged FROM sched_appointments WHERE id = ?",
                      id);
    if (!q.step())
        reject(invalid("id: there is no appointment " + id + " (`fascia schedule client ID` lists a client's)", "id"));
    return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.optional_text(6),
            q.optional_text(7), instant_ms(q.integer(8)), instant_ms(q.integer(9)), q.integer(10) != 0};
}

/// Turns a trigger's refusal (the last guard) into a rule's refusal with its code.
template <class Body>
void guarded_write(Body&& body)
{
    try {
        body();
    } catch (const Failure& f) {
        for (const char* code : {"therapist_busy", "room_busy", "client_busy"})
            if (f.error().message.find(std::string(code) + ":") != std::string::npos)
                reject(refused("that time was taken meanwhile: " + f.error().message.substr(
                                   f.error().message.find(std::string(code) + ":") + std::string(code).size() + 2),
                               code));
        throw;
    }
}

std::string insert_appointment(CommandContext& ctx, const Slot& slot, const std::string& client_id,
                               const Service& service, const std::optional<std::string>& course_id = std::nullopt,
                               std::optional<std::int64_t> seq = std::nullopt, bool reassessment = false)
{
    const auto id = ctx.new_id();
    guarded_write([&] {
        ctx.db.query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at,"
                     " ends_at, starts_ms, ends_ms, course_id, course_seq, reassessment, created_by, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     id, client_id, slot.therapist_id, slot.room_id, service.id, format_instant(slot.start),
                     format_instant(slot.end), ms(slot.start), ms(slot.end), course_id, seq,
                     std::int64_t{reassessment ? 1 : 0}, ctx.actor.username, format_instant(ctx.now()))
            .run();
    });
    return id;
}

/// Offers one slot to one waiting entry, open for `scheduling.offer_expiry_minutes`.
void offer(CommandContext& ctx, Scheduler& s, const std::string& waitlist_id, const std::string& therapist_id,
           const std::string& room_id, Instant start, Instant end)
{
    ctx.db.query("INSERT INTO sched_offers(id, waitlist_id, therapist_id, room_id, starts_ms, ends_ms, offered_at,"
                 " expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 ctx.new_id(), waitlist_id, therapist_id, room_id, ms(start), ms(end), format_instant(ctx.now()),
                 ms(ctx.now() + minutes{s.settings().offer_expiry_minutes}))
        .run();
}

/// Whether a waiting client could book the slot now, by every check `book` runs
/// (screening, clearance, restrictions, vetting, the time, the room): an offer
/// goes only to someone who could accept it (a tryout saw 2 of 3 offers go to
/// clients whose screening then refused the booking).
bool could_book(Scheduler& s, const std::string& client_id, const Service& service, const StaffMember& therapist,
                Instant start, const std::string& room_id)
{
    return static_cast<bool>(s.check({client_id, service, therapist, start, room_id, std::nullopt}));
}

/// Offers a freed slot to the first waiting clients it suits who could book it (clinic setting).
void offer_freed(CommandContext& ctx, Scheduler& s, const Booked& freed)
{
    if (freed.start <= ctx.now())
        return;
    // A therapist no longer working here has nothing to offer (accepting would be refused).
    const auto therapist = find_staff(ctx.db, freed.therapist_id);
    if (!therapist || !therapist->active || therapist->role != Role::therapist)
        return;
    const auto service = service_named(ctx.db, freed.service_id);
    auto q = ctx.db.query("SELECT id, client_id FROM sched_waitlist WHERE status = 'waiting' AND service_id = ?"
                          " AND (therapist_id IS NULL OR therapist_id = ?) AND window_from_ms <= ? AND window_to_ms >= ?"
                          " AND client_id <> ? ORDER BY created_at, rowid",
                          freed.service_id, freed.therapist_id, ms(freed.start), ms(freed.end), freed.client_id);
    std::vector<std::pair<std::string, std::string>> waiting; // (entry, client)
    while (q.step())
        waiting.emplace_back(q.text(0), q.text(1));
    int offered = 0;
    for (const auto& [entry, client_id] : waiting) {
        if (offered == s.settings().waitlist_offers)
            break;
        if (!could_book(s, client_id, service, *therapist, freed.start, freed.room_id))
            continue;
        offer(ctx, s, entry, freed.therapist_id, freed.room_id, freed.start, freed.end);
        ++offered;
    }
}

/// The waiting entries a change to one therapist's time may suit: their own
/// therapist or any, a window not yet over; in the order they joined.
struct Waiting {
    std::string id, client_id, service_id;
    Interval window;
};

std::vector<Waiting> waiting_for(CommandContext& ctx, const std::string& therapist_id)
{
    std::vector<Waiting> out;
    auto q = ctx.db.query("SELECT id, client_id, service_id, window_from_ms, window_to_ms FROM sched_waitlist"
                          " WHERE status = 'waiting' AND (therapist_id IS NULL OR therapist_id = ?) AND window_to_ms > ?"
                          " ORDER BY created_at, rowid",
                          therapist_id, ms(ctx.now()));
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2),
                       {std::max(instant_ms(q.integer(3)), ctx.now()), instant_ms(q.integer(4))}});
    return out;
}

/// Runs a change that can only add to a therapist's bookable time (new working
/// hours, leave taken back) and offers what it added to the waiting clients it
/// suits: each entry's first free slot in the new time, each slot to the first
/// `scheduling.waitlist_offers` entries. A quarter ahead at most, as `find` looks.
template <class Change>
void offering_gained_time(CommandContext& ctx, Scheduler& s, const StaffMember& therapist, Change&& change)
{
    const auto waiting = waiting_for(ctx, therapist.id);
    Instant until = ctx.now();
    for (const auto& w : waiting)
        until = std::max(until, w.window.end);
    const Interval horizon{ctx.now(), std::min(until, ctx.now() + days{91})};
    if (waiting.empty() || horizon.empty()) {
        change();
        return;
    }
    const auto before = s.bookable_time(horizon, therapist);
    change();
    const auto gained = s.bookable_time(horizon, therapist) - before;
    if (gained.empty())
        return;
    std::map<std::int64_t, int> offered; // by slot start
    for (const auto& w : waiting) {
        const auto service = service_named(ctx.db, w.service_id);
        const Interval within{w.window.start, std::min(w.window.end, horizon.end)};
        const auto slot = s.first_free_in(service, therapist, within, gained, w.client_id);
        if (slot && could_book(s, w.client_id, service, therapist, slot->start, slot->room_id)
            && offered[ms(slot->start)]++ < s.settings().waitlist_offers)
            offer(ctx, s, w.id, slot->therapist_id, slot->room_id, slot->start, slot->end);
    }
}

json::object booked_answer(CommandContext& ctx, Scheduler& s, const std::string& id)
{
    ctx.touch("appointment", id);
    return appointment_json(ctx.db, s.zone(), id);
}

Result<json::value> book(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "service", "therapist", "start", "room"});
    auto s = scheduler_for(ctx, deps);
    const auto service = service_named(ctx.db, p.text("service"));
    const auto therapist = therapist_named(ctx.db, p.text("therapist"));
    const auto start = datetime(p, "start");
    std::optional<std::string> room;
    if (const auto r = p.optional_text("room"))
        room = room_named(ctx.db, *r).id;
    const auto client = p.text("client_id");
    const auto slot = value_or_throw(s.check({client, service, therapist, start, room, std::nullopt}));
    const auto id = insert_appointment(ctx, slot, client, service);
    return json::value(booked_answer(ctx, s, id));
}

PlanRequest plan_request(CommandContext& ctx, const Payload& p)
{
    PlanRequest r;
    r.client_id = p.text("client_id");
    r.service = service_named(ctx.db, p.text("service"));
    r.from = payload_day(p, "from");
    if (const auto t = p.optional_text("therapist"))
        r.therapist = therapist_named(ctx.db, *t);
    if (const auto w = p.optional_integer("weeks", 1, 52))
        r.weeks = static_cast<int>(*w);
    if (const auto n = p.optional_integer("sessions_per_week", 1, 7))
        r.sessions_per_week = static_cast<int>(*n);
    if (const auto prefer = p.optional_text("prefer"))
        r.prefer = Preference::parse(*prefer);
    return r;
}

/// Refused `course_active` when the client has a course with sessions still
/// booked ahead: a second course beside it doubled their sessions (two on one
/// day in a tryout). Names the course's next session and its therapist and how
/// to cancel it; a single `book` stays allowed.
Result<void> no_active_course(CommandContext& ctx, Scheduler& s, const std::string& client_id)
{
    auto q = ctx.db.query("SELECT a.course_id, st.username, a.starts_ms FROM sched_appointments a"
                          " JOIN sched_courses c ON c.id = a.course_id JOIN staff st ON st.id = a.therapist_id"
                          " WHERE a.client_id = ? AND a.status = 'booked' AND a.starts_ms > ? AND c.status <> 'cancelled'"
                          " ORDER BY a.starts_ms LIMIT 1",
                          client_id, ms(ctx.now()));
    if (!q.step())
        return {};
    const auto course = q.text(0);
    return refused("the client already has a course of care (" + course + ") with sessions booked; the next is at "
                       + format_local(s.zone(), instant_ms(q.integer(2))) + " with " + q.text(1)
                       + ". Cancel that course first (`fascia schedule cancel " + course
                       + " --course --reason TEXT`), or book single sessions with `fascia schedule book`",
                   "course_active");
}

Result<json::value> book_course(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "service", "from", "therapist", "weeks", "sessions_per_week", "prefer", "sessions"});
    auto s = scheduler_for(ctx, deps);
    const auto request = plan_request(ctx, p);
    // A course shape the screening does not allow is bad input, named before the rule.
    const auto shaped = value_or_throw(s.shape(request));
    if (auto none = no_active_course(ctx, s, request.client_id); !none)
        return none.error();
    // The plan the desk showed (sent with the command, so every database that
    // runs it books the same times); without one, planned here.
    std::vector<Slot> sessions;
    CoursePlan plan;
    if (const auto* given = ctx.command.payload.if_contains("sessions")) {
        if (!given->is_array() || given->get_array().empty())
            return invalid("sessions: a list of {\"start\", \"therapist\", \"room\"}", "sessions");
        plan = shaped;
        for (const auto& item : given->get_array()) {
            if (!item.is_object())
                return invalid("sessions: each session is {\"start\", \"therapist\", \"room\"}", "sessions");
            const Payload one(item.get_object());
            const auto t = therapist_named(ctx.db, one.text("therapist"));
            const auto room = room_named(ctx.db, one.text("room"));
            const auto start = datetime(one, "start");
            sessions.push_back({start, start + minutes{request.service.duration_minutes}, t.id, t.username, room.id,
                                room.name});
        }
    } else {
        plan = value_or_throw(s.plan(request));
        sessions = plan.sessions;
    }
    std::sort(sessions.begin(), sessions.end(), [](const Slot& a, const Slot& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < sessions.size(); ++i)
        if (sessions[i].start < sessions[i - 1].start + hours{s.settings().min_hours_apart})
            return invalid("sessions: sessions " + std::to_string(i) + " and " + std::to_string(i + 1) + " are less than "
                               + std::to_string(s.settings().min_hours_apart) + " hours apart",
                           "sessions");
    // Every occurrence is checked, not a sample; one clash books nothing.
    const auto clashes = s.clashes(request, sessions);
    if (!clashes.empty()) {
        for (const auto& c : clashes)
            if (c.why.kind == ErrorKind::invalid_input)
                return c.why;
        std::string message = "nothing was booked: ";
        for (const auto& c : clashes) {
            message += "session " + std::to_string(c.index + 1) + " at " + format_local(s.zone(), sessions[c.index].start)
                       + " (" + c.why.reason + ": " + c.why.message + ")";
            message += c.replacement ? "; instead " + format_local(s.zone(), c.replacement->start) + " with "
                                           + c.replacement->therapist + " in " + c.replacement->room
                                     : std::string("; no replacement that week");
            message += ". ";
        }
        message += "Book again with the replacements (`fascia schedule plan` shows the whole series).";
        return refused(message, "course_clash");
    }
    const auto course = ctx.new_id();
    ctx.db.query("INSERT INTO sched_courses(id, client_id, service_id, condition_type, sessions_per_week, weeks,"
                 " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 course, request.client_id, request.service.id, plan.condition_type,
                 std::int64_t{plan.sessions_per_week}, std::int64_t{plan.weeks}, ctx.actor.username,
                 format_instant(ctx.now()))
        .run();
    json::array ids;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        // Re-checked as it is written: the sessions of this very course count too.
        auto therapist = therapist_named(ctx.db, sessions[i].therapist);
        const auto slot = value_or_throw(
            s.check({request.client_id, request.service, therapist, sessions[i].start, sessions[i].room_id, std::nullopt}));
        ids.push_back(json::value(insert_appointment(ctx, slot, request.client_id, request.service, course,
                                                     static_cast<std::int64_t>(i + 1), i + 1 == 3)));
    }
    ctx.touch("course", course);
    json::array out;
    for (const auto& id : ids)
        out.push_back(appointment_json(ctx.db, s.zone(), id.as_string()));
    return json::value(json::object{{"course_id", course},
                                    {"condition_type", plan.condition_type},
                                    {"sessions_per_week", plan.sessions_per_week},
                                    {"reassessment_at", 3},
                                    {"sessions", std::move(out)}});
}

Result<json::value> reschedule(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "start", "therapist", "room"});
    auto s = scheduler_for(ctx, deps);
    const auto old = booked(ctx.db, p.text("id"));
    const auto start = datetime(p, "start");
    if (old.status != "booked")
        return refused("the appointment is " + old.status + "; only a booked one can be moved", "not_booked");
    const auto service = service_named(ctx.db, old.service_id);
    const auto therapist = therapist_named(ctx.db, p.optional_text("therapist").value_or(old.therapist_id));
    std::optional<std::string> room;
    if (const auto r = p.optional_text("room"))
        room = room_named(ctx.db, *r).id;
    const auto slot = value_or_throw(s.check({old.client_id, service, therapist, start, room, old.id}));
    guarded_write([&] {
        ctx.db.query("UPDATE sched_appointments SET therapist_id = ?, room_id = ?, starts_at = ?, ends_at = ?,"
                     " starts_ms = ?, ends_ms = ? WHERE id = ?",
                     slot.therapist_id, slot.room_id, format_instant(slot.start), format_instant(slot.end),
                     ms(slot.start), ms(slot.end), old.id)
            .run();
    });
    offer_freed(ctx, s, old);
    return json::value(booked_answer(ctx, s, old.id));
}

/// Cancels one live appointment; returns whether it was late.
bool cancel_one(CommandContext& ctx, Scheduler& s, const Booked& a, const std::string& reason, const std::string& by)
{
    // Only a client's short-notice cancellation is late (the clinic's own is not a fee matter).
    const bool late = by == "client" && a.start - ctx.now() < hours{s.settings().late_cancel_hours};
    ctx.db.query("UPDATE sched_appointments SET status = 'cancelled', cancel_reason = ?, cancelled_by = ?,"
                 " late_cancel = ?, cancelled_at = ? WHERE id = ?",
                 reason, by, std::int64_t{late ? 1 : 0}, format_instant(ctx.now()), a.id)
        .run();
    offer_freed(ctx, s, a);
    return late;
}

std::string cancelled_by(const Payload& p)
{
    const auto by = p.optional_text("by").value_or("client");
    if (by != "client" && by != "clinic")
        reject(invalid("by: '" + by + "' is not client or clinic", "by"));
    return by;
}

Result<json::value> cancel(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "reason", "by"});
    auto s = scheduler_for(ctx, deps);
    const auto a = booked(ctx.db, p.text("id"));
    const auto reason = p.text("reason");
    const auto by = cancelled_by(p);
    if (a.status != "booked")
        return refused("the appointment is " + a.status + "; only a booked one can be cancelled", "not_booked");
    cancel_one(ctx, s, a, reason, by);
    give_vouchers_back(ctx, deps->vouchers, a.id); // checkout.cpp: voucher money goes home
    return json::value(booked_answer(ctx, s, a.id));
}

Result<json::value> cancel_course(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "reason", "by"});
    auto s = scheduler_for(ctx, deps);
    const auto course = p.text("id");
    const auto reason = p.text("reason");
    const auto by = cancelled_by(p);
    auto exists = ctx.db.query("SELECT status FROM sched_courses WHERE id = ?", course);
    if (!exists.step())
        return invalid("id: there is no course " + course, "id");
    std::vector<std::string> future;
    auto q = ctx.db.query("SELECT id FROM sched_appointments WHERE course_id = ? AND status = 'booked' AND starts_ms > ?"
                          " ORDER BY starts_ms",
                          course, ms(ctx.now()));
    while (q.step())
        future.push_back(q.text(0));
    json::array cancelled;
    for (const auto& id : future) {
        cancel_one(ctx, s, booked(ctx.db, id), reason, by);
        give_vouchers_back(ctx, deps->vouchers, id);
        cancelled.push_back(json::value(id));
    }
    ctx.db.query("UPDATE sched_courses SET status = 'cancelled' WHERE id = ?", course).run();
    ctx.touch("course", course);
    return json::value(json::object{{"course_id", course}, {"cancelled", std::move(cancelled)}});
}

/// The session's local date and today's, in the clinic's zone: arriving, the
/// pre-session check and completing happen on the session's day (the check asks
/// how the client is now; an arrival weeks ahead locked a booking in a tryout).
struct SessionDay {
    Date on;    ///< the session's date
    Date today; ///< now's date
    bool ahead() const { return sys_days{on} > sys_days{today}; }
    /// "the session is on 2026-12-02 and today is 2026-11-23"
    std::string text() const { return "the session is on " + format_date(on) + " and today is " + format_date(today); }
};

SessionDay session_day(Scheduler& s, const Booked& a)
{
    return {local_day(s.zone(), a.start), local_day(s.zone(), s.now())};
}

/// no-show, arrive, complete: a status change with its rule.
Result<json::value> change_status(CommandContext& ctx, const Deps& deps, std::string_view to)
{
    const Payload p(ctx.command.payload);
    p.only({"id"});
    auto s = scheduler_for(ctx, deps);
    const auto a = booked(ctx.db, p.text("id"));
    if (to == "no_show") {
        if (a.status != "booked")
            return refused("the appointment is " + a.status + "; only a booked one can be a no-show", "not_booked");
        if (a.start > ctx.now())
            return refused("the appointment has not started yet; a no-show is marked after its start", "not_started");
    } else if (to == "arrived") {
        if (a.status != "booked")
            return refused("the appointment is " + a.status + "; only a booked client can arrive", "not_booked");
        // Early on the day is fine; another day is not (nothing undoes an arrival).
        if (const auto day = session_day(s, a); day.on != day.today)
            return refused(day.text() + ": a client is marked arrived on the day of their session", "not_today");
    } else if (to == "completed") {
        if (a.status != "booked" && a.status != "arrived")
            return refused("the appointment is " + a.status + "; it cannot be completed", "not_booked");
        // Before the pre-session check's rule: that check cannot be done yet either.
        if (const auto day = session_day(s, a); day.ahead())
            return refused(day.text() + ": it can be completed on " + format_date(day.on)
                               + ", after that day's pre-session check",
                           "not_today");
        // The intake rule: every session starts with the pre-session check.
        if (!a.precheck_id)
            return refused("the pre-session check has not been done for this appointment: run "
                           "`fascia schedule precheck " + a.id + "` first",
                           "precheck_required");
        if (a.precheck_flagged)
            return refused("the pre-session check found a change (a new screening was recorded): the session "
                           "cannot be completed as booked",
                           "precheck_flagged");
    }
    ctx.db.query("UPDATE sched_appointments SET status = ? WHERE id = ?", to, a.id).run();
    return json::value(booked_answer(ctx, s, a.id));
}

Result<json::value> precheck(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "answers"});
    auto s = scheduler_for(ctx, deps);
    const auto a = booked(ctx.db, p.text("id"));
    const auto* answers = ctx.command.payload.if_contains("answers");
    if (!answers || !answers->is_object())
        return invalid("answers: the pre-session check's answers, {\"question\": true|false, ...}", "answers");
    if (a.status != "booked" && a.status != "arrived")
        return refused("the appointment is " + a.status + "; the check is done before a session", "not_booked");
    if (!deps->intake)
        return internal_error("the intake module is not loaded");
    const auto day = session_day(s, a);
    const auto on = day.on;
    // The check asks how the client is now: it is done on the session's day.
    if (day.ahead())
        return refused("the pre-session check is done on the day of the session (" + format_date(on)
                           + "); today is " + format_date(day.today),
                       "precheck_too_early");
    const auto status = value_or_throw(s.client_status(a.client_id, on));
    if (!status.form)
        return refused("the client has no screening to check against", "no_screening");
    const auto outcome = value_or_throw(deps->intake->precheck(
        ctx, a.client_id, json::object{{"form", *status.form}, {"checked_on", format_date(on)}, {"answers", *answers}}));
    ctx.db.query("UPDATE sched_appointments SET precheck_id = ?, precheck_flagged = ? WHERE id = ?",
                 outcome.precheck_id, std::int64_t{outcome.flagged ? 1 : 0}, a.id)
        .run();
    auto out = booked_answer(ctx, s, a.id);
    out["precheck_flagged"] = outcome.flagged;
    return json::value(out);
}

json::array string_list(const json::object& payload, std::string_view field)
{
    json::array out;
    const auto* v = payload.if_contains(field);
    if (!v)
        return out;
    if (!v->is_array())
        reject(invalid(std::string(field) + ": a list of names", std::string(field)));
    for (const auto& item : v->get_array()) {
        if (!item.is_string() || item.get_string().empty())
            reject(invalid(std::string(field) + ": a list of names", std::string(field)));
        out.push_back(item);
    }
    return out;
}

void set_features(CommandContext& ctx, const std::string& room, const json::array& features)
{
    ctx.db.query("DELETE FROM sched_room_features WHERE room_id = ?", room).run();
    for (const auto& f : features)
        ctx.db.query("INSERT OR IGNORE INTO sched_room_features(room_id, feature) VALUES (?, ?)", room,
                     std::string_view(f.get_string()))
            .run();
}

Result<json::value> room_add(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"name", "features"});
    const auto name = p.text("name");
    const auto features = string_list(ctx.command.payload, "features");
    auto taken = ctx.db.query("SELECT 1 FROM sched_rooms WHERE name = ? COLLATE NOCASE", name);
    if (taken.step())
        return conflict("a room called " + name + " already exists");
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO sched_rooms(id, name, created_at) VALUES (?, ?, ?)", id, name, format_instant(ctx.now()))
        .run();
    set_features(ctx, id, features);
    ctx.touch("room", id);
    return json::value(room_named(ctx.db, id).to_json());
}

Result<json::value> room_update(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"room", "name", "features", "active"});
    const auto room = room_named(ctx.db, p.text("room"));
    if (const auto name = p.optional_text("name")) {
        if (name->empty())
            return invalid("name: a room needs a name", "name");
        ctx.db.query("UPDATE sched_rooms SET name = ? WHERE id = ?", *name, room.id).run();
    }
    if (p.has("features"))
        set_features(ctx, room.id, string_list(ctx.command.payload, "features"));
    if (const auto active = p.optional_boolean("active"))
        ctx.db.query("UPDATE sched_rooms SET active = ? WHERE id = ?", std::int64_t{*active ? 1 : 0}, room.id).run();
    ctx.touch("room", room.id);
    return json::value(room_named(ctx.db, room.id).to_json());
}

Result<json::value> service_feature(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"service", "feature"});
    const auto service = service_named(ctx.db, p.text("service"));
    const auto feature = p.optional_text("feature").value_or("");
    if (feature.empty())
        ctx.db.query("DELETE FROM sched_service_features WHERE service_id = ?", service.id).run();
    else
        ctx.db.query("INSERT INTO sched_service_features(service_id, feature) VALUES (?, ?)"
                     " ON CONFLICT(service_id) DO UPDATE SET feature = excluded.feature",
                     service.id, feature)
            .run();
    ctx.touch("service", service.id);
    return json::value(json::object{{"service_id", service.id}, {"feature", feature_for(ctx.db, service)}});
}

/// {"mon": [["09:00", "17:00"], ...], ...}: checked day keys and times.
std::string week_json(const json::object& payload, std::string_view field)
{
    const auto* v = payload.if_contains(field);
    if (!v)
        return "{}";
    const auto bad = [&](const std::string& why) {
        reject(invalid(std::string(field) + ": " + why + " (write {\"mon\": [[\"09:00\", \"17:00\"]], ...})",
                       std::string(field)));
    };
    if (!v->is_object())
        bad("not an object of days");
    for (const auto& [day, spans] : v->get_object()) {
        if (std::find(weekday_keys.begin(), weekday_keys.end(), std::string_view(day)) == weekday_keys.end())
            bad("'" + std::string(day) + "' is not a day (mon..sun)");
        if (!spans.is_array())
            bad(std::string(day) + " is not a list of [from, to] pairs");
        for (const auto& pair : spans.get_array()) {
            if (!pair.is_array() || pair.get_array().size() != 2 || !pair.get_array()[0].is_string()
                || !pair.get_array()[1].is_string())
                bad(std::string(day) + " has something that is not a [from, to] pair");
            const auto from = parse_clock(pair.get_array()[0].get_string());
            const auto to = parse_clock(pair.get_array()[1].get_string());
            if (!from || !to || *from >= *to)
                bad(std::string(day) + " has a span that is not HH:MM before HH:MM");
        }
    }
    return json::serialize(*v);
}

/// Every break lies inside one of its day's working spans ("breaks" names the
/// field): a break outside the hours would be silently meaningless.
void breaks_within_hours(const json::object& payload)
{
    const auto* breaks = payload.if_contains("breaks");
    if (!breaks || !breaks->is_object())
        return;
    const auto& week = payload.at("week").as_object();
    for (const auto& [day, spans] : breaks->get_object()) {
        const auto* hours = week.if_contains(day);
        for (const auto& b : spans.as_array()) {
            const auto from = *parse_clock(b.as_array()[0].as_string());
            const auto to = *parse_clock(b.as_array()[1].as_string());
            const bool inside = hours && std::any_of(hours->as_array().begin(), hours->as_array().end(), [&](const json::value& h) {
                return *parse_clock(h.as_array()[0].as_string()) <= from && to <= *parse_clock(h.as_array()[1].as_string());
            });
            if (!inside)
                reject(invalid("breaks: the break " + std::string(b.as_array()[0].as_string()) + "-"
                                   + std::string(b.as_array()[1].as_string()) + " on " + std::string(day)
                                   + " is outside that day's working hours; give a break within them",
                               "breaks"));
        }
    }
}

Result<json::value> hours_set(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"therapist", "from", "week", "breaks"});
    const auto therapist = therapist_named(ctx.db, p.text("therapist"));
    const auto from = payload_day(p, "from");
    if (!p.has("week"))
        return invalid("week: the weekly hours are required", "week");
    const auto week = week_json(ctx.command.payload, "week");
    const auto breaks = week_json(ctx.command.payload, "breaks");
    breaks_within_hours(ctx.command.payload); // bad input (exit 2) before a rule's refusal
    auto s = scheduler_for(ctx, deps);
    // Past utilisation reports read the hours that were in force: once a therapist
    // has hours before today they stay as they were. A therapist's first hours may
    // start in the past (a new clinic bringing in its history).
    const auto today = local_day(s.zone(), ctx.now());
    if (sys_days{from} < sys_days{today}
        && ctx.db.query("SELECT 1 FROM sched_working_hours WHERE therapist_id = ? AND effective_from < ?", therapist.id,
                        format_date(today))
               .step())
        return refused("from: " + format_date(from) + " is in the past; hours take effect from today ("
                           + format_date(today) + ") or later",
                       "in_the_past");
    offering_gained_time(ctx, s, therapist, [&] {
        ctx.db.query("INSERT INTO sched_working_hours(therapist_id, effective_from, week, breaks, set_by, set_at)"
                     " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(therapist_id, effective_from) DO UPDATE SET"
                     " week = excluded.week, breaks = excluded.breaks, set_by = excluded.set_by, set_at = excluded.set_at",
                     therapist.id, format_date(from), week, breaks, ctx.actor.username, format_instant(ctx.now()))
            .run();
    });
    ctx.touch("therapist", therapist.id);
    const Interval after{local_instant(s.zone(), from, minutes{0}), Instant{milliseconds::max()}};
    return json::value(json::object{{"therapist", therapist.username},
                                    {"from", format_date(from)},
                                    {"week", json::parse(week)},
                                    {"breaks", json::parse(breaks)},
                                    {"affected", affected_by_change(ctx, deps, after, therapist.id)}});
}

Result<json::value> leave_add(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"therapist", "start", "end", "reason"});
    const auto therapist = therapist_named(ctx.db, p.text("therapist"));
    const auto [start, end] = datetime_span(p, "start", "end", "leave must end after it starts");
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO sched_leave(id, therapist_id, starts_at, ends_at, starts_ms, ends_ms, reason)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)",
                 id, therapist.id, format_instant(start), format_instant(end), ms(start), ms(end),
                 p.optional_text("reason").value_or(""))
        .run();
    ctx.touch("leave", id);
    const auto* zone = clinic_zone(ctx.db);
    return json::value(json::object{{"id", id},
                                    {"therapist", therapist.username},
                                    {"start", format_local(zone, start)},
                                    {"end", format_local(zone, end)},
                                    {"affected", affected_by_change(ctx, deps, {start, end}, therapist.id)}});
}

Result<json::value> leave_remove(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id"});
    const auto id = p.text("id");
    std::string therapist_id;
    {
        auto who = ctx.db.query("SELECT therapist_id FROM sched_leave WHERE id = ?", id);
        if (!who.step())
            return invalid("id: there is no leave " + id + " (`fascia schedule leave list`)", "id");
        therapist_id = who.text(0);
    }
    const auto remove = [&] { ctx.db.query("DELETE FROM sched_leave WHERE id = ?", id).run(); };
    // A therapist no longer working here has nothing to offer.
    if (const auto therapist = find_staff(ctx.db, therapist_id); therapist && therapist->active
                                                                && therapist->role == Role::therapist) {
        auto s = scheduler_for(ctx, deps);
        offering_gained_time(ctx, s, *therapist, remove);
    } else {
        remove();
    }
    ctx.touch("leave", id);
    return json::value(json::object{{"id", id}, {"removed", true}});
}

Result<json::value> closure_add(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"from", "to", "reason"});
    const auto from = payload_day(p, "from");
    const auto to = optional_payload_day(p, "to").value_or(from);
    if (sys_days{to} < sys_days{from})
        return invalid("to: a closure ends on or after its first day", "to");
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO sched_closures(id, from_date, to_date, reason) VALUES (?, ?, ?, ?)", id,
                 format_date(from), format_date(to), p.optional_text("reason").value_or(""))
        .run();
    ctx.touch("closure", id);
    const auto* zone = clinic_zone(ctx.db);
    const Interval closed{local_instant(zone, from, minutes{0}),
                          local_instant(zone, Date{sys_days{to} + days{1}}, minutes{0})};
    return json::value(json::object{{"id", id},
                                    {"from", format_date(from)},
                                    {"to", format_date(to)},
                                    {"affected", affected_by_change(ctx, deps, closed, std::nullopt)}});
}

Result<json::value> waitlist_add(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "service", "therapist", "from", "to"});
    auto s = scheduler_for(ctx, deps);
    const auto client = p.text("client_id");
    const auto service = service_named(ctx.db, p.text("service"));
    std::optional<std::string> therapist;
    if (const auto t = p.optional_text("therapist"))
        therapist = therapist_named(ctx.db, *t).id;
    const auto [from, to] = datetime_span(p, "from", "to", "the window ends after it starts");
    // What `book` would refuse on the window's first day still ahead, with its code
    // and words: an offer to this client could never be accepted. (An unknown
    // client is bad input, so this comes before the window's rule.)
    std::vector<std::string> restrictions;
    if (auto ok = s.check_client(client, service, local_day(s.zone(), std::max(from, ctx.now())), restrictions); !ok)
        return ok.error();
    if (to <= ctx.now())
        return refused("the window " + format_local(s.zone(), from) + " to " + format_local(s.zone(), to)
                           + " is over: give one that ends after now (" + format_local(s.zone(), ctx.now()) + ")",
                       "in_the_past");
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO sched_waitlist(id, client_id, service_id, therapist_id, window_from_ms, window_to_ms,"
                 " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 id, client, service.id, therapist, ms(from), ms(to), format_instant(ctx.now()))
        .run();
    ctx.touch("waitlist", id);
    return json::value(json::object{{"id", id}, {"client_id", client}, {"service_id", service.id}, {"status", "waiting"}});
}

Result<json::value> waitlist_remove(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"id"});
    const auto id = p.text("id");
    ctx.db.query("UPDATE sched_waitlist SET status = 'removed' WHERE id = ? AND status = 'waiting'", id).run();
    if (ctx.db.changes() == 0)
        return invalid("id: there is no waiting entry " + id + " (`fascia schedule waitlist list`)", "id");
    ctx.db.query("UPDATE sched_offers SET status = 'declined' WHERE waitlist_id = ? AND status = 'open'", id).run();
    ctx.touch("waitlist", id);
    return json::value(json::object{{"id", id}, {"status", "removed"}});
}

struct Offer {
    std::string id, waitlist_id, therapist_id, room_id, status, client_id, service_id;
    Instant start, end, expires;
};

Offer offer_named(Database& db, const std::string& id)
{
    auto q = db.query("SELECT o.id, o.waitlist_id, o.therapist_id, o.room_id, o.status, w.client_id, w.service_id,"
                      " o.starts_ms, o.ends_ms, o.expires_ms FROM sched_offers o JOIN sched_waitlist w"
                      " ON w.id = o.waitlist_id WHERE o.id = ?",
                      id);
    if (!q.step())
        reject(invalid("offer: there is no offer " + id + " (`fascia schedule waitlist offers`)", "offer"));
    return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
            instant_ms(q.integer(7)), instant_ms(q.integer(8)), instant_ms(q.integer(9))};
}

Result<json::value> offer_accept(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"offer"});
    auto s = scheduler_for(ctx, deps);
    const auto o = offer_named(ctx.db, p.text("offer"));
    if (o.status == "taken")
        return refused("another waiting client accepted this slot first", "slot_taken");
    if (o.status != "open")
        return refused("the offer was " + o.status, "offer_closed");
    if (ctx.now() >= o.expires)
        return refused("the offer expired at " + format_local(s.zone(), o.expires), "offer_expired");
    // Accepting re-runs every booking check: the slot, the screening, the therapist.
    const auto service = service_named(ctx.db, o.service_id);
    const auto therapist = therapist_named(ctx.db, o.therapist_id);
    const auto slot = value_or_throw(s.check({o.client_id, service, therapist, o.start, std::nullopt, std::nullopt}));
    const auto id = insert_appointment(ctx, slot, o.client_id, service);
    ctx.db.query("UPDATE sched_offers SET status = 'accepted', appointment_id = ? WHERE id = ?", id, o.id).run();
    ctx.db.query("UPDATE sched_offers SET status = 'taken' WHERE id <> ? AND status = 'open' AND therapist_id = ?"
                 " AND starts_ms = ?",
                 o.id, o.therapist_id, ms(o.start))
        .run();
    ctx.db.query("UPDATE sched_waitlist SET status = 'booked', appointment_id = ? WHERE id = ?", id, o.waitlist_id)
        .run();
    return json::value(booked_answer(ctx, s, id));
}

Result<json::value> offer_decline(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"offer"});
    const auto o = offer_named(ctx.db, p.text("offer"));
    if (o.status != "open")
        return refused("the offer was already " + o.status, "offer_closed");
    ctx.db.query("UPDATE sched_offers SET status = 'declined' WHERE id = ?", o.id).run();
    ctx.touch("offer", o.id);
    return json::value(json::object{{"offer", o.id}, {"status", "declined"}});
}

} // namespace

boost::json::object slot_json(const date::time_zone* zone, const Slot& slot)
{
    return {{"start", format_local(zone, slot.start)},
            {"end", format_local(zone, slot.end)},
            {"therapist", slot.therapist},
            {"room", slot.room}};
}

boost::json::object appointment_json(Database& db, const date::time_zone* zone, std::string_view id)
{
    auto q = db.query("SELECT a.id, a.client_id, s.username, r.name, a.service_id, v.name, a.starts_ms, a.ends_ms,"
                      " a.status, a.course_id, a.course_seq, a.reassessment, a.cancel_reason, a.cancelled_by,"
                      " a.late_cancel, a.precheck_id FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                      " JOIN sched_rooms r ON r.id = a.room_id JOIN services v ON v.id = a.service_id WHERE a.id = ?",
                      id);
    if (!q.step())
        return {};
    const auto opt = [&](int c) { return q.is_null(c) ? json::value(nullptr) : json::value(q.text(c)); };
    return {{"id", q.text(0)},
            {"client_id", q.text(1)},
            {"therapist", q.text(2)},
            {"room", q.text(3)},
            {"service_id", q.text(4)},
            {"service", q.text(5)},
            {"start", format_local(zone, instant_ms(q.integer(6)))},
            {"end", format_local(zone, instant_ms(q.integer(7)))},
            {"status", q.text(8)},
            {"course_id", opt(9)},
            {"session", q.is_null(10) ? json::value(nullptr) : json::value(q.integer(10))},
            {"reassessment", q.integer(11) != 0},
            {"cancel_reason", opt(12)},
            {"cancelled_by", opt(13)},
            {"late_cancel", q.integer(14) != 0},
            {"precheck_id", opt(15)}};
}

const std::vector<Role>& manage_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin};
    return roles;
}

const std::vector<Role>& booking_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::front_desk, Role::therapist};
    return roles;
}

void add_commands(PluginContext& context, std::shared_ptr<const Dependencies> deps)
{
    const auto with = [deps](Result<json::value> (*f)(CommandContext&, const Deps&)) {
        return [deps, f](CommandContext& ctx) { return f(ctx, deps); };
    };
    const auto add = [&](const char* type, const char* summary, const std::vector<Role>& roles, CommandHandler h) {
        context.add_command({.type = type, .summary = summary, .roles = roles, .handler = std::move(h)});
    };
    add("scheduling.room_add", "Add a treatment room with its features", manage_roles(), room_add);
    add("scheduling.room_update", "Rename a room, change its features, or take it out of use", manage_roles(),
        room_update);
    add("scheduling.service_feature", "Set the room feature a service needs", manage_roles(), service_feature);
    add("scheduling.hours_set", "Set a therapist's weekly working hours and breaks from a date", manage_roles(),
        with(hours_set));
    add("scheduling.leave_add", "Record a therapist's leave", manage_roles(), with(leave_add));
    add("scheduling.leave_remove", "Remove a therapist's leave (the time freed is offered to the waitlist)",
        manage_roles(), with(leave_remove));
    add("scheduling.closure_add", "Close the clinic for a day or days", manage_roles(), with(closure_add));
    add("scheduling.book", "Book one appointment (every safety check, no overlap)", booking_roles(), with(book));
    add("scheduling.book_course", "Book a course of sessions, all or nothing", booking_roles(), with(book_course));
    add("scheduling.reschedule", "Move an appointment (the same checks as booking)", booking_roles(),
        with(reschedule));
    add("scheduling.cancel", "Cancel an appointment (late inside the clinic's window)", booking_roles(), with(cancel));
    add("scheduling.cancel_course", "Cancel a course's future sessions", booking_roles(), with(cancel_course));
    add("scheduling.no_show", "Mark a client who did not come", booking_roles(),
        [deps](CommandContext& ctx) { return change_status(ctx, deps, "no_show"); });
    add("scheduling.arrive", "Mark a client arrived", booking_roles(),
        [deps](CommandContext& ctx) { return change_status(ctx, deps, "arrived"); });
    add("scheduling.complete", "Mark a session completed (needs its pre-session check)", booking_roles(),
        [deps](CommandContext& ctx) { return change_status(ctx, deps, "completed"); });
    add("scheduling.precheck", "Run the pre-session check for an appointment", booking_roles(), with(precheck));
    add("scheduling.waitlist_add", "Put a client on the waitlist (the same screening checks as booking)",
        booking_roles(), with(waitlist_add));
    add("scheduling.waitlist_remove", "Take a client off the waitlist", booking_roles(), waitlist_remove);
    add("scheduling.offer_accept", "Accept a waitlist offer (books it, re-running every check)", booking_roles(),
        with(offer_accept));
    add("scheduling.offer_decline", "Decline a waitlist offer", booking_roles(), offer_decline);
}

} // namespace fascia::scheduling
