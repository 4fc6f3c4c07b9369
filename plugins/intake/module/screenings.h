#pragma once
// Stored screenings, clearances, pre-session checks and outcome measures:
// reads here, writes only from inside a command (commands.cpp).
#include "screening_form.h"

#include <fascia/clock.h>
#include <fascia/commands.h>
#include <fascia/database.h>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace fascia::intake {

/// A screening as stored: immutable once written.
struct Screening {
    std::string id;
    std::string client_id;
    std::string form;              ///< the form version it was taken with
    std::string source;            ///< "intake" (full) or "precheck" (a yes at a pre-session check)
    std::optional<std::string> based_on; ///< for a precheck: the screening it updated
    std::string assessed_on;       ///< YYYY-MM-DD
    std::string full_screening_on; ///< date of the last full screening behind it: validity counts from here
    boost::json::object input;     ///< {"form", dates, "answers"}
    Evaluation evaluation;         ///< the result under its own form version
    std::string recorded_by;
    std::string recorded_at;
};

struct Clearance {
    std::string id;
    std::string screening_id;
    std::string clinician;
    std::string note;
    std::string recorded_by;
    std::string recorded_at;
};

struct Precheck {
    std::string id;
    std::string client_id;
    std::string screening_id;                    ///< the screening it checked against
    std::string checked_on;
    bool flagged = false;
    std::optional<std::string> new_screening_id; ///< recorded because of a yes
};

std::optional<Screening> find_screening(Database& db, std::string_view id);
/// The client's newest screening (a pre-session check's yes counts as one).
std::optional<Screening> latest_screening(Database& db, std::string_view client_id);
std::optional<Clearance> clearance_for(Database& db, std::string_view screening_id);
std::optional<Precheck> find_precheck(Database& db, std::string_view id);

/// How many days a screening stays current: clinic setting intake.screening_valid_days (default 90).
int screening_valid_days(Database& db);
/// The clinic's calendar date at an instant, in its time zone.
std::chrono::year_month_day clinic_date(Database& db, Instant at);
/// The last day a screening is current.
std::chrono::year_month_day valid_until(Database& db, const Screening& screening);

/// What booking needs to know about a client on a date.
Result<BookingStatus> booking_status(Database& db, const FormLibrary& forms, std::string_view client_id,
                                     std::chrono::year_month_day on);

/// booking_status() for each day of [from, to] as runs of equal status (at most two).
Result<std::vector<BookingStatusRun>> booking_status_over(Database& db, const FormLibrary& forms,
                                                          std::string_view client_id, std::chrono::year_month_day from,
                                                          std::chrono::year_month_day to);

/// Refuses (Failure) unless the client exists and consented to storing health data.
void require_health_consent(Database& db, std::string_view client_id);

/// Stores a checked, evaluated screening and (for a full screening) its outcome
/// measures. Inside a command only. Returns the new id.
std::string store_screening(CommandContext& ctx, std::string_view client_id, const ScreeningForm& form,
                            const ScreeningInput& input, const Evaluation& evaluation,
                            const std::optional<Screening>& based_on);

/// The pre-session check, inside a command: any yes stores a new screening.
PrecheckOutcome run_precheck(CommandContext& ctx, const FormLibrary& forms, std::string_view client_id,
                             const boost::json::value& input);

} // namespace fascia::intake
