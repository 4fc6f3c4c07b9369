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

namespace fascia::intake {
void contribute(PluginContext& context, const FormLibrary& forms);
}
namespace fascia::vetting {
void contribute(PluginContext& context);
}
namespace fascia::vouchers {
void contribute(PluginContext& context);
}

using namespace fascia;
using namespace std::chrono;
namespace json = boost::json;

namespace {

constexpr int therapists = 20;
constexpr int rooms = 8;
constexpr int clients = 2000;

void must(bool ok, const std::string& what)
{
    if (!ok) {
        std::cerr << what << '\n';
        std::exit(3);
    }
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

/// The attendance report's statements, written out for the shell.
std::vector<std::string> attendance_sql(const std::vector<reporting::Period>& rows, std::int64_t from, std::int64_t to)
{
    const auto one = [](const std::string& group, std::int64_t a, std::int64_t b) {
        return "SELECT " + group + ", count(*), count(CASE WHEN a.status IN ('completed', 'arrived') THEN 1 END),"
               " count(CASE WHEN a.status = 'cancelled' THEN 1 END),"
               " count(CASE WHEN a.status = 'cancelled' AND a.late_cancel = 1 THEN 1 END),"
               " count(CASE WHEN a.status = 'no_show' THEN 1 END)"
               " FROM sched_appointments a JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
               " WHERE a.starts_ms >= " + n(a) + " AND a.starts_ms < " + n(b) + " GROUP BY 1 ORDER BY 1";
    };
    std::vector<std::string> out;
    for (const auto& p : rows)
        out.push_back(one("''", p.start_ms, p.end_ms));
    out.push_back(one("st.username", from, to));
    out.push_back(one("sv.name", from, to));
    return out;
}

/// The revenue report's statements, written out for the shell.
std::vector<std::string> revenue_sql(const std::vector<reporting::Period>& rows, std::int64_t from, std::int64_t to)
{
    const auto one = [](const std::string& group, std::int64_t a, std::int64_t b) {
        return "SELECT " + group + ", count(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN 1 END),"
               " total(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN p.amount_minor END),"
               " total(CASE WHEN p.direction = 'payment' AND p.method = 'cash' THEN p.amount_minor END),"
               " total(CASE WHEN p.direction = 'payment' AND p.method = 'card' THEN p.amount_minor END),"
               " total(CASE WHEN p.direction = 'payment' AND p.method = 'transfer' THEN p.amount_minor END),"
               " total(CASE WHEN p.direction = 'refund' AND p.method <> 'voucher' THEN p.amount_minor END),"
               " total(CASE WHEN p.method = 'voucher' THEN CASE p.direction WHEN 'payment' THEN p.amount_minor"
               " ELSE -p.amount_minor END END)"
               " FROM sched_payments p JOIN sched_appointments a ON a.id = p.appointment_id"
               " JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
               " WHERE p.recorded_at >= '" + reporting::instant_text(a) + "' AND p.recorded_at < '"
               + reporting::instant_text(b) + "' AND p.currency = 'GBP' GROUP BY 1 ORDER BY 1";
    };
    std::vector<std::string> out;
    for (const auto& p : rows)
        out.push_back(one("''", p.start_ms, p.end_ms));
    for (const char* g : {"st.username", "sv.name", "p.method"})
        out.push_back(one(g, from, to));
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
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--years"))
            years = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs"))
            runs = std::atoi(argv[i + 1]);
    }
    const Instant now = *parse_instant("2026-11-23T06:00:00Z");
    FixedClock clock(now);
    Extensions extensions;
    register_core(extensions);
    const auto merge = [&](PluginContext& c) { must(bool(extensions.merge(std::move(c.staged()))), c.plugin_id()); };
    PluginContext ic("intake", extensions);
    intake::contribute(ic, *intake::FormLibrary::builtin());
    merge(ic);
    PluginContext vc("vetting", extensions);
    vetting::contribute(vc);
    merge(vc);
    PluginContext uc("vouchers", extensions);
    vouchers::contribute(uc);
    merge(uc);
    PluginContext sc("scheduling", extensions);
    std::string error;
    must(scheduling::contribute(sc, error), error);
    merge(sc);
    PluginContext nc("notes", extensions);
    notes::contribute(nc);
    merge(nc);
    PluginContext rc("reporting", extensions);
    reporting::contribute(rc);
    merge(rc);

    bench::ScratchDir dir("fascia-bench-reporting");
    const auto file = dir.path() / "clinic.db";
    auto opened = Clinic::open(file, extensions, clock, OpenMode::create_if_missing);
    must(bool(opened), opened ? "" : opened.error().message);
    auto& clinic = **opened;
    auto& bus = clinic.bus();
    must(bool(bus.execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""})), "owner");
    must(bool(bus.execute({"settings.update", {{"time_zone", "Europe/London"}}, "owner"})), "settings");
    std::vector<Command> setup;
    json::object week;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        week[d] = json::array{json::array{"07:00", "21:00"}};
    for (int t = 0; t < therapists; ++t) {
        const auto who = "t" + std::to_string(t);
        setup.push_back({"staff.create", {{"username", who}, {"role", "therapist"}}, "owner"});
        setup.push_back({"scheduling.hours_set", {{"therapist", who}, {"from", "2000-01-01"}, {"week", week}}, "owner"});
    }
    for (int r = 0; r < rooms; ++r)
        setup.push_back({"scheduling.room_add", {{"name", "Room " + std::to_string(r)}}, "owner"});
    setup.push_back({"services.upsert", {{"name", "30-minute remedial massage"}, {"modality", "remedial"},
                                         {"duration_minutes", 30}, {"price", "45.00"}}, "owner"});
    for (int c = 0; c < clients; ++c)
        setup.push_back({"clients.create", {{"first_name", "C"}, {"last_name", "N" + std::to_string(c)},
                                            {"date_of_birth", "1980-01-01"}, {"health_consent", true}}, "owner"});
    if (auto r = bus.execute_all(std::move(setup)); !r)
        must(false, "setup: " + r.error().message);
    auto& db = clinic.db();
    const auto ids = [&](const char* sql) {
        std::vector<std::string> out;
        auto q = db.query(sql);
        while (q.step())
            out.push_back(q.text(0));
        return out;
    };
    const auto staff = ids("SELECT id FROM staff WHERE role = 'therapist' ORDER BY username");
    const auto room_ids = ids("SELECT id FROM sched_rooms ORDER BY name");
    const auto client_ids = ids("SELECT id FROM clients ORDER BY rowid");
    const auto service_id = ids("SELECT id FROM services").front();

    std::cerr << "generating " << years << " year(s) of bookings and payments...\n";
    const auto* zone = reporting::clinic_zone(db);
    const reporting::Date today{floor<days>(now)};
    std::int64_t made = 0;
    {
        Transaction tx(db);
        for (int d = -365 * years; d < 0; ++d) {
            const reporting::Date day{sys_days{today} + days{d}};
            const auto open_ms = reporting::local_ms(zone, day, 7 * 60);
            for (int k = 0; k < 26; ++k)
                for (int r = 0; r < rooms; ++r) {
                    const int roll = (d * 131 + k * 17 + r * 7 + 100000) % 20;
                    if (roll == 0)
                        continue; // 5% left free
                    const auto s = open_ms + std::int64_t{30} * 60'000 * k, e = s + 30 * 60'000;
                    const auto t = static_cast<std::size_t>((r + 8 * (k % 2) + d) % therapists + therapists) % therapists;
                    const auto c = static_cast<std::size_t>(((d + 10000) * 211 + k * 8 + r) % clients);
                    const char* status = roll == 1 ? "no_show" : roll <= 3 ? "cancelled" : "completed";
                    const auto id = "b" + std::to_string(made++);
                    db.query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at,"
                             " ends_at, starts_ms, ends_ms, status, late_cancel, created_by, created_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', '')",
                             id, client_ids[c], staff[t], room_ids[static_cast<std::size_t>(r)], service_id,
                             reporting::instant_text(s), reporting::instant_text(e), s, e, status, roll == 2 ? 1 : 0)
                        .run();
                    if (std::strcmp(status, "completed") == 0)
                        db.query("INSERT INTO sched_payments(id, appointment_id, direction, method, amount_minor, currency,"
                                 " recorded_by, recorded_at) VALUES (?, ?, 'payment', ?, 4500, 'GBP', 'bench', ?)",
                                 "p" + id, id, k % 3 == 0 ? "cash" : "card", reporting::instant_text(e))
                            .run();
                }
        }
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
