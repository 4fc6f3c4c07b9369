// The desk's two speed goals (issue 6), offscreen:
//  - cold start to an interactive window on the demo clinic with all plugins
//    (load plugins, open the clinic, build the window, sign in, first paint);
//    target under 400 ms;
//  - a keystroke in the client search to the results on screen, over 100,000
//    clients; target under 30 ms (p50 and p99 reported).
#include "scratch.h"

#include "clients_page.h"
#include "desk_app.h"
#include "main_window.h"

#include <fascia/demo.h>
#include <fascia/staff.h>

#include <QApplication>
#include <QLineEdit>
#include <QTableWidget>
#include <QTest>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace {

using namespace fascia;
using Clock = std::chrono::steady_clock;

/// A demo clinic with n clients, made once per size for the whole run.
std::string demo_clinic(bench::ScratchDir& dir, int clients)
{
    const std::string path = (dir.path() / ("clinic-" + std::to_string(clients) + ".db")).string();
    if (std::filesystem::exists(path))
        return path;
    PluginHost host(PluginHost::default_folders(), true);
    register_core(host.extensions());
    host.load_all();
    SystemClock clock;
    auto clinic = Clinic::open(path, host.extensions(), clock, OpenMode::create_if_missing);
    if (!clinic || !build_demo_clinic(**clinic, DemoOptions{clients}))
        std::abort();
    return path;
}

bench::ScratchDir& scratch()
{
    static bench::ScratchDir dir("fascia-bench-desk");
    return dir;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

void BM_ColdStartToInteractiveWindow(benchmark::State& state)
{
    const auto path = demo_clinic(scratch(), 40);
    for (auto _ : state) {
        auto desk = desk::DeskApp::open(path, PluginHost::default_folders(), std::make_unique<SystemClock>());
        if (!desk)
            state.SkipWithError(desk.error().message.c_str());
        desk::MainWindow window((*desk)->clinic(), (*desk)->clock());
        window.enter_as(*find_staff((*desk)->clinic().db(), "owner"));
        window.show();
        QApplication::processEvents();
        benchmark::DoNotOptimize(window.grab()); // the first paint has happened
        state.counters["plugins"] = static_cast<double>((*desk)->host().plugins().size());
    }
}
BENCHMARK(BM_ColdStartToInteractiveWindow)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_SearchKeystrokeToResults(benchmark::State& state)
{
    const auto path = demo_clinic(scratch(), 100'000);
    auto desk = desk::DeskApp::open(path, PluginHost::default_folders(), std::make_unique<SystemClock>());
    desk::MainWindow window((*desk)->clinic(), (*desk)->clock());
    window.enter_as(*find_staff((*desk)->clinic().db(), "frontdesk"));
    window.show();
    auto* page = dynamic_cast<desk::ClientsPage*>(window.current_page());
    // What a person types: names letter by letter, a phone number, an email.
    const std::vector<QString> typed{"smith", "zoe", "rodr", "07700 9001", "olivia.k", "ada"};
    std::vector<double> ms;
    for (auto _ : state) {
        for (const auto& word : typed) {
            page->search_field()->clear();
            for (const QChar c : word) {
                const auto start = Clock::now();
                QTest::keyClick(page->search_field(), c.toLatin1());
                ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
        }
    }
    state.counters["keystrokes"] = static_cast<double>(ms.size());
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["max_ms"] = percentile(ms, 1.0);
}
BENCHMARK(BM_SearchKeystrokeToResults)->Unit(benchmark::kMillisecond)->Iterations(5);

} // namespace

int main(int argc, char** argv)
{
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
