#pragma once
// The scheduler's inside: clinic time (date/tz), the resources a window of
// time needs (loaded with one query per kind, never one per candidate slot),
// the booking checks with their reason codes, next-available and course plans.
// One implementation serves the commands, the CLI's reads and the benchmark.
#include <fascia/scheduling/intervals.h>

#include <fascia/catalogue.h>
#include <fascia/clients.h>
#include <fascia/clinic_zone.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/intake/intake_service.h>
#include <fascia/staff.h>
#include <fascia/vetting/vetting_service.h>

#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace fascia::scheduling {

/// `word` with its article, as a sentence says it: "an acute", "a chronic", "a subacute".
inline std::string with_article(const std::string& word)
{
    const bool vowel = !word.empty() && std::string_view("aeiouAEIOU").find(word.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + word;
}

using Date = std::chrono::year_month_day;

/// Milliseconds since the epoch: how the integer columns (starts_ms, ends_ms) store an instant.
inline std::int64_t ms(Instant t)
{
    return t.time_since_epoch().count();
}
/// The instant an integer column holds.
inline Instant instant_ms(std::int64_t v)
{
    return Instant{std::chrono::milliseconds{v}};
}
/// Leaves a handler or a read with an error; the bus and the CLI turn it back into a value.
[[noreturn]] inline void reject(Error e)
{
    throw Failure(std::move(e));
}

// ---- settings (module settings registry; keys start with "scheduling.") ----
/// The clinic's scheduling settings, read once per command.
struct Settings {
    int buffer_minutes = 10;       ///< between one therapist's sessions
    int course_weeks = 6;          ///< default length of a course
    int min_hours_apart = 48;      ///< between sessions of one course
    int late_cancel_hours = 24;    ///< a client's cancellation inside this is late
    int waitlist_offers = 3;       ///< waiting clients offered a freed slot
    int offer_expiry_minutes = 120; ///< an offer lapses after this
    static Settings load(Database& db);
};

/// One scheduling setting: its key, the Settings field it fills (whose initial value
/// is the default), and what the settings screen says and allows.
struct SettingRow {
    std::string_view key;
    int Settings::*field;
    std::string_view label;
    int minimum, maximum;
};
/// Every scheduling setting, registered and read through this one table.
extern const std::array<SettingRow, 6> setting_rows;

// ---- clinic time ----
/// clinic_zone(db): the clinic's zone, fascia/clinic_zone.h.
using fascia::clinic_zone;
/// The instant a local wall-clock time on a local date happens (earliest on an
/// ambiguous time, the first valid one after a gap).
Instant local_instant(const date::time_zone* zone, Date day, std::chrono::minutes since_midnight);
/// The local calendar date of an instant.
Date local_day(const date::time_zone* zone, Instant t);
/// "2025-03-24T15:00:00+00:00": an instant in the clinic's zone, with its offset.
std::string format_local(const date::time_zone* zone, Instant t);
/// Parses an ISO 8601 date-time with a zone offset ("Z" or "+01:00");
/// invalid_input naming `field` when malformed, without an offset or outside the
/// years 1900 to 2200 (as parse_day).
Result<Instant> parse_datetime(std::string_view text, std::string_view field);
/// Parses a YYYY-MM-DD date of the years 1900 to 2200; invalid_input naming
/// `field` (e.g. "--date") when malformed, not a real date or outside those years.
/// Every date option of `fascia schedule` and every scheduling command's date goes through it.
Result<Date> parse_day(std::string_view text, std::string_view field);
/// "09:30" → 570 minutes; nullopt unless HH:MM within the day (24:00 allowed).
std::optional<int> parse_clock(std::string_view text);
/// 0 = Monday ... 6 = Sunday, and the keys "mon".."sun".
int weekday_index(Date d);
extern const std::array<const char*, 7> weekday_keys;

// ---- resources ----
struct Room {
    std::string id;
    std::string name;
    bool active = true;
    std::vector<std::string> features;
    bool has(std::string_view feature) const;
    boost::json::object to_json() const;
};
std::vector<Room> list_rooms(Database& db);
/// A room by id or name; invalid_input (field "room") when there is none.
Room room_named(Database& db, std::string_view id_or_name);
/// A service by id or unique name; invalid_input (field "service") otherwise.
Service service_named(Database& db, std::string_view id_or_name);
/// An active therapist by username or id; invalid_input (field "therapist") otherwise.
StaffMember therapist_named(Database& db, std::string_view username);
/// "client C was merged into K (Name): book K instead": why a merged record
/// cannot be booked or wait (reason code `merged`), naming the kept client.
std::string merged_message(Database& db, const Client& merged);
/// Every active therapist, by username.
std::vector<StaffMember> active_therapists(Database& db);
/// The room feature a service needs ("" for none): its own row, else its modality's.
std::string feature_for(Database& db, const Service& service);

/// One bookable (or booked) time: who, where, when.
struct Slot {
    Instant start;
    Instant end;
    std::string therapist_id;
    std::string therapist; ///< username
    std::string room_id;
    std::string room;      ///< room name
};

/// Everything the checks need about a window of time, loaded at once: one
/// query for the bookings in the window (therapists' and rooms' busy time),
/// one for the client's, one each for leave, closures and working hours.
struct Snapshot {
    Interval window;
    Intervals opening;                           ///< opening hours, before closures
    Intervals closed;                            ///< closure days
    std::map<std::string, Intervals> working;    ///< by therapist id: hours − breaks
    std::map<std::string, Intervals> leave;      ///< by therapist id
    std::map<std::string, Intervals> therapist_busy; ///< by therapist id: live bookings
    std::map<std::string, Intervals> room_busy;  ///< by room id
    Intervals client_busy;
};

/// What a booking asks for.
struct BookingRequest {
    std::string client_id;
    Service service;
    StaffMember therapist;
    Instant start;
    std::optional<std::string> room_id;  ///< a room the person chose
    std::optional<std::string> exclude;  ///< the appointment being moved (reschedule)
};

/// A course as planned: sessions in order, each with its therapist and room.
struct CoursePlan {
    std::string condition_type;
    int sessions_per_week = 0;
    int weeks = 0;
    std::vector<Slot> sessions;
    int reassessment_at = 3; ///< the 1-based session marked for reassessment
};

/// Preferred days and times ("mon,wed 09:00-12:00"): empty means any.
struct Preference {
    std::vector<int> days;                ///< weekday indexes, 0 = Monday
    std::optional<std::pair<int, int>> minutes; ///< [from, to) minutes after local midnight
    static Preference parse(std::string_view text); ///< invalid_input (field "prefer") when malformed
};

struct PlanRequest {
    std::string client_id;
    Service service;
    Date from;
    std::optional<StaffMember> therapist;
    std::optional<int> weeks;
    std::optional<int> sessions_per_week;
    Preference prefer;
};

struct HoursCache;

/// The rules of booking for one command (or one read): the database, the
/// intake and vetting services, "now", the settings and per-date caches.
class Scheduler {
public:
    Scheduler(Database& db, const intake::IntakeService* intake, const vetting::VettingService* vetting,
              Instant now);

    /// The slot (with a free room chosen) or refused/invalid with a reason code.
    Result<Slot> check(const BookingRequest& request);
    /// The next `count` free slots for a service from `from`, by start, then therapist.
    std::vector<Slot> find(const Service& service, Instant from, const std::optional<StaffMember>& therapist,
                           int count, const std::optional<std::string>& client_id = std::nullopt);
    /// The course's condition type, sessions a week and weeks, from the client's
    /// current screening and the request (no sessions placed).
    Result<CoursePlan> shape(const PlanRequest& request);
    /// A whole course for a client's current screening (refused when it cannot be placed).
    Result<CoursePlan> plan(const PlanRequest& request);
    /// For each session that fails its checks now: its index, the reason, and
    /// a replacement (keeping the count); empty when every session is bookable.
    struct Clash {
        std::size_t index;
        Error why;
        std::optional<Slot> replacement;
    };
    std::vector<Clash> clashes(const PlanRequest& request, const std::vector<Slot>& sessions);

    Database& db() { return db_; }
    const date::time_zone* zone() const { return zone_; }
    const Settings& settings() const { return settings_; }
    Instant now() const { return now_; }
    /// The client's booking status on a date (cached). not_found when no client.
    Result<intake::BookingStatus> client_status(const std::string& client_id, Date on);

    /// Time a therapist could be booked in a window, bookings aside: working hours
    /// ∩ opening hours − closures − leave. New hours or removed leave add the
    /// difference of this after the change and before it.
    Intervals bookable_time(Interval window, const StaffMember& therapist);
    /// The first free slot (every booking check of the time, the room and the
    /// client's own bookings) for a service with one therapist, lying inside
    /// `within` and using some of `gained` (time that has just become bookable);
    /// none when nothing fits. What the waitlist is offered when hours grow.
    std::optional<Slot> first_free_in(const Service& service, const StaffMember& therapist, Interval within,
                                      const Intervals& gained, const std::string& client_id);

    /// A booked appointment that a change of hours, leave or a closure has left
    /// where it can no longer take place, so the desk reschedules or cancels it.
    struct Uncovered {
        std::string id;
        Instant start;
        std::string client_id;
        std::string client;    ///< the client's display name
        std::string therapist; ///< username
        std::string why;       ///< "leave", "a closure", "outside hours"
    };
    /// Live ('booked') appointments from now on starting in `window` (one therapist's,
    /// or everyone's) that fall on a closure or leave, or outside opening or working
    /// hours, by start. Sick leave is recorded anyway (issue 13's tryout): this is the
    /// list the change answers with, and the calendar's "needs rescheduling".
    std::vector<Uncovered> uncovered(Interval window, const std::optional<std::string>& therapist_id = std::nullopt);

    /// The refusal (reason `no_room_with_feature`) when no room in use has the
    /// feature the service needs; book and find say the same words.
    std::optional<Error> no_room_for(const Service& service);

    /// Loads a window (public for the benchmark's baseline and the calendar).
    Snapshot load(Interval window, const std::vector<StaffMember>& therapists,
                  const std::optional<std::string>& client_id, const std::optional<std::string>& exclude);

    /// The client's side of booking `service` on a local date, the reasons `book` refuses with:
    /// invalid_input (field client_id) for no such client; refused `merged`, `no_screening`,
    /// `screening_expired`, `urgent_referral`, `clearance_required` (intake's codes and words)
    /// or `restriction_forbids_modality`. Fills `restrictions` from the screening.
    Result<void> check_client(const std::string& client_id, const Service& service, Date on,
                              std::vector<std::string>& restrictions);

private:
    Result<void> check_therapist(const StaffMember& therapist, const Service& service, Date on,
                                 const std::vector<std::string>& restrictions);
    bool eligible(const StaffMember& therapist, const std::string& modality, Date on, std::string* why = nullptr);
    /// Free time for a therapist in a snapshot (client's bookings taken out too).
    Intervals free_time(const Snapshot& s, const std::string& therapist_id) const;
    /// The first room with the feature free for the whole span, or nullptr.
    const Room* free_room(const Snapshot& s, const std::vector<const Room*>& rooms, const Interval& span) const;
    std::vector<const Room*> rooms_with(const std::string& feature);
    /// First slot at or after `from` and before `until` for one therapist, at least the
    /// course gap away from every interval in `apart` (none: nullopt).
    std::optional<Slot> first_slot(const Snapshot& s, const StaffMember& therapist, const Service& service,
                                   const std::vector<const Room*>& rooms, Instant from, Instant until,
                                   const Preference& prefer, const std::vector<Interval>& apart = {});

    /// Day-long windows from `origin`, loaded (every therapist listed, the client)
    /// a few consecutive days at a time in one range scan when a sweep first
    /// reaches them, then kept for the rest of the question.
    struct DayWindows {
        Instant origin;
        std::vector<StaffMember> therapists;
        std::optional<std::string> client_id;
        /// By first day index from origin: (day index past the last, the days' snapshot).
        std::map<std::int64_t, std::pair<std::int64_t, Snapshot>> loaded;
    };
    /// first_slot over day windows, loading each only when the search reaches it.
    std::optional<Slot> first_slot_by_day(DayWindows& days, const StaffMember& therapist, const Service& service,
                                          const std::vector<const Room*>& rooms, Instant from, Instant until,
                                          const Preference& prefer, const std::vector<Interval>& apart = {});
    /// How far past a window a booking can still touch a slot starting in it: the
    /// longest service and the buffer (asked once).
    std::chrono::milliseconds reach();

    Database& db_;
    const intake::IntakeService* intake_;
    const vetting::VettingService* vetting_;
    Instant now_;
    const date::time_zone* zone_;
    Settings settings_;
    std::vector<Room> rooms_;
    bool rooms_loaded_ = false;
    /// By client id: booking status as runs of days (intake's range answer).
    std::map<std::string, std::vector<intake::BookingStatusRun>> statuses_;
    /// A run of days with one eligibility answer: "" when eligible, else why.
    struct EligibleRun {
        Date from, to;
        std::string why;
    };
    /// By (therapist id, modality): runs of days (vetting's range answer).
    std::map<std::pair<std::string, std::string>, std::vector<EligibleRun>> eligibility_;
    /// The last date a question will ask about (a course's end): vetting and
    /// intake are asked once for the range from the first date asked to this.
    std::optional<Date> horizon_;
    /// The window query, prepared once per Scheduler and read in place (load()).
    std::shared_ptr<sqlite3_stmt> window_query_;
    /// Opening hours and working-hour patterns, parsed on first use.
    const HoursCache& clinic_hours();

    std::optional<std::chrono::milliseconds> reach_;
    std::shared_ptr<HoursCache> hours_;
};

} // namespace fascia::scheduling
