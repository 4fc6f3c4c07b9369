// Booking in-process through the real bus: every refusal reason with its code,
// overlaps for therapist, room and client (partial ones and the buffer), the
// trigger that guards every other path, changes, courses and the waitlist.
#include "scheduling_test_support.h"

#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

using ::testing::HasSubstr;

class booking : public SchedulingModule {};

TEST_F(booking, BooksInTheClinicZoneAndStoresUtc)
{
    auto r = book("priya", "2026-11-23T10:00+00:00");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("start"), "2026-11-23T10:00:00+00:00");
    EXPECT_EQ(r->result.at("end"), "2026-11-23T11:00:00+00:00");
    EXPECT_EQ(r->result.at("therapist"), "priya");
    EXPECT_EQ(r->result.at("status"), "booked");
    auto q = db().query("SELECT starts_at FROM sched_appointments");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "2026-11-23T10:00:00.000Z");
}

TEST_F(booking, RefusesWithoutACurrentSafeScreening)
{
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", new_client())), "no_screening");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", screened_client({}, true, "2026-06-01"))),
              "screening_expired");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", screened_client({"saddle_numbness"}))),
              "urgent_referral");
    const auto foot_drop = screened_client({"foot_drop"});
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", foot_drop)), "clearance_required");
    ok("intake.clear", {{"client_id", foot_drop}, {"clinician", "Dr Patel (GP)"}, {"note", "Fine to treat"}}, "priya");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", foot_drop)), "");
    EXPECT_EQ(live_appointments(), 1);
}

TEST_F(booking, RefusesAClientMergedIntoAnotherNamingTheKeptClient)
{
    const auto kept = id_of(ok("clients.create", {{"first_name", "Ngaio"}, {"last_name", "Marsh"},
                                                  {"date_of_birth", "1975-03-04"}, {"health_consent", true}}));
    ok("clients.merge", {{"keep", kept}, {"other", client}});
    const auto r = book("priya", "2026-11-23T10:00+00:00");
    // Not "no screening": the screening moved with the merge, to the kept record.
    EXPECT_EQ(reason_of(r), "merged");
    ASSERT_FALSE(r);
    EXPECT_THAT(r.error().message, HasSubstr("was merged into " + kept + " (Ngaio Marsh)"));
    const auto waiting = run("scheduling.waitlist_add", {{"client_id", client}, {"service", remedial},
                                                         {"from", "2026-11-24T00:00+00:00"}, {"to", "2026-11-25T00:00+00:00"}});
    EXPECT_EQ(reason_of(waiting), "merged");
    EXPECT_EQ(live_appointments(), 0);
    EXPECT_EQ(count("SELECT count(*) FROM sched_waitlist"), 0);
    // The kept record carries the screening and books.
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", kept)), "");
}

TEST_F(booking, RefusesATherapistNotVettedForTheModality)
{
    // sam was never vetted; priya holds no dry needling certificate.
    ok("scheduling.hours_set", {{"therapist", "sam"}, {"from", "2026-01-01"}, {"week", {{"mon", hours("09:00", "17:00")}}}});
    EXPECT_EQ(reason_of(book("sam", "2026-11-23T10:00+00:00")), "therapist_not_eligible");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", client, needling)), "therapist_not_eligible");
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", client, needling)), "");
}

TEST_F(booking, RefusesWhatTheClientsRestrictionsForbid)
{
    const auto implants = screened_client({"metal_implants"});
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", implants, needling)), "restriction_forbids_modality");
    const auto osteoporosis = screened_client({"osteoporosis"});
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", osteoporosis, deep)), "restriction_forbids_modality");
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", osteoporosis, trigger)), "restriction_forbids_modality");
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", osteoporosis, remedial)), "");
    const auto pregnant = screened_client({"pregnant"});
    EXPECT_EQ(reason_of(book("priya", "2026-11-24T10:00+00:00", pregnant)), "prenatal_therapist_required");
    EXPECT_EQ(reason_of(book("nina", "2026-11-24T10:00+00:00", pregnant)), "");
}

TEST_F(booking, RefusesWhenNoRoomHasTheFeature)
{
    ok("scheduling.room_update", {{"room", "Needling room"}, {"active", false}});
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", client, needling)), "no_room_with_feature");
    ok("scheduling.room_update", {{"room", "Needling room"}, {"active", true}});
    // A service can be given its own feature; no room has "hydro".
    ok("scheduling.service_feature", {{"service", remedial}, {"feature", "hydro"}});
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00")), "no_room_with_feature");
    // A room named explicitly must have it.
    ok("scheduling.service_feature", {{"service", remedial}, {"feature", ""}});
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:00+00:00", client, needling, "Room A")), "no_room_with_feature");
}

TEST_F(booking, RefusesOutsideOpeningAndWorkingHoursOnLeaveAClosureOrInThePast)
{
    EXPECT_EQ(reason_of(book("priya", "2026-11-29T10:00+00:00")), "outside_opening_hours"); // a Sunday
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T18:30+00:00")), "outside_opening_hours"); // runs past 19:00
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T17:00+00:00")), "outside_working_hours");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T12:00+00:00")), "outside_working_hours"); // into the break
    EXPECT_EQ(reason_of(book("priya", "2026-11-28T10:00+00:00")), "outside_working_hours"); // Saturday: open, not working
    ok("scheduling.leave_add", {{"therapist", "priya"}, {"start", "2026-11-25T00:00+00:00"},
                                {"end", "2026-11-26T00:00+00:00"}, {"reason", "Course"}});
    EXPECT_EQ(reason_of(book("priya", "2026-11-25T10:00+00:00")), "therapist_on_leave");
    EXPECT_EQ(reason_of(book("tom", "2026-11-25T10:00+00:00")), "");
    ok("scheduling.closure_add", {{"from", "2026-12-25"}, {"to", "2026-12-26"}, {"reason", "Christmas"}});
    EXPECT_EQ(reason_of(book("priya", "2026-12-25T10:00+00:00")), "clinic_closed");
    EXPECT_EQ(reason_of(book("priya", "2026-12-26T10:00+00:00")), "clinic_closed");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T07:00+00:00")), "in_the_past");
    EXPECT_EQ(live_appointments(), 1);
}

TEST_F(booking, NeverOverlapsForTherapistRoomOrClientIncludingTheBuffer)
{
    ASSERT_EQ(reason_of(book("priya", "2026-11-23T10:00+00:00", client, remedial, "Room A")), "");
    const auto other = screened_client();
    // The therapist: a partial overlap at either end, one inside, and the 10-minute buffer.
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T10:30+00:00", other)), "therapist_busy");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T09:30+00:00", other)), "therapist_busy");
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T11:05+01:00", other)), "therapist_busy"); // 10:05Z, by its offset
    EXPECT_EQ(live_appointments(), 1);
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T11:05+00:00", other)), "therapist_busy"); // inside the buffer
    EXPECT_EQ(reason_of(book("priya", "2026-11-23T11:10+00:00", other)), "");               // just after it
    // The room: tom in Room A at 10:30 while priya is there.
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:30+00:00", screened_client(), remedial, "Room A")), "room_busy");
    // The client: the same client with another therapist at 10:45.
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T10:45+00:00", client)), "client_busy");
    // Touching is not overlapping for the client: 11:00 with tom is fine.
    EXPECT_EQ(reason_of(book("tom", "2026-11-23T11:00+00:00", client)), "");
    // A cancelled booking frees its time.
    const auto a = book("tom", "2026-11-24T10:00+00:00", other);
    ASSERT_TRUE(a);
    ok("scheduling.cancel", {{"id", a->result.at("id")}, {"reason", "ill"}, {"by", "client"}}, "desk");
    EXPECT_EQ(reason_of(book("tom", "2026-11-24T10:00+00:00", screened_client())), "");
}

TEST_F(booking, TheTriggerRefusesOverlapsThatBypassTheHandler)
{
    ASSERT_TRUE(book("priya", "2026-11-23T10:00+00:00", client, remedial, "Room A"));
    const auto other = screened_client();
    const auto insert = [&](const std::string& id, const std::string& therapist, const std::string& room,
                            const std::string& who, std::int64_t start_min) {
        const std::int64_t start = at("2026-11-23T00:00:00Z").time_since_epoch().count() + start_min * 60000;
        db().query("INSERT INTO sched_appointments(id, client_id, therapist_id, room_id, service_id, starts_at, ends_at,"
                   " starts_ms, ends_ms, created_by, created_at) VALUES (?, ?, (SELECT id FROM staff WHERE username = ?),"
                   " ?, ?, 'x', 'x', ?, ?, 'test', 'x')",
                   id, who, therapist, room, remedial, start, start + 3600000)
            .run();
    };
    const auto refused_with = [&](auto&& f, const char* code) {
        try {
            f();
            ADD_FAILURE() << "no refusal, expected " << code;
        } catch (const Failure& e) {
            EXPECT_THAT(e.error().message, HasSubstr(code));
        }
    };
    refused_with([&] { insert("t1", "priya", room_n, other, 10 * 60 + 30); }, "therapist_busy");
    refused_with([&] { insert("t2", "tom", room_a, other, 10 * 60 + 59); }, "room_busy");
    refused_with([&] { insert("t3", "tom", room_n, client, 9 * 60 + 1); }, "client_busy");
    insert("t4", "tom", room_n, other, 11 * 60); // touching: fine
    // An update onto a taken time is refused too.
    refused_with([&] {
        db().query("UPDATE sched_appointments SET room_id = ?, starts_ms = starts_ms - 1800000 WHERE id = 't4'", room_a).run();
    },
                 "room_busy");
}

TEST_F(booking, BadInputIsInvalidAndChangesNothing)
{
    const auto before = count("SELECT count(*) FROM command_log");
    for (const auto& [start, therapist, service] :
         {std::tuple{"2026-11-23T10:00", "priya", remedial}, {"2026-11-23 10:00", "priya", remedial},
          {"2026-11-31T10:00+00:00", "priya", remedial}, {"tomorrow", "priya", remedial},
          {"2026-11-23T10:00+00:00", "nobody", remedial}, {"2026-11-23T10:00+00:00", "desk", remedial},
          {"2026-11-23T10:00+00:00", "priya", std::string("no such service")}}) {
        auto r = run("scheduling.book", {{"client_id", client}, {"service", service}, {"therapist", therapist},
                                         {"start", start}});
        ASSERT_FALSE(r) << start;
        EXPECT_EQ(r.error().kind, ErrorKind::invalid_input) << start << ": " << r.error().message;
    }
    auto r = book("priya", "2026-11-23T10:00+00:00", "no-such-client");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(count("SELECT count(*) FROM command_log"), before);
    EXPECT_EQ(live_appointments(), 0);
}

TEST_F(booking, ServicesByUniqueNameAndTheZoneOffsetIsHonoured)
{
    auto r = run("scheduling.book", {{"client_id", client}, {"service", "60-minute REMEDIAL massage"},
                                     {"therapist", "tom"}, {"start", "2026-11-23T05:00-05:00"}});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->result.at("start"), "2026-11-23T10:00:00+00:00");
}

TEST_F(booking, RescheduleRunsTheSameChecks)
{
    const auto a = book("priya", "2026-11-23T10:00+00:00");
    ASSERT_TRUE(a);
    const auto id = a->result.at("id");
    ASSERT_TRUE(book("priya", "2026-11-23T14:00+00:00", screened_client()));
    EXPECT_EQ(reason_of(run("scheduling.reschedule", {{"id", id}, {"start", "2026-11-23T14:30+00:00"}})), "therapist_busy");
    EXPECT_EQ(reason_of(run("scheduling.reschedule", {{"id", id}, {"start", "2026-11-29T10:00+00:00"}})),
              "outside_opening_hours");
    // Moving into its own old time (overlapping itself) is fine.
    auto moved = run("scheduling.reschedule", {{"id", id}, {"start", "2026-11-23T10:30+00:00"}});
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(moved->result.at("start"), "2026-11-23T10:30:00+00:00");
    moved = run("scheduling.reschedule", {{"id", id}, {"start", "2026-11-23T14:30+00:00"}, {"therapist", "tom"}});
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(moved->result.at("therapist"), "tom");
}

TEST_F(booking, CancelLateCancelNoShowArriveAndComplete)
{
    const auto tomorrow = book("priya", "2026-11-24T10:00+00:00");
    const auto next_week = book("priya", "2026-12-01T10:00+00:00");
    const auto clinic_side = book("priya", "2026-11-24T14:00+00:00");
    ASSERT_TRUE(tomorrow && next_week && clinic_side);
    // 26 hours ahead: not late. (now 08:00 Monday; 24 h window)
    auto c = run("scheduling.cancel", {{"id", tomorrow->result.at("id")}, {"reason", "work"}, {"by", "client"}});
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->result.at("late_cancel").as_bool());
    clock.set(at("2026-11-24T09:00:00Z"));
    c = run("scheduling.cancel", {{"id", clinic_side->result.at("id")}, {"reason", "therapist ill"}, {"by", "clinic"}});
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->result.at("late_cancel").as_bool()); // the clinic's own cancellation is never late
    clock.set(at("2026-11-30T11:00:00Z"));
    c = run("scheduling.cancel", {{"id", next_week->result.at("id")}, {"reason", "forgot"}});
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->result.at("late_cancel").as_bool());
    EXPECT_EQ(c->result.at("cancelled_by"), "client");
    EXPECT_EQ(reason_of(run("scheduling.cancel", {{"id", next_week->result.at("id")}, {"reason", "again"}})), "not_booked");
    EXPECT_EQ(reason_of(run("scheduling.cancel", {{"id", "nope"}, {"reason", "x"}})), "");

    const auto a = book("priya", "2026-12-01T10:00+00:00");
    const auto b = book("tom", "2026-12-02T10:00+00:00");
    ASSERT_TRUE(a && b);
    EXPECT_EQ(reason_of(run("scheduling.no_show", {{"id", a->result.at("id")}})), "not_started");
    clock.set(at("2026-12-01T10:20:00Z"));
    auto n = run("scheduling.no_show", {{"id", a->result.at("id")}});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->result.at("status"), "no_show");

    const auto& form = *intake::FormLibrary::builtin()->find("sciatica-intake/1");
    json::object answers;
    for (const auto& q : *extensions.services.get<intake::IntakeService>(intake::service_id)->precheck_questions(form.id()))
        answers[q] = false;
    // The check is of the client on the day: not the day before (a rule, exit 1).
    EXPECT_EQ(reason_of(run("scheduling.precheck", {{"id", b->result.at("id")}, {"answers", answers}})),
              "precheck_too_early");

    clock.set(at("2026-12-02T09:55:00Z"));
    ASSERT_TRUE(run("scheduling.arrive", {{"id", b->result.at("id")}}));
    // Completing needs the pre-session check for this appointment.
    EXPECT_EQ(reason_of(run("scheduling.complete", {{"id", b->result.at("id")}})), "precheck_required");
    auto check = run("scheduling.precheck", {{"id", b->result.at("id")}, {"answers", answers}});
    ASSERT_TRUE(check) << check.error().message;
    EXPECT_FALSE(check->result.at("precheck_flagged").as_bool());
    auto done = run("scheduling.complete", {{"id", b->result.at("id")}});
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->result.at("status"), "completed");
}

TEST_F(booking, FindListsTheNextFreeSlotsAroundBookingsAndBreaks)
{
    ASSERT_TRUE(book("priya", "2026-11-23T09:00+00:00"));
    Scheduler s(db(), dependencies_of(extensions).intake, dependencies_of(extensions).vetting, clock.now());
    const auto priya = therapist_named(db(), "priya");
    const auto slots = s.find(*find_service(db(), remedial), at("2026-11-23T08:00:00Z"), priya, 4);
    ASSERT_EQ(slots.size(), 4u);
    // 09:00–10:00 is booked, the buffer runs to 10:10, so the next quarter hour is 10:15.
    EXPECT_EQ(format_local(s.zone(), slots[0].start), "2026-11-23T10:15:00+00:00");
    EXPECT_EQ(format_local(s.zone(), slots[1].start), "2026-11-23T10:30:00+00:00");
    // None runs into the 12:30 break.
    for (const auto& slot : slots)
        EXPECT_LE(slot.end, at("2026-11-23T12:30:00Z"));
}

TEST_F(booking, FindForAnyTherapistGivesEarliestFirstThenByUsernameAndOnlyTheVetted)
{
    // sam works the same hours but was never vetted: he is never offered.
    ok("scheduling.hours_set", {{"therapist", "sam"}, {"from", "2026-01-01"}, {"week", {{"mon", hours("09:00", "17:00")}}}});
    ASSERT_EQ(reason_of(book("priya", "2026-11-23T09:00+00:00", client, remedial, "Room A")), "");
    Scheduler s(db(), dependencies_of(extensions).intake, dependencies_of(extensions).vetting, clock.now());
    const auto slots = s.find(*find_service(db(), remedial), at("2026-11-23T08:00:00Z"), std::nullopt, 5);
    std::vector<std::string> got;
    for (const auto& slot : slots)
        got.push_back(format_local(s.zone(), slot.start).substr(11, 5) + " " + slot.therapist + " " + slot.room);
    // priya is busy until 10:10 and Room A until 10:00: the others in the room left, by username.
    EXPECT_EQ(got, (std::vector<std::string>{"09:00 nina Needling room", "09:00 tom Needling room",
                                             "09:15 nina Needling room", "09:15 tom Needling room",
                                             "09:30 nina Needling room"}));
}

} // namespace
} // namespace fascia::scheduling::test
