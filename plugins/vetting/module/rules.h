#pragma once
// The vetting rules engine: pure functions of a therapist's record, the
// clinic's rules and a date. No database here, so every rule is unit-tested
// at the day before, of and after each edge. records.h loads both from storage.
#include <fascia/money.h>
#include <fascia/vetting/vetting_service.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::vetting {

using Date = std::chrono::year_month_day;

/// A privilege requirement met by any current credential whose kind is qualifying.
inline constexpr std::string_view qualifying_requirement = "qualifying";

/// A kind of credential the clinic recognises.
struct CredentialKind {
    std::string kind;        ///< "remedial_massage_therapist"
    std::string label;       ///< "Remedial Massage Therapist (DipRM)"
    bool qualifying = false; ///< qualifies the holder to treat sciatica and other nerve-related pain
};

/// The clinic's editable lists and numbers (defaults from the issue).
struct Rules {
    std::vector<CredentialKind> kinds;
    /// modality → requirements, all of which must be met: "qualifying" or a credential kind.
    /// A modality with none needs only an approved status.
    std::map<std::string, std::vector<std::string>, std::less<>> privileges;
    std::int64_t cpd_required_hundredths = 3000; ///< 30 hours
    int cpd_window_months = 12;
    int references_required = 2;
    std::vector<int> warning_days{60, 30, 7}; ///< largest first

    /// The defaults a new clinic starts with (the same as the migration's).
    static Rules defaults();
    const CredentialKind* kind(std::string_view code) const;
    /// The requirements of a modality (empty: approval only).
    const std::vector<std::string>& requirements(std::string_view modality) const;
};

struct Therapist {
    std::string id;
    std::string username;
    std::string display_name;
    bool active = true;
};

struct Credential {
    std::string id;
    std::string kind;
    std::string number;
    std::string issuer;
    Date issued;
    std::optional<Date> expires; ///< last day it is valid; none: does not expire
    std::string document;        ///< where the clinic keeps the copy
};

struct Registration {
    std::string id;
    std::string body; ///< "GCMT", "HCPC", "Massage & Myotherapy Australia"
    std::string number;
    Date from;
    Date expires; ///< last day registered
    std::string document;
};

struct Insurance {
    std::string id;
    std::string insurer;
    std::string policy;
    Money cover;
    Date from;
    Date expires; ///< last day covered
    std::string document;
};

struct CpdEntry {
    std::string id;
    std::int64_t hundredths = 0; ///< hours × 100
    Date on;
    std::string topic;
    std::string provider;
};

struct Check {
    std::string id;
    std::string item; ///< "identity", "reference" or "documents"
    Date on;
    std::string checked_by;
    std::string note;
};

/// A suspension or reinstatement; the latest in effect on a date decides.
struct StandingChange {
    std::string id;
    bool suspended = false;
    std::string reason;
    Date from;
    std::string by;
    std::int64_t order = 0; ///< insertion order, to break ties on one date
};

/// Everything vetting knows about one therapist (withdrawn entries left out).
struct Record {
    Therapist therapist;
    int open_concerns = 0;
    std::vector<Credential> credentials;
    std::vector<Registration> registrations;
    std::vector<Insurance> insurance;
    std::vector<CpdEntry> cpd;
    std::vector<Check> checks;
    std::vector<StandingChange> standing;
};

/// The therapist's status on a date, with every reason, privileges and warnings.
Status assess(const Record& record, const Rules& rules, Date on);
/// Whether the therapist may practise a modality on a date (modality assumed valid).
Eligibility eligibility(const Record& record, const Rules& rules, std::string_view modality, Date on);
/// What runs out in [from, from + within_days], soonest first.
std::vector<ExpiringItem> expiring_items(const Record& record, const Rules& rules, Date from,
                                         int within_days);

/// The first day counted by the CPD window ending on `on` (the window is
/// (on − months, on]: exactly `months` months of days, `on` included).
Date cpd_window_start(Date on, int months);
/// CPD logged in the window ending on `on`.
std::int64_t cpd_total(const Record& record, Date on, int months);

/// d + n months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
Date add_months(Date d, int months);
Date add_days(Date d, int days);
/// b − a in days.
int days_between(Date a, Date b);

/// "7.5", "30", "0.25": hundredths of an hour as a person writes hours.
std::string hours_text(std::int64_t hundredths);
/// Parses "7.5" (at most two decimals) into hundredths; nullopt unless a plain non-negative number.
std::optional<std::int64_t> parse_hours(std::string_view text);

} // namespace fascia::vetting
