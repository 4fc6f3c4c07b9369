// kill -9 of the daemon at random moments while three desks push 2,000
// commands, at the daemon's default synchronous=FULL (each push one
// transaction): after a restart and resync nothing acknowledged is lost,
// nothing is applied twice, every database agrees and passes PRAGMA integrity_check.
#include "sync_support.h"

#include <fascia/clinic.h>
#include <fascia/plugin_host.h>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>
#include <thread>

namespace fascia::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int total_commands = 2000;

std::string text(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

TEST(SyncCrash, KillNineWhileThreeDesksPushTwoThousandCommands)
{
    SyncWorld world;
    world.create_clinic();
    world.start_daemon();
    const std::vector<std::string> desks{"alpha", "bravo", "charlie"};
    for (const auto& d : desks)
        world.enroll_desk(d);

    // The desks write in this process, through the same command bus the CLI uses
    // (thousands of `fascia clients add` runs would only measure process start-up);
    // every sync round is a real `fascia sync run`.
    PluginHost host(PluginHost::default_folders());
    register_core(host.extensions());
    host.load_all();
    SystemClock clock;

    const unsigned seed = std::random_device{}();
    std::cout << "seed " << seed << '\n';
    std::atomic<bool> desks_done{false};
    std::atomic<int> kills{0};
    std::atomic<int> failed_rounds{0};

    std::thread killer([&] {
        std::mt19937 rng(seed);
        while (!desks_done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(50, 400)(rng)));
            if (desks_done)
                break;
            world.daemon.kill_now();
            ++kills;
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution(0, 150)(rng)));
            world.start_daemon();
        }
    });

    const auto desk_work = [&](std::size_t index) {
        std::mt19937 rng(seed + static_cast<unsigned>(index) + 1);
        const int share = total_commands / 3 + (index < total_commands % 3 ? 1 : 0);
        int made = 0;
        while (made < share) {
            const int batch = std::min(share - made, std::uniform_int_distribution(10, 60)(rng));
            {
                auto clinic = Clinic::open(world.desk_db(desks[index]), host.extensions(), clock, OpenMode::existing);
                ASSERT_TRUE(clinic) << clinic.error().message;
                for (int i = 0; i < batch; ++i, ++made) {
                    std::ostringstream last;
                    last << "N" << std::setw(4) << std::setfill('0') << made;
                    auto done = (*clinic)->bus().execute(
                        {"clients.create",
                         {{"first_name", desks[index]}, {"last_name", last.str()}, {"date_of_birth", "1980-01-01"}},
                         "maria"});
                    ASSERT_TRUE(done) << done.error().message;
                }
            }
            // While the daemon is down this fails; the outbox keeps the commands for the next round.
            const auto round = world.desk(desks[index], {"sync", "run", "--timeout", "5", "--json"});
            if (round.exit_code != 0) {
                ++failed_rounds;
                continue;
            }
            // Acknowledged: every command this desk made so far is on the server, each once.
            const auto report = json::parse(round.out).as_object();
            EXPECT_EQ(report.at("refused"), 0);
            EXPECT_EQ(sql_integer(world.daemon_db(),
                                  "SELECT count(*) FROM clients WHERE first_name = '" + desks[index] + "'"),
                      made);
        }
    };
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < desks.size(); ++i)
        workers.emplace_back(desk_work, i);
    for (auto& w : workers)
        w.join();
    desks_done = true;
    killer.join();
    if (!world.daemon.running())
        world.start_daemon();
    std::cout << kills << " kill -9s, " << failed_rounds << " rounds failed and were retried\n";
    EXPECT_GE(kills.load(), 3) << "the daemon should have been killed several times";

    // Resync: everyone pushes what is left, then everyone pulls everything.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& d : desks) {
            const auto r = world.desk(d, {"sync", "run", "--timeout", "20"});
            ASSERT_EQ(r.exit_code, 0) << d << ": " << r.err;
        }

    const std::string clients = "SELECT count(*) FROM clients";
    const std::string distinct = "SELECT count(DISTINCT first_name || '/' || last_name) FROM clients";
    EXPECT_EQ(sql_integer(world.daemon_db(), clients), total_commands) << "lost or doubled on the server";
    EXPECT_EQ(sql_integer(world.daemon_db(), distinct), total_commands);
    const auto daemon_status = json::parse(world.syncd({"status", "--json"}).out).as_object();
    const std::string server_hash = text(daemon_status, "state_hash");
    for (const auto& d : desks) {
        SCOPED_TRACE(d);
        EXPECT_EQ(sql_integer(world.desk_db(d), clients), total_commands);
        EXPECT_EQ(sql_integer(world.desk_db(d), distinct), total_commands);
        const auto status = world.desk_json(d, {"sync", "status"});
        EXPECT_EQ(status.at("pending"), 0);
        EXPECT_TRUE(status.at("refused").as_array().empty()) << json::serialize(status.at("refused"));
        EXPECT_EQ(status.at("cursor"), daemon_status.at("head"));
        EXPECT_EQ(text(status, "state_hash"), server_hash);
        EXPECT_EQ(integrity_check(world.desk_db(d)), "ok");
    }
    world.daemon.signal(SIGTERM);
    EXPECT_EQ(world.daemon.wait(10s), 0);
    {
        std::ifstream log(world.daemon_log);
        std::stringstream ss;
        ss << log.rdbuf();
        EXPECT_NE(ss.str().find("(synchronous=FULL)"), std::string::npos) << "the durable default was in force";
    }
    EXPECT_EQ(integrity_check(world.daemon_db()), "ok");
    const auto audit = run_process(FASCIA_CLI, {"--db", world.daemon_db(), "audit", "verify"}, world.env());
    EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

} // namespace
} // namespace fascia::test
