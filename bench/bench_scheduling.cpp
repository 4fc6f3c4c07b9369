// Scheduling on a generated clinic: 20 therapists, 8 rooms and two years of
// half-hour bookings (about 150,000, rooms 95% full from 07:00 to 20:00 every
// day). Times three questions the desk asks, each beside the straightforward
// way — one SQL overlap query per candidate slot — in the same run:
//   plan   an 8-session chronic course (2 a week for 4 weeks), any therapist
//   find   the next 5 free slots for a service, any therapist
//   week   everyone's bookings and free time for a week (the calendar)
// Prints p50/p99 (ms) for each and the ratio naive/interval at p50. With
// --years 20 (ten times the history) planning and find should stay flat:
// every query is bounded by time, not by history length.
//
//   fascia_bench_scheduling [--years 2] [--runs 200] [--naive-runs 3]
//                           [--plan-runs N] [--find-runs N] [--week-runs N]
// (each question's own count, --runs unless given: 0 skips it, e.g. to profile one)
//
// Not Google Benchmark: the goals are percentiles of single questions.
#include "generated_clinic.h"
#include "scratch.h"
#include "scheduling_module.h"
#include "screening_form.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>

#include <boost/json.hpp>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <time.h>
#include <iostream>


using namespace fascia;
using namespace fascia::scheduling;
using namespace std::chrono;
namespace json = boost::json;

namespace {

using bench::rooms;
using bench::therapists;

void must(const Result<CommandOutcome>& r, const char* what)
{
    if (!r)
        bench::fail(std::string(what) + ": " + r.error().message);
}

/// Wall-clock p50/p99 and this thread's CPU time p50/p99 (ms). On a machine
/// shared with other work the wall time includes waiting for a CPU; the thread's
/// CPU time is what the question itself cost.
struct Percentiles {
    double p50 = 0, p99 = 0;
    double cpu50 = 0, cpu99 = 0;
};

double thread_cpu_ms()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

Percentiles measure(int runs, const std::function<void(int)>& body)
{
    if (runs <= 0)
        return {}; // --naive-runs 0: the baseline is skipped (it takes minutes)
    std::vector<double> ms, cpu;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = steady_clock::now();
        const double c0 = thread_cpu_ms();
        body(i);
        cpu.push_back(thread_cpu_ms() - c0);
        ms.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    const auto p = [](const std::vector<double>& v, std::size_t per) { return v[std::min(v.size() - 1, v.size() * per / 100)]; };
    return {p(ms, 50), p(ms, 99), p(cpu, 50), p(cpu, 99)};
}

/// The straightforward way: is this therapist (or room) free for [s, e)? One query each.
bool naive_free(Database& db, const char* column, const std::string& id, std::int64_t s, std::int64_t e)
{
    auto q = db.query(std::string("SELECT 1 FROM sched_appointments WHERE ") + column
                          + " = ? AND status <> 'cancelled' AND starts_ms < ? AND ends_ms > ? LIMIT 1",
                      id, e, s);
    return !q.step();
}

} // namespace

int main(int argc, char** argv)
{
    int years = 2, runs = 200, naive_runs = 3, plan_runs = -1, find_runs = -1, week_runs = -1;
    bench::read_options(argc, argv, {{"--years", &years}, {"--runs", &runs}, {"--naive-runs", &naive_runs},
                                     {"--plan-runs", &plan_runs}, {"--find-runs", &find_runs},
                                     {"--week-runs", &week_runs}});
    for (int* n : {&plan_runs, &find_runs, &week_runs})
        if (*n < 0)
            *n = runs;
    const Instant now = *parse_instant("2026-11-23T06:00:00Z");
    FixedClock clock(now);
    Extensions extensions;
    bench::register_modules(extensions, {{"scheduling", [](PluginContext& c) {
                                              if (std::string error; !contribute(c, error))
                                                  bench::fail(error);
                                          }}});
    bench::ScratchDir dir("fascia-bench-scheduling");
    auto opened = Clinic::open(dir / "clinic.db", extensions, clock, OpenMode::create_if_missing);
    if (!opened) {
        std::cerr << opened.error().message << '\n';
        return 3;
    }
    auto& clinic = **opened;
    auto& bus = clinic.bus();
    must(bus.execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""}), "owner");
    json::object open;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        open[d] = json::array{"07:00", "21:00"};
    must(bus.execute({"settings.update", {{"time_zone", "Europe/London"}, {"opening_hours", open},
                                          {"modules", {{"scheduling.buffer_minutes", 0}}}}, "owner"}),
         "settings");
    bench::add_staff_rooms_and_clients(bus, [](std::vector<Command>& setup, const std::string& who) {
        setup.push_back({"vetting.add_credential", {{"therapist", who}, {"kind", "remedial_massage_therapist"},
                                                    {"number", "R-" + who}, {"issuer", "College"}, {"issued", "2000-01-01"}}, "owner"});
        setup.push_back({"vetting.add_registration", {{"therapist", who}, {"body", "GCMT"}, {"number", "G-" + who},
                                                      {"issued", "2026-01-01"}, {"expires", "2027-12-31"}}, "owner"});
        setup.push_back({"vetting.add_insurance", {{"therapist", who}, {"insurer", "Balens"}, {"policy", "B-" + who},
                                                   {"cover", "5000000"}, {"issued", "2026-06-01"}, {"expires", "2027-05-31"}}, "owner"});
        setup.push_back({"vetting.add_cpd", {{"therapist", who}, {"hours", 30}, {"on", "2026-06-01"}, {"topic", "CPD"}}, "owner"});
        int referee = 0;
        for (const char* item : {"identity", "documents", "reference", "reference"})
            setup.push_back({"vetting.record_check", {{"therapist", who}, {"item", item}, {"on", "2026-01-05"},
                                                      {"note", "Referee " + std::to_string(++referee)}}, "owner"});
    });
    auto& db = clinic.db();
    const bench::GeneratedIds ids(db);
    const auto& staff = ids.therapists;
    const auto& room_ids = ids.rooms;
    const auto service = list_services(db).front();

    // History: every room, every half hour 07:00–20:00, 95% full; the 8
    // therapists in the 8 rooms at one time are distinct, and so are the clients.
    std::cerr << "generating " << years << " years of bookings...\n";
    const auto* zone = clinic_zone(db);
    const Date today = local_day(zone, now);
    std::int64_t made = 0;
    {
        Transaction tx(db);
        bench::for_each_booking_slot(-365 * years, 35, [&](const bench::BookingSlot& slot) {
            const Date day{sys_days{today} + days{slot.day}};
            const Instant s = local_instant(zone, day, hours{7}) + minutes{30 * slot.half_hour};
            const auto id = "b" + std::to_string(made++);
            db.query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at,"
                     " ends_at, starts_ms, ends_ms, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', '')",
                     id, ids.clients[slot.client], ids.therapists[slot.therapist], ids.rooms[slot.room], service.id,
                     format_instant(s), format_instant(s + minutes{30}), s.time_since_epoch().count(),
                     (s + minutes{30}).time_since_epoch().count())
                .run();
        });
        tx.commit();
    }
    db.exec("ANALYZE");
    std::cerr << made << " bookings\n";

    // A chronic client, screened today (not one of the generated ones, so not busy).
    json::object input = intake::FormLibrary::builtin()->find("sciatica-intake/1")->all_clear_input();
    input["assessed_on"] = format_date(today);
    input["symptom_onset"] = "2026-01-01";
    auto made_client = bus.execute({"clients.create", {{"first_name", "Ann"}, {"last_name", "Lee"},
                                                       {"date_of_birth", "1970-01-01"}, {"health_consent", true}}, "owner"});
    must(made_client, "client");
    const std::string client(made_client->result.at("id").as_string());
    must(bus.execute({"intake.record", {{"client_id", client}, {"screening", input}}, "owner"}), "screening");

    const auto deps = dependencies_of(extensions);
    const auto everyone = active_therapists(db);
    const Date from{sys_days{today} + days{7}};

    // plan: the scheduler (a fresh one each time: no warm caches).
    std::size_t planned = 0;
    std::cerr << "measuring plan\n";
    const auto plan = measure(plan_runs, [&](int i) {
        Scheduler s(db, deps.intake, deps.vetting, now);
        PlanRequest r{client, service, Date{sys_days{from} + days{i % 7}}, std::nullopt, 4, 2, {}};
        auto p = s.plan(r);
        planned = p ? p->sessions.size() : 0;
    });
    // The naive plan: walk the 15-minute grid, one overlap query per therapist,
    // room and client per candidate, until 8 sessions 48 h apart are placed.
    std::cerr << "measuring naive_plan\n";
    const auto naive_plan = measure(naive_runs, [&](int i) {
        std::vector<Instant> placed;
        Instant at = local_instant(zone, Date{sys_days{from} + days{i % 7}}, hours{0});
        while (placed.size() < 8) {
            const Date day = local_day(zone, at);
            const auto mins = duration_cast<minutes>(at - local_instant(zone, day, hours{0})).count();
            if (mins < 7 * 60 || mins + 30 > 21 * 60) {
                at += minutes{15};
                continue;
            }
            const auto s = at.time_since_epoch().count(), e = (at + minutes{30}).time_since_epoch().count();
            bool ok = false;
            if (naive_free(db, "client_id", client, s, e))
                for (const auto& t : staff) {
                    if (!naive_free(db, "therapist_id", t, s, e))
                        continue;
                    for (const auto& r : room_ids)
                        if (naive_free(db, "room_id", r, s, e)) {
                            ok = true;
                            break;
                        }
                    if (ok)
                        break;
                }
            if (ok) {
                placed.push_back(at);
                at += hours{48};
            } else {
                at += minutes{15};
            }
        }
    });

    std::size_t found = 0;
    std::cerr << "measuring find\n";
    const auto find = measure(find_runs, [&](int i) {
        Scheduler s(db, deps.intake, deps.vetting, now);
        found = s.find(service, now + days{1} + minutes{15 * (i % 40)}, std::nullopt, 5).size();
    });
    std::cerr << "measuring naive_find\n";
    const auto naive_find = measure(naive_runs, [&](int i) {
        int got = 0;
        for (Instant at = now + days{1} + minutes{15 * (i % 40)}; got < 5; at += minutes{15}) {
            const Date day = local_day(zone, at);
            const auto mins = duration_cast<minutes>(at - local_instant(zone, day, hours{0})).count();
            if (mins < 7 * 60 || mins + 30 > 21 * 60)
                continue;
            const auto s = at.time_since_epoch().count(), e = (at + minutes{30}).time_since_epoch().count();
            for (const auto& t : staff) {
                if (got == 5 || !naive_free(db, "therapist_id", t, s, e))
                    continue;
                for (const auto& r : room_ids)
                    if (naive_free(db, "room_id", r, s, e)) {
                        ++got;
                        break;
                    }
            }
        }
    });

    std::size_t loaded = 0;
    std::cerr << "measuring week_load\n";
    const auto week_load = measure(week_runs, [&](int i) {
        Scheduler s(db, deps.intake, deps.vetting, now);
        const Instant start = local_instant(zone, Date{sys_days{today} - days{7 * (i % 50)}}, hours{0});
        const auto snap = s.load({start, start + days{7}}, everyone, std::nullopt, std::nullopt);
        loaded = 0;
        for (const auto& t : everyone) // each therapist's free time, as the calendar shades it
            loaded += (snap.working.at(t.id) & snap.opening).size() + snap.therapist_busy.at(t.id).size();
    });
    std::cerr << "measuring naive_week\n";
    const auto naive_week = measure(naive_runs, [&](int i) {
        const Instant start = local_instant(zone, Date{sys_days{today} - days{7 * (i % 50)}}, hours{0});
        for (int d = 0; d < 7; ++d)
            for (int k = 0; k < 28; ++k) {
                const Instant s = start + days{d} + hours{7} + minutes{30 * k};
                for (const auto& t : staff)
                    (void)naive_free(db, "therapist_id", t, s.time_since_epoch().count(),
                                     (s + minutes{30}).time_since_epoch().count());
            }
    });

    std::printf("history: %d years, %lld bookings, %d therapists, %d rooms\n", years, static_cast<long long>(made),
                therapists, rooms);
    std::printf("%-32s %9s %9s %9s %9s   %s\n", "question", "p50 ms", "p99 ms", "cpu p50", "cpu p99",
                "naive p50 ms (ratio)");
    const auto row = [](const char* what, Percentiles ours, Percentiles naive) {
        std::printf("%-32s %9.3f %9.3f %9.3f %9.3f   %9.2f (%.0fx)\n", what, ours.p50, ours.p99, ours.cpu50, ours.cpu99,
                    naive.p50, naive.p50 / ours.p50);
    };
    row("plan 8-session course", plan, naive_plan);
    row("next 5 free slots", find, naive_find);
    row("week, all therapists", week_load, naive_week);
    std::printf("(planned %zu sessions, found %zu slots, week items %zu)\n", planned, found, loaded);
    return 0;
}
