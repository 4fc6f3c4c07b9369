// Reporting on a generated clinic: 20 therapists, 8 rooms, 2,000 clients and
// `--years` of half-hour bookings (about 72,000 a year, most completed and
// paid; some cancelled, late or missed). Times every report for the last year
// (the full set, p50 of --runs; wall and this thread's CPU time) and, for the
// reports that are SQL aggregates (revenue, attendance, utilisation's booked
// hours, courses), the very statements the report runs, with the values it
// binds, in the sqlite3 shell on the same file (`.timer on`: its real and
// user + sys time, summed; p50 of as many runs) in the same run: the ratio
// report ÷ shell is the overhead of the module over the engine. Run with
// --years 1 and --years 10: the cost should follow the rows in the period
// asked, not the history. --keep FILE leaves a copy of the clinic there.
//
//   fascia_bench_reporting [--years 1] [--runs 5] [--keep FILE]
//
// Not Google Benchmark: the goals are single questions beside the shell.
#include "generated_clinic.h"
#include "scratch.h"
#include "contributions.h"
#include "notes_module.h"
#include "scheduling_module.h"
#include "screening_form.h"

#include <fascia/clinic.h>
#include <fascia/plugin.h>
#include <fascia/vetting/vetting_service.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>

#include <time.h>

namespace fascia::vouchers {
void contribute(PluginContext& context);
}

using namespace fascia;
using namespace std::chrono;
namespace json = boost::json;

namespace {

void must(bool ok, const std::string& what)
{
    if (!ok)
        bench::fail(what);
}

/// This thread's CPU time in milliseconds: while other processes share the
/// machine, wall time also measures how busy it was; CPU time does not.
double thread_cpu_ms()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

/// Wall and CPU milliseconds of one run (or the p50 of several, each apart).
struct Timing {
    double wall = 0, cpu = 0;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

Timing p50(int runs, const std::function<void()>& body)
{
    std::vector<double> wall, cpu;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = steady_clock::now();
        const auto c0 = thread_cpu_ms();
        body();
        cpu.push_back(thread_cpu_ms() - c0);
        wall.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());
    }
    return {median(wall), median(cpu)};
}

/// One statement as a report runs it: its SQL and the values bound to ?1, ?2...
/// (an SQL literal each: 42, 'GBP', NULL).
struct Bound {
    std::string_view sql;
    std::vector<std::string> values;
};

std::string literal(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string literal(const std::optional<std::string>& text)
{
    return text ? literal(*text) : "NULL";
}

std::string literal(std::int64_t v)
{
    return std::to_string(v);
}

/// The sqlite3 shell's own time for `statements` on `file`, run `runs` times
/// (p50 of the runs' sums of `.timer on`'s real, and of user + sys): each
/// statement's SQL as the report runs it, its values bound with `.parameter set`.
Timing shell(const std::filesystem::path& file, const std::vector<Bound>& statements,
             const std::filesystem::path& scratch, int runs)
{
    const auto script = scratch / "shell.sql";
    {
        std::ofstream out(script);
        out << ".output /dev/null\n";
        for (int run = 0; run < runs; ++run)
            for (const auto& s : statements) {
                out << ".timer off\n.parameter clear\n";
                for (std::size_t i = 0; i < s.values.size(); ++i) {
                    // A double-quoted argument with \ and " escaped: the shell passes the
                    // SQL literal inside on, and evaluates it as the parameter's value.
                    std::string arg;
                    for (char c : s.values[i])
                        arg += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string(1, c);
                    out << ".parameter set ?" << i + 1 << " \"" << arg << "\"\n";
                }
                out << ".timer on\n" << s.sql << ";\n";
            }
    }
    const std::string command = "sqlite3 '" + file.string() + "' < '" + script.string() + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    must(pipe != nullptr, "cannot run the sqlite3 shell (packaging/setup.sh installs it)");
    std::vector<double> wall(static_cast<std::size_t>(runs)), cpu(static_cast<std::size_t>(runs));
    std::size_t timed = 0;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        double real = 0, user = 0, sys = 0;
        if (std::sscanf(line, "Run Time: real %lf user %lf sys %lf", &real, &user, &sys) == 3) {
            const auto run = timed++ / statements.size();
            if (run < wall.size()) {
                wall[run] += real * 1000;
                cpu[run] += (user + sys) * 1000;
            }
        } else {
            std::cerr << "sqlite3: " << line; // an error in the SQL: say so
        }
    }
    must(::pclose(pipe) == 0, "the sqlite3 shell failed");
    must(timed == statements.size() * static_cast<std::size_t>(runs), "the sqlite3 shell timed fewer statements than it ran");
    return {median(wall), median(cpu)};
}

/// Clients seen and rebooked (the courses report's summary) as one SQL aggregate.
constexpr std::string_view rebooking_aggregate =
    "SELECT count(*), count(CASE WHEN EXISTS (SELECT 1 FROM sched_appointments b WHERE b.client_id = l.client_id"
    "   AND b.starts_ms > l.last_ms AND b.status <> 'cancelled') THEN 1 END)"
    " FROM (SELECT client_id, max(starts_ms) AS last_ms FROM sched_appointments"
    "       WHERE starts_ms >= ?1 AND starts_ms < ?2 AND status = 'completed' AND (?3 IS NULL OR therapist_id = ?3)"
    "       GROUP BY client_id) l";

/// The statements each report runs for `request`, as it binds them (none for
/// the reports that are not SQL aggregates, or not mostly).
std::vector<Bound> statements_of(const reporting::Request& request, const std::vector<reporting::Period>& rows,
                                 std::int64_t from, std::int64_t to)
{
    namespace sql = reporting::sql;
    const std::optional<std::string> anyone;
    const std::string currency = "GBP";
    if (request.name == "revenue")
        return {{sql::revenue_payments, {literal(reporting::period_bounds(rows, true)), literal(currency), literal(anyone)}},
                {sql::revenue_fees, {literal(from), literal(to), literal(currency), literal(anyone)}}};
    if (request.name == "attendance")
        return {{sql::attendance, {literal(reporting::period_bounds(rows, false)), literal(anyone)}}};
    if (request.name == "utilisation")
        return {{sql::utilisation_booked, {literal(reporting::period_bounds(rows, false)), literal(anyone)}}};
    if (request.name == "courses") {
        std::vector<Bound> out;
        for (const auto text : {sql::courses_started, sql::courses_ended, sql::courses_reassessments})
            out.push_back({text, {literal(from), literal(to), literal(anyone)}});
        // Rebooking is found in the report from the period's completed sessions and
        // one question per client seen; the shell runs the one aggregate statement
        // that gives the same two figures.
        out.push_back({rebooking_aggregate, {literal(from), literal(to), literal(anyone)}});
        return out;
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    int years = 1, runs = 5;
    std::string keep; // where to leave a copy of the generated clinic (EXPLAIN QUERY PLAN, perf)
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--years"))
            years = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs"))
            runs = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--keep"))
            keep = argv[i + 1];
    }
    const Instant now = *parse_instant("2026-11-23T06:00:00Z");
    FixedClock clock(now);
    Extensions extensions;
    bench::register_modules(
        extensions,
        {{"vouchers", [](PluginContext& c) { vouchers::contribute(c); }},
         {"scheduling", [](PluginContext& c) { std::string error; must(scheduling::contribute(c, error), error); }},
         {"notes", [](PluginContext& c) { notes::contribute(c); }},
         {"reporting", [](PluginContext& c) { reporting::contribute(c); }}});

    bench::ScratchDir dir("fascia-bench-reporting");
    const auto file = dir.path() / "clinic.db";
    auto opened = Clinic::open(file, extensions, clock, OpenMode::create_if_missing);
    must(bool(opened), opened ? "" : opened.error().message);
    auto& clinic = **opened;
    auto& bus = clinic.bus();
    must(bool(bus.execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""})), "owner");
    must(bool(bus.execute({"settings.update", {{"time_zone", "Europe/London"}}, "owner"})), "settings");
    bench::add_staff_rooms_and_clients(bus);
    auto& db = clinic.db();
    const bench::GeneratedIds ids(db);
    const auto service_id = bench::GeneratedIds::column(db, "SELECT id FROM services").front();

    std::cerr << "generating " << years << " year(s) of bookings and payments...\n";
    const auto* zone = reporting::clinic_zone(db);
    const reporting::Date today{floor<days>(now)};
    std::int64_t made = 0;
    {
        Transaction tx(db);
        bench::for_each_booking_slot(-365 * years, 0, [&](const bench::BookingSlot& slot) {
            const reporting::Date day{sys_days{today} + days{slot.day}};
            const auto s = reporting::local_ms(zone, day, 7 * 60) + std::int64_t{30} * 60'000 * slot.half_hour;
            const auto e = s + 30 * 60'000;
            const char* status = slot.roll == 1 ? "no_show" : slot.roll <= 3 ? "cancelled" : "completed";
            const auto id = "b" + std::to_string(made++);
            db.query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at,"
                     " ends_at, starts_ms, ends_ms, status, late_cancel, created_by, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', '')",
                     id, ids.clients[slot.client], ids.therapists[slot.therapist], ids.rooms[slot.room], service_id,
                     reporting::instant_text(s), reporting::instant_text(e), s, e, status, slot.roll == 2 ? 1 : 0)
                .run();
            if (std::strcmp(status, "completed") == 0)
                db.query("INSERT INTO sched_payments(id, appointment_id, direction, method, amount_minor, currency,"
                         " recorded_by, recorded_at) VALUES (?, ?, 'payment', ?, 4500, 'GBP', 'bench', ?)",
                         "p" + id, id, slot.half_hour % 3 == 0 ? "cash" : "card", reporting::instant_text(e))
                    .run();
        });
        tx.commit();
    }
    db.exec("ANALYZE");
    std::cerr << made << " appointments\n";

    const reporting::Date from{sys_days{today} - days{365}}, to{sys_days{today} - days{1}};
    const reporting::Services services{extensions.services.get<vouchers::VoucherService>(vouchers::service_id),
                                       extensions.services.get<vetting::VettingService>(vetting::service_id)};
    const auto from_ms = reporting::day_start_ms(zone, from), to_ms = reporting::day_start_ms(zone, reporting::Date{sys_days{to} + days{1}});
    const auto months = reporting::periods(zone, from, to, "month");
    std::printf("history %d year(s), %lld appointments; the last year, by month; p50 of %d runs\n", years,
                static_cast<long long>(made), runs);
    std::printf("(cpu: this thread's CPU time, and the shell's user + sys; compare these while the machine is shared)\n");
    std::printf("%-12s %9s %9s %9s %9s %7s %7s\n", "report", "ms", "cpu ms", "shell ms", "shell cpu", "ratio", "cpu ratio");
    Timing all;
    for (const auto& name : reporting::report_names()) {
        const reporting::Request request{name, from, to, std::nullopt, "month"};
        const auto t = p50(runs, [&] { must(bool(reporting::run_report(db, services, request)), name); });
        all.wall += t.wall;
        all.cpu += t.cpu;
        const auto statements = statements_of(request, months, from_ms, to_ms);
        if (!statements.empty()) {
            const auto sh = shell(file, statements, dir.path(), runs);
            std::printf("%-12s %9.1f %9.1f %9.1f %9.1f %7.2f %7.2f\n", name.c_str(), t.wall, t.cpu, sh.wall, sh.cpu,
                        t.wall / sh.wall, sh.cpu > 0 ? t.cpu / sh.cpu : 0.0);
        } else {
            std::printf("%-12s %9.1f %9.1f %9s %9s %7s %7s\n", name.c_str(), t.wall, t.cpu, "-", "-", "-", "-");
        }
    }
    std::printf("%-12s %9.1f %9.1f\n", "all", all.wall, all.cpu);
    if (!keep.empty()) {
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        std::filesystem::copy_file(file, keep, std::filesystem::copy_options::overwrite_existing);
        std::printf("kept the clinic as %s\n", keep.c_str());
    }
    return 0;
}
