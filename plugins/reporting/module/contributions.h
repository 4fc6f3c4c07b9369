#pragma once
// Everything the reporting module adds to a process, in one place, and the
// pieces its reports share: clinic days as UTC instants, the period rows, the
// interval statistics and each report's builder.
#include <fascia/reporting/reporting_service.h>

#include <fascia/clinic.h>
#include <fascia/clinic_zone.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>

#include <boost/icl/interval_set.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace date {
class time_zone;
}

namespace fascia::vouchers {
class VoucherService;
}
namespace fascia::vetting {
class VettingService;
}

namespace reporting_plugin {
/// schema/reporting/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace reporting_plugin

namespace fascia::reporting {

/// A machine code of another module as a report's reader reads it: "late_cancel" is a
/// "late cancellation fee", "clearance_required" "medical clearance needed", "cpd_short"
/// "CPD hours short"; any other code with its underscores as spaces ("insurance_expired":
/// "insurance expired"). Reports are for people; the codes stay in the commands' JSON.
inline std::string in_words(std::string_view code)
{
    static constexpr std::pair<std::string_view, std::string_view> words[]{
        {"late_cancel", "late cancellation fee"}, {"no_show", "no-show fee"},
        {"clearance_required", "medical clearance needed"}, {"proceed", "cleared to treat"},
        {"cpd_short", "CPD hours short"}};
    for (const auto& [c, w] : words)
        if (c == code)
            return std::string(w);
    std::string out(code);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

using Date = std::chrono::year_month_day;

// ---- clinic days ----
/// clinic_zone(db): the clinic's zone, fascia/clinic_zone.h.
using fascia::clinic_zone;
/// Milliseconds since the epoch of the first instant of a clinic day (local
/// midnight; where midnight is skipped by a clock change, the first instant after).
std::int64_t day_start_ms(const date::time_zone* zone, Date day);
/// The instant a local wall-clock minute of a day happens, as milliseconds
/// (earliest of an ambiguous time; the first valid one after a gap).
std::int64_t local_ms(const date::time_zone* zone, Date day, int minute_of_day);
/// "2026-11-22T00:00:00.000Z": how the text instant columns store a millisecond count.
std::string instant_text(std::int64_t ms);

/// One row of a report's period table: whole clinic days [first, last].
struct Period {
    std::string label; ///< "2026-03-30" (day, week's Monday or clipped first day) or "2026-03" (month)
    Date first, last;
    std::int64_t start_ms = 0, end_ms = 0; ///< [start of first, start of the day after last)
};
/// The day, week (Monday first) or month rows covering [from, to], clipped to it.
/// invalid_input naming "by" for anything else.
std::vector<Period> periods(const date::time_zone* zone, Date from, Date to, std::string_view by);

// ---- one pass at the finest grain (grain.cpp) ----
/// The period rows as the JSON array a report's SQL walks with json_each:
/// [[start, end], ...], element i for row i, as UTC milliseconds (for the
/// appointments' starts_ms) or, with `as_text`, as the text instants the payments'
/// recorded_at holds (instant_text). One statement then reads every row's range.
std::string period_bounds(const std::vector<Period>& rows, bool as_text);

/// The names of a few rows by id (therapists, services), ranked in the order SQL
/// sorts the name, so a report grouped by id in SQL and rolled up here lists its
/// groups as "GROUP BY name ORDER BY name" did (a username case-insensitively,
/// its column's collation).
class Names {
public:
    /// `sql` selects (id, name) ordered by name.
    Names(Database& db, std::string_view sql);
    /// The id's place in name order; none for an id no row has (the reports
    /// joined such rows away, and leave them out).
    std::optional<std::size_t> rank(const std::string& id) const;
    const std::string& name(std::size_t rank) const { return names_.at(rank); }

private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::size_t> ranks_;
};

/// What every report builder gets: the request, resolved.
struct Scope {
    Database& db;
    const Request& request;
    const date::time_zone* zone = nullptr;
    std::int64_t from_ms = 0, to_ms = 0; ///< [start of from, start of the day after to)
    std::optional<std::string> therapist_id; ///< the --therapist user's staff id
    std::string currency;
    std::vector<Period> rows; ///< by day, week or month
};

// ---- statistics (docs/REPORTS.md) ----
struct Interval {
    double low = 0, high = 0;
};
/// The Wilson score interval for `successes` of `n` at 95 % (z = 1.959964;
/// Wilson, JASA 1927): 7 of 10 → 0.397 to 0.892. n > 0.
Interval wilson_95(int successes, int n);
/// The 95 % interval of a mean by Student's t with n − 1 degrees of freedom
/// (Boost.Math's quantile); n >= 2.
Interval mean_95(const std::vector<double>& values);
/// The arithmetic mean; 0 for none.
double mean(const std::vector<double>& values);

// ---- the SQL each report runs, also timed in the sqlite3 shell by bench/bench_reporting.cpp ----
namespace sql {
/// Payments received by period row (json_each key), therapist id, service id, method
/// and direction: count, sum of amount_minor. ?1 period_bounds(rows, true),
/// ?2 currency, ?3 therapist id or NULL.
extern const std::string_view revenue_payments;
/// Fees of the appointments starting in [?1, ?2) ms by kind: appointments, charged,
/// still owed. ?3 currency, ?4 therapist id or NULL.
extern const std::string_view revenue_fees;
/// Appointments by period row, therapist id, service id, status and late_cancel:
/// count. ?1 period_bounds(rows, false), ?2 therapist id or NULL.
extern const std::string_view attendance;
/// Booked time (completed, arrived, no-show) by period row, therapist id and room
/// id: milliseconds. ?1 period_bounds(rows, false), ?2 therapist id or NULL.
extern const std::string_view utilisation_booked;
/// Courses started, ended, and reassessments due and done, each over [?1, ?2) ms,
/// ?3 therapist id or NULL.
extern const std::string_view courses_started, courses_ended, courses_reassessments;
/// The completed sessions of [?1, ?2) ms: client id, start. ?3 therapist id or NULL.
extern const std::string_view courses_completed;
/// 1 when client ?1 has a live booking starting after ?2 ms, else 0.
extern const std::string_view courses_rebooked;
} // namespace sql

// ---- the reports ----
Report revenue(const Scope& scope);
Report attendance(const Scope& scope);
Report utilisation(const Scope& scope);
/// The utilisation report's "by_hour_of_week" table (week_hours.cpp): a row per
/// weekday (Mon…Sun, "day"), a rate column per clock hour of the clinic's opening
/// hours ("h09" labelled "09:00"; every hour someone works when none are set), each
/// cell booked ÷ available time in that hour of that weekday over the period, null
/// when no therapist was available then (docs/REPORTS.md, "Busiest hours of the week").
Table busiest_hours(const Scope& scope);
/// Time as UTC milliseconds: a normalised set of disjoint right-open spans.
using Spans = boost::icl::interval_set<std::int64_t>;
/// "09:30" → 570 (minutes after midnight); -1 when not written HH:MM.
int minute_of(std::string_view text);
/// Each reported therapist's available time in the period (week_hours.cpp), by
/// therapist id: the weekly pattern in effect on each day less its breaks, the
/// clinic's closed days and their leave; a therapist with no working hours is absent.
std::map<std::string, Spans> available_time(const Scope& scope);
/// From the vouchers module's own reports (activity, liability, breakage).
Report vouchers(const Scope& scope, const vouchers::VoucherService& service);
/// Credentials, registrations and insurance running out, CPD short, screenings by
/// disposition and referrals (vetting's service, intake's screenings).
Report compliance(const Scope& scope, const vetting::VettingService& service);
Report courses(const Scope& scope);
Report outcomes(const Scope& scope);

/// The other modules' services the reports ask (null when a module is missing:
/// only the report that needs it fails, with an internal error).
struct Services {
    const vouchers::VoucherService* vouchers = nullptr;
    const vetting::VettingService* vetting = nullptr;
};
/// Runs a report by name: the service's run, and the CLI's.
Result<Report> run_report(Database& db, const Services& services, const Request& request);

/// Who may read reports: the owner, and the roles the owner granted (reporting.grant).
bool may_read(Database& db, Role role);

/// Adds the migrations, the grant command, the CLI subcommand and the service.
void contribute(PluginContext& context);
/// `fascia report ...`.
int run_cli(CliInvocation& run);

} // namespace fascia::reporting
