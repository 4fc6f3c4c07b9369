// The vouchers module's commands: the only way vouchers are sold and their
// ledgers written. Each runs inside the bus's BEGIN IMMEDIATE transaction, so
// the balance a handler reads cannot change before its entry is written: two
// desks (or twenty processes) redeeming one voucher at once queue, and the
// later ones see the earlier ones' entries.
#include "contributions.h"
#include "ledger.h"
#include "voucher_code.h"

#include <fascia/catalogue.h>
#include <fascia/clients.h>
#include <fascia/locale.h>
#include <fascia/payload.h>

#include <boost/json.hpp>

namespace fascia::vouchers {

namespace json = boost::json;
using namespace std::chrono;

namespace {

const std::vector<std::string_view> payment_methods{"card", "cash", "bank_transfer", "online", "complimentary"};

[[noreturn]] void reject(Error e)
{
    throw Failure(std::move(e));
}

std::string money_text(const Money& m)
{
    return m.amount_text() + " " + m.currency;
}

/// Optional text no longer than `limit` characters (bytes of UTF-8, which is stricter).
std::optional<std::string> bounded_text(const Payload& p, std::string_view field, std::size_t limit)
{
    auto v = p.optional_text(field);
    if (v && v->size() > limit)
        reject(invalid(std::string(field) + ": at most " + std::to_string(limit) + " characters",
                       std::string(field)));
    return v;
}

/// The clinic's currency, after checking a currency the caller named.
std::string currency_for(const Payload& p, Database& db)
{
    const auto clinic = clinic_currency(db);
    if (const auto given = p.optional_text("currency")) {
        if (currency_exponent(*given) < 0)
            reject(invalid("currency: unknown currency '" + *given
                               + "': use an ISO 4217 code such as GBP, AUD or USD",
                           "currency"));
        if (*given != clinic)
            reject(invalid("currency: this clinic's vouchers are in " + clinic + ", not " + *given,
                           "currency"));
    }
    return clinic;
}

/// A positive amount in a currency: more decimals than it has, negatives and
/// zero are bad input.
Money positive_amount(std::string_view text, std::string_view currency)
{
    auto m = Money::parse_above_zero(text, currency);
    if (!m)
        reject(m.error());
    return *m;
}

/// The voucher a payload's code names, as it stands today (mistyped: invalid; unknown: not_found).
Voucher voucher_for(CommandContext& ctx, const std::string& code, year_month_day today)
{
    auto v = find_voucher(ctx.db, code, today);
    if (!v)
        reject(not_found("not found: no voucher has the code " + code
                         + " (it is typed correctly, but it is not one of this clinic's vouchers)"));
    return *v;
}

void refuse_void(const Voucher& v, std::string_view doing)
{
    if (v.status != "void")
        return;
    std::string why;
    for (const auto& e : v.ledger)
        if (e.kind == "void")
            why = " on " + e.effective_on + (e.reason.empty() ? std::string() : " (" + e.reason + ")");
    reject(refused("void: voucher " + v.code + " was voided" + why + "; it cannot be " + std::string(doing)));
}

bool past_expiry(const Voucher& v, year_month_day today)
{
    return format_date(today) > v.expires_on;
}

std::string describe(const Voucher& v)
{
    return v.service_name ? "one " + *v.service_name : money_text(v.face_value);
}

Result<json::value> sell(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"code", "amount", "currency", "service_id", "purchaser", "recipient", "message", "paid_by",
            "expires_on", "purchaser_client_id"});
    const auto currency = currency_for(p, ctx.db);
    // A purchaser who is a client: the voucher follows them if their record is merged.
    const auto purchaser_client = p.optional_text("purchaser_client_id");
    if (purchaser_client && !find_client(ctx.db, *purchaser_client))
        return invalid("purchaser_client_id: there is no client " + *purchaser_client, "purchaser_client_id");
    const auto purchaser = p.text("purchaser");
    if (purchaser.size() > 200)
        return invalid("purchaser: at most 200 characters", "purchaser");
    const auto recipient = bounded_text(p, "recipient", 200).value_or("");
    const auto message = bounded_text(p, "message", 400).value_or("");
    const auto paid_by = p.optional_text("paid_by").value_or("card");
    if (std::find(payment_methods.begin(), payment_methods.end(), paid_by) == payment_methods.end())
        return invalid("paid_by: '" + paid_by + "' is not a payment method (card, cash, bank_transfer, online "
                                                "or complimentary)",
                       "paid_by");
    const auto amount = p.optional_text("amount");
    const auto service_id = p.optional_text("service_id");
    Money face;
    std::optional<Service> service;
    if (service_id) {
        // Parse a given amount first: bad input is bad input, whatever the service.
        const auto given = amount ? std::optional<Money>(positive_amount(*amount, currency)) : std::nullopt;
        // An id or a unique name, as `fascia schedule book --service` takes it.
        auto named = service_by_id_or_name(ctx.db, *service_id, "service_id");
        if (!named)
            return named.error();
        service = *named;
        if (!service->active)
            return refused("the service \"" + service->name + "\" is no longer offered");
        if (service->price.currency != currency)
            return refused("the service \"" + service->name + "\" is priced in " + service->price.currency
                           + ", the clinic's vouchers in " + currency);
        if (service->price.minor <= 0)
            return refused("the service \"" + service->name + "\" has no price to sell a voucher at");
        face = service->price;
        if (given && given->minor != face.minor)
            return invalid("amount: a voucher for \"" + service->name + "\" is sold at its price, "
                               + money_text(face) + "; leave out the amount",
                           "amount");
    } else {
        if (!amount)
            return invalid("amount: give the voucher's value (e.g. 50.00) or a service", "amount");
        face = positive_amount(*amount, currency);
    }

    if (face.minor > max_face_value(ctx.db))
        return invalid("amount: " + money_text(face) + " is over the clinic's largest voucher, "
                           + money_text(Money{max_face_value(ctx.db), face.currency}) + " (setting "
                           + std::string(max_face_setting) + ")",
                       "amount");
    const auto today = clinic_date(ctx.db, ctx.now());
    const int term = term_months(ctx.db);
    const auto standard_expiry = add_months(today, term);
    auto expires = standard_expiry;
    if (const auto given = p.optional_date("expires_on")) {
        if (sys_days{*given} <= sys_days{today})
            return invalid("expires_on: " + format_date(*given) + " is not after today ("
                               + format_date(today) + ")",
                           "expires_on");
        if (sys_days{*given} < sys_days{standard_expiry}) {
            const auto rule = term_rule(clinic_country(ctx.db));
            return refused("the clinic's vouchers are valid for " + std::to_string(term)
                           + " months (until " + format_date(standard_expiry) + " for one sold today); "
                           + "an expiry may lengthen that, never shorten it ("
                           + (rule && term == rule->minimum ? rule->reason
                                                            : "setting " + std::string(term_setting))
                           + ")");
        }
        expires = *given;
    }

    // The front end draws the code (VoucherService::new_code) and sends it, so
    // the desk that prints it and every database that runs this command keep
    // the same one: a handler cannot draw random numbers and stay repeatable.
    if (!p.has("code"))
        return invalid("code: the voucher's new code is required (draw one with the fascia.vouchers/1 "
                       "service's new_code(); `fascia voucher sell` does)",
                       "code");
    const auto code = canonical_code(p.text("code"));
    if (find_voucher(ctx.db, code, today))
        return conflict("a voucher with the code " + code + " already exists");

    const std::string id = ctx.new_id();
    ctx.db.query("INSERT INTO vouchers(id, code, kind, service_id, service_name, currency, face_value_minor,"
                 " purchaser, recipient, message, paid_by, sold_on, initial_expires_on, sold_by, sold_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 id, code, service ? "service" : "amount",
                 service ? std::optional<std::string>(service->id) : std::nullopt,
                 service ? std::optional<std::string>(service->name) : std::nullopt, currency, face.minor,
                 purchaser, recipient, message, paid_by, format_date(today), format_date(expires),
                 ctx.actor.username, format_instant(ctx.now()))
        .run();
    if (purchaser_client)
        ctx.db.query("UPDATE vouchers SET purchaser_client_id = ? WHERE id = ?",
                     kept_client_id(ctx.db, *purchaser_client), id)
            .run();
    Voucher sold;
    sold.id = id;
    append_entry(ctx, sold, {.kind = "sale", .amount_minor = face.minor});
    ctx.touch("voucher", id);
    return json::value(json::object{{"id", id},
                                    {"code", code},
                                    {"balance", face.amount_text()},
                                    {"currency", currency},
                                    {"expires_on", format_date(expires)}});
}

Result<json::value> redeem(CommandContext& ctx)
{
    auto r = redeem_inside(ctx, ctx.command.payload);
    ctx.touch("voucher", r.voucher_id);
    return json::value(json::object{{"voucher_id", r.voucher_id},
                                    {"entry_id", r.entry_id},
                                    {"redeemed", r.amount.amount_text()},
                                    {"balance", r.balance.amount_text()},
                                    {"currency", r.balance.currency}});
}

Result<json::value> refund(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"code", "amount", "currency", "reason"});
    const auto code = canonical_code(p.text("code"));
    const auto currency = currency_for(p, ctx.db);
    const auto amount_text_given = p.text("amount");
    positive_amount(amount_text_given, currency);
    const auto reason = bounded_text(p, "reason", 400).value_or("");
    const auto today = clinic_date(ctx.db, ctx.now());
    const auto v = voucher_for(ctx, code, today);
    refuse_void(v, "refunded");
    const auto amount = positive_amount(amount_text_given, v.balance.currency);
    if (amount.minor > v.balance.minor)
        return refused("not enough on voucher " + v.code + ": it has " + money_text(v.balance) + " left; "
                           + money_text(amount) + " cannot be refunded",
                       "insufficient");
    if (v.kind == "service" && amount.minor != v.balance.minor)
        return refused("a voucher for " + describe(v) + " is refunded whole (" + money_text(v.balance) + ")");
    append_entry(ctx, v, {.kind = "refund", .amount_minor = -amount.minor, .reason = reason});
    ctx.touch("voucher", v.id);
    return json::value(json::object{{"refunded", amount.amount_text()},
                                    {"balance", Money{v.balance.minor - amount.minor, v.balance.currency}.amount_text()},
                                    {"currency", v.balance.currency}});
}

Result<json::value> void_voucher(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"code", "reason"});
    const auto code = canonical_code(p.text("code"));
    const auto reason = p.text("reason");
    if (reason.size() > 400)
        return invalid("reason: at most 400 characters", "reason");
    const auto today = clinic_date(ctx.db, ctx.now());
    const auto v = voucher_for(ctx, code, today);
    if (v.status == "void")
        return conflict("voucher " + v.code + " is already void");
    append_entry(ctx, v, {.kind = "void", .amount_minor = -v.balance.minor, .reason = reason});
    ctx.touch("voucher", v.id);
    return json::value(json::object{{"voided", v.balance.amount_text()},
                                    {"balance", Money{0, v.balance.currency}.amount_text()},
                                    {"currency", v.balance.currency}});
}

Result<json::value> extend(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"code", "expires_on", "reason"});
    const auto code = canonical_code(p.text("code"));
    const auto to = p.date("expires_on");
    const auto reason = bounded_text(p, "reason", 400).value_or("");
    const auto today = clinic_date(ctx.db, ctx.now());
    const auto v = voucher_for(ctx, code, today);
    refuse_void(v, "extended");
    if (format_date(to) <= v.expires_on)
        return refused("voucher " + v.code + " is already valid through " + v.expires_on
                       + ": an extension must be to a later date");
    if (sys_days{to} <= sys_days{today})
        return refused(format_date(to) + " is not after today (" + format_date(today)
                       + "): the voucher would still be expired");
    // What expiry wrote off and no extension has given back yet is reinstated.
    std::int64_t written_off = 0;
    for (const auto& e : v.ledger)
        if (e.kind == "expiry" || e.kind == "extension")
            written_off = checked_add(written_off, -e.amount.minor);
    if (v.balance.minor == 0 && written_off == 0)
        return refused("voucher " + v.code + " is " + v.status + " with nothing left: there is nothing to extend");
    append_entry(ctx, v,
                 {.kind = "extension", .amount_minor = written_off, .expires_on = format_date(to), .reason = reason});
    ctx.touch("voucher", v.id);
    return json::value(json::object{{"expires_on", format_date(to)},
                                    {"reinstated", Money{written_off, v.balance.currency}.amount_text()},
                                    {"balance", Money{v.balance.minor + written_off, v.balance.currency}.amount_text()},
                                    {"currency", v.balance.currency}});
}

Result<json::value> write_off_expired(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({});
    const auto today = clinic_date(ctx.db, ctx.now());
    int count = 0;
    std::int64_t total = 0;
    std::string currency = clinic_currency(ctx.db);
    for (const auto& v : list_vouchers(ctx.db, today)) {
        if (v.status != "expired" || v.balance.minor <= 0)
            continue;
        // The value lapsed the day after the last valid day, whenever this runs.
        const auto lapsed = format_date(next_day(*parse_date(v.expires_on)));
        append_entry(ctx, v,
                     {.kind = "expiry",
                      .amount_minor = -v.balance.minor,
                      .reason = "expired unspent after " + v.expires_on,
                      .effective_on = lapsed});
        ++count;
        if (v.balance.currency == currency)
            total = checked_add(total, v.balance.minor);
    }
    ctx.touch("vouchers", "expired up to " + format_date(today));
    return json::value(
        json::object{{"written_off", count}, {"amount", amount_text(total, currency)}, {"currency", currency}});
}

} // namespace

bool appointment_exists(Database& db, const std::string& appointment_id)
{
    // Vouchers never link scheduling (scheduling depends on vouchers, for
    // checkout; the other way round would be a cycle). The appointment table is
    // scheduling's, so it is read only when that module has made it: without
    // scheduling installed, an appointment id is a free-text reference.
    auto installed = db.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sched_appointments'");
    if (!installed.step())
        return true;
    auto q = db.query("SELECT 1 FROM sched_appointments WHERE id = ?", appointment_id);
    return q.step();
}

Redemption redeem_inside(CommandContext& ctx, const json::object& payload)
{
    const Payload p(payload);
    p.only({"code", "amount", "currency", "appointment_id", "reference"});
    const auto code = canonical_code(p.text("code"));
    const auto currency = currency_for(p, ctx.db);
    const auto amount_given = p.optional_text("amount");
    if (amount_given)
        positive_amount(*amount_given, currency); // bad input first, whatever the voucher
    auto appointment = bounded_text(p, "appointment_id", 100);
    if (appointment && appointment->empty())
        appointment.reset();
    if (appointment && !appointment_exists(ctx.db, *appointment))
        reject(invalid("appointment_id: there is no appointment " + *appointment
                           + " (`fascia schedule client ID` lists a client's appointments)",
                       "appointment_id"));
    const auto reference = bounded_text(p, "reference", 200).value_or("");
    const auto today = clinic_date(ctx.db, ctx.now());
    const auto v = voucher_for(ctx, code, today);
    refuse_void(v, "redeemed");
    if (past_expiry(v, today))
        reject(refused("expired: voucher " + v.code + " was valid through " + v.expires_on
                       + "; only the owner can extend it (`fascia voucher extend " + v.code + " --to DATE`)"));
    if (v.balance.minor <= 0)
        reject(refused("not enough on voucher " + v.code + ": it has nothing left (" + v.status + ")", "insufficient"));
    Money amount = v.balance;
    if (v.kind == "service") {
        if (amount_given && positive_amount(*amount_given, v.balance.currency).minor != v.balance.minor)
            reject(refused("a voucher for " + describe(v) + " is redeemed whole, for that service ("
                           + money_text(v.balance) + "): leave out the amount"));
    } else {
        if (!amount_given)
            reject(invalid("amount: give the amount to redeem (the voucher has " + money_text(v.balance) + ")",
                           "amount"));
        amount = positive_amount(*amount_given, v.balance.currency);
        if (amount.minor > v.balance.minor)
            reject(refused("not enough on voucher " + v.code + ": it has " + money_text(v.balance) + " left, "
                               + money_text(amount) + " was asked for; redeem at most " + v.balance.amount_text()
                               + " and take the rest another way",
                           "insufficient"));
    }
    const auto entry = append_entry(ctx, v,
                                    {.kind = "redemption",
                                     .amount_minor = -amount.minor,
                                     .appointment_id = appointment,
                                     .reference = reference});
    return {v.id, entry, amount, Money{v.balance.minor - amount.minor, v.balance.currency}};
}

Redemption reverse_inside(CommandContext& ctx, const std::string& redemption_entry_id, std::int64_t amount_minor,
                          const std::string& reason)
{
    auto q = ctx.db.query("SELECT v.code, e.amount_minor, e.appointment_id, e.kind FROM voucher_ledger e"
                          " JOIN vouchers v ON v.id = e.voucher_id WHERE e.id = ?",
                          redemption_entry_id);
    if (!q.step() || q.text(3) != "redemption")
        reject(invalid("entry: there is no redemption " + redemption_entry_id, "entry"));
    const auto code = q.text(0);
    const auto redeemed = -q.integer(1);
    const auto appointment = q.optional_text(2);
    if (amount_minor <= 0 || amount_minor > redeemed)
        reject(invalid("amount: a reversal gives back between 0.01 and what was redeemed", "amount"));
    auto done = ctx.db.query("SELECT 1 FROM voucher_ledger WHERE kind = 'reversal' AND reference = ?",
                             redemption_entry_id);
    if (done.step())
        reject(refused("already_reversed: that redemption was already given back to voucher " + code,
                       "already_reversed"));
    const auto today = clinic_date(ctx.db, ctx.now());
    const auto v = find_voucher(ctx.db, code, today);
    refuse_void(*v, "given back");
    const auto entry = append_entry(ctx, *v,
                                    {.kind = "reversal",
                                     .amount_minor = amount_minor,
                                     .appointment_id = appointment,
                                     .reference = redemption_entry_id,
                                     .reason = reason});
    ctx.touch("voucher", v->id);
    return {v->id, entry, Money{amount_minor, v->balance.currency},
            Money{v->balance.minor + amount_minor, v->balance.currency}};
}

const std::vector<Role>& sale_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::front_desk};
    return roles;
}

const std::vector<Role>& redemption_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::front_desk, Role::therapist};
    return roles;
}

const std::vector<Role>& money_back_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin};
    return roles;
}

const std::vector<Role>& extension_roles()
{
    static const std::vector<Role> roles{Role::owner};
    return roles;
}

void add_commands(PluginContext& context)
{
    context.add_command({
        .type = std::string(sell_command),
        .summary = "Sell a gift voucher for an amount or a service",
        .roles = sale_roles(),
        .handler = sell,
    });
    context.add_command({
        .type = std::string(redeem_command),
        .summary = "Redeem (part of) a gift voucher against a sale or an appointment",
        .roles = redemption_roles(),
        .handler = redeem,
    });
    context.add_command({
        .type = std::string(refund_command),
        .summary = "Refund (part of) a gift voucher's balance to the purchaser",
        .roles = money_back_roles(),
        .handler = refund,
    });
    context.add_command({
        .type = std::string(void_command),
        .summary = "Void a gift voucher (its balance goes to nothing)",
        .roles = money_back_roles(),
        .handler = void_voucher,
    });
    context.add_command({
        .type = std::string(extend_command),
        .summary = "Extend a gift voucher's expiry (owner only; reinstates value written off at expiry)",
        .roles = extension_roles(),
        .handler = extend,
    });
    context.add_command({
        .type = std::string(write_off_command),
        .summary = "Write off the balances of expired gift vouchers as breakage",
        .roles = money_back_roles(),
        .handler = write_off_expired,
    });
}

} // namespace fascia::vouchers
