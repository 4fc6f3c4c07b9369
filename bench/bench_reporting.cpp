// Reporting on a generated clinic: 20 therapists, 8 rooms, 2,000 clients and
// `--years` of half-hour bookings (about 72,000 a year, most completed and
// paid; some cancelled, late or missed). Times every report for the last year
// (the full set, p50 of --runs) and, for the reports that are SQL aggregates
// only (revenue, attendance), the same statements in the sqlite3 shell on the
// same file (`.timer on`, the engine's own time, summed) in the same run:
// the ratio report ÷ shell is the overhead of the module over the engine.
// Run with --years 1 and --years 10: the cost should follow the rows in the
// period asked, not the history.
//
//   fascia_bench_reporting [--years 1] [--runs 5]
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

double p50(int runs, const std::function<void()>& body)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = steady_clock::now();
        body();
        ms.push_back(duration<double, std::milli>(steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

/// The sqlite3 shell's own time for `statements` on `file` (sum of `.timer on`'s real times), ms.
double shell_ms(const std::filesystem::path& file, const std::vector<std::string>& statements,
                const std::filesystem::path& scratch)
{
    const auto script = scratch / "shell.sql";
    {
        std::ofstream out(script);
        out << ".timer on\n.output /dev/null\n";
        for (const auto& s : statements)
            out << s << ";\n";
    }
    const std::string command = "sqlite3 '" + file.string() + "' < '" + script.string() + "' 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    must(pipe != nullptr, "cannot run the sqlite3 shell (packaging/setup.sh installs it)");
    double total = 0;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        double real = 0;
        if (std::sscanf(line, "Run Time: real %lf", &real) == 1)
            total += real * 1000;
    }
    must(::pclose(pipe) == 0, "the sqlite3 shell failed");
    return total;
}

std::string n(std::int64_t v)
{
    return std::to_string(v);
}

/// `sql` with every `{name}` in it replaced by `value`.
std::string with(std::string sql, const std::string& name, const std::string& value)
{
    for (auto at = sql.find(name); at != std::string::npos; at = sql.find(name, at + value.size()))
        sql.replace(at, name.size(), value);
    return sql;
}

/// A report's statements as the module runs them: `sql` for each row's period
/// (ungrouped), then for the whole period grouped by each of `groups`. In `sql`,
/// {group} is the grouping and {from} and {to} the period's bounds as `bound` writes them.
std::vector<std::string> per_row_and_group(const std::vector<reporting::Period>& rows, std::int64_t from,
                                           std::int64_t to, const std::string& sql,
                                           std::string (*bound)(std::int64_t), std::initializer_list<const char*> groups)
{
    const auto one = [&](const std::string& group, std::int64_t a, std::int64_t b) {
        return with(with(with(sql, "{group}", group), "{from}", bound(a)), "{to}", bound(b));
    };
    std::vector<std::string> out;
    for (const auto& p : rows)
        out.push_back(one("''", p.start_ms, p.end_ms));
    for (const char* g : groups)
        out.push_back(one(g, from, to));
    return out;
}

/// The attendance report's statements, written out for the shell.
std::vector<std::string> attendance_sql(const std::vector<reporting::Period>& rows, std::int64_t from, std::int64_t to)
{
    return per_row_and_group(
        rows, from, to,
        "SELECT {group}, count(*), count(CASE WHEN a.status IN ('completed', 'arrived') THEN 1 END),"
        " count(CASE WHEN a.status = 'cancelled' THEN 1 END),"
        " count(CASE WHEN a.status = 'cancelled' AND a.late_cancel = 1 THEN 1 END),"
        " count(CASE WHEN a.status = 'no_show' THEN 1 END)"
        " FROM sched_appointments a JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
        " WHERE a.starts_ms >= {from} AND a.starts_ms < {to} GROUP BY 1 ORDER BY 1",
        n, {"st.username", "sv.name"});
}

/// The revenue report's statements, written out for the shell.
std::vector<std::string> revenue_sql(const std::vector<reporting::Period>& rows, std::int64_t from, std::int64_t to)
{
    auto out = per_row_and_group(
        rows, from, to,
        "SELECT {group}, count(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN 1 END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'cash' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'card' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'transfer' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'refund' AND p.method <> 'voucher' THEN p.amount_minor END),"
        " total(CASE WHEN p.method = 'voucher' THEN CASE p.direction WHEN 'payment' THEN p.amount_minor"
        " ELSE -p.amount_minor END END)"
        " FROM sched_payments p JOIN sched_appointments a ON a.id = p.appointment_id"
        " JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
        " WHERE p.recorded_at >= '{from}' AND p.recorded_at < '{to}' AND p.currency = 'GBP' GROUP BY 1 ORDER BY 1",
        reporting::instant_text, {"st.username", "sv.name", "p.method"});
    out.push_back("SELECT c.fee_kind, count(*), total(c.fee_minor), total(max(0, c.fee_minor - coalesce((SELECT"
                  " sum(CASE p.direction WHEN 'payment' THEN p.amount_minor ELSE -p.amount_minor END) FROM sched_payments p"
                  " WHERE p.appointment_id = a.id), 0))) FROM sched_appointments a JOIN sched_charges c ON"
                  " c.appointment_id = a.id WHERE a.starts_ms >= " + n(from) + " AND a.starts_ms < " + n(to)
                  + " AND c.fee_kind IS NOT NULL AND c.fee_minor > 0 AND c.currency = 'GBP' GROUP BY 1 ORDER BY 1");
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    int years = 1, runs = 5;
    bench::read_options(argc, argv, {{"--years", &years}, {"--runs", &runs}});
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
    std::printf("%-12s %10s %10s %7s\n", "report", "ms", "shell ms", "ratio");
    double all = 0;
    for (const auto& name : reporting::report_names()) {
        const double ms = p50(runs, [&] {
            must(bool(reporting::run_report(db, services, {name, from, to, std::nullopt, "month"})), name);
        });
        all += ms;
        double shell = 0;
        if (name == "attendance")
            shell = shell_ms(file, attendance_sql(months, from_ms, to_ms), dir.path());
        else if (name == "revenue")
            shell = shell_ms(file, revenue_sql(months, from_ms, to_ms), dir.path());
        if (shell > 0)
            std::printf("%-12s %10.1f %10.1f %7.2f\n", name.c_str(), ms, shell, ms / shell);
        else
            std::printf("%-12s %10.1f %10s %7s\n", name.c_str(), ms, "-", "-");
    }
    std::printf("%-12s %10.1f\n", "all", all);
    return 0;
}
