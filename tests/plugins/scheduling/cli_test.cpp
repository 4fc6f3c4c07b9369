// The `fascia schedule` contract through the real binary with the plugins
// loaded, on the demo clinic: --json answers, refusals with reason codes,
// bad input as exit 2 with the database byte-identical; and eight processes
// racing for one slot, where exactly one wins.
#include "module_cli_test.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <latch>
#include <sstream>
#include <thread>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using fascia::test::ProcessResult;
using ::testing::HasSubstr;

class schedule_cli : public fascia::test::ModuleCliTest {
protected:
    schedule_cli() : ModuleCliTest("schedule") { now = "2026-11-23T08:00:00Z"; }

    void SetUp() override
    {
        ModuleCliTest::SetUp();
        const auto r = fascia({"demo"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    std::string bytes() const
    {
        std::ifstream f(db, std::ios::binary);
        std::ostringstream s;
        s << f.rdbuf();
        return s.str();
    }

    /// A client of the demo with a course (screened and bookable).
    std::string course_client()
    {
        const auto r = fascia({"schedule", "waitlist", "list", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("waiting").as_array().at(0).at("client_id").as_string());
    }

    /// The first free slot with priya for the client (from `find`).
    std::string free_slot(const std::string& client)
    {
        const auto r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--therapist", "priya",
                               "--from", "2026-11-24T08:00+00:00", "--client", client, "--count", "1", "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return std::string(parsed(r).at("slots").as_array().at(0).at("start").as_string());
    }

};

TEST_F(schedule_cli, FindBookAndReadTheCalendarWithJson)
{
    const auto client = course_client();
    const auto slot = free_slot(client);
    auto r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                     "--therapist", "priya", "--start", slot, "--json", "--as", "frontdesk"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto booked = parsed(r);
    EXPECT_EQ(booked.at("start").as_string(), slot);
    EXPECT_EQ(booked.at("therapist"), "priya");

    r = fascia({"schedule", "day", "--date", slot.substr(0, 10), "--therapist", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bool found = false;
    const auto day = parsed(r);
    for (const auto& a : day.at("appointments").as_array())
        found = found || a.at("id") == booked.at("id");
    EXPECT_TRUE(found);

    // The same slot again: refused with the reason code, exit 1.
    r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                "priya", "--start", slot, "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "therapist_busy");

    r = fascia({"schedule", "client", client, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(parsed(r).at("courses").as_array().empty());

    r = fascia({"schedule", "rooms", "list", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parsed(r).at("rooms").as_array().size(), 2u);
}

TEST_F(schedule_cli, BadInputIsExitTwoAndLeavesTheDatabaseByteIdentical)
{
    const auto client = course_client();
    const auto before = bytes();
    const std::vector<std::vector<std::string>> bad{
        {"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist", "priya",
         "--start", "2026-11-24T10:00"}, // no zone offset
        {"schedule", "book", "--client", client, "--service", "no such service", "--therapist", "priya", "--start",
         "2026-11-24T10:00+00:00"},
        {"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist", "nobody",
         "--start", "2026-11-24T10:00+00:00"},
        {"schedule", "book", "--client", "no-such-client", "--service", "60-minute remedial massage", "--therapist",
         "priya", "--start", "2026-11-24T10:00+00:00"},
        {"schedule", "find", "--service", "60-minute remedial massage", "--from", "2026-11-24T08:00+00:00", "--count",
         "-3"},
        {"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from", "2026-13-01"},
        {"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from", "2026-11-30",
         "--weeks", "-1"},
        {"schedule", "leave", "add", "--therapist", "priya", "--start", "2026-11-24T10:00+00:00", "--end",
         "2026-11-24T09:00+00:00"},
    };
    for (auto args : bad) {
        args.push_back("--json");
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << ' ' << args.back() << ": " << r.err;
        EXPECT_EQ(error_of(r).at("kind"), "invalid_input") << r.err;
    }
    EXPECT_TRUE(bytes() == before) << "the database changed";
}

TEST_F(schedule_cli, PlanProposesACourseFromTheScreening)
{
    const auto client = course_client();
    const auto r = fascia({"schedule", "plan", "--client", client, "--service", "60-minute remedial massage", "--from",
                           "2027-01-04", "--weeks", "2", "--therapist", "priya", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto plan = parsed(r);
    EXPECT_EQ(plan.at("reassessment_at"), 3);
    const auto per_week = plan.at("sessions_per_week").as_int64();
    EXPECT_EQ(plan.at("sessions").as_array().size(), static_cast<std::size_t>(2 * per_week));
    for (const auto& s : plan.at("sessions").as_array()) {
        EXPECT_EQ(s.at("therapist"), "priya");
        EXPECT_THAT(std::string(s.at("start").as_string()), HasSubstr("+00:00"));
    }
}

TEST_F(schedule_cli, EightProcessesRaceForOneSlotAndExactlyOneBooksIt)
{
    const auto client = course_client();
    const auto slot = free_slot(client);
    constexpr int processes = 8;
    std::vector<ProcessResult> results(processes);
    std::latch start(processes);
    std::vector<std::thread> threads;
    const auto env = environment();
    for (int i = 0; i < processes; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            results[static_cast<std::size_t>(i)] = fascia::test::run_process(
                FASCIA_CLI,
                {"--db", db, "schedule", "book", "--client", client, "--service", "60-minute remedial massage",
                 "--therapist", "priya", "--start", slot, "--key", "desk-" + std::to_string(i), "--json"},
                env);
        });
    for (auto& t : threads)
        t.join();
    int won = 0;
    for (const auto& r : results) {
        if (r.exit_code == 0) {
            ++won;
            continue;
        }
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_EQ(error_of(r).at("reason"), "therapist_busy") << r.err;
        EXPECT_THAT(r.err, HasSubstr("already has a booking"));
    }
    EXPECT_EQ(won, 1);
    const auto day = parsed(fascia({"schedule", "day", "--date", slot.substr(0, 10), "--therapist", "priya", "--json"}));
    int at_slot = 0;
    for (const auto& a : day.at("appointments").as_array())
        at_slot += a.at("start") == json::value(slot) && a.at("status") == "booked";
    EXPECT_EQ(at_slot, 1);
}

} // namespace
} // namespace fascia::scheduling::test
