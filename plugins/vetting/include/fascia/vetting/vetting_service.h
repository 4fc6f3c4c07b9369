#pragma once
/// fascia.vetting/1: what the therapist vetting module offers other modules
/// (scheduling, reports, the desk). Look it up with
///   context.service(fascia::vetting::service_id)  →  static_cast<VettingService*>
/// and declare "vetting" as a dependency in plugin.json. Nothing here throws:
/// every call returns a Result. The interface only grows at the end.
#include <fascia/database.h>
#include <fascia/error.h>

#include <boost/config.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::vetting {

/// The versioned id the service is registered under.
inline constexpr std::string_view service_id = "fascia.vetting/1";

/// One reason behind a status, an eligibility answer or a warning.
struct Reason {
    std::string code;    ///< "insurance_expired", "references_missing", "needs_credential", ...
    std::string message; ///< what it means and what to do, for staff
    std::string subject = {}; ///< the record or requirement it concerns (an id, "prenatal_certificate"), if any
};

/// The vetting checklist as it stood on a date.
struct Checklist {
    bool identity = false;       ///< identity checked
    int references = 0;          ///< references checked
    int references_required = 2; ///< the clinic's requirement
    bool documents = false;      ///< qualification documents sighted
};

/// CPD logged in the window before a date, in hundredths of an hour (exact).
struct CpdSummary {
    std::int64_t hundredths = 0;          ///< logged in the window
    std::int64_t required_hundredths = 0; ///< the clinic's requirement
    std::string window_from;              ///< first day counted, YYYY-MM-DD
    std::string window_to;                ///< last day counted (the date asked about)
};

/// A therapist's standing on one date.
struct Status {
    std::string therapist_id;
    std::string username;
    std::string display_name;
    std::string on;                      ///< the date asked about, YYYY-MM-DD
    /// "suspended" (by the owner), else "pending" (checklist, registration or
    /// insurance never completed), else "lapsed" (expired, or CPD short), else "approved".
    std::string status;
    std::vector<Reason> reasons;         ///< never empty: why (when not approved, every problem)
    std::vector<std::string> privileges; ///< modalities they may practise that day (only when approved)
    std::vector<Reason> warnings;        ///< not blocking yet: items expiring soon, open concerns
    Checklist checklist;
    CpdSummary cpd;
};

/// Whether a therapist may practise a modality on a date.
struct Eligibility {
    std::string therapist_id;
    std::string username;
    std::string display_name;
    std::string modality;
    std::string on;              ///< YYYY-MM-DD
    std::string status;          ///< the therapist's status that day
    bool eligible = false;
    std::vector<Reason> reasons; ///< every reason they may not (empty when eligible)
};

/// Something that runs out soon: a 60/30/7-day warning event.
struct ExpiringItem {
    std::string therapist_id;
    std::string username;
    std::string display_name;
    std::string item;        ///< "credential", "registration", "insurance" or "cpd"
    std::string record_id;   ///< the credential, registration or policy (empty for cpd)
    std::string description; ///< "Professional indemnity insurance with Balens, policy BL-1"
    std::string expires_on;  ///< last day it is good for (for cpd: the last day the hours suffice)
    int days_left = 0;       ///< from the date asked about to expires_on
    std::optional<int> threshold;          ///< the warning crossed (60, 30, 7 by default); none when further off
    std::optional<std::string> crossed_on; ///< the day that warning was crossed
};

/// A run of consecutive days on which a therapist's answer is the same.
struct EligibilityRun {
    std::chrono::year_month_day from; ///< first day of the run
    std::chrono::year_month_day to;   ///< last day of the run (inclusive)
    Eligibility eligibility;          ///< eligible() on every day of it (its `on` is `from`)
};

class BOOST_SYMBOL_VISIBLE VettingService {
public:
    virtual ~VettingService() = default;

    /// A therapist's (username or staff id) status on a date, with every reason.
    /// invalid_input (field "therapist") when they are not a therapist on the staff.
    virtual Result<Status> status(Database& db, std::string_view therapist,
                                  std::chrono::year_month_day on) const = 0;

    /// Whether a therapist may practise a modality on a date, with every reason
    /// not. The scheduler asks this for each session's own date.
    virtual Result<Eligibility> eligible(Database& db, std::string_view therapist,
                                         std::string_view modality,
                                         std::chrono::year_month_day on) const = 0;

    /// Credentials, registrations, insurance and CPD that run out between `from`
    /// and `within_days` after it, for every active therapist, soonest first.
    virtual Result<std::vector<ExpiringItem>> expiring(Database& db, int within_days,
                                                       std::chrono::year_month_day from) const = 0;

    /// eligible() for every active therapist, by username.
    virtual Result<std::vector<Eligibility>> eligibility_for(Database& db, std::string_view modality,
                                                             std::chrono::year_month_day on) const = 0;

    /// The therapist's whole file, as `fascia vetting show --json` prints it: the
    /// status on `on`, credentials, registrations, insurance, CPD, checks and
    /// suspensions, with ids. Concerns only when `with_concerns` (the caller
    /// decides: owners and admins may read them).
    virtual Result<boost::json::object> file(Database& db, std::string_view therapist,
                                             std::chrono::year_month_day on, bool with_concerns) const = 0;

    /// eligible() on every day from `from` to `to` (inclusive, at most 366 days),
    /// as runs of days with the same answer, in date order: the therapist's record
    /// is read once for the whole range (the scheduler asks this for a course's
    /// dates). invalid_input as eligible(), and (field "to") when `to` is before
    /// `from` or more than 366 days after it.
    virtual Result<std::vector<EligibilityRun>> eligible_over(Database& db, std::string_view therapist,
                                                              std::string_view modality,
                                                              std::chrono::year_month_day from,
                                                              std::chrono::year_month_day to) const = 0;

    /// eligible_over() for every active therapist (as eligibility_for): each
    /// therapist's runs in date order, therapists by username.
    virtual Result<std::vector<EligibilityRun>> eligibility_for_over(Database& db, std::string_view modality,
                                                                     std::chrono::year_month_day from,
                                                                     std::chrono::year_month_day to) const = 0;
};

} // namespace fascia::vetting
