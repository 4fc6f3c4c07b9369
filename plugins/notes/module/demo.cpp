// The demo clinic's notes: for the first screened clients who may be booked,
// the sessions they have had since their screening (booked, checked before the
// session, completed), each with a signed note and its measures. Most improve
// as a course of remedial massage usually does; the last does not, so its
// progress carries the no-improvement flag. The past runs on its own bus whose
// clock is moved to each moment, each command stamped with it (as the
// scheduling demo's no-show does).
#include "notes_module.h"

#include <fascia/hlc.h>
#include <fascia/intake/intake_service.h>

#include <date/tz.h>

#include <algorithm>

namespace fascia::notes {

namespace json = boost::json;
using namespace std::chrono;

namespace {

struct Session {
    int pain_fall; ///< pain now below the screening's pain score
    int pain_worst;
    std::vector<std::optional<int>> odi;
    int psfs_walk, psfs_sit, psfs_sleep;
    std::vector<int> sbi;
    const char* medication;
    const char* subjective;
    const char* assessment;
};

using Course = std::vector<Session>;

json::array odi_json(const std::vector<std::optional<int>>& sections)
{
    json::array out;
    for (const auto& s : sections)
        out.push_back(s ? json::value(*s) : json::value(nullptr));
    return out;
}

json::object note_for(const Session& s, std::size_t n, int screening_pain)
{
    const int pain = std::max(0, screening_pain - s.pain_fall);
    json::object measures{{"nprs_now", pain}, {"nprs_worst", std::max(pain, s.pain_worst)},
                          {"psfs", json::array{json::object{{"activity", "walking 30 minutes"}, {"score", s.psfs_walk}},
                                               json::object{{"activity", "sitting through a workday"}, {"score", s.psfs_sit}},
                                               json::object{{"activity", "sleeping through the night"}, {"score", s.psfs_sleep}}}},
                          {"sbi", json::array(s.sbi.begin(), s.sbi.end())},
                          {"medication", s.medication}};
    // The Oswestry questionnaire is taken at the first session and every second one after.
    if (n % 2 == 0)
        measures["odi"] = odi_json(s.odi);
    return {{"soap",
             {{"subjective", s.subjective},
              {"objective", "Lumbar flexion limited; positive slump test on the left; piriformis tender on palpation, "
                            "trigger points in left gluteus medius."},
              {"assessment", s.assessment},
              {"plan", "Continue the course: remedial massage to the lumbar and gluteal region, review measures next "
                       "session."}}},
            {"techniques", json::array{"trigger point therapy", "myofascial release", "muscle energy technique"}},
            {"areas", json::array{json::object{{"region", "lower back"}, {"side", "both"}},
                                  json::object{{"region", "buttock"}, {"side", "left"}},
                                  json::object{{"region", "hamstring"}, {"side", "left"}}}},
            {"advice", json::array{"piriformis release with a tennis ball, at most five minutes a side",
                                   "spinal stretches 15 minutes twice daily", "stop if numbness or weakness increases"}},
            {"measures", std::move(measures)}};
}

const Course improving{
    {0, 8, {3, 1, 2, 3, 2, 1, 2, 0, 2, std::nullopt}, 4, 3, 4, {4, 2, 5, 5}, "same",
     "Aching low back and left buttock, pain down the back of the thigh after sitting.",
     "Left-sided sciatic-type pain with piriformis involvement; no red flags at the pre-session check."},
    {1, 7, {3, 1, 2, 3, 2, 1, 2, 0, 2, std::nullopt}, 5, 4, 5, {3, 2, 4, 4}, "same",
     "A little easier after the first session; stretches done most days.",
     "Responding to treatment; gluteal trigger points less active."},
    {3, 5, {2, 1, 1, 2, 1, 1, 1, 0, 1, std::nullopt}, 7, 6, 6, {2, 1, 3, 2}, "less",
     "Walking further; sleeping better; taking fewer painkillers.",
     "Clear improvement in pain and function."},
    {4, 4, {2, 1, 1, 2, 1, 1, 1, 0, 1, std::nullopt}, 8, 7, 8, {1, 1, 2, 2}, "less",
     "Only a twinge after a long drive.", "Meaningful improvement; plan to space sessions out."},
};

const Course not_improving{
    {0, 8, {3, 2, 2, 3, 3, 2, 2, 1, 2, 3}, 4, 3, 3, {4, 3, 5, 5}, "same",
     "Constant ache in the low back with pain into the left calf.",
     "Sciatic-type pain; no red flags at the pre-session check."},
    {0, 8, {3, 2, 2, 3, 3, 2, 2, 1, 2, 3}, 4, 3, 3, {4, 3, 5, 5}, "same",
     "No change after the first session.", "No response yet."},
    {1, 8, {3, 2, 2, 3, 3, 2, 2, 1, 2, 3}, 4, 4, 3, {4, 3, 5, 4}, "more",
     "Brief relief for a day, then back to how it was; taking more painkillers.",
     "Little response; consider referral if no change at the next session."},
    {0, 8, {3, 2, 2, 3, 2, 2, 2, 1, 2, 3}, 4, 3, 3, {4, 3, 5, 5}, "more",
     "Same as before the course.",
     "No meaningful improvement after four sessions: referral to the GP discussed and agreed."},
};

} // namespace

Result<void> add_demo_notes(Clinic& clinic, const DemoOptions&)
{
    auto& db = clinic.db();
    const auto holder = clinic.extensions().services.find(intake::service_id);
    const auto* intake = static_cast<const intake::IntakeService*>(holder.get());
    if (!intake)
        return {};
    const auto* zone = date::locate_zone(clinic.settings().time_zone);
    const auto now = clinic.clock().now();
    const auto at = [&](sys_days day, int hour) {
        return Instant{
            duration_cast<milliseconds>(zone->to_sys(date::local_days{day.time_since_epoch()} + hours{hour}).time_since_epoch())};
    };
    const auto today = sys_days{local_date(now, clinic.settings().time_zone)};

    // Screened clients who may be booked, with the day of their screening: their sessions come after it.
    struct Client {
        std::string id, form;
        sys_days screened;
    };
    std::vector<Client> clients;
    auto q = db.query("SELECT id FROM clients WHERE health_consent_at IS NOT NULL ORDER BY rowid LIMIT 12");
    while (q.step()) {
        auto s = intake->booking_status(db, q.text(0), local_date(now, clinic.settings().time_zone));
        if (s && s->bookable && s->assessed_on && s->form)
            if (const auto d = parse_date(*s->assessed_on); d && sys_days{*d} + days{6} < today)
                clients.push_back({q.text(0), *s->form, sys_days{*d}});
    }
    if (clients.empty())
        return {};
    // The longest-treated client's course does not improve (it has the sessions
    // the flag needs); up to three others do.
    std::stable_sort(clients.begin(), clients.end(), [](const Client& a, const Client& b) { return a.screened < b.screened; });
    if (clients.size() > 4)
        clients.resize(4);
    const std::array therapists{"priya", "aroha", "priya", "aroha"};
    const auto fail = [](const char* what, const Error& e) {
        return Error{e.kind, std::string("notes demo: ") + what + ": " + e.message, e.field, e.reason};
    };

    for (std::size_t c = 0; c < clients.size(); ++c) {
        const auto& client = clients[c];
        const auto& course = c == 0 && clients.size() > 1 ? not_improving : improving;
        auto pain = db.query("SELECT value FROM intake_outcome_measures WHERE client_id = ? AND measure = 'pain_score'"
                             " ORDER BY measured_on DESC, rowid DESC LIMIT 1",
                             client.id);
        const int screening_pain = pain.step() ? static_cast<int>(pain.integer(0)) : 6;
        const auto questions = intake->precheck_questions(client.form);
        if (!questions)
            return questions.error();
        json::object answers;
        for (const auto& id : *questions)
            answers[id] = false;
        // Weekdays from the day after the screening, at least three days apart (twice a week), before today.
        std::vector<sys_days> days_of;
        for (auto d = client.screened + days{1}; d < today && days_of.size() < course.size(); d += days{1}) {
            const unsigned wd = weekday{d}.iso_encoding();
            if (wd <= 5 && (days_of.empty() || d - days_of.back() >= days{3}))
                days_of.push_back(d);
        }
        const char* therapist = therapists[c % therapists.size()];
        for (std::size_t n = 0; n < days_of.size(); ++n) {
            const int hour = 14 + static_cast<int>(c % 3);
            FixedClock clock(at(days_of[n], hour) - minutes{30});
            CommandBus bus(db, clinic.extensions().commands, clock, clinic.node_id());
            HybridClock stamps(clock, clinic.node_id());
            const auto run = [&](const char* type, json::object payload, const char* actor) {
                return bus.execute({type, std::move(payload), actor, {}, stamps.stamp()});
            };
            auto booked = run("scheduling.book",
                              {{"client_id", client.id}, {"service", "60-minute remedial massage"},
                               {"therapist", therapist}, {"start", date::format("%FT%TZ", floor<seconds>(at(days_of[n], hour)))}},
                              "frontdesk");
            if (!booked) {
                if (booked.error().kind == ErrorKind::refused) // not free then: that session is left out
                    continue;
                return fail("book", booked.error());
            }
            const json::value id = booked->result.at("id");
            if (auto r = run("scheduling.precheck", {{"id", id}, {"answers", answers}}, "frontdesk"); !r)
                return fail("precheck", r.error());
            clock.set(at(days_of[n], hour) + minutes{60});
            if (auto r = run("scheduling.complete", {{"id", id}}, "frontdesk"); !r)
                return fail("complete", r.error());
            clock.set(at(days_of[n], hour) + minutes{75});
            if (auto r = run("notes.write", {{"appointment_id", id}, {"note", note_for(course[n], n, screening_pain)}}, therapist); !r)
                return fail("write", r.error());
            if (auto r = run("notes.sign", {{"id", id}}, therapist); !r)
                return fail("sign", r.error());
        }
    }
    return {};
}

} // namespace fascia::notes
