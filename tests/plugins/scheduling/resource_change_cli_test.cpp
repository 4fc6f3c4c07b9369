// `fascia schedule` on the demo clinic where only the process shows it: leave
// recorded on a booked day answers with the bookings to move, and `day` flags
// them; `find` for a service no room can hold says why; hours' options and
// dates outside 1900–2200 are bad input naming the option.
#include "module_cli_test.h"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

class schedule_resources_cli : public fascia::test::ModuleCliTest {
protected:
    schedule_resources_cli() : ModuleCliTest("schedule-resources", Start::demo) { now = "2026-11-23T08:00:00Z"; }
};

TEST_F(schedule_resources_cli, LeaveOnABookedDayNamesTheBookingsAndDayFlagsThem)
{
    // A demo client on the waitlist, booked with priya at her first free slot.
    auto r = fascia({"schedule", "waitlist", "list", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto waiting = parsed(r);
    const std::string client(waiting.at("waiting").as_array().at(0).at("client_id").as_string());
    r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--therapist", "priya", "--from",
                "2026-11-24T08:00+00:00", "--client", client, "--count", "1", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto found = parsed(r);
    const std::string slot(found.at("slots").as_array().at(0).at("start").as_string());
    r = fascia({"schedule", "book", "--client", client, "--service", "60-minute remedial massage", "--therapist",
                "priya", "--start", slot, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto first = parsed(r);
    const std::string start(first.at("start").as_string()), id(first.at("id").as_string());
    const std::string therapist = "priya";
    const auto date = start.substr(0, 10), offset = start.substr(19);
    r = fascia({"schedule", "day", "--date", date, "--therapist", therapist});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr("needs rescheduling")));

    r = fascia({"schedule", "leave", "add", "--therapist", therapist, "--start", date + "T00:00" + offset, "--end",
                date + "T23:59" + offset, "--reason", "sick"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("appointments now fall on leave — reschedule or cancel them:"));
    EXPECT_THAT(r.out, HasSubstr("[" + id + "]"));

    r = fascia({"schedule", "day", "--date", date, "--therapist", therapist});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("needs rescheduling (leave)"));
    r = fascia({"schedule", "day", "--date", date, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bool flagged = false;
    const auto day = parsed(r);
    for (const auto& a : day.at("appointments").as_array())
        if (a.at("id").as_string() == id) {
            flagged = a.at("needs_rescheduling").as_bool();
            EXPECT_EQ(a.at("uncovered_by"), "leave");
        }
    EXPECT_TRUE(flagged);
}

TEST_F(schedule_resources_cli, FindForAServiceNoRoomCanHoldSaysWhy)
{
    auto r = fascia({"schedule", "service-room", "60-minute remedial massage", "--feature", "hydrotherapy_pool"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--from", "2026-11-24T08:00+00:00"});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_THAT(r.err, HasSubstr("no room has the feature 'hydrotherapy_pool'"));
    r = fascia({"schedule", "find", "--service", "60-minute remedial massage", "--from", "2026-11-24T08:00+00:00",
                "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(error_of(r).at("reason"), "no_room_with_feature");
}

TEST_F(schedule_resources_cli, HoursOptionsAndFarDatesAreBadInputNamingTheOption)
{
    const auto before = bytes();
    const std::vector<std::pair<std::vector<std::string>, std::string>> bad{
        {{"schedule", "hours", "set", "--therapist", "priya", "--from", "2026-12-01", "--time", "09:00-17:00",
          "--break", "18:00-19:00"},
         "--break"},
        {{"schedule", "hours", "set", "--therapist", "priya", "--from", "2026-12-01", "--time", "17:00-09:00"}, "--time"},
        {{"schedule", "week", "--date", "0000-01-01"}, "--date"},
        {{"schedule", "day", "--date", "2201-01-01"}, "--date"},
        {{"schedule", "plan", "--client", "x", "--service", "60-minute remedial massage", "--from", "1066-10-14"},
         "--from"},
        {{"schedule", "find", "--service", "60-minute remedial massage", "--from", "0000-01-01T08:00+00:00"}, "from"},
        {{"schedule", "closures", "add", "--from", "9999-12-25"}, "from"},
    };
    for (const auto& [args, option] : bad) {
        const auto r = fascia(args);
        EXPECT_EQ(r.exit_code, 2) << args[1] << ' ' << option << ": " << r.out << r.err;
        EXPECT_THAT(r.err, HasSubstr(option + ":")) << args[1];
    }
    EXPECT_TRUE(bytes() == before) << "the database changed";
    // Hours rewriting the past are refused, not bad input.
    const auto r = fascia({"schedule", "hours", "set", "--therapist", "priya", "--from", "2020-01-01", "--time",
                           "09:00-17:00", "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(error_of(r).at("reason"), "in_the_past");
}

} // namespace
} // namespace fascia::scheduling::test
