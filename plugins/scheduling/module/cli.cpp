// `fascia schedule ...`: rooms, hours, leave, closures, find, plan, book,
// book-course, changes, the calendar reads and the waitlist. Writes go through
// the command bus (so `--key` makes a retry apply once); reads use the same
// Scheduler the commands do. All CLI glue of the module is in this file.
#include "checkout.h"
#include "scheduling_module.h"

#include <fascia/cli_support.h>
#include <fascia/clients.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <functional>
#include <iomanip>

namespace fascia::scheduling {

namespace json = boost::json;
using namespace std::chrono;

namespace {

using cli::Action;

Clinic& clinic_of(CliInvocation& run)
{
    auto clinic = run.clinic();
    if (!clinic)
        throw Failure(clinic.error());
    return **clinic;
}

/// The clinic for a read by an active staff user.
Clinic& open_for_reading(CliInvocation& run)
{
    auto clinic = cli::open_as_staff(run);
    if (!clinic)
        throw Failure(clinic.error());
    return **clinic;
}

Scheduler scheduler_of(CliInvocation& run, Clinic& clinic, std::shared_ptr<Dependencies>& keep)
{
    keep = std::make_shared<Dependencies>(dependencies_of(clinic.extensions()));
    return Scheduler(clinic.db(), keep->intake, keep->vetting, run.clock().now());
}

std::string text(const json::value& v, std::string_view key)
{
    const auto* x = v.as_object().if_contains(key);
    return x && x->is_string() ? std::string(x->get_string()) : std::string();
}

void print_appointment(CliInvocation& run, const json::value& a)
{
    run.out() << text(a, "start").substr(0, 16) << "–" << text(a, "end").substr(11, 5) << "  " << std::left
              << std::setw(10) << text(a, "status") << std::setw(10) << text(a, "therapist") << std::setw(12)
              << text(a, "room") << text(a, "service") << "  client " << text(a, "client_id") << "  [" << text(a, "id")
              << "]";
    if (a.at("late_cancel").as_bool())
        run.out() << " late";
    if (a.at("reassessment").as_bool())
        run.out() << " reassessment";
    if (const auto* flag = a.as_object().if_contains("needs_rescheduling"); flag && flag->as_bool())
        run.out() << " needs rescheduling (" << text(a, "uncovered_by") << ")";
    run.out() << std::right << '\n';
}

void print_slot(CliInvocation& run, const json::object& s)
{
    run.out() << "  " << text(s, "start") << " to " << text(s, "end").substr(11, 5) << "  " << text(s, "therapist")
              << " in " << text(s, "room") << '\n';
}

/// The booked appointments a change of hours, leave or closures left uncovered
/// (its answer's "affected"), for the person who made the change to act on.
void print_affected(CliInvocation& run, const json::value& r, std::string_view where)
{
    const auto* list = r.as_object().if_contains("affected");
    if (!list || list->as_array().empty())
        return;
    run.out() << "These " << list->as_array().size() << " appointments now fall " << where
              << " — reschedule or cancel them:\n";
    for (const auto& a : list->as_array())
        run.out() << "  " << text(a, "start").substr(0, 16) << "  " << text(a, "client") << " (" << text(a, "client_id")
                  << ")  " << text(a, "therapist") << "  [" << text(a, "id") << "]\n";
}

/// Prints a write's answer: JSON as is, or through `human`.
int answer(CliInvocation& run, const Result<CommandOutcome>& outcome, const std::function<void(const json::value&)>& human)
{
    if (!outcome)
        return cli::report(run, outcome.error());
    if (run.json())
        cli::print_json(run, outcome->result);
    else
        human(outcome->result);
    return 0;
}

/// The warning for a --start typed with an offset that is not the clinic's on that date
/// ("09:00+00:00 is 10:00 in the clinic's time (Europe/London, +01:00 on 29 Mar 2027)"):
/// the booking stands (an instant in UTC is a valid way to say it), but a person who meant
/// the clinic's 09:00 sees the slip at once. nullopt when the offsets agree or it cannot tell.
std::optional<std::string> start_offset_warning(CliInvocation& run, const std::string& typed)
{
    const auto at = parse_datetime(typed, "start");
    const std::size_t offset_at = typed.ends_with('Z') ? typed.size() - 1 : typed.size() - 6;
    if (!at || typed.size() < 17 || offset_at < 16)
        return std::nullopt;
    // The wall-clock time as typed, read as UTC: its distance from the instant is the offset typed.
    const auto wall = parse_datetime(typed.substr(0, offset_at) + "Z", "start");
    auto clinic = run.clinic();
    if (!wall || !clinic)
        return std::nullopt;
    const auto* zone = clinic_zone((*clinic)->db());
    const auto instant = date::floor<std::chrono::seconds>(*at);
    if (*wall - *at == zone->get_info(instant).offset)
        return std::nullopt;
    const auto local = date::make_zoned(zone, instant);
    return typed.substr(11, 5) + typed.substr(offset_at) + " is " + date::format("%H:%M", local)
           + " in the clinic's time (" + zone->name() + ", " + date::format("%Ez on %d %b %Y", local) + ")";
}

/// Runs a command given a --start, as cli::execute: first warns on stderr (text mode) when
/// the offset typed is not the clinic's on that date; with --json the warning is in the
/// answer's "warnings" array instead.
Result<CommandOutcome> execute_at_start(CliInvocation& run, const std::string& start, std::string_view type,
                                        const json::object& payload, const std::string& key)
{
    const auto warning = start_offset_warning(run, start);
    if (warning && !run.json())
        run.err() << "fascia: warning: " << *warning << '\n';
    auto outcome = cli::execute(run, type, payload, key);
    if (warning && outcome && outcome->result.is_object())
        outcome->result.as_object()["warnings"] = json::array{json::value(*warning)};
    return outcome;
}

/// The next free slots after a refusal because the time was taken, so the
/// person at the desk can offer another at once.
void suggest(CliInvocation& run, const json::object& payload, const Error& e)
{
    if ((e.reason != "therapist_busy" && e.reason != "room_busy" && e.reason != "client_busy") || run.json())
        return;
    try {
        auto& clinic = clinic_of(run);
        std::shared_ptr<Dependencies> keep;
        auto s = scheduler_of(run, clinic, keep);
        const auto service = service_named(clinic.db(), payload.at("service").as_string());
        const auto from = parse_datetime(payload.at("start").as_string(), "start");
        if (!from)
            return;
        const auto slots = s.find(service, *from, std::nullopt, 3, std::string(payload.at("client_id").as_string()));
        if (!slots.empty())
            run.err() << "Next free:\n";
        for (const auto& slot : slots)
            run.err() << "  " << format_local(s.zone(), slot.start) << "  " << slot.therapist << " in " << slot.room
                      << '\n';
    } catch (const std::exception&) {
    }
}

void add_simple(CLI::App& app, CliInvocation& run, Action& action, const char* name, const char* summary,
                const char* type)
{
    auto id = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(name, summary);
    cmd->add_option("id", *id, "Appointment id")->required();
    cli::key_option(cmd, *key);
    cmd->callback([&, id, key, type] {
        action = [&, id, key, type] {
            return answer(run, cli::execute(run, type, {{"id", *id}}, *key), [&](const json::value& a) { print_appointment(run, a); });
        };
    });
}

struct PlanOptions {
    std::string client, service, from;
    std::optional<std::string> therapist, prefer;
    std::optional<int> weeks, per_week;
    std::string key;
    json::object payload() const
    {
        json::object p{{"client_id", client}, {"service", service}, {"from", from}};
        if (therapist)
            p["therapist"] = *therapist;
        if (prefer)
            p["prefer"] = *prefer;
        if (weeks)
            p["weeks"] = *weeks;
        if (per_week)
            p["sessions_per_week"] = *per_week;
        return p;
    }
};

void plan_options(CLI::App* cmd, PlanOptions& o)
{
    cmd->add_option("--client", o.client, "Client id")->required();
    cmd->add_option("--service", o.service, "Service id or unique name")->required();
    cmd->add_option("--from", o.from, "First day of the course, YYYY-MM-DD")->required();
    cmd->add_option("--therapist", o.therapist, "Only this therapist (username)");
    cmd->add_option("--weeks", o.weeks, "Weeks (default: setting scheduling.course_weeks)");
    cmd->add_option("--per-week", o.per_week, "Sessions a week, within the screening's range (default: its lower end)");
    cmd->add_option("--prefer", o.prefer, "Preferred days and times, e.g. \"mon,wed 09:00-12:00\"");
}

/// The plan for options, read-only (what `plan` prints and `book-course` sends).
json::object plan_json(CliInvocation& run, const PlanOptions& o)
{
    auto& clinic = open_for_reading(run);
    std::shared_ptr<Dependencies> keep;
    auto s = scheduler_of(run, clinic, keep);
    PlanRequest r;
    r.client_id = o.client;
    r.service = service_named(clinic.db(), o.service);
    const auto from = parse_day(o.from, "--from");
    if (!from)
        throw Failure(from.error());
    r.from = *from;
    if (o.therapist)
        r.therapist = therapist_named(clinic.db(), *o.therapist);
    if (o.weeks && *o.weeks < 1)
        throw Failure(invalid("--weeks: must be at least 1", "weeks"));
    r.weeks = o.weeks;
    r.sessions_per_week = o.per_week;
    if (o.prefer)
        r.prefer = Preference::parse(*o.prefer);
    if (!find_client(clinic.db(), o.client))
        throw Failure(invalid("--client: there is no client " + o.client, "client_id"));
    auto plan = s.plan(r);
    if (!plan)
        throw Failure(plan.error());
    json::array sessions;
    for (const auto& slot : plan->sessions)
        sessions.push_back(slot_json(s.zone(), slot));
    return {{"condition_type", plan->condition_type},
            {"sessions_per_week", plan->sessions_per_week},
            {"weeks", plan->weeks},
            {"sessions", std::move(sessions)},
            {"reassessment_at", plan->reassessment_at}};
}

void print_plan(CliInvocation& run, const json::object& plan)
{
    std::string course = with_article(text(plan, "condition_type"));
    course.front() = 'A';
    run.out() << course << " course: " << plan.at("sessions_per_week").as_int64()
              << " a week for " << plan.at("weeks").as_int64() << " weeks\n";
    int n = 0;
    for (const auto& s : plan.at("sessions").as_array()) {
        run.out() << std::setw(3) << ++n;
        print_slot(run, s.as_object());
        if (n == plan.at("reassessment_at").as_int64())
            run.out() << "     (reassessment)\n";
    }
}

void add_plan(CLI::App& app, CliInvocation& run, Action& action)
{
    auto o = std::make_shared<PlanOptions>();
    auto* plan = app.add_subcommand("plan", "Propose a course of care from the client's screening");
    plan_options(plan, *o);
    plan->callback([&, o] {
        action = [&, o] {
            const auto p = plan_json(run, *o);
            if (run.json())
                cli::print_json(run, p);
            else
                print_plan(run, p);
            return 0;
        };
    });
    auto b = std::make_shared<PlanOptions>();
    auto* course = app.add_subcommand("book-course", "Plan and book a whole course, all or nothing");
    plan_options(course, *b);
    cli::key_option(course, b->key);
    course->callback([&, b] {
        action = [&, b] {
            auto payload = b->payload();
            const auto planned = plan_json(run, *b);
            // The plan goes with the command, so every database books the same times.
            json::array sessions;
            for (const auto& s : planned.at("sessions").as_array())
                sessions.push_back(json::object{{"start", s.at("start")}, {"therapist", s.at("therapist")},
                                                {"room", s.at("room")}});
            payload["sessions"] = std::move(sessions);
            return answer(run, cli::execute(run, "scheduling.book_course", std::move(payload), b->key),
                          [&](const json::value& r) {
                              run.out() << "Booked course " << text(r, "course_id") << ":\n";
                              for (const auto& a : r.at("sessions").as_array())
                                  print_appointment(run, a);
                          });
        };
    });
}

void add_book(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string client, service, therapist, start, key;
        std::optional<std::string> room;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("book", "Book one appointment");
    cmd->add_option("--client", o->client, "Client id")->required();
    cmd->add_option("--service", o->service, "Service id or unique name")->required();
    cmd->add_option("--therapist", o->therapist, "Therapist username")->required();
    cmd->add_option("--start", o->start, "Start, ISO 8601 with offset: 2026-11-23T10:00+00:00")->required();
    cmd->add_option("--room", o->room, "Room id or name (default: the first free room that fits)");
    cli::key_option(cmd, o->key);
    cmd->callback([&, o] {
        action = [&, o] {
            json::object p{{"client_id", o->client}, {"service", o->service}, {"therapist", o->therapist},
                           {"start", o->start}};
            if (o->room)
                p["room"] = *o->room;
            auto outcome = execute_at_start(run, o->start, "scheduling.book", p, o->key);
            const int code = answer(run, outcome, [&](const json::value& a) {
                run.out() << "Booked: ";
                print_appointment(run, a);
            });
            if (!outcome)
                suggest(run, p, outcome.error());
            return code;
        };
    });
}

void add_changes(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string id, start, reason, by = "client", key;
        std::optional<std::string> therapist, room;
        bool course = false;
    };
    auto r = std::make_shared<Options>();
    auto* move = app.add_subcommand("reschedule", "Move an appointment (the same checks as booking)");
    move->add_option("id", r->id, "Appointment id")->required();
    move->add_option("--start", r->start, "New start, ISO 8601 with offset")->required();
    move->add_option("--therapist", r->therapist, "Another therapist");
    move->add_option("--room", r->room, "Another room");
    cli::key_option(move, r->key);
    move->callback([&, r] {
        action = [&, r] {
            json::object p{{"id", r->id}, {"start", r->start}};
            if (r->therapist)
                p["therapist"] = *r->therapist;
            if (r->room)
                p["room"] = *r->room;
            return answer(run, execute_at_start(run, r->start, "scheduling.reschedule", p, r->key),
                          [&](const json::value& a) { print_appointment(run, a); });
        };
    });
    auto c = std::make_shared<Options>();
    auto* cancel = app.add_subcommand("cancel", "Cancel an appointment (or with --course, a course's future sessions)");
    cancel->add_option("id", c->id, "Appointment id (course id with --course)")->required();
    cancel->add_option("--reason", c->reason, "Why")->required();
    cancel->add_option("--by", c->by, "client (default) or clinic");
    cancel->add_flag("--course", c->course, "Cancel the course's future sessions");
    cli::key_option(cancel, c->key);
    cancel->callback([&, c] {
        action = [&, c] {
            return answer(run,
                          cli::execute(run, c->course ? "scheduling.cancel_course" : "scheduling.cancel",
                                  {{"id", c->id}, {"reason", c->reason}, {"by", c->by}}, c->key),
                          [&](const json::value& a) {
                              if (c->course)
                                  run.out() << "Cancelled " << a.at("cancelled").as_array().size() << " sessions.\n";
                              else
                                  print_appointment(run, a);
                          });
        };
    });
    add_simple(app, run, action, "no-show", "Mark a client who did not come", "scheduling.no_show");
    add_simple(app, run, action, "arrive", "Mark a client arrived", "scheduling.arrive");
    add_simple(app, run, action, "complete", "Mark a session completed (needs its pre-session check)",
               "scheduling.complete");
    struct Check {
        std::string id;
        std::vector<std::string> yes;
        std::vector<std::string> questions;
    };
    auto k = std::make_shared<Check>();
    auto* pre = app.add_subcommand("precheck", "Record the pre-session check: every question no, unless named with --yes");
    pre->add_option("id", k->id, "Appointment id")->required();
    pre->add_option("--yes", k->yes, "A question answered yes (repeat)");
    pre->callback([&, k] {
        action = [&, k] {
            auto& clinic = clinic_of(run);
            const auto deps = dependencies_of(clinic.extensions());
            // The questions come from the form the client was screened with, as it
            // stands today by the process clock (the one every command uses:
            // FASCIA_TEST_NOW in test builds). The statement is closed before the
            // command writes.
            std::optional<std::string> client;
            if (auto q = clinic.db().query("SELECT client_id FROM sched_appointments WHERE id = ?", k->id); q.step())
                client = q.text(0);
            json::object answers;
            if (client && deps.intake) {
                const auto status = deps.intake->booking_status(clinic.db(), *client, cli::today(run, clinic));
                if (status && status->form)
                    if (auto qs = deps.intake->precheck_questions(*status->form))
                        for (const auto& q : *qs)
                            answers[q] = false;
            }
            for (const auto& y : k->yes) {
                if (!answers.contains(y))
                    return cli::report(run, invalid("--yes: '" + y + "' is not a question of the pre-session check", "answers"));
                answers[y] = true;
            }
            return answer(run, cli::execute(run, "scheduling.precheck", {{"id", k->id}, {"answers", answers}}),
                          [&](const json::value& a) {
                              run.out() << (a.at("precheck_flagged").as_bool() ? "Check flagged a change: see the screening.\n"
                                                                               : "Pre-session check recorded: no changes.\n");
                          });
        };
    });
}

void add_find(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string service, from;
        std::optional<std::string> therapist, client;
        int count = 5;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("find", "The next free slots for a service");
    cmd->add_option("--service", o->service, "Service id or unique name")->required();
    cmd->add_option("--from", o->from, "From, ISO 8601 with offset")->required();
    cmd->add_option("--therapist", o->therapist, "Only this therapist");
    cmd->add_option("--client", o->client, "Leave out times the client is already booked");
    cmd->add_option("--count", o->count, "How many (default 5)");
    cmd->callback([&, o] {
        action = [&, o] {
            auto& clinic = open_for_reading(run);
            std::shared_ptr<Dependencies> keep;
            auto s = scheduler_of(run, clinic, keep);
            const auto service = service_named(clinic.db(), o->service);
            const auto from = parse_datetime(o->from, "from");
            if (!from)
                return cli::report(run, from.error());
            if (o->count < 1 || o->count > 100)
                return cli::report(run, invalid("--count: 1 to 100", "count"));
            std::optional<StaffMember> therapist;
            if (o->therapist)
                therapist = therapist_named(clinic.db(), *o->therapist);
            // No slots because no room could ever hold the service: say so, as book does.
            if (const auto no_room = s.no_room_for(service))
                return cli::report(run, *no_room);
            json::array slots;
            for (const auto& slot : s.find(service, *from, therapist, o->count, o->client))
                slots.push_back(slot_json(s.zone(), slot));
            if (run.json()) {
                cli::print_json(run, json::object{{"slots", std::move(slots)}});
            } else {
                run.out() << (slots.empty() ? "No free slots in the next quarter.\n" : "Free:\n");
                for (const auto& slot : slots)
                    print_slot(run, slot.as_object());
            }
            return 0;
        };
    });
}

/// Appointments between two instants, optionally one therapist's, one room's or one client's.
json::array appointments(Clinic& clinic, Instant from, Instant to, const std::string& column = {},
                         const std::string& value = {})
{
    auto& db = clinic.db();
    const auto* zone = clinic_zone(db);
    std::string sql = "SELECT id FROM sched_appointments WHERE starts_ms >= ? AND starts_ms < ?";
    if (!column.empty())
        sql += " AND " + column + " = ?";
    sql += " ORDER BY starts_ms, therapist_id";
    auto q = db.prepare(sql);
    q.bind(1, from.time_since_epoch().count()).bind(2, to.time_since_epoch().count());
    if (!column.empty())
        q.bind(3, value);
    std::vector<std::string> ids;
    while (q.step())
        ids.push_back(q.text(0));
    json::array out;
    for (const auto& id : ids)
        out.push_back(appointment_json(db, zone, id));
    return out;
}

/// Marks the appointments a change of hours, leave or closures has left uncovered
/// ("needs_rescheduling": true, "uncovered_by": "leave" | "a closure" | "outside hours").
json::array flag_uncovered(CliInvocation& run, Clinic& clinic, json::array list, Interval window)
{
    std::shared_ptr<Dependencies> keep;
    auto s = scheduler_of(run, clinic, keep);
    std::map<std::string, std::string> why;
    for (const auto& u : s.uncovered(window))
        why[u.id] = u.why;
    for (auto& a : list) {
        const auto it = why.find(text(a, "id"));
        a.as_object()["needs_rescheduling"] = it != why.end();
        if (it != why.end())
            a.as_object()["uncovered_by"] = it->second;
    }
    return list;
}

void add_calendar(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string date, client;
        std::optional<std::string> therapist, room;
    };
    auto o = std::make_shared<Options>();
    const auto show = [&run](const json::array& list, json::object head) {
        if (run.json()) {
            head["appointments"] = list;
            cli::print_json(run, head);
            return 0;
        }
        if (list.empty())
            run.out() << "No appointments.\n";
        for (const auto& a : list)
            print_appointment(run, a);
        return 0;
    };
    const auto day_of = [](const std::string& text) {
        const auto d = parse_day(text, "--date");
        if (!d)
            throw Failure(d.error());
        return *d;
    };
    auto* day = app.add_subcommand("day", "A day's appointments (everyone's, one therapist's or one room's)");
    day->add_option("--date", o->date, "YYYY-MM-DD")->required();
    auto* t = day->add_option("--therapist", o->therapist, "Therapist username");
    day->add_option("--room", o->room, "Room id or name")->excludes(t);
    day->callback([&, o, show, day_of] {
        action = [&, o, show, day_of] {
            auto& clinic = open_for_reading(run);
            const auto d = day_of(o->date);
            const auto* zone = clinic_zone(clinic.db());
            const auto from = local_instant(zone, d, minutes{0});
            const auto to = local_instant(zone, Date{sys_days{d} + days{1}}, minutes{0});
            const auto flagged = [&](json::array list) { return flag_uncovered(run, clinic, std::move(list), {from, to}); };
            if (o->therapist)
                return show(flagged(appointments(clinic, from, to, "therapist_id",
                                                 therapist_named(clinic.db(), *o->therapist).id)),
                            {{"date", o->date}, {"therapist", *o->therapist}});
            if (o->room)
                return show(flagged(appointments(clinic, from, to, "room_id", room_named(clinic.db(), *o->room).id)),
                            {{"date", o->date}, {"room", *o->room}});
            return show(flagged(appointments(clinic, from, to)), {{"date", o->date}});
        };
    });
    auto w = std::make_shared<Options>();
    auto* week = app.add_subcommand("week", "The week's appointments (Monday to Sunday around the date)");
    week->add_option("--date", w->date, "Any day of the week, YYYY-MM-DD")->required();
    week->callback([&, w, show, day_of] {
        action = [&, w, show, day_of] {
            auto& clinic = open_for_reading(run);
            const auto d = day_of(w->date);
            const Date monday{sys_days{d} - days{weekday_index(d)}};
            const auto* zone = clinic_zone(clinic.db());
            const Interval span{local_instant(zone, monday, minutes{0}),
                                local_instant(zone, Date{sys_days{monday} + days{7}}, minutes{0})};
            return show(flag_uncovered(run, clinic, appointments(clinic, span.start, span.end), span),
                        {{"week_of", format_date(monday)}});
        };
    });
    auto c = std::make_shared<Options>();
    auto* client = app.add_subcommand("client", "A client's appointments and courses");
    client->add_option("id", c->client, "Client id")->required();
    // show is a local of this function: copied, as in day and week, because the
    // action runs after this function has returned.
    client->callback([&, c, show] {
        action = [&, c, show] {
            auto& clinic = open_for_reading(run);
            if (!find_client(clinic.db(), c->client))
                return cli::report(run, invalid("client: there is no client " + c->client, "client_id"));
            const auto list = appointments(clinic, Instant{}, Instant{milliseconds{std::numeric_limits<std::int64_t>::max()}},
                                           "client_id", c->client);
            json::array courses;
            auto q = clinic.db().query("SELECT id, service_id, condition_type, sessions_per_week, weeks, status"
                                       " FROM sched_courses WHERE client_id = ? ORDER BY created_at",
                                       c->client);
            while (q.step())
                courses.push_back(json::object{{"id", q.text(0)}, {"service_id", q.text(1)}, {"condition_type", q.text(2)},
                                               {"sessions_per_week", q.integer(3)}, {"weeks", q.integer(4)},
                                               {"status", q.text(5)}});
            if (run.json()) {
                cli::print_json(run, json::object{{"client_id", c->client}, {"appointments", list}, {"courses", courses}});
                return 0;
            }
            for (const auto& k : courses)
                run.out() << "Course " << text(k, "id") << "  " << text(k, "condition_type") << "  "
                          << text(k, "status") << '\n';
            return show(list, {});
        };
    });
}

void add_resources(CLI::App& app, CliInvocation& run, Action& action)
{
    auto* rooms = app.add_subcommand("rooms", "Treatment rooms and their features");
    rooms->require_subcommand(1, 1);
    struct RoomOptions {
        std::string name;
        std::vector<std::string> features;
        std::optional<std::string> rename;
        bool inactive = false, active = false;
    };
    // An empty --feature ("") is a slip, not "no features": say so before the command runs.
    const auto named_features = [](const std::vector<std::string>& features) {
        if (std::find(features.begin(), features.end(), std::string{}) != features.end())
            throw Failure(invalid("--feature: a feature needs a name, e.g. needling (leave --feature out for a "
                                  "room with none)"));
        return json::array(features.begin(), features.end());
    };
    auto ra = std::make_shared<RoomOptions>();
    auto* add = rooms->add_subcommand("add", "Add a room");
    add->add_option("name", ra->name, "Room name")->required();
    add->add_option("--feature", ra->features, "A feature (repeat): needling, prenatal_table, accessible, ...");
    add->callback([&, ra, named_features] {
        action = [&, ra, named_features] {
            json::array f = named_features(ra->features);
            return answer(run, cli::execute(run, "scheduling.room_add", {{"name", ra->name}, {"features", f}}),
                          [&](const json::value& r) { run.out() << "Added room " << text(r, "name") << " [" << text(r, "id") << "]\n"; });
        };
    });
    auto ru = std::make_shared<RoomOptions>();
    auto* update = rooms->add_subcommand("update", "Change a room");
    update->add_option("room", ru->name, "Room id or name")->required();
    update->add_option("--name", ru->rename, "New name");
    auto* features = update->add_option("--feature", ru->features, "Its features, replacing the old ones (repeat)");
    update->add_flag("--inactive", ru->inactive, "Take the room out of use");
    update->add_flag("--active", ru->active, "Put the room back in use");
    update->callback([&, ru, features, named_features] {
        action = [&, ru, features, named_features] {
            json::object p{{"room", ru->name}};
            if (ru->rename)
                p["name"] = *ru->rename;
            if (features->count() > 0)
                p["features"] = named_features(ru->features);
            if (ru->inactive || ru->active)
                p["active"] = ru->active;
            return answer(run, cli::execute(run, "scheduling.room_update", p),
                          [&](const json::value& r) { run.out() << "Updated room " << text(r, "name") << '\n'; });
        };
    });
    rooms->add_subcommand("list", "List rooms")->callback([&] {
        action = [&] {
            auto& clinic = open_for_reading(run);
            json::array list;
            for (const auto& r : list_rooms(clinic.db()))
                list.push_back(r.to_json());
            if (run.json()) {
                cli::print_json(run, json::object{{"rooms", list}});
                return 0;
            }
            for (const auto& r : list_rooms(clinic.db())) {
                run.out() << r.name << (r.active ? "" : " (not in use)") << "  [" << r.id << "]";
                for (const auto& f : r.features)
                    run.out() << "  " << f;
                run.out() << '\n';
            }
            return 0;
        };
    });

    auto* feature = app.add_subcommand("service-room", "Set the room feature a service needs (none: --feature \"\")");
    auto sf = std::make_shared<std::pair<std::string, std::string>>();
    feature->add_option("service", sf->first, "Service id or unique name")->required();
    feature->add_option("--feature", sf->second, "The feature, e.g. needling")->required();
    feature->callback([&, sf] {
        action = [&, sf] {
            return answer(run, cli::execute(run, "scheduling.service_feature", {{"service", sf->first}, {"feature", sf->second}}),
                          [&](const json::value& r) { run.out() << "The service needs: " << text(r, "feature") << '\n'; });
        };
    });

    auto* hours = app.add_subcommand("hours", "A therapist's weekly working hours");
    hours->require_subcommand(1, 1);
    struct HoursOptions {
        std::string therapist, from, days = "mon,tue,wed,thu,fri", time;
        std::vector<std::string> breaks;
        std::optional<std::string> week;
    };
    auto h = std::make_shared<HoursOptions>();
    auto* set = hours->add_subcommand("set", "Set hours from a date on (replacing the pattern from that date)");
    set->add_option("--therapist", h->therapist, "Therapist username")->required();
    set->add_option("--from", h->from, "First day, YYYY-MM-DD")->required();
    set->add_option("--days", h->days, "Days, e.g. mon,tue,thu (default mon to fri)");
    set->add_option("--time", h->time, "Hours those days, e.g. 09:00-17:00");
    set->add_option("--break", h->breaks, "A break those days, e.g. 12:30-13:00 (repeat)");
    set->add_option("--week", h->week, "Or the whole week as JSON: {\"mon\": [[\"09:00\", \"17:00\"]], ...}");
    set->callback([&, h] {
        action = [&, h] {
            json::object p{{"therapist", h->therapist}, {"from", h->from}};
            // "09:00-17:00" → ["09:00", "17:00"] in minutes, checked here so the error names the option.
            const auto minutes_of = [](const std::string& s, const char* option) {
                const auto dash = s.find('-');
                const auto from = parse_clock(s.substr(0, dash));
                const auto to = dash == std::string::npos ? std::nullopt : parse_clock(s.substr(dash + 1));
                if (!from || !to || *from >= *to)
                    throw Failure(invalid(std::string(option) + ": '" + s
                                              + "' is not HH:MM-HH:MM with the start before the end (e.g. 09:00-17:00)",
                                          std::string(option).substr(2)));
                return std::pair{*from, *to};
            };
            const auto span = [](const std::string& s) {
                const auto dash = s.find('-');
                return json::array{json::value(s.substr(0, dash)), json::value(s.substr(dash + 1))};
            };
            if (h->week) {
                boost::system::error_code ec;
                p["week"] = json::parse(*h->week, ec);
                if (ec)
                    return cli::report(run, invalid("--week: not JSON", "week"));
            } else {
                if (h->time.empty())
                    return cli::report(run, invalid("--time: give the hours (09:00-17:00) or --week", "time"));
                const auto hours_span = minutes_of(h->time, "--time");
                for (const auto& b : h->breaks)
                    if (const auto br = minutes_of(b, "--break");
                        br.first < hours_span.first || br.second > hours_span.second)
                        return cli::report(run, invalid("--break: " + b + " is outside --time " + h->time
                                                            + "; give a break within the hours",
                                                        "break"));
                json::object week, breaks;
                std::size_t at = 0;
                while (at <= h->days.size()) {
                    const auto comma = h->days.find(',', at);
                    const auto day = h->days.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
                    week[day] = json::array{span(h->time)};
                    json::array b;
                    for (const auto& x : h->breaks)
                        b.push_back(span(x));
                    if (!b.empty())
                        breaks[day] = std::move(b);
                    if (comma == std::string::npos)
                        break;
                    at = comma + 1;
                }
                p["week"] = std::move(week);
                p["breaks"] = std::move(breaks);
            }
            return answer(run, cli::execute(run, "scheduling.hours_set", p), [&](const json::value& r) {
                run.out() << "Hours for " << text(r, "therapist") << " from " << text(r, "from") << ": "
                          << json::serialize(r.at("week")) << '\n';
                print_affected(run, r, "outside hours");
            });
        };
    });
    auto hs = std::make_shared<std::string>();
    auto* showh = hours->add_subcommand("show", "Show a therapist's hours patterns");
    showh->add_option("--therapist", *hs, "Therapist username")->required();
    showh->callback([&, hs] {
        action = [&, hs] {
            auto& clinic = open_for_reading(run);
            const auto t = therapist_named(clinic.db(), *hs);
            json::array list;
            auto q = clinic.db().query("SELECT effective_from, week, breaks FROM sched_working_hours WHERE therapist_id = ?"
                                       " ORDER BY effective_from",
                                       t.id);
            while (q.step())
                list.push_back(json::object{{"from", q.text(0)}, {"week", json::parse(q.text(1))},
                                            {"breaks", json::parse(q.text(2))}});
            if (run.json()) {
                cli::print_json(run, json::object{{"therapist", t.username}, {"hours", list}});
                return 0;
            }
            if (list.empty())
                run.out() << t.username << " has no working hours set.\n";
            for (const auto& x : list)
                run.out() << "From " << text(x, "from") << ": " << json::serialize(x.at("week")) << "  breaks "
                          << json::serialize(x.at("breaks")) << '\n';
            return 0;
        };
    });

    auto* leave = app.add_subcommand("leave", "Therapists' leave");
    leave->require_subcommand(1, 1);
    struct LeaveOptions {
        std::string therapist, start, end, reason, id;
    };
    auto l = std::make_shared<LeaveOptions>();
    auto* ladd = leave->add_subcommand("add", "Record leave");
    ladd->add_option("--therapist", l->therapist, "Therapist username")->required();
    ladd->add_option("--start", l->start, "From, ISO 8601 with offset")->required();
    ladd->add_option("--end", l->end, "Until, ISO 8601 with offset")->required();
    ladd->add_option("--reason", l->reason, "Why (kept private to staff)");
    ladd->callback([&, l] {
        action = [&, l] {
            return answer(run,
                          cli::execute(run, "scheduling.leave_add",
                                  {{"therapist", l->therapist}, {"start", l->start}, {"end", l->end}, {"reason", l->reason}}),
                          [&](const json::value& r) {
                              run.out() << "Leave recorded [" << text(r, "id") << "]\n";
                              print_affected(run, r, "on leave");
                          });
        };
    });
    auto lr = std::make_shared<LeaveOptions>();
    auto* lremove = leave->add_subcommand("remove", "Remove leave");
    lremove->add_option("id", lr->id, "Leave id")->required();
    lremove->callback([&, lr] {
        action = [&, lr] {
            return answer(run, cli::execute(run, "scheduling.leave_remove", {{"id", lr->id}}),
                          [&](const json::value&) { run.out() << "Leave removed.\n"; });
        };
    });
    auto ll = std::make_shared<LeaveOptions>();
    auto* llist = leave->add_subcommand("list", "List leave");
    llist->add_option("--therapist", ll->therapist, "Only this therapist");
    llist->callback([&, ll] {
        action = [&, ll] {
            auto& clinic = open_for_reading(run);
            const auto* zone = clinic_zone(clinic.db());
            std::string filter = ll->therapist.empty() ? std::string() : therapist_named(clinic.db(), ll->therapist).id;
            json::array list;
            auto q = clinic.db().query("SELECT l.id, s.username, l.starts_ms, l.ends_ms, l.reason FROM sched_leave l"
                                       " JOIN staff s ON s.id = l.therapist_id WHERE ? = '' OR l.therapist_id = ?"
                                       " ORDER BY l.starts_ms",
                                       filter, filter);
            while (q.step())
                list.push_back(json::object{{"id", q.text(0)},
                                            {"therapist", q.text(1)},
                                            {"start", format_local(zone, instant_ms(q.integer(2)))},
                                            {"end", format_local(zone, instant_ms(q.integer(3)))},
                                            {"reason", q.text(4)}});
            if (run.json()) {
                cli::print_json(run, json::object{{"leave", list}});
                return 0;
            }
            for (const auto& x : list)
                run.out() << text(x, "therapist") << "  " << text(x, "start") << " to " << text(x, "end") << "  "
                          << text(x, "reason") << "  [" << text(x, "id") << "]\n";
            return 0;
        };
    });

    auto* closures = app.add_subcommand("closures", "Days the clinic is closed");
    closures->require_subcommand(1, 1);
    struct ClosureOptions {
        std::string from, reason;
        std::optional<std::string> to;
    };
    auto co = std::make_shared<ClosureOptions>();
    auto* cadd = closures->add_subcommand("add", "Close the clinic for a day or days");
    cadd->add_option("--from", co->from, "First day, YYYY-MM-DD")->required();
    cadd->add_option("--to", co->to, "Last day (default: the first)");
    cadd->add_option("--reason", co->reason, "e.g. Christmas Day");
    cadd->callback([&, co] {
        action = [&, co] {
            json::object p{{"from", co->from}, {"reason", co->reason}};
            if (co->to)
                p["to"] = *co->to;
            return answer(run, cli::execute(run, "scheduling.closure_add", p), [&](const json::value& r) {
                run.out() << "Closed " << text(r, "from") << " to " << text(r, "to") << '\n';
                print_affected(run, r, "on a closure");
            });
        };
    });
    closures->add_subcommand("list", "List closures")->callback([&] {
        action = [&] {
            auto& clinic = open_for_reading(run);
            json::array list;
            auto q = clinic.db().query("SELECT id, from_date, to_date, reason FROM sched_closures ORDER BY from_date");
            while (q.step())
                list.push_back(json::object{{"id", q.text(0)}, {"from", q.text(1)}, {"to", q.text(2)}, {"reason", q.text(3)}});
            if (run.json()) {
                cli::print_json(run, json::object{{"closures", list}});
                return 0;
            }
            for (const auto& x : list)
                run.out() << text(x, "from") << " to " << text(x, "to") << "  " << text(x, "reason") << '\n';
            return 0;
        };
    });
}

void add_waitlist(CLI::App& app, CliInvocation& run, Action& action)
{
    auto* wl = app.add_subcommand("waitlist", "Clients waiting for a slot, and the offers made to them");
    wl->require_subcommand(1, 1);
    struct Options {
        std::string client, service, from, to, id;
        std::optional<std::string> therapist;
    };
    auto o = std::make_shared<Options>();
    auto* add = wl->add_subcommand("add", "Put a client on the waitlist");
    add->add_option("--client", o->client, "Client id")->required();
    add->add_option("--service", o->service, "Service id or unique name")->required();
    add->add_option("--therapist", o->therapist, "Only with this therapist");
    add->add_option("--from", o->from, "Window start, ISO 8601 with offset")->required();
    add->add_option("--to", o->to, "Window end, ISO 8601 with offset")->required();
    add->callback([&, o] {
        action = [&, o] {
            json::object p{{"client_id", o->client}, {"service", o->service}, {"from", o->from}, {"to", o->to}};
            if (o->therapist)
                p["therapist"] = *o->therapist;
            return answer(run, cli::execute(run, "scheduling.waitlist_add", p),
                          [&](const json::value& r) { run.out() << "Waiting [" << text(r, "id") << "]\n"; });
        };
    });
    for (const auto& [name, type, what] :
         {std::tuple{"remove", "scheduling.waitlist_remove", "Waitlist entry id"},
          {"accept", "scheduling.offer_accept", "Offer id"}, {"decline", "scheduling.offer_decline", "Offer id"}}) {
        auto id = std::make_shared<std::string>();
        auto* cmd = wl->add_subcommand(name, std::string(name) == "remove" ? "Take a client off the waitlist"
                                             : std::string(name) == "accept" ? "Accept an offer (books it)"
                                                                             : "Decline an offer");
        cmd->add_option("id", *id, what)->required();
        const std::string field = std::string(name) == "remove" ? "id" : "offer";
        const std::string command = type;
        cmd->callback([&, id, field, command] {
            action = [&, id, field, command] {
                return answer(run, cli::execute(run, command, {{field, *id}}), [&](const json::value& r) {
                    if (r.as_object().contains("start"))
                        print_appointment(run, r);
                    else
                        run.out() << "Done.\n";
                });
            };
        });
    }
    const auto list = [&run, &action](const char* sql, const char* key) {
        action = [&run, sql, key] {
            auto& clinic = open_for_reading(run);
            const auto* zone = clinic_zone(clinic.db());
            const auto now = run.clock().now().time_since_epoch().count();
            json::array out;
            auto q = clinic.db().query(sql);
            while (q.step()) {
                json::object row{{"id", q.text(0)}, {"client_id", q.text(1)}, {"service_id", q.text(2)},
                                 {"therapist", q.optional_text(3) ? json::value(*q.optional_text(3)) : json::value(nullptr)},
                                 {"from", format_local(zone, instant_ms(q.integer(4)))},
                                 {"to", format_local(zone, instant_ms(q.integer(5)))},
                                 {"status", q.text(6)}};
                if (std::string(key) == "offers") {
                    row["expires"] = format_local(zone, instant_ms(q.integer(7)));
                    row["room"] = q.text(8);
                    if (row["status"] == "open" && q.integer(7) <= now)
                        row["status"] = "expired";
                }
                out.push_back(std::move(row));
            }
            if (run.json()) {
                cli::print_json(run, json::object{{key, out}});
                return 0;
            }
            for (const auto& r : out)
                run.out() << text(r, "status") << "  client " << text(r, "client_id") << "  " << text(r, "from") << " to "
                          << text(r, "to") << "  [" << text(r, "id") << "]\n";
            return 0;
        };
    };
    wl->add_subcommand("list", "Clients waiting")->callback([list] {
        list("SELECT w.id, w.client_id, w.service_id, s.username, w.window_from_ms, w.window_to_ms, w.status"
             " FROM sched_waitlist w LEFT JOIN staff s ON s.id = w.therapist_id WHERE w.status = 'waiting'"
             " ORDER BY w.created_at, w.rowid",
             "waiting");
    });
    wl->add_subcommand("offers", "Offers made from freed slots (open, expired, accepted, ...)")->callback([list] {
        list("SELECT o.id, w.client_id, w.service_id, s.username, o.starts_ms, o.ends_ms, o.status, o.expires_ms, r.name"
             " FROM sched_offers o JOIN sched_waitlist w ON w.id = o.waitlist_id JOIN staff s ON s.id = o.therapist_id"
             " JOIN sched_rooms r ON r.id = o.room_id ORDER BY o.offered_at DESC, o.rowid",
             "offers");
    });
}

} // namespace

int run_cli(CliInvocation& run)
{
    CLI::App app{"Scheduling: rooms, working hours, leave, closures; safe bookings that never overlap; course plans by "
                 "condition type; changes and the waitlist.\nTimes are ISO 8601 with a zone offset "
                 "(2026-11-23T10:00+00:00) and are printed in the clinic's zone.\n"
                 "Exit codes: 0 ok, 1 refused by a rule (the JSON error has a reason code), 2 bad usage or input, "
                 "3 I/O or internal error.",
                 "fascia schedule"};
    app.require_subcommand(1, 1);
    Action action;
    add_plan(app, run, action);
    add_book(app, run, action);
    add_changes(app, run, action);
    add_find(app, run, action);
    add_calendar(app, run, action);
    add_resources(app, run, action);
    add_waitlist(app, run, action);
    add_checkout_cli(app, run, action); // checkout_cli.cpp
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::scheduling
