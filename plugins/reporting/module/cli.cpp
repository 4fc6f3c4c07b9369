// `fascia report NAME --from DATE --to DATE [--therapist USER] [--by day|week|month]
// [--format table|csv|json|pdf] [--output FILE] [--table KEY]` and
// `fascia report grant --role ROLE [--revoke]`. Reports only read; the grant
// is a command through the bus (owner only, audited).
#include "contributions.h"

#include <fascia/cli_support.h>
#include <fascia/pdf.h>
#include <fascia/vetting/vetting_service.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

#include <fstream>

namespace fascia::reporting {

namespace json = boost::json;

namespace {

struct Options {
    std::string from, to, by = "month", format, output, table;
    std::optional<std::string> therapist;
    std::string role;
    bool revoke = false;
};

/// Writes `text` to --output, or stdout when none was given; io error naming the file.
Result<void> deliver(CliInvocation& run, const std::string& output, const std::string& text)
{
    if (output.empty()) {
        run.out() << text;
        return {};
    }
    std::ofstream file(output, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file)
        return io_error("cannot write " + output + ": check the folder exists and may be written");
    return {};
}

int run_one(CliInvocation& run, const std::string& name, const Options& o)
{
    Actor actor;
    auto clinic = cli::open_as_staff(run, &actor);
    if (!clinic)
        return cli::report(run, clinic.error());
    auto& db = (*clinic)->db();
    if (!may_read(db, actor.role))
        return cli::report(run, forbidden(actor.username + " (" + std::string(to_string(actor.role))
                                          + ") may not read reports: the owner and roles the owner grants may"));
    // --format wins; without it --json (which also makes errors JSON) asks for JSON.
    const std::string format = !o.format.empty() ? o.format : run.json() ? "json" : "table";
    if (format == "pdf" && o.output.empty())
        return cli::report(run, invalid("--output: a PDF report needs a file to go to (--output report.pdf)", "output"));
    Request request{name, *cli::date_option(o.from, "--from"), *cli::date_option(o.to, "--to"), o.therapist, o.by};
    const auto& services = (*clinic)->extensions().services;
    auto report = run_report(db,
                             {services.get<vouchers::VoucherService>(vouchers::service_id),
                              services.get<vetting::VettingService>(vetting::service_id)},
                             request);
    if (!report)
        return cli::report(run, report.error());

    Result<void> written;
    if (format == "json") {
        written = deliver(run, o.output, json::serialize(to_json(*report)) + "\n");
    } else if (format == "csv") {
        // CSV holds one table (RFC 4180 has one header); the first unless --table names another.
        const Table* chosen = o.table.empty() ? &report->tables.front() : nullptr;
        std::string keys;
        for (const auto& t : report->tables) {
            keys += (keys.empty() ? "" : ", ") + t.key;
            if (t.key == o.table)
                chosen = &t;
        }
        if (!chosen)
            return cli::report(run, invalid("--table: the " + name + " report's tables are " + keys, "table"));
        written = deliver(run, o.output, to_csv(*chosen));
    } else if (format == "pdf") {
        written = pdf::write({report->title + " — " + report->clinic, to_html(*report)}, o.output);
    } else {
        written = deliver(run, o.output, to_text(*report));
    }
    if (!written)
        return cli::report(run, written.error());
    return 0;
}

} // namespace

int run_cli(CliInvocation& run)
{
    cli::ModuleApp app{"Owner reports over whole days in the clinic's time zone; every figure is defined in "
                       "docs/REPORTS.md. The owner reads them, and roles the owner grants.",
                       "fascia report"};
    cli::Action action;
    auto o = std::make_shared<Options>();
    const std::map<std::string, std::string> summaries{
        {"revenue", "Payments received by period, therapist, service and method; refunds; fees owed"},
        {"attendance", "Cancellations, late cancellations and no-shows, as counts and rates"},
        {"utilisation", "Booked hours as a share of available hours, per therapist and room"},
        {"vouchers", "Gift vouchers sold and redeemed, liability by age, breakage"},
        {"compliance", "Credentials, registrations and insurance expiring; CPD short; screenings; referrals"},
        {"courses", "Courses started, completed and dropped; reassessments; rebooking"},
        {"outcomes", "Share of clients meaningfully improved (95% Wilson interval), mean change, medication"}};
    for (const auto& name : report_names()) {
        auto* cmd = app.add_subcommand(name, summaries.at(name));
        cmd->add_option("--from", o->from, "First day, YYYY-MM-DD (the clinic's day)")->required();
        cmd->add_option("--to", o->to, "Last day, YYYY-MM-DD, inclusive")->required();
        cmd->add_option("--therapist", o->therapist, "Only this therapist's appointments (username)");
        cmd->add_option("--by", o->by, "Period rows: day, week (Monday first) or month")
            ->check(CLI::IsMember({"day", "week", "month"}));
        cmd->add_option("--format", o->format, "table (default), csv, json or pdf")
            ->check(CLI::IsMember({"table", "csv", "json", "pdf"}));
        cmd->add_option("--output", o->output, "Write to this file instead of the terminal (needed for pdf)");
        cmd->add_option("--table", o->table, "For csv: which table (default the first)");
        cli::on_run(cmd, action, [&run, o, name]() -> int { return run_one(run, name, *o); });
    }
    auto* grant = app.add_subcommand("grant", "Let a role read reports (owner only), or stop it with --revoke");
    grant->add_option("--role", o->role, "admin, front_desk or therapist")->required();
    grant->add_flag("--revoke", o->revoke, "Stop the role reading reports");
    cli::on_run(grant, action, [&run, o]() -> int {
        auto outcome = cli::execute(run, grant_command, {{"role", o->role}, {"granted", !o->revoke}});
        if (!outcome)
            return cli::report(run, outcome.error());
        return cli::print(run, outcome->result, [&](std::ostream& out) {
            out << (o->revoke ? "Stopped " : "Granted ") << o->role << (o->revoke ? " reading" : " may read")
                << " reports.\n";
        });
    });
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::reporting
