// Course plans by condition type and atomic course booking; the London
// daylight-saving series; the waitlist's offers, expiry and acceptance.
#include "scheduling_test_support.h"

#include <date/tz.h>
#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono;

class course : public SchedulingModule {
protected:
    json::object plan_payload(const std::string& who, int weeks = 6)
    {
        return {{"client_id", who}, {"service", remedial}, {"from", "2026-11-30"}, {"weeks", weeks}};
    }
};

TEST_F(course, AChronicClientGetsTwoAWeekWithOneTherapistAtLeast48HoursApart)
{
    auto r = run("scheduling.book_course", plan_payload(client));
    ASSERT_TRUE(r) << r.error().message;
    const auto& sessions = r->result.at("sessions").as_array();
    EXPECT_EQ(r->result.at("condition_type"), "chronic");
    EXPECT_EQ(r->result.at("sessions_per_week"), 2);
    ASSERT_EQ(sessions.size(), 12u);
    std::set<std::string> therapists;
    Instant previous{};
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        therapists.insert(std::string(sessions[i].at("therapist").as_string()));
        const auto start = *parse_datetime(sessions[i].at("start").as_string(), "start");
        if (i > 0) {
            EXPECT_GE(start - previous, std::chrono::hours{48});
        }
        previous = start;
        EXPECT_EQ(sessions[i].at("reassessment").as_bool(), i == 2) << i;
        // Two in each week of the course.
        const auto week = (sys_days{local_day(date::locate_zone("Europe/London"), start)} - sys_days{year{2026} / 11 / 30}).count() / 7;
        EXPECT_EQ(week, static_cast<long>(i / 2));
    }
    EXPECT_EQ(therapists.size(), 1u);
    EXPECT_EQ(live_appointments(), 12);
}

TEST_F(course, AnAcuteClientGetsOneAWeekAndPreferencesAreKept)
{
    const auto acute = screened_client({}, false);
    auto r = run("scheduling.book_course", {{"client_id", acute}, {"service", remedial}, {"from", "2026-11-30"},
                                            {"weeks", 3}, {"therapist", "tom"}, {"prefer", "wed,thu 14:00-16:00"}});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("condition_type"), "acute");
    const auto& sessions = r->result.at("sessions").as_array();
    ASSERT_EQ(sessions.size(), 3u);
    EXPECT_EQ(sessions[0].at("start"), "2026-12-02T14:00:00+00:00");
    EXPECT_EQ(sessions[1].at("start"), "2026-12-09T14:00:00+00:00");
    for (const auto& s : sessions)
        EXPECT_EQ(s.at("therapist"), "tom");
    // Outside the screening's range is bad input.
    auto bad = run("scheduling.book_course", {{"client_id", acute}, {"service", remedial}, {"from", "2026-11-30"},
                                              {"sessions_per_week", 3}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(bad.error().message.find("an acute course is"), std::string::npos) << bad.error().message;
}

TEST_F(course, OneClashBooksNothingAndNamesReplacementsKeepingTheCount)
{
    Scheduler s(db(), dependencies_of(extensions).intake, dependencies_of(extensions).vetting, clock.now());
    PlanRequest request{client, *find_service(db(), remedial), year{2026} / 11 / 30, std::nullopt, 2, std::nullopt, {}};
    auto plan = s.plan(request);
    ASSERT_TRUE(plan) << plan.error().message;
    ASSERT_EQ(plan->sessions.size(), 4u);
    // Someone else takes the third session's therapist and time first.
    const auto& third = plan->sessions[2];
    ASSERT_TRUE(book(third.therapist, format_local(s.zone(), third.start), screened_client()));
    const auto before = live_appointments();
    json::array sessions;
    for (const auto& slot : plan->sessions)
        sessions.push_back(json::object{{"start", format_local(s.zone(), slot.start)},
                                        {"therapist", slot.therapist},
                                        {"room", slot.room}});
    auto payload = json::object{{"client_id", client}, {"service", remedial}, {"from", "2026-11-30"}, {"weeks", 2},
                                {"sessions", sessions}};
    auto r = run("scheduling.book_course", payload);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().reason, "course_clash");
    EXPECT_THAT(r.error().message, HasSubstr("session 3 at " + format_local(s.zone(), third.start)));
    EXPECT_THAT(r.error().message, HasSubstr("therapist_busy"));
    EXPECT_THAT(r.error().message, HasSubstr("instead"));
    EXPECT_EQ(live_appointments(), before);
    EXPECT_EQ(count("SELECT count(*) FROM sched_courses"), 0);
    // The replacement keeps four sessions and books.
    const auto clashes = s.clashes(request, plan->sessions);
    ASSERT_EQ(clashes.size(), 1u);
    ASSERT_TRUE(clashes[0].replacement);
    sessions[2] = json::object{{"start", format_local(s.zone(), clashes[0].replacement->start)},
                               {"therapist", clashes[0].replacement->therapist},
                               {"room", clashes[0].replacement->room}};
    payload["sessions"] = sessions;
    auto again = run("scheduling.book_course", payload);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->result.at("sessions").as_array().size(), 4u);
}

TEST_F(course, CancellingACourseCancelsItsFutureSessions)
{
    auto r = run("scheduling.book_course", plan_payload(client, 2));
    ASSERT_TRUE(r) << r.error().message;
    clock.set(*parse_datetime(r->result.at("sessions").as_array()[1].at("end").as_string(), "end"));
    auto c = run("scheduling.cancel_course", {{"id", r->result.at("course_id")}, {"reason", "moving away"}});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->result.at("cancelled").as_array().size(), 2u); // sessions 3 and 4; 1 and 2 are past
    EXPECT_EQ(live_appointments(), 2);
}

/// Spring 2025 in London: the clocks go forward on Sunday 30 March.
class london_spring : public SchedulingModule {
protected:
    const char* start_time() const override { return "2025-03-20T09:00:00Z"; }
    const char* assessed_on() const override { return "2025-03-19"; }
};

TEST_F(london_spring, AWeeklySeriesKeeps1500LocalAcrossTheChange)
{
    const auto acute = screened_client({}, false);
    auto r = run("scheduling.book_course", {{"client_id", acute}, {"service", remedial}, {"from", "2025-03-24"},
                                            {"weeks", 3}, {"therapist", "priya"}, {"prefer", "mon 15:00-16:00"}});
    ASSERT_TRUE(r) << r.error().message;
    const auto& sessions = r->result.at("sessions").as_array();
    ASSERT_EQ(sessions.size(), 3u);
    EXPECT_EQ(sessions[0].at("start"), "2025-03-24T15:00:00+00:00");
    EXPECT_EQ(sessions[1].at("start"), "2025-03-31T15:00:00+01:00");
    EXPECT_EQ(sessions[2].at("start"), "2025-04-07T15:00:00+01:00");
    std::vector<std::string> stored;
    auto q = db().query("SELECT starts_at FROM sched_appointments ORDER BY starts_ms");
    while (q.step())
        stored.push_back(q.text(0));
    EXPECT_EQ(stored, (std::vector<std::string>{"2025-03-24T15:00:00.000Z", "2025-03-31T14:00:00.000Z",
                                                "2025-04-07T14:00:00.000Z"}));
}

class waitlist : public SchedulingModule {
protected:
    std::string wait(const std::string& who)
    {
        return id_of(ok("scheduling.waitlist_add", {{"client_id", who}, {"service", remedial}, {"therapist", "priya"},
                                                    {"from", "2026-11-24T00:00+00:00"}, {"to", "2026-11-25T00:00+00:00"}},
                        "desk"));
    }
    /// Open offers by waitlist entry.
    std::map<std::string, std::string> offers()
    {
        std::map<std::string, std::string> out;
        auto q = db().query("SELECT waitlist_id, id FROM sched_offers WHERE status = 'open'");
        while (q.step())
            out[q.text(0)] = q.text(1);
        return out;
    }
};

TEST_F(waitlist, AFreedSlotIsOfferedToTheFirstWaitingAndASecondAcceptsAfterTheFirstDeclines)
{
    const auto a = book("priya", "2026-11-24T10:00+00:00");
    ASSERT_TRUE(a);
    const auto first = screened_client(), second = screened_client(), third = screened_client(),
               fourth = screened_client();
    const auto w1 = wait(first), w2 = wait(second), w3 = wait(third), w4 = wait(fourth);
    ok("scheduling.cancel", {{"id", a->result.at("id")}, {"reason", "work"}}, "desk");
    auto open = offers();
    // The first three (the clinic's setting) are offered it; the fourth is not.
    EXPECT_EQ(open.size(), 3u);
    EXPECT_TRUE(open.count(w1) && open.count(w2) && open.count(w3));
    EXPECT_FALSE(open.count(w4));
    ASSERT_TRUE(run("scheduling.offer_decline", {{"offer", open[w1]}}));
    auto accepted = run("scheduling.offer_accept", {{"offer", open[w2]}});
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_EQ(accepted->result.at("client_id").as_string(), second);
    EXPECT_EQ(accepted->result.at("start"), "2026-11-24T10:00:00+00:00");
    // The first to accept gets it: the third's offer is gone, and so is the first's.
    EXPECT_EQ(reason_of(run("scheduling.offer_accept", {{"offer", open[w3]}})), "slot_taken");
    EXPECT_EQ(reason_of(run("scheduling.offer_accept", {{"offer", open[w1]}})), "offer_closed");
    EXPECT_EQ(live_appointments(), 1);
}

TEST_F(waitlist, AnOfferExpiresAndAcceptingReRunsEveryCheck)
{
    const auto a = book("priya", "2026-11-24T10:00+00:00");
    ASSERT_TRUE(a);
    const auto w = wait(screened_client());
    ok("scheduling.cancel", {{"id", a->result.at("id")}, {"reason", "work"}}, "desk");
    const auto offer = offers().at(w);
    clock.advance(minutes{121}); // the default expiry is two hours
    EXPECT_EQ(reason_of(run("scheduling.offer_accept", {{"offer", offer}})), "offer_expired");

    // A fresh offer, but the therapist went on leave in the meantime: accepting re-checks.
    const auto b = book("priya", "2026-11-24T14:00+00:00");
    ASSERT_TRUE(b);
    ok("scheduling.cancel", {{"id", b->result.at("id")}, {"reason", "work"}}, "desk");
    const auto fresh = offers().at(w);
    ok("scheduling.leave_add", {{"therapist", "priya"}, {"start", "2026-11-24T13:00+00:00"},
                                {"end", "2026-11-24T17:00+00:00"}});
    EXPECT_EQ(reason_of(run("scheduling.offer_accept", {{"offer", fresh}})), "therapist_on_leave");
}

TEST_F(waitlist, NewHoursAndLeaveTakenBackAreOfferedToTheWaitingClients)
{
    // Waiting for Saturday morning with priya, who does not work Saturdays.
    const auto saturday = id_of(ok("scheduling.waitlist_add",
                                   {{"client_id", screened_client()}, {"service", remedial}, {"therapist", "priya"},
                                    {"from", "2026-11-28T00:00+00:00"}, {"to", "2026-11-29T00:00+00:00"}},
                                   "desk"));
    json::object week, breaks;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri"}) {
        week[d] = hours("09:00", "17:00");
        breaks[d] = hours("12:30", "13:00");
    }
    // tom's new Saturday is not priya's: nothing is offered.
    auto saturdays = week;
    saturdays["sat"] = hours("09:00", "13:00");
    ok("scheduling.hours_set", {{"therapist", "tom"}, {"from", "2026-11-23"}, {"week", saturdays}, {"breaks", breaks}});
    EXPECT_TRUE(offers().empty());
    ok("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-23"}, {"week", saturdays}, {"breaks", breaks}});
    ASSERT_EQ(offers().count(saturday), 1u);
    auto accepted = run("scheduling.offer_accept", {{"offer", offers().at(saturday)}});
    ASSERT_TRUE(accepted) << accepted.error().message;
    EXPECT_EQ(accepted->result.at("start"), "2026-11-28T09:00:00+00:00");
    EXPECT_EQ(accepted->result.at("therapist"), "priya");

    // Leave taken back frees the day: the client waiting for it is offered its first hour.
    const auto leave = id_of(ok("scheduling.leave_add", {{"therapist", "priya"}, {"start", "2026-11-24T00:00+00:00"},
                                                         {"end", "2026-11-25T00:00+00:00"}}));
    const auto tuesday = wait(screened_client());
    EXPECT_EQ(offers().count(tuesday), 0u);
    ok("scheduling.leave_remove", {{"id", leave}});
    ASSERT_EQ(offers().count(tuesday), 1u);
    auto q = db().query("SELECT starts_ms FROM sched_offers WHERE id = ?", offers().at(tuesday));
    ASSERT_TRUE(q.step());
    EXPECT_EQ(instant_ms(q.integer(0)), at("2026-11-24T09:00:00Z"));
}

} // namespace
} // namespace fascia::scheduling::test
