// Loading all plugins: what every `fascia` process does before its command.
// Measures whatever is in <build>/lib/fascia/plugins (and FASCIA_PLUGIN_PATH).
#include <fascia/extensions.h>
#include <fascia/plugin_host.h>

#include <benchmark/benchmark.h>

#include <iostream>
#include <memory>

namespace {

using namespace fascia;

/// The core's own registration alone: the floor under the figure below.
void BM_RegisterCore(benchmark::State& state)
{
    for (auto _ : state) {
        Extensions extensions;
        register_core(extensions);
        benchmark::DoNotOptimize(extensions.commands.find("clients.create"));
    }
}

/// A new host per iteration: discover plugin.json files, order, dlopen, check
/// the API version, create and initialize. Shutdown is left out of the timing.
void BM_LoadAllPlugins(benchmark::State& state)
{
    std::size_t found = 0;
    std::size_t running = 0;
    for (auto _ : state) {
        auto host = std::make_unique<PluginHost>(PluginHost::default_folders());
        register_core(host->extensions());
        host->load_all();
        state.PauseTiming();
        found = host->plugins().size();
        running = 0;
        for (const auto& spec : host->plugins())
            running += spec.state == PluginState::running ? 1 : 0;
        host.reset();
        state.ResumeTiming();
    }
    state.counters["plugins_found"] = static_cast<double>(found);
    state.counters["plugins_running"] = static_cast<double>(running);
}

/// Says what was measured, since the figure depends on it.
void describe_plugins()
{
    PluginHost host(PluginHost::default_folders());
    register_core(host.extensions());
    host.load_all();
    std::cerr << "Plugin folders searched:\n";
    for (const auto& folder : PluginHost::default_folders())
        std::cerr << "  " << folder.string() << "\n";
    std::cerr << "Plugins found: " << host.plugins().size() << "\n";
    for (const auto& spec : host.plugins())
        std::cerr << "  " << spec.id << " " << spec.version << ": " << to_string(spec.state)
                  << (spec.error.empty() ? "" : " (" + spec.error + ")") << "\n";
}

} // namespace

BENCHMARK(BM_RegisterCore)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoadAllPlugins)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    describe_plugins();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
