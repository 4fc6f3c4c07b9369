// 10,000 clients.create through the command bus, each its own transaction,
// next to raw SQLite inserts into the same clients table (same schema and FTS
// trigger, same disk, same synchronous level, one transaction each). The ratio
// is what the bus adds: idempotency lookup, actor and permission check, payload
// validation, command log, outbox row and the audit hash chain.
#include "scratch.h"

#include <fascia/clinic.h>
#include <fascia/demo.h>
#include <fascia/extensions.h>
#include <fascia/ids.h>

#include <benchmark/benchmark.h>
#include <boost/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace fascia;
namespace json = boost::json;

/// One client's details; every (name, date of birth) is distinct for i < 67,200,
/// so the bus's duplicate check runs and never refuses.
struct ClientRow {
    std::string first, last, dob, phone, email;
};

ClientRow client_row(int i)
{
    ClientRow r;
    r.first = demo_first_names[static_cast<std::size_t>(i) % demo_first_names.size()];
    r.last = demo_last_names[static_cast<std::size_t>(i / 40) % demo_last_names.size()];
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1950 + (i / 1600) % 50, 1 + (i % 12),
                  1 + (i / 12) % 28);
    r.dob = buf;
    std::snprintf(buf, sizeof buf, "07700 900%03d", i % 1000);
    r.phone = buf;
    std::snprintf(buf, sizeof buf, "client%d@example.com", i);
    r.email = buf;
    return r;
}

const char* sync_name(std::int64_t level) { return level == 2 ? "FULL" : "NORMAL"; }

/// A new, migrated clinic with its owner, on the scratch disk, at the given synchronous level.
std::unique_ptr<Clinic> new_clinic(const std::filesystem::path& path, const Extensions& extensions,
                                   const Clock& clock, std::int64_t sync, benchmark::State& state)
{
    auto opened = Clinic::open(path, extensions, clock, OpenMode::create_if_missing);
    if (!opened) {
        state.SkipWithError(opened.error().message.c_str());
        return nullptr;
    }
    std::unique_ptr<Clinic> clinic = std::move(opened.value());
    clinic->db().set_synchronous(sync_name(sync));
    auto owner = clinic->bus().execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""});
    if (!owner) {
        state.SkipWithError(owner.error().message.c_str());
        return nullptr;
    }
    return clinic;
}

/// Wall and thread-CPU time together: the wall time includes waiting for
/// fsync, the CPU time is what the bus itself spends.
struct Spent {
    double wall = 0;
    double cpu = 0;
};

double thread_cpu_seconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class F>
void measure(Spent& spent, F&& work)
{
    const auto wall = std::chrono::steady_clock::now();
    const double cpu = thread_cpu_seconds();
    std::forward<F>(work)();
    spent.cpu += thread_cpu_seconds() - cpu;
    spent.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
}

/// Writes clients through the command bus, one command (one transaction) each.
class BusWriter {
public:
    explicit BusWriter(Clinic& clinic) : clinic_(clinic) {}
    /// Creates client i; the error message when the bus refused it.
    std::optional<std::string> write(int i)
    {
        const ClientRow r = client_row(i);
        auto outcome = clinic_.bus().execute(
            {"clients.create",
             {{"first_name", r.first}, {"last_name", r.last}, {"date_of_birth", r.dob},
              {"phone", r.phone}, {"email", r.email}},
             "owner"});
        if (!outcome)
            return outcome.error().message;
        return std::nullopt;
    }

private:
    Clinic& clinic_;
};

/// The same rows straight into the clinic's clients table: BEGIN IMMEDIATE,
/// one INSERT (the FTS trigger still fires), COMMIT. Ids and timestamps are
/// made the same way the bus makes them.
class RawWriter {
public:
    RawWriter(Clinic& clinic, const Clock& clock) : db_(clinic.db().handle()), clock_(clock)
    {
        begin_ = prepare("BEGIN IMMEDIATE");
        commit_ = prepare("COMMIT");
        insert_ = prepare(
            "INSERT INTO clients(id, first_name, last_name, preferred_name, date_of_birth, phone,"
            " email, address, health_consent_at, health_consent_recorded_by, created_at, updated_at)"
            " VALUES (?, ?, ?, '', ?, ?, ?, '', NULL, NULL, ?, ?)");
    }
    ~RawWriter()
    {
        sqlite3_finalize(begin_);
        sqlite3_finalize(commit_);
        sqlite3_finalize(insert_);
    }
    RawWriter(const RawWriter&) = delete;
    RawWriter& operator=(const RawWriter&) = delete;

    std::optional<std::string> write(int i)
    {
        if (!begin_ || !commit_ || !insert_)
            return std::string(sqlite3_errmsg(db_));
        const ClientRow r = client_row(i);
        const std::string id = new_uuid_v7(clock_);
        const std::string now = format_instant(clock_.now());
        if (!step(begin_))
            return std::string(sqlite3_errmsg(db_));
        const std::string* values[] = {&id, &r.first, &r.last, &r.dob, &r.phone, &r.email, &now, &now};
        for (int column = 0; column < 8; ++column)
            sqlite3_bind_text(insert_, column + 1, values[column]->c_str(),
                              static_cast<int>(values[column]->size()), SQLITE_TRANSIENT);
        if (!step(insert_) || !step(commit_))
            return std::string(sqlite3_errmsg(db_));
        return std::nullopt;
    }

private:
    sqlite3_stmt* prepare(const char* sql)
    {
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr);
        return stmt;
    }
    static bool step(sqlite3_stmt* stmt)
    {
        const int rc = sqlite3_step(stmt);
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE;
    }
    sqlite3* db_;
    const Clock& clock_;
    sqlite3_stmt* begin_ = nullptr;
    sqlite3_stmt* commit_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

/// Wall time after which a run stops early, keeping the suite under two minutes.
constexpr double time_budget_seconds = 75;

/// Bus and raw writes take turns in blocks of `block`, two databases in one
/// folder, so both see the same disk at the same moment: on a shared machine
/// fsync latency drifts by several times within a minute, and the ratio would
/// otherwise measure the drift.
void BM_ClientsCreate(benchmark::State& state)
{
    const int n = static_cast<int>(state.range(0));
    const int block = static_cast<int>(state.range(2));
    bench::ScratchDir dir("fascia-bench-commands");
    const SystemClock clock;
    auto bus_clinic = new_clinic(dir / "bus.db", bench::core_only(), clock, state.range(1), state);
    auto raw_clinic = new_clinic(dir / "raw.db", bench::core_only(), clock, state.range(1), state);
    if (!bus_clinic || !raw_clinic)
        return;
    BusWriter bus(*bus_clinic);
    RawWriter raw(*raw_clinic, clock);
    Spent bus_spent, raw_spent;
    int done = 0;
    for (auto _ : state) {
        for (int first = 0; first < n; first += block) {
            // A slow disk must not keep the suite running for ages: stop, and
            // report the rates over what was written (the "writes" counter).
            if (bus_spent.wall + raw_spent.wall > time_budget_seconds)
                break;
            const int last = std::min(n, first + block);
            std::optional<std::string> error;
            measure(bus_spent, [&] {
                for (int i = first; i < last && !error; ++i)
                    error = bus.write(i);
            });
            measure(raw_spent, [&] {
                for (int i = first; i < last && !error; ++i)
                    error = raw.write(i);
            });
            if (error) {
                state.SkipWithError(error->c_str());
                return;
            }
            done = last;
        }
    }
    const double writes = done;
    state.counters["writes"] = writes;
    state.counters["bus_per_s"] = writes / bus_spent.wall;
    state.counters["raw_per_s"] = writes / raw_spent.wall;
    state.counters["raw/bus"] = bus_spent.wall / raw_spent.wall;
    state.counters["bus_cpu_us"] = bus_spent.cpu / writes * 1e6;
    state.counters["raw_cpu_us"] = raw_spent.cpu / writes * 1e6;
    std::fprintf(stderr,
                 "synchronous=%s, %.0f writes each: bus %.0f commands/s (%.2f s), raw SQLite %.0f "
                 "inserts/s (%.2f s); raw is %.2fx the bus. CPU per write: bus %.0f us, raw %.0f us.\n",
                 sync_name(state.range(1)), writes, writes / bus_spent.wall, bus_spent.wall,
                 writes / raw_spent.wall, raw_spent.wall, bus_spent.wall / raw_spent.wall,
                 bus_spent.cpu / writes * 1e6, raw_spent.cpu / writes * 1e6);
}

} // namespace

// Args: {commands, synchronous level (2 = FULL, 1 = NORMAL), block}. One
// iteration each: the figure is the time for all 10,000, as a desk would see them.
BENCHMARK(BM_ClientsCreate)
    ->Args({10'000, 2, 100})
    ->Args({10'000, 1, 100})
    ->ArgNames({"commands", "sync", "block"})
    ->Iterations(1) // fixed: the loop above counts what it wrote, not iterations
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    std::fprintf(stderr, "Scratch databases under %s\n", fascia::bench::scratch_root().c_str());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
