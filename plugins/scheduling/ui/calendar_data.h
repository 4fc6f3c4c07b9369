#pragma once
// What the calendar draws for a run of days, read in one go from the clinic
// database with the scheduling module's own readers (Scheduler::load: working
// hours, leave, closures, opening hours) and one query for the appointments:
// who, what, where, status, the client's restrictions (intake, through its
// service), unpaid, and what sync says — a booking the server has not yet
// accepted is tentative, one it refused stays as a ghost with the reason.
#include "scheduling_module.h"

#include <fascia/desk/desk.h>

#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fascia::scheduling::ui {

/// A column of the calendar: a therapist (by staff id) or a room (by room id).
struct Lane {
    std::string id;
    std::string key;   ///< what a command names it by: the therapist's username, the room's name
    QString name;      ///< what the column heading says
};

/// One appointment (or a refused booking's ghost) as the calendar draws it.
struct Block {
    std::string id;                        ///< the appointment; "" for a ghost
    std::string client_id;
    QString client;                        ///< "Zoë Smith"
    std::string service_id;
    QString service;                       ///< "60-minute remedial massage"
    std::string therapist_id;
    std::string room_id;
    Instant start{};
    Instant end{};
    std::string status;                    ///< booked, arrived, completed, no_show ("refused" for a ghost)
    std::vector<std::string> restrictions; ///< intake's codes ("no_dry_needling"), today's screening
    bool unpaid = false;                   ///< money is due for a session that has happened or was missed
    bool paid = false;                     ///< paid in full (money taken, nothing left due)
    bool tentative = false;                ///< made on this enrolled desk, not yet accepted by the server
    std::int64_t refused_sequence = 0;     ///< a ghost: the outbox sequence (to dismiss it)
    QString refusal;                       ///< a ghost: the server's reason
    bool ghost() const { return refused_sequence != 0; }
};

/// A run of days, whole local days in the clinic's zone.
struct CalendarData {
    Date first{};                                  ///< the first local day shown
    int days = 1;
    const date::time_zone* zone = nullptr;         ///< the clinic's
    std::vector<Lane> therapists;                  ///< active therapists, by username
    std::vector<Lane> rooms;                       ///< rooms in use, by name
    std::vector<Block> blocks;                     ///< by start
    std::map<std::string, Intervals> working;      ///< by therapist id: hours minus breaks
    std::map<std::string, Intervals> leave;        ///< by therapist id
    Intervals opening;                             ///< the clinic's opening hours
    std::vector<std::pair<Interval, QString>> closures; ///< whole days shut, with the reason
    bool enrolled = false;                         ///< this desk syncs with a server
    Instant now{};
    /// The instant a local time on the i-th day shown starts.
    Instant at(int day, int minutes) const;
};

/// The local date n days after d (before, for negative n).
Date plus_days(Date d, int n);

/// Reads `days` days from `first` (local days). Throws Failure on a database error.
CalendarData load_calendar(desk::DeskContext& desk, Date first, int days);

/// The first free slots a scheduler finds for a service from an instant, as
/// "Mon 24 Nov 10:00 with priya in Room 1" lines (what a refusal offers instead).
QStringList next_free_slots(Scheduler& scheduler, const Service& service, Instant from,
                            const std::optional<StaffMember>& therapist, const std::string& client_id, int count);

/// A therapist's name as the desk shows it ("Aroha Tane"), from their username; the username if unknown.
QString therapist_name(Database& db, const std::string& username);

/// A Scheduler on the desk's database with the intake and vetting services, at the clinic's now.
struct DeskScheduler {
    explicit DeskScheduler(desk::DeskContext& desk);
    Dependencies deps;
    Scheduler scheduler;
};

/// "Mon 24 Nov 10:00": an instant in the clinic's zone, for the desk.
QString local_text(const date::time_zone* zone, Instant t, const char* format = "%a %d %b %H:%M");

} // namespace fascia::scheduling::ui
