// Opening and migrating a new clinic database, and opening one that is already
// up to date (what every `fascia` command does first).
#include "scratch.h"

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin_host.h>

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace fascia;

/// The core plus every plugin in the build tree's plugin folder, loaded once.
const Extensions& with_plugins()
{
    static PluginHost host(PluginHost::default_folders());
    static const bool loaded = [] {
        register_core(host.extensions());
        host.load_all();
        return true;
    }();
    (void)loaded;
    return host.extensions();
}

/// Each iteration creates a new file, applies every migration and closes it
/// (closing checkpoints the WAL, which is part of what `fascia init` costs).
void open_new_clinic(benchmark::State& state, const Extensions& extensions)
{
    bench::ScratchDir dir("fascia-bench-open");
    const SystemClock clock;
    const auto path = dir / "clinic.db";
    for (auto _ : state) {
        {
            auto clinic = Clinic::open(path, extensions, clock, OpenMode::create_if_missing);
            if (!clinic) {
                state.SkipWithError(clinic.error().message.c_str());
                break;
            }
            benchmark::DoNotOptimize(clinic->get());
        }
        state.PauseTiming();
        bench::remove_database(path);
        state.ResumeTiming();
    }
    state.counters["migrations"] = static_cast<double>(extensions.migrations.size());
}

void BM_OpenNewClinic_Core(benchmark::State& state)
{
    open_new_clinic(state, bench::core_only());
}

void BM_OpenNewClinic_WithPlugins(benchmark::State& state)
{
    open_new_clinic(state, with_plugins());
}

/// An existing, current database: file checks, migration checksums, node id, close.
void BM_OpenExistingClinic(benchmark::State& state)
{
    bench::ScratchDir dir("fascia-bench-open");
    const SystemClock clock;
    const auto path = dir / "clinic.db";
    const Extensions& extensions = with_plugins();
    if (auto made = Clinic::open(path, extensions, clock, OpenMode::create_if_missing); !made) {
        state.SkipWithError(made.error().message.c_str());
        return;
    }
    for (auto _ : state) {
        auto clinic = Clinic::open(path, extensions, clock, OpenMode::existing);
        if (!clinic) {
            state.SkipWithError(clinic.error().message.c_str());
            break;
        }
        benchmark::DoNotOptimize(clinic->get());
    }
}

} // namespace

BENCHMARK(BM_OpenNewClinic_Core)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_OpenNewClinic_WithPlugins)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_OpenExistingClinic)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

BENCHMARK_MAIN();
