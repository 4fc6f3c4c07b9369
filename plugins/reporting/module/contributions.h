#pragma once
// Everything the reporting module adds to a process, in one place, and the
// pieces its reports share: clinic days as UTC instants, the period rows, the
// interval statistics and each report's builder.
#include <fascia/reporting/reporting_service.h>

#include <fascia/clinic.h>
#include <fascia/clinic_zone.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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

// ---- the reports ----
Report revenue(const Scope& scope);
Report attendance(const Scope& scope);
Report utilisation(const Scope& scope);
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
