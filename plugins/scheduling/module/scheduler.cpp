// Booking checks, next available and course plans over interval algebra.
// Free time for a therapist = (working hours ∩ opening hours) − closures −
// leave − their bookings widened by the buffer − the client's bookings; a slot
// also needs a room with the service's feature free for the whole session.
// Each question loads its window once (Scheduler::load) and then only sweeps.
#include "scheduler.h"

#include <fascia/clients.h>
#include <fascia/module_support.h>
#include <fascia/read_together.h>

#include <boost/json.hpp>
#include <date/tz.h>
#include <sqlite3.h>

#include <algorithm>

namespace fascia::scheduling {

namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr milliseconds day_ms = hours{24};
/// Candidate starts sit on a quarter-hour grid.
constexpr milliseconds grid = minutes{15};

Date add_days(Date d, int n)
{
    return Date{sys_days{d} + days{n}};
}

/// Local [from, to) spans of a day from a JSON list of ["HH:MM", "HH:MM"] pairs.
void add_spans(const date::time_zone* zone, Date day, const json::value* spans, std::vector<Interval>& out)
{
    if (!spans || !spans->is_array())
        return;
    const auto& list = spans->get_array();
    // Opening hours are one pair ["09:00", "19:00"]; hours and breaks a list of pairs.
    const auto add = [&](const json::array& pair) {
        if (pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
            return;
        const auto from = parse_clock(pair[0].get_string());
        const auto to = parse_clock(pair[1].get_string());
        if (from && to && *from < *to)
            out.push_back({local_instant(zone, day, minutes{*from}), local_instant(zone, day, minutes{*to})});
    };
    if (list.size() == 2 && list[0].is_string())
        add(list);
    else
        for (const auto& pair : list)
            if (pair.is_array())
                add(pair.get_array());
}

bool same_name(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

/// The last date to ask vetting or intake about, asked first about `on`: the
/// question's horizon when it is later (within the year vetting answers at once).
Date range_end(const std::optional<Date>& horizon, Date on)
{
    if (!horizon || sys_days{*horizon} <= sys_days{on})
        return on;
    return std::min(sys_days{*horizon}, sys_days{on} + days{366});
}

bool forbids(const std::vector<std::string>& restrictions, const std::string& modality)
{
    for (const auto& r : restrictions) {
        if (r == "no_dry_needling" && modality == "dry_needling")
            return true;
        // Trigger point work is deep pressure too (the intake rules' advice).
        if (r == "no_deep_tissue" && (modality == "deep_tissue" || modality == "trigger_point"))
            return true;
    }
    return false;
}

} // namespace

/// The clinic's opening hours and every therapist's working-hour patterns,
/// parsed once per Scheduler (a question loads many windows).
struct HoursCache {
    std::optional<json::object> opening;
    /// By therapist id: (effective from, (week, breaks)), in date order.
    std::map<std::string, std::vector<std::pair<Date, std::pair<json::value, json::value>>>> patterns;
};

std::string merged_message(Database& db, const Client& merged)
{
    const auto kept_id = kept_client_id(db, merged.id);
    const auto kept = find_client(db, kept_id);
    return "client " + merged.id + " was merged into " + kept_id + (kept ? " (" + kept->display_name() + ")" : "")
           + ": book " + kept_id + " instead";
}

const std::array<SettingRow, 6> setting_rows{{
    {"scheduling.buffer_minutes", &Settings::buffer_minutes, "Minutes between one therapist's sessions", 0, 120},
    {"scheduling.course_weeks", &Settings::course_weeks, "Weeks in a course of care", 1, 52},
    {"scheduling.min_hours_apart", &Settings::min_hours_apart, "Hours at least between sessions of a course", 1, 168},
    {"scheduling.late_cancel_hours", &Settings::late_cancel_hours,
     "A client's cancellation within this many hours is late", 0, 168},
    {"scheduling.waitlist_offers", &Settings::waitlist_offers, "Waiting clients offered a freed slot", 1, 20},
    {"scheduling.offer_expiry_minutes", &Settings::offer_expiry_minutes, "Minutes a waitlist offer stays open", 5, 2880},
}};

Settings Settings::load(Database& db)
{
    Settings s;
    for (const auto& row : setting_rows)
        s.*row.field = static_cast<int>(integer_setting(db, row.key, s.*row.field));
    return s;
}

bool Room::has(std::string_view feature) const
{
    return feature.empty() || std::find(features.begin(), features.end(), feature) != features.end();
}

json::object Room::to_json() const
{
    json::array f;
    for (const auto& x : features)
        f.emplace_back(x);
    return {{"id", id}, {"name", name}, {"active", active}, {"features", std::move(f)}};
}

std::vector<Room> list_rooms(Database& db)
{
    std::vector<Room> rooms;
    auto q = db.query("SELECT r.id, r.name, r.active, f.feature FROM sched_rooms r"
                      " LEFT JOIN sched_room_features f ON f.room_id = r.id ORDER BY r.name COLLATE NOCASE, f.feature");
    while (q.step()) {
        if (rooms.empty() || rooms.back().id != q.text(0))
            rooms.push_back({q.text(0), q.text(1), q.integer(2) != 0, {}});
        if (!q.is_null(3))
            rooms.back().features.push_back(q.text(3));
    }
    return rooms;
}

Room room_named(Database& db, std::string_view id_or_name)
{
    for (auto& r : list_rooms(db))
        if (r.id == id_or_name || same_name(r.name, id_or_name))
            return r;
    reject(invalid("room: there is no room '" + std::string(id_or_name) + "' (`fascia schedule rooms list`)", "room"));
}

Service service_named(Database& db, std::string_view id_or_name)
{
    return service_by_id_or_name(db, id_or_name).value(); // throws Failure with the error
}

StaffMember therapist_named(Database& db, std::string_view username)
{
    auto m = find_staff(db, username);
    if (!m || !m->active || m->role != Role::therapist)
        reject(invalid("therapist: '" + std::string(username) + "' is not an active therapist on the staff "
                       "(`fascia staff list`)",
                       "therapist"));
    return *m;
}

std::vector<StaffMember> active_therapists(Database& db)
{
    auto all = list_staff(db);
    std::erase_if(all, [](const StaffMember& m) { return !m.active || m.role != Role::therapist; });
    return all;
}

std::string feature_for(Database& db, const Service& service)
{
    auto own = db.query("SELECT feature FROM sched_service_features WHERE service_id = ?", service.id);
    if (own.step())
        return own.text(0);
    auto by_modality = db.query("SELECT feature FROM sched_modality_features WHERE modality = ?", service.modality);
    return by_modality.step() ? by_modality.text(0) : std::string();
}

Preference Preference::parse(std::string_view text)
{
    Preference p;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto space = text.find(' ', at);
        const auto word = text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
        at = space == std::string_view::npos ? text.size() : space + 1;
        if (word.empty())
            continue;
        if (word.find(':') != std::string_view::npos) {
            const auto dash = word.find('-');
            const auto from = dash == std::string_view::npos ? std::nullopt : parse_clock(word.substr(0, dash));
            const auto to = dash == std::string_view::npos ? std::nullopt : parse_clock(word.substr(dash + 1));
            if (!from || !to || *from >= *to)
                reject(invalid("prefer: '" + std::string(word) + "' is not a time range like 09:00-12:00", "prefer"));
            p.minutes = std::pair{*from, *to};
            continue;
        }
        std::size_t d = 0;
        while (d <= word.size()) {
            const auto comma = word.find(',', d);
            const auto name = word.substr(d, comma == std::string_view::npos ? std::string_view::npos : comma - d);
            const auto it = std::find_if(weekday_keys.begin(), weekday_keys.end(),
                                         [&](const char* k) { return same_name(k, name); });
            if (it == weekday_keys.end())
                reject(invalid("prefer: '" + std::string(name) + "' is not a day (mon, tue, wed, thu, fri, sat, sun)",
                               "prefer"));
            p.days.push_back(static_cast<int>(it - weekday_keys.begin()));
            if (comma == std::string_view::npos)
                break;
            d = comma + 1;
        }
    }
    return p;
}

Scheduler::Scheduler(Database& db, const intake::IntakeService* intake, const vetting::VettingService* vetting,
                     Instant now)
    : db_(db), intake_(intake), vetting_(vetting), now_(now), zone_(clinic_zone(db)), settings_(Settings::load(db))
{
}

Snapshot Scheduler::load(Interval window, const std::vector<StaffMember>& therapists,
                         const std::optional<std::string>& client_id, const std::optional<std::string>& exclude)
{
    Snapshot s;
    s.window = window;
    const Date first = add_days(local_day(zone_, window.start), -1);
    const Date last = add_days(local_day(zone_, window.end), 1);
    const auto each_day = [&](auto&& body) {
        for (Date d = first; sys_days{d} <= sys_days{last}; d = add_days(d, 1))
            body(d);
    };

    // Opening hours: none set at all means the clinic has not limited them.
    const auto& hours = clinic_hours();
    std::vector<Interval> open;
    each_day([&](Date d) {
        if (!hours.opening)
            open.push_back({local_instant(zone_, d, minutes{0}), local_instant(zone_, add_days(d, 1), minutes{0})});
        else
            add_spans(zone_, d, hours.opening->if_contains(weekday_keys[weekday_index(d)]), open);
    });
    s.opening = Intervals(std::move(open));

    std::vector<Interval> closed;
    auto closures = db_.query("SELECT from_date, to_date FROM sched_closures WHERE to_date >= ? AND from_date <= ?",
                              format_date(first), format_date(last));
    while (closures.step()) {
        const auto from = parse_date(closures.text(0));
        const auto to = parse_date(closures.text(1));
        if (from && to)
            closed.push_back({local_instant(zone_, *from, minutes{0}), local_instant(zone_, add_days(*to, 1), minutes{0})});
    }
    s.closed = Intervals(std::move(closed));

    // Working hours: each day follows the pattern that took effect last on or before it.
    const auto& patterns = hours.patterns;
    for (const auto& t : therapists) {
        std::vector<Interval> work, breaks;
        const auto it = patterns.find(t.id);
        if (it != patterns.end())
            each_day([&](Date d) {
                const std::pair<json::value, json::value>* current = nullptr;
                for (const auto& [from, pattern] : it->second)
                    if (sys_days{from} <= sys_days{d})
                        current = &pattern;
                if (!current)
                    return;
                const char* key = weekday_keys[weekday_index(d)];
                if (current->first.is_object())
                    add_spans(zone_, d, current->first.get_object().if_contains(key), work);
                if (current->second.is_object())
                    add_spans(zone_, d, current->second.get_object().if_contains(key), breaks);
            });
        s.working[t.id] = Intervals(std::move(work)) - Intervals(std::move(breaks));
        s.leave[t.id];
        s.therapist_busy[t.id];
    }

    std::map<std::string, std::vector<Interval>> leave;
    // Keyed by the ids as SQLite holds them (string_view lookups, no copies).
    std::map<std::string, std::vector<Interval>, std::less<>> therapist_busy, room_busy;
    auto away = db_.query("SELECT therapist_id, starts_ms, ends_ms FROM sched_leave WHERE ends_ms > ? AND starts_ms < ?",
                          ms(window.start) - day_ms.count(), ms(window.end) + day_ms.count());
    while (away.step())
        leave[away.text(0)].push_back({instant_ms(away.integer(1)), instant_ms(away.integer(2))});
    // One range over starts_ms, read from the index alone (migration 0003): a
    // booking lasts at most a day, so it starts within a day before the window;
    // what ended before the window (and its buffer) cannot touch a slot in it,
    // nor can what starts after a slot that begins in the window could end.
    const std::int64_t lo = ms(window.start) - day_ms.count();
    const std::int64_t hi = ms(window.end) + reach().count();
    const std::int64_t ended = ms(window.start) - milliseconds{minutes{settings_.buffer_minutes}}.count();
    // Read in place through SQLite's own API: Statement::text() would copy two
    // ids into new strings for every booking of the window (measured with perf,
    // the largest part of a plan's time after the index range itself).
    if (!window_query_) {
        sqlite3_stmt* raw = nullptr;
        static constexpr std::string_view sql =
            "SELECT therapist_id, room_id, starts_ms, ends_ms FROM sched_appointments"
            " WHERE starts_ms > ?1 AND starts_ms < ?2 AND ends_ms > ?3 AND status <> 'cancelled' AND id <> ?4";
        if (sqlite3_prepare_v3(db_.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                               &raw, nullptr)
            != SQLITE_OK)
            db_.fail("preparing the scheduling window query");
        window_query_.reset(raw, sqlite3_finalize);
    }
    {
        sqlite3_stmt* q = window_query_.get();
        const std::string skip = exclude.value_or("");
        // Reset on every way out, so the statement never holds a read open.
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> reset(q, sqlite3_reset);
        sqlite3_bind_int64(q, 1, lo);
        sqlite3_bind_int64(q, 2, hi);
        sqlite3_bind_int64(q, 3, ended);
        sqlite3_bind_text(q, 4, skip.data(), static_cast<int>(skip.size()), SQLITE_STATIC);
        const auto column = [q](int i) {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(q, i));
            return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(q, i)));
        };
        const auto add = [](auto& by_id, std::string_view id, const Interval& span) {
            auto it = by_id.find(id);
            if (it == by_id.end())
                it = by_id.emplace(std::string(id), std::vector<Interval>{}).first;
            it->second.push_back(span);
        };
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const Interval span{instant_ms(sqlite3_column_int64(q, 2)), instant_ms(sqlite3_column_int64(q, 3))};
            add(therapist_busy, column(0), span);
            add(room_busy, column(1), span);
        }
        if (rc != SQLITE_DONE)
            db_.fail("loading the bookings of a window");
    }
    for (auto& [id, list] : leave)
        s.leave[id] = Intervals(std::move(list));
    for (auto& [id, list] : therapist_busy)
        s.therapist_busy[id] = Intervals(std::move(list));
    for (auto& [id, list] : room_busy)
        s.room_busy[id] = Intervals(std::move(list));
    if (client_id) {
        std::vector<Interval> mine;
        auto q = db_.query("SELECT starts_ms, ends_ms FROM sched_appointments WHERE client_id = ? AND starts_ms > ?"
                           " AND starts_ms < ? AND status <> 'cancelled' AND id <> ?",
                           *client_id, lo, hi, exclude.value_or(""));
        while (q.step())
            mine.push_back({instant_ms(q.integer(0)), instant_ms(q.integer(1))});
        s.client_busy = Intervals(std::move(mine));
    }
    return s;
}

const HoursCache& Scheduler::clinic_hours()
{
    if (!hours_) {
        auto cache = std::make_shared<HoursCache>();
        auto q = db_.query("SELECT value FROM clinic_settings WHERE key = 'opening_hours'");
        if (q.step()) {
            boost::system::error_code ec;
            auto v = json::parse(q.text(0), ec);
            if (!ec && v.is_object())
                cache->opening = v.get_object();
        }
        auto hours = db_.query("SELECT therapist_id, effective_from, week, breaks FROM sched_working_hours"
                               " ORDER BY therapist_id, effective_from");
        while (hours.step())
            if (const auto from = parse_date(hours.text(1)))
                cache->patterns[hours.text(0)].push_back(
                    {*from, {json::parse(hours.text(2)), json::parse(hours.text(3))}});
        hours_ = std::move(cache);
    }
    return *hours_;
}

milliseconds Scheduler::reach()
{
    if (!reach_) {
        // The longest session any service books, and the buffer after it.
        auto q = db_.query("SELECT coalesce(max(duration_minutes), 0) FROM services");
        const auto longest = q.step() ? q.integer(0) : 0;
        reach_ = milliseconds{minutes{longest + settings_.buffer_minutes}};
    }
    return *reach_;
}

Result<intake::BookingStatus> Scheduler::client_status(const std::string& client_id, Date on)
{
    const auto in_run = [&](const intake::BookingStatusRun& r) {
        return sys_days{r.from} <= sys_days{on} && sys_days{on} <= sys_days{r.to};
    };
    auto& runs = statuses_[client_id];
    auto it = std::find_if(runs.begin(), runs.end(), in_run);
    if (it == runs.end()) {
        if (!intake_)
            return internal_error("the intake module is not loaded: scheduling needs it to check screenings");
        // One question for every date up to the course's end (intake answers in runs).
        const Date to = range_end(horizon_, on);
        auto more = intake_->booking_status_over(db_, client_id, on, to);
        if (!more)
            return more.error();
        runs.insert(runs.end(), std::make_move_iterator(more->begin()), std::make_move_iterator(more->end()));
        it = std::find_if(runs.begin(), runs.end(), in_run);
        if (it == runs.end())
            return internal_error("intake's booking status did not cover " + format_date(on));
    }
    auto status = it->status;
    status.on = format_date(on); // a run's status is the same on each of its days but the date
    return status;
}

Result<void> Scheduler::check_client(const std::string& client_id, const Service& service, Date on,
                                     std::vector<std::string>& restrictions)
{
    const auto client = find_client(db_, client_id);
    if (!client)
        return invalid("client_id: there is no client " + client_id + " (`fascia clients find NAME`)", "client_id");
    // A merged record's screening and bookings moved to the kept client: "no
    // screening" would send the desk to screen someone already screened.
    if (client->merged_into)
        return refused(merged_message(db_, *client), "merged");
    auto status = client_status(client_id, on);
    if (!status)
        return status.error();
    if (!status->bookable) {
        const auto& why = status->reasons.empty() ? intake::Reason{"no_screening", "no current screening"}
                                                  : status->reasons.front();
        return refused("the client cannot be booked on " + format_date(on) + ": " + why.message, why.code);
    }
    restrictions = status->restrictions;
    if (forbids(restrictions, service.modality))
        return refused("the client's screening rules out " + service.modality + " (" + service.name
                           + "): choose another service",
                       "restriction_forbids_modality");
    return {};
}

bool Scheduler::eligible(const StaffMember& therapist, const std::string& modality, Date on, std::string* why)
{
    const auto find_in = [&](const std::vector<EligibleRun>& runs) {
        return std::find_if(runs.begin(), runs.end(), [&](const EligibleRun& r) {
            return sys_days{r.from} <= sys_days{on} && sys_days{on} <= sys_days{r.to};
        });
    };
    const auto why_not = [](const vetting::Eligibility& e) {
        std::string reason;
        for (const auto& r : e.reasons)
            reason += (reason.empty() ? "" : "; ") + r.message;
        return e.eligible ? std::string() : reason.empty() ? std::string("not eligible") : reason;
    };
    const auto keep = [&](const std::vector<vetting::EligibilityRun>& runs) {
        for (const auto& r : runs)
            eligibility_[{r.eligibility.therapist_id, modality}].push_back({r.from, r.to, why_not(r.eligibility)});
    };
    // One question for every date up to the course's end (vetting answers in runs).
    const Date to = range_end(horizon_, on);
    const std::pair key{therapist.id, modality};
    auto& mine = eligibility_[key];
    auto it = find_in(mine);
    if (it == mine.end()) {
        if (!vetting_) {
            mine.push_back({on, on, "the vetting module is not loaded"});
        } else if (auto runs = vetting_->eligible_over(db_, therapist.username, modality, on, to); !runs) {
            mine.push_back({on, on, runs.error().message});
        } else {
            keep(*runs);
        }
        it = find_in(mine);
    }
    if (it == mine.end()) { // vetting answered about someone else: not eligible, and say so
        mine.push_back({on, on, "vetting gave no answer for " + therapist.username});
        it = std::prev(mine.end());
    }
    if (why)
        *why = it->why;
    return it->why.empty();
}

Result<void> Scheduler::check_therapist(const StaffMember& therapist, const Service& service, Date on,
                                        const std::vector<std::string>& restrictions)
{
    std::string why;
    if (!eligible(therapist, service.modality, on, &why))
        return refused(therapist.username + " may not practise " + service.modality + " on " + format_date(on) + ": "
                           + why,
                       "therapist_not_eligible");
    if (std::find(restrictions.begin(), restrictions.end(), "prenatal_therapist_required") != restrictions.end()
        && !eligible(therapist, "prenatal", on))
        return refused("the client needs a prenatal-qualified therapist, and " + therapist.username + " is not one on "
                           + format_date(on),
                       "prenatal_therapist_required");
    return {};
}

std::vector<const Room*> Scheduler::rooms_with(const std::string& feature)
{
    if (!rooms_loaded_) {
        rooms_ = list_rooms(db_);
        rooms_loaded_ = true;
    }
    std::vector<const Room*> out;
    for (const auto& r : rooms_)
        if (r.active && r.has(feature))
            out.push_back(&r);
    // Plain rooms first: keep the needling room free for the needling.
    std::stable_sort(out.begin(), out.end(),
                     [](const Room* a, const Room* b) { return a->features.size() < b->features.size(); });
    return out;
}

Intervals Scheduler::free_time(const Snapshot& s, const std::string& therapist_id) const
{
    const auto buffer = minutes{settings_.buffer_minutes};
    const auto pick = [&](const std::map<std::string, Intervals>& m) {
        const auto it = m.find(therapist_id);
        return it == m.end() ? Intervals{} : it->second;
    };
    return ((pick(s.working) & s.opening) - s.closed - pick(s.leave)
            - pick(s.therapist_busy).widened(buffer, buffer))
           - s.client_busy;
}

Intervals Scheduler::bookable_time(Interval window, const StaffMember& therapist)
{
    hours_.reset(); // asked before and after a change to the hours: read them afresh
    const auto s = load(window, {therapist}, std::nullopt, std::nullopt);
    return ((s.working.at(therapist.id) & s.opening) - s.closed - s.leave.at(therapist.id)) & Intervals{window};
}

std::optional<Slot> Scheduler::first_free_in(const Service& service, const StaffMember& therapist, Interval within,
                                             const Intervals& gained, const std::string& client_id)
{
    const auto rooms = rooms_with(feature_for(db_, service));
    if (rooms.empty() || within.empty())
        return std::nullopt;
    auto s = load(within, {therapist}, client_id, std::nullopt);
    // Cut to the window, so a slot also ends inside it.
    s.working[therapist.id] = s.working[therapist.id] & Intervals{within};
    const auto length = minutes{service.duration_minutes};
    for (const auto& g : gained.items()) {
        // [t, t + length) shares time with g when t is after g.start − length and before g.end.
        const Instant from = std::max(within.start, g.start - length + milliseconds{1});
        if (auto slot = first_slot(s, therapist, service, rooms, from, std::min(within.end, g.end), {}))
            return slot;
    }
    return std::nullopt;
}

const Room* Scheduler::free_room(const Snapshot& s, const std::vector<const Room*>& rooms, const Interval& span) const
{
    for (const auto* r : rooms) {
        const auto it = s.room_busy.find(r->id);
        if (it == s.room_busy.end() || !it->second.intersects(span))
            return r;
    }
    return nullptr;
}

Result<Slot> Scheduler::check(const BookingRequest& r)
{
    const Interval span{r.start, r.start + minutes{r.service.duration_minutes}};
    if (r.start < now_)
        return refused("the time " + format_local(zone_, r.start) + " is in the past", "in_the_past");
    const Date on = local_day(zone_, r.start);
    std::vector<std::string> restrictions;
    if (auto c = check_client(r.client_id, r.service, on, restrictions); !c)
        return c.error();
    if (auto t = check_therapist(r.therapist, r.service, on, restrictions); !t)
        return t.error();
    const auto feature = feature_for(db_, r.service);
    auto rooms = rooms_with(feature);
    if (r.room_id) {
        std::erase_if(rooms, [&](const Room* room) { return room->id != *r.room_id; });
        if (rooms.empty())
            return refused("that room has no " + (feature.empty() ? std::string("active status") : feature)
                               + ", which " + r.service.name + " needs",
                           "no_room_with_feature");
    }
    if (rooms.empty())
        return *no_room_for(r.service);
    const auto s = load({span.start - day_ms, span.end + day_ms}, {r.therapist}, r.client_id, r.exclude);
    const auto when = format_local(zone_, r.start);
    if (s.closed.intersects(span))
        return refused("the clinic is closed on " + format_date(on), "clinic_closed");
    if (!s.opening.covers(span))
        return refused(when + " is outside the clinic's opening hours", "outside_opening_hours");
    if (!s.working.at(r.therapist.id).covers(span))
        return refused(when + " is outside " + r.therapist.username + "'s working hours", "outside_working_hours");
    if (s.leave.at(r.therapist.id).intersects(span))
        return refused(r.therapist.username + " is on leave at " + when, "therapist_on_leave");
    const auto buffer = minutes{settings_.buffer_minutes};
    if (s.therapist_busy.at(r.therapist.id).widened(buffer, buffer).intersects(span))
        return refused(r.therapist.username + " already has a booking at " + when + " (or within the "
                           + std::to_string(settings_.buffer_minutes) + "-minute buffer)",
                       "therapist_busy");
    if (s.client_busy.intersects(span))
        return refused("the client already has a booking at " + when, "client_busy");
    const auto* room = free_room(s, rooms, span);
    if (!room)
        return refused("no room " + (feature.empty() ? std::string() : "with " + feature + " ") + "is free at " + when,
                       "room_busy");
    return Slot{span.start, span.end, r.therapist.id, r.therapist.username, room->id, room->name};
}

std::optional<Slot> Scheduler::first_slot(const Snapshot& s, const StaffMember& therapist, const Service& service,
                                          const std::vector<const Room*>& rooms, Instant from, Instant until,
                                          const Preference& prefer, const std::vector<Interval>& apart)
{
    const auto length = minutes{service.duration_minutes};
    const auto gap = hours{settings_.min_hours_apart};
    Date on{};
    Instant midnight = Instant::max(), next_midnight = Instant::min();
    bool day_allowed = false;
    int day_eligible = -1; // -1 not asked yet today, else 0 or 1
    const auto open = free_time(s, therapist.id);
    for (const auto& free : open.items()) {
        if (free.end <= from)
            continue;
        if (free.start >= until)
            break;
        Instant t = std::max(free.start, from);
        t = Instant{((t.time_since_epoch() + grid - milliseconds{1}) / grid) * grid};
        for (; t + length <= free.end && t < until; t += grid) {
            // The local day (and its midnight) changes only at midnight: convert once per day.
            if (t >= next_midnight || t < midnight) {
                on = local_day(zone_, t);
                midnight = local_instant(zone_, on, minutes{0});
                next_midnight = local_instant(zone_, Date{sys_days{on} + days{1}}, minutes{0});
                day_allowed = prefer.days.empty()
                              || std::find(prefer.days.begin(), prefer.days.end(), weekday_index(on)) != prefer.days.end();
                day_eligible = -1;
            }
            if (!day_allowed)
                continue;
            if (prefer.minutes) {
                const auto starts = duration_cast<minutes>(t - midnight).count();
                if (starts < prefer.minutes->first || starts + length.count() > prefer.minutes->second)
                    continue;
            }
            if (std::any_of(apart.begin(), apart.end(), [&](const Interval& other) {
                    return t < other.start + gap && other.start < t + gap;
                }))
                continue;
            // The room first: it is a sweep, eligibility a question to the vetting service.
            const auto* room = free_room(s, rooms, {t, t + length});
            if (!room)
                continue;
            if (day_eligible < 0)
                day_eligible = eligible(therapist, service.modality, on) ? 1 : 0;
            if (day_eligible == 1)
                return Slot{t, t + length, therapist.id, therapist.username, room->id, room->name};
        }
    }
    return std::nullopt;
}

std::optional<Slot> Scheduler::first_slot_by_day(DayWindows& days, const StaffMember& therapist, const Service& service,
                                                 const std::vector<const Room*>& rooms, Instant from, Instant until,
                                                 const Preference& prefer, const std::vector<Interval>& apart)
{
    from = std::max(from, days.origin);
    const auto at = [&](std::int64_t k) { return days.origin + day_ms * k; };
    for (auto k = (from - days.origin) / day_ms; at(k) < until;) {
        // The loaded days that hold day k, else a new run of them from k: up to
        // `chunk` days, not past the search's end nor into days already loaded.
        // One scan for several days reads the day before them once, not per day.
        constexpr std::int64_t chunk = 3;
        auto it = days.loaded.upper_bound(k);
        const std::int64_t next_loaded = it == days.loaded.end() ? k + chunk : it->first;
        if (it != days.loaded.begin() && std::prev(it)->second.first > k) {
            it = std::prev(it);
        } else {
            std::int64_t end = std::min(k + chunk, next_loaded);
            while (end > k + 1 && at(end - 1) >= until)
                --end;
            it = days.loaded
                     .emplace(k, std::pair{end, load({at(k), at(end)}, days.therapists, days.client_id, std::nullopt)})
                     .first;
        }
        const Interval window{at(it->first), at(it->second.first)};
        if (auto slot = first_slot(it->second.second, therapist, service, rooms, std::max(from, window.start),
                                   std::min(until, window.end), prefer, apart))
            return slot;
        k = it->second.first;
    }
    return std::nullopt;
}

std::optional<Error> Scheduler::no_room_for(const Service& service)
{
    const auto feature = feature_for(db_, service);
    if (!rooms_with(feature).empty())
        return std::nullopt;
    return refused("no room has the feature '" + feature + "' that " + service.name
                       + " needs: add it to a room (`fascia schedule rooms update`)",
                   "no_room_with_feature");
}

std::vector<Scheduler::Uncovered> Scheduler::uncovered(Interval window, const std::optional<std::string>& therapist_id)
{
    std::vector<Uncovered> out;
    std::vector<std::pair<std::string, Interval>> spans; // by appointment: therapist id, its time
    auto q = db_.query("SELECT a.id, a.starts_ms, a.ends_ms, a.client_id, a.therapist_id, s.username"
                       " FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                       " WHERE a.status = 'booked' AND a.starts_ms >= ? AND a.starts_ms < ?"
                       " AND (?3 IS NULL OR a.therapist_id = ?3) ORDER BY a.starts_ms, s.username",
                       ms(std::max(window.start, now_)), ms(window.end), therapist_id);
    while (q.step()) {
        out.push_back({q.text(0), instant_ms(q.integer(1)), q.text(3), {}, q.text(5), {}});
        spans.push_back({q.text(4), {instant_ms(q.integer(1)), instant_ms(q.integer(2))}});
    }
    if (out.empty())
        return out;
    std::vector<StaffMember> therapists;
    Interval all = spans.front().second;
    for (const auto& [id, span] : spans) {
        if (std::none_of(therapists.begin(), therapists.end(), [&](const StaffMember& t) { return t.id == id; }))
        {
            StaffMember t; // load() needs only the id
            t.id = id;
            therapists.push_back(std::move(t));
        }
        all = {std::min(all.start, span.start), std::max(all.end, span.end)};
    }
    const auto s = load(all, therapists, std::nullopt, std::nullopt);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto& [id, span] = spans[i];
        if (s.closed.intersects(span))
            out[i].why = "a closure";
        else if (s.leave.at(id).intersects(span))
            out[i].why = "leave";
        else if (!s.opening.covers(span) || !s.working.at(id).covers(span))
            out[i].why = "outside hours";
    }
    std::erase_if(out, [](const Uncovered& u) { return u.why.empty(); });
    for (auto& u : out)
        if (const auto c = find_client(db_, u.client_id))
            u.client = c->display_name();
    return out;
}

std::vector<Slot> Scheduler::find(const Service& service, Instant from, const std::optional<StaffMember>& therapist,
                                  int count, const std::optional<std::string>& client_id)
{
    const ReadTogether together(db_, "scheduling_read");
    std::vector<Slot> found;
    auto therapists = therapist ? std::vector<StaffMember>{*therapist} : active_therapists(db_);
    // The answer's order within one start time.
    std::sort(therapists.begin(), therapists.end(),
              [](const StaffMember& a, const StaffMember& b) { return a.username < b.username; });
    // Vetting is asked about one therapist at a time (eligible()), only when a slot
    // of theirs would be next in the answer: five slots seldom need more than five
    // of twenty (asking about everyone at once was half of find's time, by perf: §9).
    const auto rooms = rooms_with(feature_for(db_, service));
    if (rooms.empty() || count <= 0)
        return found;
    from = std::max(from, now_);
    const auto length = minutes{service.duration_minutes};
    // A day at a time, up to a quarter ahead: one load per day, then one sweep of
    // its quarter-hours in order, every therapist at each, stopping at the count-th
    // slot. The next slots are usually within the first day, so one day is usually
    // all that is read. The same slots as each therapist's first_slot() in turn,
    // merged by start and then username.
    for (int day = 0; day < 91; ++day) {
        const Interval window{from + days{day}, from + days{day + 1}};
        const auto s = load(window, therapists, client_id, std::nullopt);
        std::vector<std::optional<Intervals>> free(therapists.size()); // computed when first needed
        Date on{};
        Instant next_midnight = Instant::min();
        std::vector<int> day_eligible; // by therapist: -1 not asked yet on `on`, else 0 or 1
        const Instant first{((window.start.time_since_epoch() + grid - milliseconds{1}) / grid) * grid};
        for (Instant t = first; t < window.end; t += grid) {
            const Interval span{t, t + length};
            const auto* room = free_room(s, rooms, span);
            if (!room)
                continue;
            if (t >= next_midnight) {
                on = local_day(zone_, t);
                next_midnight = local_instant(zone_, add_days(on, 1), minutes{0});
                day_eligible.assign(therapists.size(), -1);
            }
            for (std::size_t i = 0; i < therapists.size(); ++i) {
                if (!free[i])
                    free[i] = free_time(s, therapists[i].id);
                if (!free[i]->covers(span))
                    continue;
                if (day_eligible[i] < 0)
                    day_eligible[i] = eligible(therapists[i], service.modality, on) ? 1 : 0;
                if (day_eligible[i] == 0)
                    continue;
                found.push_back(Slot{t, t + length, therapists[i].id, therapists[i].username, room->id, room->name});
                if (static_cast<int>(found.size()) == count)
                    return found;
            }
        }
    }
    return found;
}

Result<CoursePlan> Scheduler::shape(const PlanRequest& r)
{
    std::vector<std::string> restrictions;
    if (auto c = check_client(r.client_id, r.service, r.from, restrictions); !c)
        return c.error();
    auto status = client_status(r.client_id, r.from);
    if (!status)
        return status.error();
    CoursePlan plan;
    plan.condition_type = status->condition_type.value_or("");
    const auto range = status->sessions_per_week.value_or(std::pair{1, 2});
    plan.sessions_per_week = r.sessions_per_week.value_or(range.first);
    if (plan.sessions_per_week < range.first || plan.sessions_per_week > range.second)
        return invalid("sessions_per_week: " + with_article(plan.condition_type) + " course is " + std::to_string(range.first)
                           + " to " + std::to_string(range.second) + " sessions a week (from the screening)",
                       "sessions_per_week");
    plan.weeks = r.weeks.value_or(settings_.course_weeks);
    if (plan.weeks < 1 || plan.weeks > 52)
        return invalid("weeks: a course is 1 to 52 weeks", "weeks");
    return plan;
}

Result<CoursePlan> Scheduler::plan(const PlanRequest& r)
{
    const ReadTogether together(db_, "scheduling_read");
    // The course's last day: vetting and intake answer every session date in one question each.
    horizon_ = add_days(r.from, 7 * std::clamp(r.weeks.value_or(settings_.course_weeks), 1, 52));
    auto shaped = shape(r);
    if (!shaped)
        return shaped.error();
    CoursePlan plan = *shaped;
    std::vector<std::string> restrictions;
    if (auto c = check_client(r.client_id, r.service, r.from, restrictions); !c)
        return c.error();

    // The therapists who may treat the client on the first day, asked about one
    // at a time as they are tried: a course usually stays with the first who
    // fits, so the others are seldom asked at all.
    std::vector<StaffMember> candidates, therapists;
    if (r.therapist) {
        if (auto t = check_therapist(*r.therapist, r.service, r.from, restrictions); !t)
            return t.error();
        therapists.push_back(*r.therapist);
    } else {
        candidates = active_therapists(db_);
    }
    std::size_t asked = 0;
    const auto ask_next = [&] {
        while (asked < candidates.size())
            if (const auto& t = candidates[asked++]; check_therapist(t, r.service, r.from, restrictions)) {
                therapists.push_back(t);
                return true;
            }
        return false;
    };
    if (therapists.empty() && !ask_next())
        return refused("no therapist may practise " + r.service.modality + " for this client on " + format_date(r.from),
                       "therapist_not_eligible");
    const auto rooms = rooms_with(feature_for(db_, r.service));
    if (rooms.empty())
        return refused("no room has the feature that " + r.service.name + " needs", "no_room_with_feature");
    const Instant start = std::max(local_instant(zone_, r.from, minutes{0}), now_);
    // A day of bookings at a time, read when a session's search first reaches it.
    DayWindows windows{start, r.therapist ? therapists : candidates, r.client_id, {}};

    // Places the whole series with the given therapists (earliest slot among them each time).
    std::optional<Error> failure;
    const auto place = [&](const std::vector<StaffMember>& who) -> std::optional<std::vector<Slot>> {
        std::vector<Slot> sessions;
        for (int week = 0; week < plan.weeks; ++week) {
            const Instant week_start = local_instant(zone_, add_days(r.from, 7 * week), minutes{0});
            const Instant week_end = local_instant(zone_, add_days(r.from, 7 * (week + 1)), minutes{0});
            for (int j = 0; j < plan.sessions_per_week; ++j) {
                Instant earliest = std::max(week_start, now_);
                if (!sessions.empty())
                    earliest = std::max(earliest, sessions.back().start + hours{settings_.min_hours_apart});
                std::optional<Slot> best;
                for (const auto& t : who) {
                    auto slot = first_slot_by_day(windows, t, r.service, rooms, earliest, week_end, r.prefer);
                    if (slot && (!best || slot->start < best->start))
                        best = slot;
                }
                if (!best) {
                    failure = refused("no free time for session " + std::to_string(sessions.size() + 1) + " in week "
                                          + std::to_string(week + 1) + " (from " + format_date(add_days(r.from, 7 * week))
                                          + "): try other days or times, another therapist or a later start",
                                      "no_free_slot");
                    return std::nullopt;
                }
                std::vector<std::string> on_day;
                if (auto c = check_client(r.client_id, r.service, local_day(zone_, best->start), on_day); !c) {
                    failure = c.error();
                    return std::nullopt;
                }
                sessions.push_back(*best);
            }
        }
        return sessions;
    };
    // One therapist throughout if anyone can; otherwise whoever is free each time.
    for (std::size_t i = 0; i < therapists.size() || ask_next(); ++i)
        if (auto one = place({therapists[i]})) {
            plan.sessions = std::move(*one);
            return plan;
        }
    if (auto mixed = place(therapists)) {
        plan.sessions = std::move(*mixed);
        return plan;
    }
    return *failure;
}

std::vector<Scheduler::Clash> Scheduler::clashes(const PlanRequest& r, const std::vector<Slot>& sessions)
{
    std::vector<Clash> out;
    std::vector<Interval> kept;
    for (const auto& slot : sessions) // every session's date in one question to vetting and intake
        if (const auto day = local_day(zone_, slot.end); !horizon_ || sys_days{day} > sys_days{*horizon_})
            horizon_ = day;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const auto& slot = sessions[i];
        auto therapist = find_staff(db_, slot.therapist_id);
        if (!therapist) {
            out.push_back({i, invalid("sessions: unknown therapist", "sessions"), std::nullopt});
            continue;
        }
        auto ok = check({r.client_id, r.service, *therapist, slot.start, slot.room_id, std::nullopt});
        if (ok)
            kept.push_back({slot.start, slot.end});
        else
            out.push_back({i, ok.error(), std::nullopt});
    }
    if (out.empty())
        return out;
    // Replacements: the same week (from the course's start), the same therapist
    // first, keeping the minimum gap to every other session.
    const auto therapists = active_therapists(db_);
    const auto rooms = rooms_with(feature_for(db_, r.service));
    for (auto& clash : out) {
        const auto& slot = sessions[clash.index];
        const auto offset = (sys_days{local_day(zone_, slot.start)} - sys_days{r.from}).count();
        const int week = static_cast<int>(std::max<std::int64_t>(0, offset) / 7);
        const Instant from = std::max(local_instant(zone_, add_days(r.from, 7 * week), minutes{0}), now_);
        const Instant until = local_instant(zone_, add_days(r.from, 7 * (week + 1)), minutes{0});
        const auto s = load({from, until}, therapists, r.client_id, std::nullopt);
        std::vector<StaffMember> order;
        for (const auto& t : therapists)
            if (t.id == slot.therapist_id)
                order.insert(order.begin(), t);
            else if (!r.therapist)
                order.push_back(t);
        for (const auto& t : order) {
            std::vector<std::string> restrictions;
            if (!check_client(r.client_id, r.service, local_day(zone_, from), restrictions)
                || !check_therapist(t, r.service, local_day(zone_, from), restrictions))
                continue;
            if (auto alt = first_slot(s, t, r.service, rooms, from, until, r.prefer, kept)) {
                clash.replacement = alt;
                kept.push_back({alt->start, alt->end});
                break;
            }
        }
    }
    return out;
}

} // namespace fascia::scheduling
