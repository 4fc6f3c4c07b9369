// Time the server can believe: a desk's stamp may not reach far into the
// future (and drag the server's clock with it), nor back to before a rule
// such as a voucher's expiry applied.
#include "sync_support.h"

#include <gtest/gtest.h>

#include <chrono>

namespace fascia::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object new_client(const std::string& key, const std::string& last, const std::string& hlc)
{
    return {{"type", "clients.create"},
            {"payload", json::object{{"first_name", "Tama"}, {"last_name", last}, {"date_of_birth", "1980-02-03"}}},
            {"actor", "maria"},
            {"key", key},
            {"hlc", hlc}};
}

const json::object& only_result(const json::object& reply)
{
    EXPECT_EQ(reply.at("type"), "pushed") << json::serialize(reply);
    return reply.at("results").as_array().at(0).as_object();
}

TEST(SecurityTime, AFarFutureStampIsRefusedAndTheServerClockIsUnharmed)
{
    SyncWorld world;
    world.create_clinic();
    world.start_daemon();
    RawClient desk(world.port);
    const auto [device, token] = desk.enroll(world.enroll_code(), "front");

    const auto now = std::chrono::system_clock::now();
    auto reply = desk.request({{"type", "push"},
                               {"commands", json::array{new_client("01a20123-0000-7000-8000-000000000001", "Future",
                                                                   stamp_at(now + 24h * 365))}}});
    const auto& refused = only_result(reply);
    EXPECT_EQ(refused.at("status"), "refused");
    EXPECT_EQ(refused.at("code"), "stamp_in_future");
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM clients WHERE last_name = 'Future'"), 0);

    // The desk's honest next command still goes, and the server stamps its own
    // commands at its own time, not a year ahead.
    reply = desk.request({{"type", "push"},
                          {"commands", json::array{new_client("01a20123-0000-7000-8000-000000000002", "Present",
                                                              stamp_at(now))}}});
    EXPECT_EQ(only_result(reply).at("status"), "accepted");
    desk.request({{"type", "pull"}, {"after", 0}});
    const auto staff = run_process(FASCIA_CLI, {"--db", world.daemon_db(), "--as", "maria", "staff", "add", "eve",
                                                "--role", "therapist", "--name", "Eve Adams"},
                                   world.env());
    ASSERT_EQ(staff.exit_code, 0) << staff.err;
    const long long newest = sql_integer(world.daemon_db(), "SELECT max(CAST(substr(hlc, 1, 13) AS INTEGER)) FROM command_log");
    const long long limit = std::chrono::duration_cast<std::chrono::milliseconds>(
                                (std::chrono::system_clock::now() + 1h).time_since_epoch())
                                .count();
    EXPECT_LT(newest, limit) << "a refused stamp must not move the server's clock";
}

TEST(SecurityTime, ABackdatedRedemptionOfAnExpiredVoucherIsRefused)
{
    SyncWorld world;
    // A clinic set up, and a voucher sold, in January 2020 for the standard term: long expired by now.
    auto env = world.env();
    env["FASCIA_TEST_NOW"] = "2020-01-10T10:00:00Z";
    ASSERT_EQ(world.syncd({"init"}).exit_code, 0);
    const auto init = run_process(FASCIA_CLI, {"--db", world.daemon_db(), "init", "--owner", "maria"}, env);
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const auto sold = run_process(FASCIA_CLI, {"--db", world.daemon_db(), "--as", "maria", "voucher", "sell", "--amount",
                                               "50.00", "--purchaser", "Ann Lee", "--json"},
                                  env);
    ASSERT_EQ(sold.exit_code, 0) << sold.err;
    const std::string code(json::parse(sold.out).as_object().at("code").as_string());
    world.start_daemon();

    RawClient desk(world.port);
    desk.enroll(world.enroll_code(), "front");
    // A desk that claims it redeemed the voucher back in June 2020, before it expired.
    const auto june_2020 = std::chrono::sys_days{std::chrono::year{2020} / 6 / 1};
    const auto reply = desk.request(
        {{"type", "push"},
         {"commands", json::array{json::object{{"type", "vouchers.redeem"},
                                               {"payload", json::object{{"code", code}, {"amount", "50.00"}}},
                                               {"actor", "maria"},
                                               {"key", "01a20123-0000-7000-8000-0000000000a1"},
                                               {"hlc", stamp_at(june_2020)}}}}});
    const auto& result = only_result(reply);
    EXPECT_EQ(result.at("status"), "refused") << json::serialize(result);
    EXPECT_NE(json::serialize(result).find("expired"), std::string::npos) << json::serialize(result);
    EXPECT_EQ(sql_integer(world.daemon_db(), "SELECT count(*) FROM command_log WHERE type = 'vouchers.redeem'"), 0);
}

} // namespace
} // namespace fascia::test
