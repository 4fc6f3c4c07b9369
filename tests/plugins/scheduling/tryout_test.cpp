// What a new-user tryout broke in `fascia schedule` (issue 13's rules): arriving
// and completing on the session's day only, the waitlist refusing what booking
// refuses (the screening, a window already over) and offering only to clients
// who could accept, and no second course beside an active one.
#include "scheduling_test_support.h"

#include <gmock/gmock.h>

#include <set>

namespace fascia::scheduling::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class tryout : public SchedulingModule {
protected:
    std::string status_of(const json::value& id)
    {
        auto q = db().query("SELECT status FROM sched_appointments WHERE id = ?", std::string(id.as_string()));
        return q.step() ? q.text(0) : std::string();
    }

    Result<CommandOutcome> wait(const std::string& who, const char* from = "2026-11-24T00:00+00:00",
                                const char* to = "2026-11-25T00:00+00:00")
    {
        return run("scheduling.waitlist_add",
                   {{"client_id", who}, {"service", remedial}, {"therapist", "priya"}, {"from", from}, {"to", to}});
    }

    /// Waiting entry ids with an open offer.
    std::set<std::string> offered()
    {
        std::set<std::string> out;
        auto q = db().query("SELECT waitlist_id FROM sched_offers WHERE status = 'open'");
        while (q.step())
            out.insert(q.text(0));
        return out;
    }
};

TEST_F(tryout, ArrivingIsRefusedExceptOnTheSessionsDayAndLeavesTheBookingChangeable)
{
    // Now is Monday 23 November, 08:00; the session is a week ahead.
    const auto later = book("priya", "2026-12-01T10:00+00:00");
    ASSERT_TRUE(later) << later.error().message;
    const auto id = later->result.at("id");
    const auto early = run("scheduling.arrive", {{"id", id}});
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().kind, ErrorKind::refused);
    EXPECT_EQ(early.error().reason, "not_today");
    EXPECT_THAT(early.error().message, HasSubstr("the session is on 2026-12-01 and today is 2026-11-23"));
    EXPECT_EQ(status_of(id), "booked");
    // Still booked, so it can still be moved.
    auto moved = run("scheduling.reschedule", {{"id", id}, {"start", "2026-12-01T11:00+00:00"}});
    ASSERT_TRUE(moved) << moved.error().message;

    // On the day, half an hour before the start, the client arrives.
    clock.set(at("2026-12-01T10:30:00Z"));
    auto arrived = run("scheduling.arrive", {{"id", id}});
    ASSERT_TRUE(arrived) << arrived.error().message;
    EXPECT_EQ(arrived->result.at("status"), "arrived");

    // A session whose day has gone cannot be marked arrived afterwards either.
    const auto today = book("tom", "2026-12-01T14:00+00:00");
    ASSERT_TRUE(today) << today.error().message;
    clock.set(at("2026-12-02T09:00:00Z"));
    EXPECT_EQ(reason_of(run("scheduling.arrive", {{"id", today->result.at("id")}})), "not_today");
}

TEST_F(tryout, CompletingBeforeTheSessionsDaySaysWhenNotToRunThePrecheck)
{
    const auto tomorrow = book("priya", "2026-11-24T10:00+00:00");
    ASSERT_TRUE(tomorrow) << tomorrow.error().message;
    const auto id = tomorrow->result.at("id");
    const auto early = run("scheduling.complete", {{"id", id}});
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().reason, "not_today");
    EXPECT_THAT(early.error().message, HasSubstr("the session is on 2026-11-24"));
    EXPECT_THAT(early.error().message, HasSubstr("completed on 2026-11-24"));
    EXPECT_THAT(early.error().message, Not(HasSubstr("schedule precheck")));
    EXPECT_EQ(status_of(id), "booked");
    // On the day the pre-session check is what is missing, and it can be done then.
    clock.set(at("2026-11-24T09:50:00Z"));
    EXPECT_EQ(reason_of(run("scheduling.complete", {{"id", id}})), "precheck_required");
}

TEST_F(tryout, TheWaitlistRefusesWhatBookingRefusesWithTheSameCodeAndWords)
{
    const auto unscreened = new_client();
    const auto urgent = screened_client({"saddle_numbness"});
    const auto foot_drop = screened_client({"foot_drop"});
    for (const auto& who : {unscreened, urgent, foot_drop}) {
        const auto booking = book("priya", "2026-11-24T10:00+00:00", who);
        const auto waiting = wait(who);
        ASSERT_FALSE(booking);
        ASSERT_FALSE(waiting) << who;
        EXPECT_EQ(waiting.error().kind, ErrorKind::refused);
        EXPECT_EQ(waiting.error().reason, booking.error().reason);
        EXPECT_EQ(waiting.error().message, booking.error().message);
    }
    EXPECT_EQ(reason_of(wait(urgent)), "urgent_referral");
    EXPECT_EQ(reason_of(wait(foot_drop)), "clearance_required");
    EXPECT_EQ(count("SELECT count(*) FROM sched_waitlist"), 0);
    // Cleared, the client may wait.
    ok("intake.clear", {{"client_id", foot_drop}, {"clinician", "Dr Patel (GP)"}, {"note", "Fine to treat"}}, "priya");
    EXPECT_EQ(reason_of(wait(foot_drop)), "");
}

TEST_F(tryout, AWaitlistWindowAlreadyOverIsRefusedAndABackwardOneIsBadInput)
{
    // Now is 2026-11-23T08:00Z.
    const auto over = wait(client, "2026-11-20T09:00+00:00", "2026-11-21T17:00+00:00");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().kind, ErrorKind::refused);
    EXPECT_EQ(over.error().reason, "in_the_past");
    EXPECT_THAT(over.error().message, HasSubstr("ends after now (2026-11-23T08:00:00+00:00)"));
    const auto backward = wait(client, "2026-11-25T09:00+00:00", "2026-11-24T17:00+00:00");
    ASSERT_FALSE(backward);
    EXPECT_EQ(backward.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(backward.error().field, "to");
    const auto malformed = wait(client, "next tuesday", "2026-11-24T17:00+00:00");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().kind, ErrorKind::invalid_input);
    // An unknown client is bad input before the window is judged.
    EXPECT_EQ(wait("no-such-client", "2026-11-20T09:00+00:00", "2026-11-21T17:00+00:00").error().kind,
              ErrorKind::invalid_input);
    EXPECT_EQ(count("SELECT count(*) FROM sched_waitlist"), 0);
    // A window that started earlier but is not over waits.
    EXPECT_EQ(reason_of(wait(client, "2026-11-22T09:00+00:00", "2026-11-24T17:00+00:00")), "");
}

TEST_F(tryout, AFreedSlotIsOfferedOnlyToWaitingClientsWhoCouldBookIt)
{
    const auto a = book("priya", "2026-11-24T10:00+00:00");
    ASSERT_TRUE(a);
    std::vector<std::string> clients, entries;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(screened_client());
        const auto w = wait(clients.back());
        ASSERT_TRUE(w) << w.error().message;
        entries.push_back(id_of(w->result));
    }
    // After joining, the first two were screened again: one now needs an urgent
    // referral, the other a clearance not yet recorded.
    screen(clients[0], {"saddle_numbness"}, true, "2026-11-22");
    screen(clients[1], {"foot_drop"}, true, "2026-11-22");
    ok("scheduling.cancel", {{"id", a->result.at("id")}, {"reason", "work"}}, "desk");
    // The clinic's three offers go to the three who could accept.
    EXPECT_EQ(offered(), (std::set<std::string>{entries[2], entries[3], entries[4]}));
}

TEST_F(tryout, NewHoursAreNotOfferedToAWaitingClientWhoCouldNotBookThem)
{
    const auto refused_now = screened_client(), able = screened_client();
    const auto first = wait(refused_now, "2026-11-28T00:00+00:00", "2026-11-29T00:00+00:00");
    const auto second = wait(able, "2026-11-28T00:00+00:00", "2026-11-29T00:00+00:00");
    ASSERT_TRUE(first && second);
    screen(refused_now, {"saddle_numbness"}, true, "2026-11-22");
    json::object week;
    for (const char* d : {"mon", "tue", "wed", "thu", "fri", "sat"})
        week[d] = hours("09:00", "13:00");
    ok("scheduling.hours_set", {{"therapist", "priya"}, {"from", "2026-11-23"}, {"week", week}});
    EXPECT_EQ(offered(), (std::set<std::string>{id_of(second->result)}));
}

TEST_F(tryout, ASecondCourseIsRefusedWhileOneHasSessionsAheadButASingleBookingIsNot)
{
    const json::object course{{"client_id", client}, {"service", remedial}, {"from", "2026-11-30"}, {"weeks", 2}};
    auto first = run("scheduling.book_course", course);
    ASSERT_TRUE(first) << first.error().message;
    const auto& sessions = first->result.at("sessions").as_array();
    const auto course_id = std::string(first->result.at("course_id").as_string());
    const auto before = live_appointments();

    auto second = run("scheduling.book_course", course);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, ErrorKind::refused);
    EXPECT_EQ(second.error().reason, "course_active");
    EXPECT_THAT(second.error().message, HasSubstr(std::string(sessions[0].at("start").as_string()) + " with "
                                                  + std::string(sessions[0].at("therapist").as_string())));
    EXPECT_THAT(second.error().message, HasSubstr("fascia schedule cancel " + course_id + " --course"));
    EXPECT_EQ(live_appointments(), before);
    EXPECT_EQ(count("SELECT count(*) FROM sched_courses"), 1);

    // One more session on its own is still a booking the desk may make.
    EXPECT_EQ(reason_of(book("nina", "2026-11-25T15:00+00:00")), "");
    // Once the course is cancelled, a new one books.
    ASSERT_TRUE(run("scheduling.cancel_course", {{"id", course_id}, {"reason", "changing plan"}}));
    auto again = run("scheduling.book_course", course);
    ASSERT_TRUE(again) << again.error().message;
}

} // namespace
} // namespace fascia::scheduling::test
