// `fascia voucher ...`: sell, redeem, show, refund, void, extend, write off
// expired balances, list, and the owner's reports. Writes go through the
// command bus (so `--key` makes a retry apply once); reads use the same
// functions the fascia.vouchers/1 service does.
#include "contributions.h"
#include "ledger.h"
#include "reports.h"
#include "voucher_code.h"

#include <fascia/cli_support.h>

#include <boost/json.hpp>

#include <functional>
#include <iomanip>
#include <map>
#include <tuple>

namespace fascia::vouchers {

namespace json = boost::json;
using namespace std::chrono;

namespace {

std::string money_text(const Money& m)
{
    return m.currency + " " + m.amount_text();
}

json::value text_or_null(const std::optional<std::string>& s)
{
    return s ? json::value(*s) : json::value(nullptr);
}

json::object entry_json(const LedgerEntry& e)
{
    return {{"kind", e.kind},
            {"amount", e.amount.amount_text()},
            {"balance_after", e.balance_after.amount_text()},
            {"effective_on", e.effective_on},
            {"expires_on", text_or_null(e.expires_on)},
            {"appointment_id", text_or_null(e.appointment_id)},
            {"reference", e.reference},
            {"reason", e.reason},
            {"recorded_by", e.recorded_by},
            {"recorded_at", e.recorded_at}};
}

json::object voucher_json(const Voucher& v)
{
    json::object o{{"code", v.code},
                   {"status", v.status},
                   {"balance", v.balance.amount_text()},
                   {"currency", v.balance.currency},
                   {"kind", v.kind},
                   {"face_value", v.face_value.amount_text()},
                   {"service", v.service_id ? json::value(json::object{{"id", *v.service_id},
                                                                       {"name", v.service_name.value_or("")}})
                                            : json::value(nullptr)},
                   {"purchaser", v.purchaser},
                   {"recipient", v.recipient},
                   {"message", v.message},
                   {"paid_by", v.paid_by},
                   {"sold_on", v.sold_on},
                   {"sold_by", v.sold_by},
                   {"expires_on", v.expires_on}};
    if (!v.ledger.empty()) {
        json::array ledger;
        for (const auto& e : v.ledger)
            ledger.push_back(entry_json(e));
        o["ledger"] = std::move(ledger);
    }
    return o;
}

json::object liability_json(const Liability& l)
{
    json::array bands;
    for (const auto& b : l.by_age)
        bands.push_back(json::object{{"band", b.label},
                                     {"from_months", b.from_months},
                                     {"to_months", b.to_months ? json::value(*b.to_months) : json::value(nullptr)},
                                     {"vouchers", b.vouchers},
                                     {"outstanding", b.outstanding.amount_text()}});
    return {{"as_of", l.as_of},
            {"currency", l.currency},
            {"total", l.total.amount_text()},
            {"vouchers", l.vouchers},
            {"by_age", std::move(bands)},
            {"expired_not_written_off", json::object{{"vouchers", l.expired_vouchers},
                                                     {"outstanding", l.expired_outstanding.amount_text()}}},
            {"other_currency_vouchers", l.other_currency_vouchers}};
}

json::object breakage_json(const Breakage& b)
{
    json::array lines;
    for (const auto& l : b.vouchers)
        lines.push_back(json::object{{"code", l.code},
                                     {"expired_on", l.expired_on.empty() ? json::value(nullptr) : json::value(l.expired_on)},
                                     {"written_off", l.written_off.amount_text()},
                                     {"reinstated", l.reinstated.amount_text()}});
    return {{"from", b.from},
            {"to", b.to},
            {"currency", b.currency},
            {"written_off", b.written_off.amount_text()},
            {"reinstated", b.reinstated.amount_text()},
            {"breakage", b.net.amount_text()},
            {"vouchers", std::move(lines)}};
}

json::object period_json(const ActivityPeriod& p)
{
    return {{"start", p.start},
            {"end", p.end},
            {"sold_count", p.sold_count},
            {"sold", p.sold.amount_text()},
            {"redeemed_count", p.redeemed_count},
            {"redeemed", p.redeemed.amount_text()},
            {"refunded", p.refunded.amount_text()},
            {"voided", p.voided.amount_text()},
            {"written_off", p.written_off.amount_text()},
            {"reinstated", p.reinstated.amount_text()}};
}

json::object activity_json(const Activity& a)
{
    json::array periods;
    for (const auto& p : a.periods)
        periods.push_back(period_json(p));
    return {{"from", a.from},   {"to", a.to},
            {"by", a.by},       {"currency", a.currency},
            {"periods", std::move(periods)}, {"totals", period_json(a.totals)}};
}

using cli::Action;
using cli::date_option;
using cli::execute;
using cli::today;

/// The clinic, for a read by an active staff user with one of `roles`.
Result<Clinic*> open_for_reading(CliInvocation& run, const std::vector<Role>& roles, std::string_view what)
{
    return cli::open_as_staff(run, roles, "see " + std::string(what) + ": only an owner or admin may");
}

std::string text_of(const json::value& v, std::string_view key)
{
    return std::string(v.at(key).as_string());
}

void print_voucher(CliInvocation& run, const Voucher& v)
{
    auto& out = run.out();
    out << v.code << "  " << v.status << "  " << money_text(v.balance) << " left\n";
    if (v.service_name)
        out << "  for          one " << *v.service_name << " (sold at " << money_text(v.face_value) << ")\n";
    else
        out << "  value        " << money_text(v.face_value) << '\n';
    out << "  purchaser    " << v.purchaser << '\n';
    if (!v.recipient.empty())
        out << "  recipient    " << v.recipient << '\n';
    if (!v.message.empty())
        out << "  message      \"" << v.message << "\"\n";
    out << "  sold         " << v.sold_on << " by " << v.sold_by << " (" << v.paid_by << ")\n"
        << "  valid through " << v.expires_on << '\n';
    if (v.ledger.empty())
        return;
    out << "Ledger:\n";
    for (const auto& e : v.ledger) {
        out << "  " << e.effective_on << "  " << std::left << std::setw(10) << e.kind << std::right
            << std::setw(10) << ((e.amount.minor > 0 ? "+" : "") + e.amount.amount_text()) << std::setw(10)
            << e.balance_after.amount_text() << "  " << e.recorded_by;
        if (e.expires_on)
            out << "  to " << *e.expires_on;
        if (e.appointment_id)
            out << "  appointment " << *e.appointment_id;
        // A redemption at checkout has reference "appointment": the id just printed says it.
        if (!e.reference.empty() && !(e.appointment_id && e.reference == "appointment"))
            out << "  " << e.reference;
        if (!e.reason.empty())
            out << "  (" << e.reason << ")";
        out << '\n';
    }
}

void add_sell(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::optional<std::string> amount, service, recipient, message, expires, paid_by, currency;
        std::string purchaser;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("sell", "Sell a gift voucher for an amount, or for a service at today's price");
    cmd->add_option("--amount", o->amount, "Value, e.g. 50.00 (a service voucher: its price, or leave out)");
    cmd->add_option("--service", o->service, "Service id or unique name (as `fascia schedule book --service`): the voucher buys one of it, sold at today's price");
    cmd->add_option("--purchaser", o->purchaser, "Who bought it")->required();
    cmd->add_option("--recipient", o->recipient, "Who it is for (printed on the voucher)");
    cmd->add_option("--message", o->message, "A personal message (printed on the voucher)");
    cmd->add_option("--expires", o->expires,
                    "Valid through this date, YYYY-MM-DD (default: the clinic's term, setting "
                    "vouchers.default_term_months); may lengthen the term, never shorten it");
    cmd->add_option("--paid-by", o->paid_by, "card (default), cash, bank_transfer, online or complimentary");
    cmd->add_option("--currency", o->currency, "ISO 4217 code; must be the clinic's (default)");
    cli::on_run(cmd, action, [&, o]() -> int {
        json::object p{{"code", generate_code()}, {"purchaser", o->purchaser}};
        for (const auto& [field, value] : {std::pair{"amount", &o->amount}, {"service_id", &o->service},
                                           {"recipient", &o->recipient}, {"message", &o->message},
                                           {"expires_on", &o->expires}, {"paid_by", &o->paid_by},
                                           {"currency", &o->currency}})
            if (*value)
                p[field] = **value;
        auto outcome = execute(run, sell_command, std::move(p), {});
        if (!outcome)
            return cli::report(run, outcome.error());
        const auto& r = outcome->result;
        if (run.json()) {
            cli::print_json(run, json::object{{"code", r.at("code")},
                                              {"balance", r.at("balance")},
                                              {"currency", r.at("currency")},
                                              {"expires_on", r.at("expires_on")}});
        } else {
            run.out() << "Sold voucher " << text_of(r, "code") << " for " << text_of(r, "currency") << ' '
                      << text_of(r, "balance") << ", valid through " << text_of(r, "expires_on") << ".\n";
        }
        return 0;
    });
}

void add_redeem(CLI::App& app, CliInvocation& run, Action& action)
{
    struct Options {
        std::string code, key;
        std::optional<std::string> amount, appointment, reference;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("redeem", "Redeem (part of) a voucher against a sale or an appointment");
    cmd->add_option("code", o->code, "The voucher's code (case, dashes, O/0 and I/L/1 do not matter)")->required();
    cmd->add_option("--amount", o->amount, "How much, e.g. 20.00 (a service voucher is redeemed whole)");
    cmd->add_option("--appointment", o->appointment,
                    "The appointment it pays for (must exist when scheduling is installed)");
    cmd->add_option("--reference", o->reference, "What the sale was, e.g. \"retail: foam roller\"");
    cli::key_option(cmd, o->key, "Idempotency key: the same key again redeems once and prints the first result");
    cli::on_run(cmd, action, [&, o]() -> int {
        json::object p{{"code", o->code}};
        if (o->amount)
            p["amount"] = *o->amount;
        if (o->appointment)
            p["appointment_id"] = *o->appointment;
        if (o->reference)
            p["reference"] = *o->reference;
        auto outcome = execute(run, redeem_command, std::move(p), o->key);
        if (!outcome)
            return cli::report(run, outcome.error());
        const auto& r = outcome->result;
        if (run.json())
            cli::print_json(run, json::object{{"balance", r.at("balance")}});
        else
            run.out() << "Redeemed " << text_of(r, "currency") << ' ' << text_of(r, "redeemed") << "; "
                      << text_of(r, "currency") << ' ' << text_of(r, "balance") << " left"
                      << (outcome->replayed ? " (already done: this key was sent before)" : "") << ".\n";
        return 0;
    });
}

void add_show(CLI::App& app, CliInvocation& run, Action& action)
{
    auto code = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("show", "Show a voucher: balance, status and ledger");
    cmd->add_option("code", *code, "The voucher's code")->required();
    cli::on_run(cmd, action, [&, code]() -> int {
        const auto canonical = canonical_code(*code); // mistyped: exit 2 before anything is opened
        auto clinic = open_for_reading(run, all_roles(), "vouchers");
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto v = find_voucher((*clinic)->db(), canonical, today(run, **clinic));
        if (!v)
            return cli::report(run, not_found("not found: no voucher has the code " + canonical
                                              + " (it is typed correctly, but it is not one of this "
                                                "clinic's vouchers)"));
        if (run.json())
            cli::print_json(run, voucher_json(*v));
        else
            print_voucher(run, *v);
        return 0;
    });
}

/// refund, void and extend: a code, options, one command, a one-line answer.
void add_change(CLI::App& app, CliInvocation& run, Action& action, const char* name, const char* help,
                std::string_view type, const std::vector<std::tuple<const char*, const char*, const char*, bool>>& options,
                std::function<std::string(const json::value&)> said)
{
    struct Options {
        std::string code, key;
        std::map<std::string, std::optional<std::string>> values;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(name, help);
    cmd->add_option("code", o->code, "The voucher's code")->required();
    for (const auto& [flag, field, text, required] : options) {
        auto* opt = cmd->add_option(flag, o->values[field], text);
        if (required)
            opt->required();
    }
    cli::key_option(cmd, o->key);
    cli::on_run(cmd, action, [&, o, type, said]() -> int {
        json::object p{{"code", o->code}};
        for (const auto& [field, value] : o->values)
            if (value)
                p[field] = *value;
        auto outcome = execute(run, type, std::move(p), o->key);
        if (!outcome)
            return cli::report(run, outcome.error());
        if (run.json())
            cli::print_json(run, outcome->result);
        else
            run.out() << said(outcome->result) << '\n';
        return 0;
    });
}

void add_expire(CLI::App& app, CliInvocation& run, Action& action)
{
    auto* cmd = app.add_subcommand("expire", "Write off the balances of vouchers past their expiry (breakage)");
    cli::on_run(cmd, action, [&]() -> int {
        auto outcome = execute(run, write_off_command, {}, {});
        if (!outcome)
            return cli::report(run, outcome.error());
        const auto& r = outcome->result;
        if (run.json())
            cli::print_json(run, r);
        else
            run.out() << "Wrote off " << r.at("written_off").to_number<int>() << " expired voucher(s): "
                      << text_of(r, "currency") << ' ' << text_of(r, "amount") << ".\n";
        return 0;
    });
}

void add_list(CLI::App& app, CliInvocation& run, Action& action)
{
    auto status = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("list", "List vouchers, newest sale first");
    cmd->add_option("--status", *status, "Only active, redeemed, refunded, expired or void");
    cli::on_run(cmd, action, [&, status]() -> int {
        auto clinic = open_for_reading(run, all_roles(), "vouchers");
        if (!clinic)
            return cli::report(run, clinic.error());
        auto service = make_service();
        auto list = service->list((*clinic)->db(), today(run, **clinic), *status);
        if (!list)
            return cli::report(run, list.error());
        if (run.json()) {
            json::array a;
            for (const auto& v : *list)
                a.push_back(voucher_json(v));
            cli::print_json(run, json::object{{"vouchers", std::move(a)}});
            return 0;
        }
        for (const auto& v : *list)
            run.out() << v.code << "  " << std::left << std::setw(9) << v.status << std::right
                      << std::setw(12) << money_text(v.balance) << "  sold " << v.sold_on << "  valid through "
                      << v.expires_on << "  " << (v.service_name ? *v.service_name : v.purchaser) << '\n';
        return 0;
    });
}

void add_liability(CLI::App& app, CliInvocation& run, Action& action)
{
    auto as_of = std::make_shared<std::optional<std::string>>();
    auto* cmd = app.add_subcommand("liability", "What the clinic owes on vouchers at the end of a date, by age");
    cmd->add_option("--as-of", *as_of, "YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, as_of]() -> int {
        const auto given = date_option(*as_of, "--as-of");
        auto clinic = open_for_reading(run, report_roles(), "voucher liability");
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto l = liability_report((*clinic)->db(), given.value_or(today(run, **clinic)));
        if (run.json()) {
            cli::print_json(run, liability_json(l));
            return 0;
        }
        auto& out = run.out();
        out << "Voucher liability at the end of " << l.as_of << ": " << l.currency << ' ' << l.total.amount_text()
            << " on " << l.vouchers << " voucher(s)\n";
        for (const auto& b : l.by_age)
            out << "  " << std::left << std::setw(20) << b.label << std::right << std::setw(4) << b.vouchers
                << std::setw(12) << b.outstanding.amount_text() << '\n';
        if (l.expired_vouchers > 0)
            out << "  of which expired, not yet written off: " << l.expired_vouchers << " voucher(s), "
                << l.currency << ' ' << l.expired_outstanding.amount_text()
                << " (`fascia voucher expire` writes them off)\n";
        if (l.other_currency_vouchers > 0)
            out << "  " << l.other_currency_vouchers << " voucher(s) in another currency are not included\n";
        return 0;
    });
}

struct RangeOptions {
    std::optional<std::string> from, to;
    std::string by = "month";
};

/// [from, to] from the options: to defaults to today, from to a year before it.
std::pair<year_month_day, year_month_day> range_of(CliInvocation& run, Clinic& clinic, const RangeOptions& o)
{
    const auto to = date_option(o.to, "--to").value_or(today(run, clinic));
    const auto from = date_option(o.from, "--from").value_or(next_day(add_months(to, -12)));
    return {from, to};
}

void add_breakage(CLI::App& app, CliInvocation& run, Action& action)
{
    auto o = std::make_shared<RangeOptions>();
    auto* cmd = app.add_subcommand("breakage", "Value that expired unspent in a period");
    cmd->add_option("--from", o->from, "First day, YYYY-MM-DD (default: a year before --to)");
    cmd->add_option("--to", o->to, "Last day, YYYY-MM-DD (default today)");
    cli::on_run(cmd, action, [&, o]() -> int {
        date_option(o->from, "--from");
        date_option(o->to, "--to");
        auto clinic = open_for_reading(run, report_roles(), "voucher breakage");
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto [from, to] = range_of(run, **clinic, *o);
        const auto b = breakage_report((*clinic)->db(), from, to);
        if (run.json()) {
            cli::print_json(run, breakage_json(b));
            return 0;
        }
        run.out() << "Breakage " << b.from << " to " << b.to << ": " << b.currency << ' ' << b.net.amount_text()
                  << " (written off " << b.written_off.amount_text() << ", reinstated by extension "
                  << b.reinstated.amount_text() << ")\n";
        for (const auto& l : b.vouchers)
            run.out() << "  " << l.code << "  expired " << (l.expired_on.empty() ? "-" : l.expired_on)
                      << "  written off " << l.written_off.amount_text() << "  reinstated "
                      << l.reinstated.amount_text() << '\n';
        return 0;
    });
}

void add_activity(CLI::App& app, CliInvocation& run, Action& action)
{
    auto o = std::make_shared<RangeOptions>();
    auto* cmd = app.add_subcommand("activity", "Vouchers sold and redeemed per day, week or month");
    cmd->add_option("--from", o->from, "First day, YYYY-MM-DD (default: a year before --to)");
    cmd->add_option("--to", o->to, "Last day, YYYY-MM-DD (default today)");
    cmd->add_option("--by", o->by, "day, week (from Monday) or month")->capture_default_str();
    cli::on_run(cmd, action, [&, o]() -> int {
        date_option(o->from, "--from");
        date_option(o->to, "--to");
        auto clinic = open_for_reading(run, report_roles(), "voucher activity");
        if (!clinic)
            return cli::report(run, clinic.error());
        const auto [from, to] = range_of(run, **clinic, *o);
        const auto a = activity_report((*clinic)->db(), from, to, o->by);
        if (run.json()) {
            cli::print_json(run, activity_json(a));
            return 0;
        }
        auto& out = run.out();
        out << "Vouchers " << a.from << " to " << a.to << " by " << a.by << " (" << a.currency << ")\n"
            << "  period                    sold          redeemed   refunded   voided  expired\n";
        const auto row_out = [&](const std::string& label, const ActivityPeriod& row) {
            out << "  " << std::left << std::setw(22) << label << std::right << std::setw(3) << row.sold_count
                << std::setw(10) << row.sold.amount_text() << std::setw(5) << row.redeemed_count
                << std::setw(10) << row.redeemed.amount_text() << std::setw(11) << row.refunded.amount_text()
                << std::setw(9) << row.voided.amount_text() << std::setw(9)
                << Money{row.written_off.minor - row.reinstated.minor, a.currency}.amount_text() << '\n';
        };
        for (const auto& p : a.periods)
            row_out(p.start + ".." + p.end, p);
        row_out("total", a.totals);
        return 0;
    });
}

} // namespace

int run_cli(CliInvocation& run)
{
    CLI::App app{"Gift vouchers: sell, redeem, refund, void and extend them; liability, breakage and activity.\n"
                 "Codes are read case-insensitively, with O as 0 and I or L as 1; a mistyped code is exit 2.\n"
                 "Exit codes: 0 ok, 1 refused by a rule (insufficient, expired, void, not found), 2 bad usage "
                 "or input, 3 I/O or internal error.",
                 "fascia voucher"};
    app.require_subcommand(1, 1);
    Action action;
    for (const auto add : {add_sell, add_redeem, add_show})
        add(app, run, action);
    add_change(app, run, action, "refund", "Refund (part of) a voucher's balance to the purchaser (owner or admin)",
               refund_command,
               {{"--amount", "amount", "How much, e.g. 20.00 (a service voucher is refunded whole)", true},
                {"--reason", "reason", "Why", false}},
               [](const json::value& r) {
                   return "Refunded " + text_of(r, "currency") + " " + text_of(r, "refunded") + "; "
                          + text_of(r, "currency") + " " + text_of(r, "balance") + " left.";
               });
    add_change(app, run, action, "void", "Void a voucher: its balance goes to nothing (owner or admin)", void_command,
               {{"--reason", "reason", "Why (kept in the ledger)", true}}, [](const json::value& r) {
                   return "Voided; " + text_of(r, "currency") + " " + text_of(r, "voided") + " taken off.";
               });
    add_change(app, run, action, "extend",
               "Extend a voucher's expiry (owner only; reinstates a balance written off at expiry)", extend_command,
               {{"--to", "expires_on", "Valid through this date, YYYY-MM-DD", true}, {"--reason", "reason", "Why", false}},
               [](const json::value& r) {
                   return "Valid through " + text_of(r, "expires_on") + "; " + text_of(r, "currency") + " "
                          + text_of(r, "balance") + " left.";
               });
    for (const auto add : {add_expire, add_list, add_liability, add_breakage, add_activity})
        add(app, run, action);
    return cli::run_chosen(app, run, action);
}

} // namespace fascia::vouchers
