// Importing 100,000 clients from a CSV export (issue 12): rows per second of
// the whole import (reading, mapping, checking, matching, writing through
// clients.create commands) beside the raw insert rate of the same rows, measured
// in the same run: the same clients.create commands, already parsed, sent
// straight to the command bus in the same batches. Target: import at least half
// the raw rate. Each side gets a fresh clinic on disk (WAL, synchronous NORMAL).
#include "scratch.h"

#include <fascia/client_import.h>
#include <fascia/clients.h>
#include <fascia/clinic.h>
#include <fascia/extensions.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <time.h>

namespace {

using namespace fascia;

constexpr int rows = 100'000;
constexpr std::size_t batch = 500; // the import engine's default

struct Row {
    std::string first, last, dob_dmy, dob_iso, phone, email;
};

std::vector<Row> make_rows()
{
    static const char* firsts[] = {"Zoë", "Siobhán", "Aoife", "James", "Mia", "Tom", "Priya", "Wei", "Ngaio", "Liam"};
    static const char* lasts[] = {"Smith", "O'Brien", "D'Arcy-Smith", "Nguyen", "Khan", "Jones", "Chen", "Marsh"};
    std::mt19937 rng(12);
    std::vector<Row> out;
    out.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        Row r;
        r.first = firsts[rng() % 10];
        r.last = lasts[rng() % 8];
        const int d = 1 + static_cast<int>(rng() % 28), m = 1 + static_cast<int>(rng() % 12),
                  y = 1940 + static_cast<int>(rng() % 65);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d, m, y);
        r.dob_dmy = buf;
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        r.dob_iso = buf;
        std::snprintf(buf, sizeof buf, "07911 %06d", i); // unique, in a real mobile range
        r.phone = buf;
        r.email = "client" + std::to_string(i) + "@example.com";
        out.push_back(std::move(r));
    }
    return out;
}

std::string csv_of(const std::vector<Row>& all)
{
    std::string csv = "\xEF\xBB\xBF" "First Name,Surname,Date of Birth,Mobile,Email\r\n";
    for (const auto& r : all)
        csv += r.first + ",\"" + r.last + "\"," + r.dob_dmy + "," + r.phone + "," + r.email + "\r\n";
    return csv;
}

struct FreshClinic {
    bench::ScratchDir dir{"fascia-bench-import"};
    SystemClock clock;
    Extensions extensions;
    std::unique_ptr<Clinic> clinic;
    FreshClinic()
    {
        register_core(extensions);
        clinic = std::move(*Clinic::open(dir / "clinic.db", extensions, clock, OpenMode::create_if_missing));
        (void)clinic->bus().execute({"staff.create", {{"username", "owner"}, {"role", "owner"}}, ""});
    }
};

/// This thread's CPU time in seconds: on a shared machine the two halves' wall
/// times also measure how busy the machine was, their CPU times do not.
double thread_cpu_seconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

void BM_Import(benchmark::State& state)
{
    const auto all = make_rows();
    const auto csv = csv_of(all);
    double raw_rate = 0, import_rate = 0, raw_cpu = 0, import_cpu = 0;
    for (auto _ : state) {
        {
            FreshClinic raw;
            const auto start = std::chrono::steady_clock::now();
            const auto cpu_start = thread_cpu_seconds();
            for (std::size_t i = 0; i < all.size(); i += batch) {
                std::vector<Command> commands;
                for (std::size_t k = i; k < std::min(all.size(), i + batch); ++k)
                    commands.push_back({"clients.create",
                                        {{"first_name", all[k].first}, {"last_name", all[k].last},
                                         {"date_of_birth", all[k].dob_iso}, {"phone", all[k].phone},
                                         {"email", all[k].email}, {"allow_duplicate", true}},
                                        "owner", "raw-" + std::to_string(k)});
                if (auto r = raw.clinic->bus().execute_all(std::move(commands)); !r) {
                    state.SkipWithError(r.error().message.c_str());
                    return;
                }
            }
            raw_rate = rows / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            raw_cpu = thread_cpu_seconds() - cpu_start;
        }
        {
            FreshClinic imported;
            ImportOptions options;
            options.actor = "owner";
            const auto start = std::chrono::steady_clock::now();
            const auto cpu_start = thread_cpu_seconds();
            auto report = import_clients(*imported.clinic, csv, options);
            import_cpu = thread_cpu_seconds() - cpu_start;
            if (!report || !report->applied) {
                state.SkipWithError(report ? "rows had errors" : report.error().message.c_str());
                return;
            }
            import_rate = rows / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            state.counters["created"] = static_cast<double>(report->count(ImportOutcome::created));
            state.counters["matched"] = static_cast<double>(report->count(ImportOutcome::matched));
        }
    }
    state.counters["raw_rows_per_s"] = raw_rate;
    state.counters["import_rows_per_s"] = import_rate;
    state.counters["import_over_raw"] = raw_rate > 0 ? import_rate / raw_rate : 0;
    state.counters["raw_cpu_us_per_row"] = raw_cpu * 1e6 / rows;
    state.counters["import_cpu_us_per_row"] = import_cpu * 1e6 / rows;
    state.counters["import_over_raw_by_cpu"] = import_cpu > 0 ? raw_cpu / import_cpu : 0;
}

} // namespace

BENCHMARK(BM_Import)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

BENCHMARK_MAIN();
