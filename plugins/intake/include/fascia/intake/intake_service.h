#pragma once
/// fascia.intake/1: what the intake screening module offers other modules
/// (scheduling, the desk). Look it up with
///   context.service(fascia::intake::service_id)  →  static_cast<IntakeService*>
/// and declare "intake" as a dependency in plugin.json. Nothing here throws:
/// every call returns a Result. The interface only grows at the end.
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/error.h>

#include <boost/config.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fascia::intake {

/// The versioned id the service is registered under.
inline constexpr std::string_view service_id = "fascia.intake/1";

/// One finding of a screening.
struct Flag {
    std::string code;     ///< "cauda_equina", "foot_drop", "pregnancy"
    std::string severity; ///< "urgent", "clearance" or "precaution"
    std::string message;  ///< what it means, for staff
};

/// What a form's answers mean for treatment (the contract of `fascia intake evaluate`).
struct Evaluation {
    std::string form;                      ///< "sciatica-intake/1": the rules it was evaluated with
    std::string disposition;               ///< "urgent_referral", "clearance_required" or "proceed"
    std::string condition_type;            ///< "acute" or "chronic"
    std::vector<Flag> flags;               ///< in the rules file's order
    std::vector<std::string> restrictions; ///< sorted, each once ("no_dry_needling")
    std::vector<std::string> advisories;   ///< in the rules file's order ("see_gp_acute")
    std::optional<std::pair<int, int>> sessions_per_week; ///< the course; none for an urgent referral
};

/// Why a client can or cannot be booked.
struct Reason {
    std::string code;    ///< "no_screening", "screening_expired", "urgent_referral", "clearance_required"
    std::string message; ///< what to do about it, for staff
};

/// What booking needs to know about a client on a date.
struct BookingStatus {
    std::string client_id;
    std::string on;                          ///< the date asked about, YYYY-MM-DD
    std::string state;                       ///< "current", "expired" or "none" (never screened)
    std::optional<std::string> screening_id; ///< the latest screening, current or not
    std::optional<std::string> form;         ///< the form version it was taken with
    std::optional<std::string> assessed_on;  ///< its date
    std::optional<std::string> valid_until;  ///< the last day it is current
    std::optional<std::string> disposition;  ///< only while current
    std::optional<std::string> condition_type;             ///< only while current
    std::vector<std::string> restrictions;                 ///< only while current
    std::optional<std::pair<int, int>> sessions_per_week;  ///< only while current
    bool cleared = false;                    ///< a medical clearance is recorded for the screening
    bool bookable = false;                   ///< hands-on sessions may be booked on `on`
    std::vector<Reason> reasons;             ///< why not bookable (empty when bookable)
};

/// A run of consecutive days on which a client's booking status is the same.
struct BookingStatusRun {
    std::chrono::year_month_day from; ///< first day of the run
    std::chrono::year_month_day to;   ///< last day of the run (inclusive)
    BookingStatus status;             ///< booking_status() on every day of it (its `on` is `from`)
};

/// What a pre-session check did.
struct PrecheckOutcome {
    std::string precheck_id;                 ///< the check's own record
    bool flagged = false;                    ///< some answer was yes
    std::optional<std::string> screening_id; ///< the new screening a yes recorded
};

class BOOST_SYMBOL_VISIBLE IntakeService {
public:
    virtual ~IntakeService() = default;

    /// Evaluates {"form", "assessed_on", "symptom_onset", "answers"} without storing
    /// anything. invalid_input names the offending field.
    virtual Result<Evaluation> evaluate(const boost::json::value& input) const = 0;

    /// The client's booking status on a date, from their latest screening, its
    /// clearance and the clinic's validity period (intake.screening_valid_days).
    virtual Result<BookingStatus> booking_status(Database& db, std::string_view client_id,
                                                 std::chrono::year_month_day on) const = 0;

    /// The question ids the pre-session check asks for a form, in order.
    virtual Result<std::vector<std::string>> precheck_questions(std::string_view form) const = 0;

    /// Runs the pre-session check inside a command that is already running (so
    /// scheduling can make it part of its own command): input is {"form",
    /// "checked_on", "answers"}; any yes records a new screening, which makes the
    /// client not bookable. On an error the caller must fail its command too, so
    /// the transaction rolls back.
    virtual Result<PrecheckOutcome> precheck(CommandContext& context, std::string_view client_id,
                                             const boost::json::value& input) const = 0;

    /// booking_status() on every day from `from` to `to` (inclusive), as runs of
    /// days with the same status, in date order: at most two (current until the
    /// screening's last valid day, expired after), from one reading of the
    /// client's screening. not_found as booking_status(); invalid_input (field
    /// "to") when `to` is before `from`.
    virtual Result<std::vector<BookingStatusRun>> booking_status_over(Database& db, std::string_view client_id,
                                                                      std::chrono::year_month_day from,
                                                                      std::chrono::year_month_day to) const = 0;
};

} // namespace fascia::intake
