// The reporting module's contributions: its migration, the grant command, the
// `fascia report` CLI and the fascia.reporting/1 service, and the one place a
// request becomes a report (resolving the period, the therapist and the zone).
#include "contributions.h"

#include <fascia/module_support.h>
#include <fascia/read_together.h>
#include <fascia/payload.h>
#include <fascia/vetting/vetting_service.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

namespace fascia::reporting {

namespace json = boost::json;
using namespace std::chrono;

namespace {

/// The longest period a report covers: ten years of days (leap days included).
constexpr int max_report_days = 3653;

const std::vector<Role>& owner_only()
{
    static const std::vector<Role> roles{Role::owner};
    return roles;
}

/// reporting.grant {"role", "granted" (default true)}: lets a role read reports, or stops it.
Result<json::value> grant(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"role", "granted"});
    const auto role = p.text("role");
    const bool granted = p.optional_boolean("granted").value_or(true);
    if (role != "admin" && role != "front_desk" && role != "therapist")
        return invalid("role: admin, front_desk or therapist (the owner always reads reports)", "role");
    if (granted)
        ctx.db.query("INSERT OR REPLACE INTO reporting_grants(role, granted_by, granted_at) VALUES (?, ?, ?)", role,
                     ctx.actor.username, format_instant(ctx.now()))
            .run();
    else
        ctx.db.query("DELETE FROM reporting_grants WHERE role = ?", role).run();
    ctx.touch("reporting_grant", role);
    return json::value(json::object{{"role", role}, {"granted", granted}});
}

class Service final : public ReportingService {
public:
    Service(std::shared_ptr<void> vouchers, std::shared_ptr<void> vetting)
        : vouchers_(std::move(vouchers)), vetting_(std::move(vetting))
    {
    }
    Result<Report> run(Database& db, const Request& request) const override
    {
        return run_report(db,
                          {static_cast<const vouchers::VoucherService*>(vouchers_.get()),
                           static_cast<const vetting::VettingService*>(vetting_.get())},
                          request);
    }

    bool may_read(Database& db, Role role) const override
    {
        try {
            return reporting::may_read(db, role);
        } catch (const std::exception&) {
            return false; // cannot tell: refuse
        }
    }

private:
    // fascia.vouchers/1 and fascia.vetting/1, required dependencies, kept alive.
    std::shared_ptr<void> vouchers_, vetting_;
};

std::string setting(Database& db, const char* key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

} // namespace

bool may_read(Database& db, Role role)
{
    if (role == Role::owner)
        return true;
    auto q = db.query("SELECT 1 FROM reporting_grants WHERE role = ?", to_string(role));
    return q.step();
}

Result<Report> run_report(Database& db, const Services& services, const Request& request)
{
    return guarded("reporting", [&]() -> Result<Report> {
        const auto& names = report_names();
        if (std::find(names.begin(), names.end(), request.name) == names.end())
            return invalid("report: no report \"" + request.name + "\"; choose one of " + [&] {
                std::string all;
                for (const auto& n : names)
                    all += (all.empty() ? "" : ", ") + n;
                return all;
            }(), "report");
        if (!request.from.ok() || !request.to.ok() || sys_days{request.to} < sys_days{request.from})
            return invalid("--to: the last day must be on or after --from", "to");
        // Ten years is more history than any figure here needs; without a bound
        // "--from 0001-01-01 --to 9999-12-31" runs for hours and prints millions of rows.
        if (sys_days{request.to} - sys_days{request.from} > days{max_report_days})
            return invalid("--to: a report covers at most ten years (" + std::to_string(max_report_days)
                               + " days); ask for a shorter period",
                           "to");
        const ReadTogether snapshot(db, "reporting_read");
        const auto zone = clinic_zone(db);
        std::optional<std::string> therapist_id;
        if (request.therapist) {
            auto q = db.query("SELECT id FROM staff WHERE username = ? AND role = 'therapist'", *request.therapist);
            if (!q.step())
                return invalid("--therapist: no therapist " + *request.therapist, "therapist");
            therapist_id = q.text(0);
        }
        const Scope scope{.db = db,
                          .request = request,
                          .zone = zone,
                          .from_ms = day_start_ms(zone, request.from),
                          .to_ms = day_start_ms(zone, year_month_day{sys_days{request.to} + days{1}}),
                          .therapist_id = therapist_id,
                          .currency = setting(db, "currency"),
                          .rows = periods(zone, request.from, request.to, request.by)};
        Report report;
        if (request.name == "revenue")
            report = revenue(scope);
        else if (request.name == "attendance")
            report = attendance(scope);
        else if (request.name == "utilisation") {
            report = utilisation(scope);
            report.tables.push_back(busiest_hours(scope)); // the desk's heat map
        }
        else if (request.name == "vouchers" && services.vouchers)
            report = vouchers(scope, *services.vouchers);
        else if (request.name == "compliance" && services.vetting)
            report = compliance(scope, *services.vetting);
        else if (request.name == "vouchers" || request.name == "compliance")
            return internal_error("reporting: the module the " + request.name + " report reads is not loaded");
        else if (request.name == "courses")
            report = courses(scope);
        else
            report = outcomes(scope);
        report.name = request.name;
        report.clinic = setting(db, "name");
        report.from = format_date(request.from);
        report.to = format_date(request.to);
        report.by = request.by;
        report.time_zone = setting(db, "time_zone");
        report.currency = scope.currency;
        report.therapist = request.therapist;
        return report;
    });
}

void contribute(PluginContext& context)
{
    context.add_migrations(reporting_plugin::migrations());
    context.add_command({.type = std::string(grant_command),
                         .summary = "Let a role read the owner's reports, or stop it",
                         .roles = owner_only(),
                         .handler = grant});
    context.add_cli_command({
        .name = "report",
        .summary = "Owner reports: revenue, attendance, utilisation, vouchers, compliance, courses, outcomes",
        .run = run_cli,
    });
    // Held as the interface type, so a consumer's static_cast from void* is exact.
    std::shared_ptr<ReportingService> service = std::make_shared<Service>(context.service(vouchers::service_id),
                                                                             context.service(vetting::service_id));
    context.add_service(std::string(service_id), std::move(service));
}

} // namespace fascia::reporting
