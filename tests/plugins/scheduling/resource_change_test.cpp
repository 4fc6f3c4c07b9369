// Resources that change under bookings (issue 13's tryout), in-process through
// the real bus: leave, a closure and new hours are recorded even when they leave
// bookings uncovered, and answer with those bookings; hours cannot rewrite the
// past; breaks lie inside the hours; dates outside 1900–2200 are bad input; and
// a service no room can hold is refused with the words booking uses.
#include "scheduling_test_support.h"

#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

class resource_change : public SchedulingModule {
protected:
    std::string booked(const std::string& who, const std::string& start)
    {
        auto r = book(who, start, screened_client());
        EXPECT_TRUE(r) << r.error().message;
        return r ? id_of(r->result) : std::string();
    }

    /// The ids in a change's "affected" answer, in order.
    static std::vector<std::string> affected_ids(const json::value& answer)
    {
        std::vector<std::string> ids;
        for (const auto& a : answer.at("affected").as_array())
            ids.emplace_back(a.at("id").as_string());
        return ids;
    }
};

TEST_F(resource_change, SickLeaveOnABookedDayIsRecordedAndNamesTheBookingsItUncovers)
{
    // Wednesday 25 November: two of priya's clients, and one of tom's.
    const auto morning = booked("priya", "2026-11-25T10:00+00:00");
    const auto afternoon = booked("priya", "2026-11-25T14:00+00:00");
    booked("tom", "2026-11-25T10:00+00:00");
    const auto thursday = booked("priya", "2026-11-26T10:00+00:00");

    const auto r = ok("scheduling.leave_add", {{"therapist", "priya"},
                                               {"start", "2026-11-25T00:00+00:00"},
                                               {"end", "2026-11-26T00:00+00:00"},
                                               {"reason", "sick"}});
    EXPECT_EQ(count("SELECT count(*) FROM sched_leave"), 1);
    EXPECT_THAT(affected_ids(r), ::testing::ElementsAre(morning, afternoon));
    const auto& first = r.at("affected").as_array().at(0);
    EXPECT_EQ(first.at("start"), "2026-11-25T10:00:00+00:00");
    EXPECT_EQ(first.at("therapist"), "priya");
    EXPECT_EQ(first.at("why"), "leave");
    EXPECT_FALSE(first.at("client").as_string().empty());
    // They stay booked, for the desk to move or cancel; the next day's is untouched.
    EXPECT_EQ(live_appointments(), 4);

    // The calendar's reading: the two on leave need rescheduling, nothing else.
    Scheduler s(db(), nullptr, nullptr, clock.now());
    std::vector<std::string> flagged;
    for (const auto& u : s.uncovered({at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")}))
        flagged.push_back(u.id);
    EXPECT_THAT(flagged, ::testing::ElementsAre(morning, afternoon));
    EXPECT_THAT(flagged, ::testing::Not(::testing::Contains(thursday)));
}

TEST_F(resource_change, AClosureNamesEveryTherapistsBookingsThatDay)
{
    const auto priyas = booked("priya", "2026-11-27T10:00+00:00");
    const auto toms = booked("tom", "2026-11-27T11:00+00:00");
    booked("tom", "2026-11-30T11:00+00:00");
    const auto r = ok("scheduling.closure_add", {{"from", "2026-11-27"}, {"reason", "Flood"}});
    EXPECT_THAT(affected_ids(r), ::testing::ElementsAre(priyas, toms));
    EXPECT_EQ(r.at("affected").as_array().at(1).at("why"), "a closure");
}

TEST_F(resource_change, NewHoursNameTheBookingsLeftOutsideThem)
{
    const auto wednesday = booked("tom", "2026-11-25T10:00+00:00");
    booked("priya", "2026-11-25T10:00+00:00");
    // tom moves to Saturdays only from tomorrow: his Wednesday client is left outside.
    const auto r = ok("scheduling.hours_set",
                      {{"therapist", "tom"}, {"from", "2026-11-24"}, {"week", {{"sat", hours("09:00", "13:00")}}}});
    EXPECT_THAT(affected_ids(r), ::testing::ElementsAre(wednesday));
    EXPECT_EQ(r.at("affected").as_array().at(0).at("why"), "outside hours");
    // Hours that still cover every booking answer with none.
    const auto same = ok("scheduling.hours_set",
                         {{"therapist", "priya"}, {"from", "2026-11-24"}, {"week", {{"wed", hours("09:00", "17:00")}}}});
    EXPECT_TRUE(same.at("affected").as_array().empty());
}

TEST_F(resource_change, HoursCannotRewriteThePast)
{
    const auto before = count("SELECT count(*) FROM sched_working_hours");
    const auto r = run("scheduling.hours_set",
                       {{"therapist", "priya"}, {"from", "2020-01-01"}, {"week", {{"mon", hours("09:00", "12:00")}}}},
                       "owner");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().reason, "in_the_past");
    EXPECT_THAT(r.error().message, HasSubstr("2026-11-23"));
    // Yesterday is the past too; today is allowed.
    EXPECT_EQ(reason_of(run("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-22"},
                                                     {"week", {{"mon", hours("09:00", "12:00")}}}}, "owner")),
              "in_the_past");
    EXPECT_EQ(count("SELECT count(*) FROM sched_working_hours"), before);
    ok("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-23"}, {"week", {{"mon", hours("09:00", "12:00")}}}});
}

TEST_F(resource_change, ABreakOutsideTheHoursIsBadInputNamingTheBreaks)
{
    const auto r = run("scheduling.hours_set", {{"therapist", "priya"},
                                                {"from", "2026-11-30"},
                                                {"week", {{"mon", hours("09:00", "17:00")}}},
                                                {"breaks", {{"mon", hours("18:00", "19:00")}}}},
                       "owner");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(r.error().field, "breaks");
    // A break on a day with no hours is outside them too; one inside is fine.
    EXPECT_FALSE(run("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-30"},
                                              {"week", {{"mon", hours("09:00", "17:00")}}},
                                              {"breaks", {{"tue", hours("12:00", "13:00")}}}}, "owner"));
    ok("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-30"}, {"week", {{"mon", hours("09:00", "17:00")}}},
                                {"breaks", {{"mon", hours("12:00", "13:00")}}}});
}

TEST_F(resource_change, DatesOutsideTheYears1900To2200AreBadInputNamingTheOption)
{
    for (const char* text : {"0000-01-01", "1899-12-31", "2201-01-01"}) {
        const auto d = parse_day(text, "--date");
        ASSERT_FALSE(d) << text;
        EXPECT_EQ(d.error().field, "date");
        EXPECT_THAT(d.error().message, HasSubstr("--date: '"));
        EXPECT_FALSE(parse_datetime(std::string(text) + "T10:00Z", "start")) << text;
    }
    EXPECT_TRUE(parse_day("1900-01-01", "--date"));
    EXPECT_TRUE(parse_day("2200-12-31", "--date"));
    EXPECT_TRUE(parse_datetime("2200-12-31T10:00+00:00", "start"));
    // The commands' dates too: nothing recorded.
    const auto r = run("scheduling.closure_add", {{"from", "0000-01-01"}}, "owner");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "from");
    EXPECT_EQ(count("SELECT count(*) FROM sched_closures"), 0);
    const auto b = run("scheduling.book", {{"client_id", client}, {"service", remedial}, {"therapist", "priya"},
                                           {"start", "0000-01-01T10:00+00:00"}});
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().field, "start");
}

TEST_F(resource_change, AServiceNoRoomCanHoldIsRefusedWithTheWordsBookingUses)
{
    ok("scheduling.service_feature", {{"service", remedial}, {"feature", "hydrotherapy_pool"}});
    Scheduler s(db(), nullptr, nullptr, clock.now());
    const auto service = service_named(db(), remedial);
    const auto why = s.no_room_for(service);
    ASSERT_TRUE(why);
    EXPECT_EQ(why->reason, "no_room_with_feature");
    const auto r = book("priya", "2026-11-25T10:00+00:00");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, why->message);
    EXPECT_FALSE(s.no_room_for(service_named(db(), deep)));
}

} // namespace
} // namespace fascia::scheduling::test
