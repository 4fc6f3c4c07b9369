// The demo clinic's schedule, relative to the demo clock so it always shows
// the same picture: two rooms (the second with sharps disposal and a prenatal
// table), Monday-to-Friday hours with a lunch break for every therapist,
// Aroha's leave next week, a training-day closure in three weeks, eight weeks
// of courses for every screened client who may be booked (acute one a week,
// chronic two), a cancellation each way, last week's no-show and a waitlist
// entry, and the last two weeks' sessions paid at the desk (so revenue and the
// busiest hours have something to show). Everything goes through the commands,
// as the desk would do it; the past (the no-show, the paid sessions) runs on
// its own bus whose clock is moved to that time, each command stamped with it
// (as the vouchers demo does).
//
// `fascia demo --scale N` (beyond the standard clients) adds history for
// benchmarks, a week per 20 more clients up to two years: the intake demo
// screened two clients a week from 13 weeks ago back, the vetting demo's files
// go back as far, and here each of those screenings gets the four-week course
// it was for, starting eight weeks after it (course_delay_days: still inside
// the 90 days a screening is current, and it brings the history up to a week
// ago, beside the last two weeks' paid sessions, where it used to stop two
// months before today and leave the reports a gap), booked on its first day
// and played out through the commands at the times they happened: the
// pre-session check, completed and paid by card, or a client's cancellation,
// or a no-show. A bus whose clock is moved along runs them in time order, in
// batches of one transaction each between bookings (a booking's answer names
// its sessions).
#include "checkout.h"
#include "scheduling_module.h"

#include <fascia/hlc.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <map>

namespace fascia::scheduling {

namespace json = boost::json;
using namespace std::chrono;

namespace {

Date plus(Date d, int n)
{
    return Date{sys_days{d} + days{n}};
}

/// Staff who can run each kind of command in the demo.
constexpr const char* owner = "owner";
constexpr const char* desk = "frontdesk";
constexpr const char* remedial = "60-minute remedial massage";

/// A course the history plays out: the client and the day they were screened.
struct PastCourse {
    std::string client_id;
    Date screened;
    std::string form;
};

/// Days from a history client's screening to the first day of their course:
/// the latest a 4-week course still ends inside the screening's 90 days
/// (intake.screening_valid_days' default) with a margin.
constexpr int course_delay_days = 56;

/// The clients a scaled demo screened for its history (their screening expired
/// today, so no present booking is theirs), oldest first. The intake demo
/// screens its six cases and then up to 208 history clients, in rowid order,
/// among the first consenting clients: reading 400 covers them.
std::vector<PastCourse> past_courses(Database& db, const intake::IntakeService& intake, Date today)
{
    std::vector<PastCourse> out;
    auto q = db.query("SELECT id FROM clients WHERE health_consent_at IS NOT NULL ORDER BY rowid LIMIT 400");
    while (q.step()) {
        const auto s = intake.booking_status(db, q.text(0), today);
        if (s && s->state == "expired" && s->assessed_on && s->form)
            if (const auto on = parse_date(*s->assessed_on))
                out.push_back({s->client_id, *on, *s->form});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PastCourse& a, const PastCourse& b) { return sys_days{a.screened} < sys_days{b.screened}; });
    return out;
}

/// Plays out the history: each course booked at 08:00 on its screening day, and
/// its sessions' commands run at their own times, all in time order.
Result<void> add_history(Clinic& clinic, const Dependencies& deps, const std::vector<PastCourse>& courses)
{
    if (courses.empty())
        return {};
    auto& db = clinic.db();
    const auto* zone = clinic_zone(db);
    FixedClock clock(local_instant(zone, plus(courses.front().screened, course_delay_days), hours{8}));
    CommandBus bus(db, clinic.extensions().commands, clock, clinic.node_id());
    HybridClock stamps(clock, clinic.node_id());
    std::multimap<Instant, Command> due; // waiting for their time
    std::vector<Command> batch;
    const auto flush = [&]() -> Result<void> {
        if (batch.empty())
            return {};
        auto r = bus.execute_all(std::move(batch));
        batch.clear();
        if (!r)
            return Error{r.error().kind, "history: " + r.error().message, r.error().field, r.error().reason};
        return {};
    };
    // Everything due up to `until`, stamped at its own time; a batch is at most 500.
    const auto run_until = [&](Instant until) -> Result<void> {
        while (!due.empty() && due.begin()->first <= until) {
            clock.set(due.begin()->first);
            auto command = std::move(due.begin()->second);
            due.erase(due.begin());
            command.hlc = stamps.stamp();
            batch.push_back(std::move(command));
            if (batch.size() == 500)
                if (auto r = flush(); !r)
                    return r;
        }
        return flush();
    };
    std::size_t n = 0;
    for (const auto& c : courses) {
        const Date first_day = plus(c.screened, course_delay_days);
        const Instant booked_at = local_instant(zone, first_day, hours{8});
        if (auto r = run_until(booked_at); !r)
            return r;
        clock.set(booked_at);
        auto course = bus.execute({"scheduling.book_course",
                                   {{"client_id", c.client_id}, {"service", remedial}, {"from", format_date(first_day)},
                                    {"weeks", 4}},
                                   desk, {}, stamps.stamp()});
        if (!course) {
            if (course.error().kind == ErrorKind::refused)
                continue; // no therapist free that often: as in the present, left out
            return Error{course.error().kind, "history: " + course.error().message, course.error().field,
                         course.error().reason};
        }
        json::object no_change;
        if (deps.intake)
            if (auto questions = deps.intake->precheck_questions(c.form))
                for (const auto& q : *questions)
                    no_change[q] = false;
        for (const auto& session : course->result.at("sessions").as_array()) {
            const json::string& id = session.at("id").as_string();
            const auto start = parse_datetime(session.at("start").as_string(), "start");
            const auto end = parse_datetime(session.at("end").as_string(), "end");
            if (!start || !end)
                return internal_error("history: a booked session has no readable time");
            const auto put = [&](Instant at, const char* type, json::object payload) {
                due.emplace(at, Command{type, std::move(payload), desk});
            };
            // One in thirteen cancelled by the client a day before; one in
            // seventeen a no-show; the rest checked, completed and paid.
            if (++n % 13 == 5) {
                put(std::max(booked_at + hours{1}, *start - hours{26}), "scheduling.cancel",
                    {{"id", id}, {"reason", "Cannot make it"}, {"by", "client"}});
            } else if (n % 17 == 7) {
                put(*end + minutes{10}, "scheduling.no_show", {{"id", id}});
            } else {
                const auto price = bill_json(bill_of(db, std::string(id))).at("price");
                put(*start - minutes{10}, "scheduling.precheck", {{"id", id}, {"answers", no_change}});
                put(*end + minutes{5}, "scheduling.complete", {{"id", id}});
                put(*end + minutes{6}, "scheduling.checkout",
                    {{"id", id}, {"payments", json::array{json::object{{"method", "card"}, {"amount", price}}}}});
            }
        }
    }
    return run_until(Instant::max());
}

} // namespace

Result<void> add_demo_schedule(Clinic& clinic, const DemoOptions& options)
{
    auto& db = clinic.db();
    const auto deps = dependencies_of(clinic.extensions());
    if (!deps.intake)
        return {};
    const auto* zone = clinic_zone(db);
    const auto now = clinic.clock().now();
    const Date today = local_day(zone, now);
    const auto history = options.clients > DemoOptions{}.clients ? past_courses(db, *deps.intake, today)
                                                                 : std::vector<PastCourse>{};
    // Hours from two months ago, or from the start of the history.
    Date hours_from = plus(today, -60);
    if (!history.empty() && sys_days{history.front().screened} < sys_days{hours_from})
        hours_from = history.front().screened;
    const Date monday = plus(today, 7 - weekday_index(today)); // next Monday
    const auto at = [&](Date d, int hour, int minute = 0) { return format_local(zone, local_instant(zone, d, hours{hour} + minutes{minute})); };
    const auto run = [&](const char* type, json::object payload, const char* actor = owner) -> Result<json::value> {
        auto r = clinic.bus().execute({type, std::move(payload), actor});
        if (!r)
            return Error{r.error().kind, std::string(type) + ": " + r.error().message, r.error().field, r.error().reason};
        return r->result;
    };

    std::vector<Command> setup;
    setup.push_back({"scheduling.room_add", {{"name", "Room 1"}, {"features", json::array{"accessible"}}}, owner});
    setup.push_back({"scheduling.room_add", {{"name", "Room 2"}, {"features", json::array{"needling", "prenatal_table"}}}, owner});
    setup.push_back({"scheduling.service_feature", {{"service", "60-minute prenatal massage"}, {"feature", "prenatal_table"}}, owner});
    const auto day = [](const char* from, const char* to) { return json::array{json::array{json::value(from), json::value(to)}}; };
    for (const char* who : {"priya", "tom", "aroha", "liam"}) {
        json::object week, breaks;
        for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) {
            week[d] = day("09:00", "17:00");
            breaks[d] = day("12:30", "13:00");
        }
        if (std::string_view(who) == "tom") // Tom does Saturday mornings instead of Monday
        {
            week.erase("mon");
            breaks.erase("mon");
            week["sat"] = day("09:00", "13:00");
        }
        setup.push_back({"scheduling.hours_set",
                         {{"therapist", who}, {"from", format_date(hours_from)}, {"week", week}, {"breaks", breaks}},
                         owner});
    }
    setup.push_back({"scheduling.leave_add",
                     {{"therapist", "aroha"}, {"start", at(plus(monday, 3), 0)}, {"end", at(plus(monday, 5), 0)},
                      {"reason", "Conference"}},
                     owner});
    setup.push_back({"scheduling.closure_add",
                     {{"from", format_date(plus(monday, 15))}, {"reason", "Staff training day"}}, owner});
    if (auto r = clinic.bus().execute_all(std::move(setup)); !r)
        return r.error();

    // Courses for every screened client who may be booked today.
    std::vector<std::string> clients;
    auto q = db.query("SELECT id FROM clients WHERE health_consent_at IS NOT NULL ORDER BY rowid LIMIT 12");
    while (q.step())
        clients.push_back(q.text(0));
    std::vector<std::string> bookable;
    for (const auto& c : clients)
        if (auto s = deps.intake->booking_status(db, c, today); s && s->bookable)
            bookable.push_back(c);
    const std::vector<const char*> preferences{"mon,wed,fri 09:00-12:30", "tue,thu 13:00-17:00", "", "mon,thu 14:00-17:00",
                                               "wed,fri 09:00-12:30", ""};
    std::vector<json::value> courses;
    for (std::size_t i = 0; i < bookable.size(); ++i) {
        json::object p{{"client_id", bookable[i]}, {"service", "60-minute remedial massage"},
                       {"from", format_date(monday)}, {"weeks", 8}};
        if (const char* prefer = preferences[i % preferences.size()]; *prefer)
            p["prefer"] = prefer;
        // Spread over the therapists; when the chosen one may not treat the
        // client (a pregnancy needs a prenatal-qualified therapist), anyone who may.
        auto with = p;
        with["therapist"] = std::array{"priya", "tom", "aroha"}[i % 3];
        auto r = run("scheduling.book_course", with, desk);
        if (!r && r.error().kind == ErrorKind::refused)
            r = run("scheduling.book_course", p, desk);
        // A client no therapist is free for that often is left out.
        if (r)
            courses.push_back(*r);
        else if (r.error().kind != ErrorKind::refused)
            return r.error();
    }
    // A cancellation by a client (in good time) and one by the clinic.
    const auto session = [&](std::size_t course, std::size_t n) -> std::optional<json::value> {
        if (course >= courses.size())
            return std::nullopt;
        const auto& list = courses[course].at("sessions").as_array();
        return n < list.size() ? std::optional<json::value>(list[n].at("id")) : std::nullopt;
    };
    if (const auto id = session(0, 3))
        if (auto r = run("scheduling.cancel", {{"id", *id}, {"reason", "Away for work"}, {"by", "client"}}, desk); !r)
            return r.error();
    if (const auto id = session(1, 5))
        if (auto r = run("scheduling.cancel", {{"id", *id}, {"reason", "Therapist unwell"}, {"by", "clinic"}}, desk); !r)
            return r.error();

    // Last week's no-show, on a bus whose clock stands then.
    if (!bookable.empty()) {
        Date past = plus(today, -3);
        while (weekday_index(past) > 4)
            past = plus(past, -1);
        if (auto s = deps.intake->booking_status(db, bookable.back(), past); s && s->bookable) {
            FixedClock clock(local_instant(zone, past, hours{8}));
            CommandBus bus(db, clinic.extensions().commands, clock, clinic.node_id());
            HybridClock stamps(clock, clinic.node_id());
            auto booked = bus.execute({"scheduling.book",
                                       {{"client_id", bookable.back()}, {"service", "60-minute remedial massage"},
                                        {"therapist", "priya"}, {"start", at(past, 10)}},
                                       desk, {}, stamps.stamp()});
            if (!booked)
                return booked.error();
            clock.set(local_instant(zone, past, hours{10} + minutes{20}));
            if (auto r = bus.execute({"scheduling.no_show", {{"id", booked->result.at("id")}}, desk, {}, stamps.stamp()}); !r)
                return r.error();
        }
    }

    // The last two weeks' morning sessions, booked, checked, completed and paid
    // (card, cash, transfer in turn), each step at its moment. A session a rule
    // refuses (the therapist's buffer, a client not yet screened then) is left out.
    int paid = 0;
    for (int back = 14; back >= 1 && !bookable.empty(); --back) {
        const Date past = plus(today, -back);
        if (weekday_index(past) > 4)
            continue;
        for (const auto& [therapist, hour] : {std::pair{"priya", 9}, std::pair{"aroha", 11}}) {
            const auto& client = bookable[static_cast<std::size_t>(paid + back) % bookable.size()];
            const auto status = deps.intake->booking_status(db, client, past);
            const auto screened = status && status->assessed_on ? parse_date(*status->assessed_on) : std::nullopt;
            if (!status || !status->bookable || !status->form || !screened || sys_days{*screened} >= sys_days{past})
                continue; // not yet screened that day
            const auto questions = deps.intake->precheck_questions(*status->form);
            if (!questions)
                return questions.error();
            json::object answers;
            for (const auto& question : *questions)
                answers[question] = false;
            FixedClock clock(local_instant(zone, past, hours{hour} - minutes{30}));
            CommandBus bus(db, clinic.extensions().commands, clock, clinic.node_id());
            HybridClock stamps(clock, clinic.node_id());
            const auto step = [&](const char* type, json::object payload) -> Result<json::value> {
                auto r = bus.execute({type, std::move(payload), desk, {}, stamps.stamp()});
                if (!r)
                    return Error{r.error().kind, std::string(type) + ": " + r.error().message, r.error().field,
                                 r.error().reason};
                return r->result;
            };
            auto booked = step("scheduling.book", {{"client_id", client}, {"service", "60-minute remedial massage"},
                                                   {"therapist", therapist}, {"start", at(past, hour)}});
            if (!booked && booked.error().kind == ErrorKind::refused)
                continue;
            if (!booked)
                return booked.error();
            const auto id = booked->at("id");
            if (auto r = step("scheduling.precheck", {{"id", id}, {"answers", answers}}); !r)
                return r.error();
            clock.set(local_instant(zone, past, hours{hour + 1}));
            if (auto r = step("scheduling.complete", {{"id", id}}); !r)
                return r.error();
            const auto bill = bill_of(db, std::string(id.as_string()));
            const json::object payment{{"method", std::array{"card", "cash", "transfer"}[paid++ % 3]},
                                       {"amount", Money{bill.due(), bill.currency}.amount_text()}};
            if (auto r = step("scheduling.checkout", {{"id", id}, {"payments", json::array{payment}}}); !r)
                return r.error();
        }
    }

    if (auto r = add_history(clinic, deps, history); !r)
        return r;

    // Someone waiting for a Saturday slot with Tom (the waitlist screens as booking does).
    if (!bookable.empty())
        if (auto r = run("scheduling.waitlist_add",
                         {{"client_id", bookable[0]}, {"service", "60-minute remedial massage"},
                          {"therapist", "tom"}, {"from", at(plus(monday, 5), 9)}, {"to", at(plus(monday, 5), 13)}},
                         desk);
            !r)
            return r.error();
    return {};
}

} // namespace fascia::scheduling
