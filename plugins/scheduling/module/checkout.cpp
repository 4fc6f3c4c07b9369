// Checkout and refunds: the only ways money is recorded against an
// appointment. Each runs inside the bus's transaction, and a voucher payment
// redeems through the vouchers service inside that same transaction, so the
// voucher and the appointment can never disagree: if any part fails, nothing
// (no redemption, no payment row) is kept.
#include "checkout.h"

#include <fascia/money.h>
#include <fascia/payload.h>

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <vector>

namespace fascia::scheduling {

namespace json = boost::json;

std::int64_t Bill::charge() const
{
    return status == "cancelled" || status == "no_show" ? fee : price;
}

std::int64_t Bill::due() const
{
    return std::max<std::int64_t>(0, charge() - (paid - refunded));
}

std::int64_t Bill::credit() const
{
    return std::max<std::int64_t>(0, (paid - refunded) - charge());
}

bool Bill::due_at_session(Instant now) const
{
    return status == "booked" && start > now;
}

namespace {

std::string money(std::int64_t minor, const std::string& currency)
{
    return Money{minor, currency}.amount_text();
}

struct VoucherDeps {
    std::shared_ptr<const Dependencies> scheduling;
    std::shared_ptr<void> holder; ///< keeps the vouchers service alive
    const vouchers::VoucherService* vouchers = nullptr; ///< null when the vouchers module is not loaded
};
using Deps = std::shared_ptr<const VoucherDeps>;

/// One payment row, as refunds need it.
struct Paid {
    std::string id, method, voucher_code, voucher_entry;
    std::int64_t amount = 0;
    std::int64_t returned = 0; ///< refunded from it so far
};

std::vector<Paid> payments_of(Database& db, const std::string& appointment_id)
{
    auto q = db.query("SELECT p.id, p.method, coalesce(p.voucher_code, ''), coalesce(p.voucher_entry, ''), p.amount_minor,"
                      " (SELECT coalesce(sum(r.amount_minor), 0) FROM sched_payments r WHERE r.refund_of = p.id)"
                      " FROM sched_payments p WHERE p.appointment_id = ? AND p.direction = 'payment'"
                      " ORDER BY p.rowid",
                      appointment_id);
    std::vector<Paid> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), q.integer(5)});
    return out;
}

json::array payments_json(Database& db, const std::string& appointment_id)
{
    auto q = db.query("SELECT direction, method, amount_minor, currency, voucher_code, recorded_at FROM sched_payments"
                      " WHERE appointment_id = ? ORDER BY rowid",
                      appointment_id);
    json::array out;
    while (q.step()) {
        json::object p{{"direction", q.text(0)},
                       {"method", q.text(1)},
                       {"amount", money(q.integer(2), q.text(3))},
                       {"recorded_at", q.text(5)}};
        if (!q.is_null(4))
            p["voucher"] = q.text(4);
        out.push_back(std::move(p));
    }
    return out;
}

void record(CommandContext& ctx, const Bill& bill, const char* direction, const std::string& method,
            std::int64_t amount, const std::string& voucher_code, const std::string& voucher_entry,
            const std::optional<std::string>& refund_of)
{
    const auto code = voucher_code.empty() ? std::optional<std::string>() : std::optional<std::string>(voucher_code);
    const auto entry = voucher_entry.empty() ? std::optional<std::string>() : std::optional<std::string>(voucher_entry);
    ctx.db.query("INSERT INTO sched_payments(id, appointment_id, direction, method, amount_minor, currency, voucher_code,"
                 " voucher_entry, refund_of, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 ctx.new_id(), bill.appointment_id, std::string(direction), method, amount, bill.currency, code, entry,
                 refund_of, ctx.actor.username, format_instant(ctx.now()))
        .run();
}

/// An amount typed by a person in the bill's currency, more than zero.
std::int64_t amount_of(const std::string& text, const std::string& currency, const std::string& field)
{
    auto m = Money::parse_above_zero(text, currency, field);
    if (!m)
        reject(m.error());
    return m->minor;
}

/// A payment as the command was given it.
struct Tender {
    std::string method;
    std::optional<std::int64_t> amount; ///< none: a voucher pays what it can of what is due
    std::string code;
};

std::vector<Tender> tenders(const json::object& payload, const std::string& currency)
{
    const auto* given = payload.if_contains("payments");
    if (!given || !given->is_array() || given->get_array().empty())
        reject(invalid("payments: a list of {\"method\": \"cash|card|transfer|voucher\", \"amount\": \"45.00\","
                       " \"code\" (a voucher's)}",
                       "payments"));
    std::vector<Tender> out;
    for (const auto& item : given->get_array()) {
        if (!item.is_object())
            reject(invalid("payments: each payment is {\"method\", \"amount\", \"code\"}", "payments"));
        const Payload p(item.get_object());
        p.only({"method", "amount", "code"});
        Tender t{p.text("method"), std::nullopt, {}};
        static const std::vector<std::string> methods{"cash", "card", "transfer", "voucher"};
        if (std::find(methods.begin(), methods.end(), t.method) == methods.end())
            reject(invalid("method: '" + t.method + "' is not cash, card, transfer or voucher", "method"));
        if (const auto a = p.optional_text("amount"))
            t.amount = amount_of(*a, currency, "amount");
        if (t.method == "voucher")
            t.code = p.text("code");
        else if (p.has("code"))
            reject(invalid("code: only a voucher payment has a code", "code"));
        else if (!t.amount)
            reject(invalid("amount: a " + t.method + " payment needs its amount", "amount"));
        out.push_back(std::move(t));
    }
    return out;
}

/// The service an appointment is for: {id, name}.
std::pair<std::string, std::string> service_of(Database& db, const std::string& appointment_id)
{
    auto q = db.query("SELECT v.id, v.name FROM sched_appointments a JOIN services v ON v.id = a.service_id"
                      " WHERE a.id = ?",
                      appointment_id);
    q.step();
    return {q.text(0), q.text(1)};
}

/// A service voucher pays for one session of its own service, whole (the vouchers
/// module's rule: plugins/vouchers/README.md, `vouchers.redeem`): the first of `bills`
/// for that service with something left to pay gets the voucher's whole balance as its
/// payment. Any other use is refused in words naming both services, so a voucher for a
/// Swedish massage never quietly pays part of a remedial one. What it took.
Result<std::int64_t> pay_by_service_voucher(CommandContext& ctx, const vouchers::VoucherService& vouchers,
                                            const vouchers::Voucher& v, const std::optional<std::int64_t>& amount,
                                            const std::vector<Bill>& bills, std::vector<std::int64_t>& left)
{
    const auto what = "one " + v.service_name.value_or("service");
    std::optional<std::size_t> which;
    std::string other_service;
    for (std::size_t i = 0; i < bills.size() && !which; ++i) {
        const auto [id, name] = service_of(ctx.db, bills[i].appointment_id);
        if (id != v.service_id.value_or(""))
            other_service = other_service.empty() ? name : other_service;
        else if (left[i] > 0)
            which = i;
    }
    if (!which) {
        if (!other_service.empty())
            return refused("voucher " + v.code + " is for " + what + " and pays only for that service, not for a "
                               + other_service + ": take this payment another way",
                           "wrong_service");
        return refused("voucher " + v.code + " is for " + what + ", and nothing is left to pay on its session: leave it out",
                       "nothing_due");
    }
    if (amount && *amount != v.balance.minor)
        return refused("voucher " + v.code + " is for " + what + " and pays for it whole (" + v.balance.amount_text()
                           + " " + v.balance.currency + "), not in part: leave out the amount",
                       "service_voucher_whole");
    const auto& bill = bills[*which];
    if (v.status == "active" && v.balance.minor > left[*which])
        return refused("voucher " + v.code + " pays for " + what + " whole (" + money(v.balance.minor, bill.currency)
                           + "), but only " + money(left[*which], bill.currency) + " is left to pay on appointment "
                           + bill.appointment_id + ": give the voucher first, or take the rest another way",
                       "more_than_due");
    // No amount: the vouchers service redeems a service voucher whole, and refuses a
    // void, expired or spent one with its reason.
    auto redeemed = vouchers.redeem(ctx, json::object{{"code", v.code},
                                                      {"currency", bill.currency},
                                                      {"appointment_id", bill.appointment_id},
                                                      {"reference", "appointment"}});
    if (!redeemed)
        return redeemed.error();
    record(ctx, bill, "payment", "voucher", redeemed->amount.minor, v.code, redeemed->entry_id, std::nullopt);
    left[*which] -= redeemed->amount.minor;
    return redeemed->amount.minor;
}

/// The bills a checkout pays: the appointment's, then those of "also" (the same
/// client's other appointments with something due: a late-cancellation or no-show
/// fee, an unpaid session), in that order.
std::vector<Bill> bills_to_pay(CommandContext& ctx, const Payload& p)
{
    std::vector<Bill> bills{bill_of(ctx.db, p.text("id"))};
    const auto* also = ctx.command.payload.if_contains("also");
    if (!also)
        return bills;
    if (!also->is_array())
        reject(invalid("also: a list of the client's other appointment ids whose dues this payment also takes", "also"));
    for (const auto& item : also->get_array()) {
        if (!item.is_string())
            reject(invalid("also: each item is an appointment id", "also"));
        const std::string id(item.get_string());
        for (const auto& b : bills)
            if (b.appointment_id == id)
                reject(invalid("also: appointment " + id + " is named twice", "also"));
        // Named as the "also" it came in (`--also`), not as the appointment being checked out.
        auto found = ctx.db.query("SELECT 1 FROM sched_appointments WHERE id = ?", id);
        if (!found.step())
            reject(invalid("also: there is no appointment " + id + " (`fascia schedule client ID` lists a client's)",
                           "also"));
        auto b = bill_of(ctx.db, id);
        if (b.client_id != bills.front().client_id)
            reject(invalid("also: appointment " + id + " is another client's", "also"));
        bills.push_back(std::move(b));
    }
    return bills;
}

Result<json::value> checkout(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "payments", "also"});
    const auto bills = bills_to_pay(ctx, p);
    const auto& bill = bills.front();
    const auto given = tenders(ctx.command.payload, bill.currency);
    for (const auto& b : bills)
        if (b.currency != bill.currency)
            reject(invalid("also: appointment " + b.appointment_id + " was charged in " + b.currency + ", this one in "
                               + bill.currency + ": take it separately",
                           "also"));
    // What is left to pay on each bill, in order; a payment fills them one after another.
    std::vector<std::int64_t> left;
    std::int64_t remaining = 0;
    for (const auto& b : bills) {
        left.push_back(b.due());
        remaining += b.due();
    }
    // A voucher given twice would be redeemed twice, the second time for whatever the
    // first left (often nothing, refused in words about an amount): say so instead.
    std::set<std::string> vouchers_given;
    for (const auto& t : given) {
        if (t.method != "voucher")
            continue;
        const auto canonical = deps->vouchers ? deps->vouchers->check_code(t.code).code : std::string();
        const auto& code = canonical.empty() ? t.code : canonical;
        if (!vouchers_given.insert(code).second)
            return invalid("voucher " + code + " is listed twice; give it once with the whole amount", "payments");
    }
    if (remaining == 0)
        return refused("nothing is due on this appointment (" + (bill.status == "no_show" ? "no-show" : bill.status) + ", "
                           + money(bill.paid - bill.refunded, bill.currency) + " paid of "
                           + money(bill.charge(), bill.currency) + ")",
                       "nothing_due");
    for (std::size_t i = 1; i < bills.size(); ++i)
        if (left[i] == 0)
            return refused("nothing is due on appointment " + bills[i].appointment_id + " (already paid?): leave it out",
                           "nothing_due");
    const std::int64_t total = remaining;
    for (const auto& t : given) {
        if (remaining == 0)
            return refused("more than is due: the payments before this " + t.method + " one already pay "
                               + money(total, bill.currency) + "; leave it out",
                           "more_than_due");
        // A voucher is looked at before its amount: a service voucher follows its own rule.
        std::optional<vouchers::Voucher> voucher;
        if (t.method == "voucher") {
            if (!deps->vouchers)
                return refused("the gift vouchers module is not installed: take this payment another way",
                               "vouchers_unavailable");
            auto v = deps->vouchers->find(ctx.db, t.code, deps->vouchers->clinic_date(ctx.db, ctx.now()));
            if (!v)
                return v.error();
            if (v->kind == "service") {
                auto took = pay_by_service_voucher(ctx, *deps->vouchers, *v, t.amount, bills, left);
                if (!took)
                    return took.error();
                remaining -= *took;
                continue;
            }
            voucher = std::move(*v);
        }
        std::int64_t take = remaining;
        if (t.amount && *t.amount > remaining)
            return refused(t.method == "voucher"
                               ? "a voucher cannot pay more than is due: " + money(*t.amount, bill.currency)
                                     + " asked of voucher " + t.code + ", " + money(remaining, bill.currency)
                                     + " is left to pay"
                               : "more than is due: " + money(*t.amount, bill.currency) + " by " + t.method + ", but "
                                     + money(remaining, bill.currency) + " is left to pay",
                           "more_than_due");
        if (t.amount)
            take = *t.amount;
        // A voucher takes only what is due: at most the amount given, what is left to pay,
        // and its balance (so 50 + 50 against 70 takes 50 and 20). Only a usable voucher
        // caps the take at its balance: a void, expired or spent one is asked for what is
        // due, and the vouchers service refuses it with its reason (capped at a zero
        // balance it "paid" 0.00 and succeeded).
        if (voucher && !t.amount && voucher->status == "active")
            take = std::min(take, voucher->balance.minor);
        // Each bill gets its own payment row (and its own redemption, naming its appointment).
        for (std::size_t i = 0; i < bills.size() && take > 0; ++i) {
            const std::int64_t part = std::min(take, left[i]);
            if (part == 0)
                continue;
            if (t.method != "voucher") {
                record(ctx, bills[i], "payment", t.method, part, "", "", std::nullopt);
            } else {
                auto redeemed = deps->vouchers->redeem(ctx, json::object{{"code", t.code},
                                                                         {"amount", money(part, bill.currency)},
                                                                         {"currency", bill.currency},
                                                                         {"appointment_id", bills[i].appointment_id},
                                                                         {"reference", "appointment"}});
                if (!redeemed)
                    return redeemed.error(); // the command fails whole: nothing redeemed, nothing paid
                auto code = deps->vouchers->check_code(t.code).code;
                record(ctx, bills[i], "payment", "voucher", redeemed->amount.minor, code.empty() ? t.code : code,
                       redeemed->entry_id, std::nullopt);
            }
            left[i] -= part;
            take -= part;
            remaining -= part;
        }
    }
    ctx.touch("appointment", bill.appointment_id);
    const auto after = bill_of(ctx.db, bill.appointment_id);
    auto out = bill_json(after);
    out["due_at_session"] = after.due_at_session(ctx.now());
    out["payments"] = payments_json(ctx.db, bill.appointment_id);
    // What this checkout paid on each bill ("paid" is everything paid so far): an "also"
    // that the payments did not reach is told apart from one they settled.
    out["paid_now"] = money(after.paid - bill.paid, bill.currency);
    if (bills.size() > 1) {
        json::array also;
        for (std::size_t i = 1; i < bills.size(); ++i) {
            const auto now_b = bill_of(ctx.db, bills[i].appointment_id);
            auto a = bill_json(now_b);
            a["paid_now"] = money(now_b.paid - bills[i].paid, bill.currency);
            also.push_back(std::move(a));
        }
        out["also"] = std::move(also);
    }
    return json::value(std::move(out));
}

/// Gives up to `amount` of an appointment's payments back the way they came, last
/// payment first (only voucher payments when `vouchers_only`); what went back.
Result<std::int64_t> give_back(CommandContext& ctx, const vouchers::VoucherService* vouchers, const Bill& bill,
                               std::int64_t amount, const std::string& reason, bool vouchers_only)
{
    // A voucher payment goes back to its voucher through the vouchers service (a
    // reversal entry, once per redemption).
    auto paid = payments_of(ctx.db, bill.appointment_id);
    std::int64_t left = amount;
    for (auto it = paid.rbegin(); it != paid.rend() && left > 0; ++it) {
        if (vouchers_only && it->method != "voucher")
            continue;
        // A voucher payment is given back once (in part or whole): the vouchers
        // ledger allows one reversal per redemption.
        const std::int64_t still_paid = it->method == "voucher" && it->returned > 0 ? 0 : it->amount - it->returned;
        const std::int64_t back = std::min(still_paid, left);
        if (back <= 0)
            continue;
        std::string entry;
        if (it->method == "voucher") {
            if (!vouchers)
                return refused("the gift vouchers module is not installed: the voucher cannot be given its money back",
                               "vouchers_unavailable");
            auto reversed = vouchers->reverse(ctx, it->voucher_entry, back, reason);
            if (!reversed)
                return reversed.error();
            entry = reversed->entry_id;
        }
        record(ctx, bill, "refund", it->method, back, it->voucher_code, entry, it->id);
        left -= back;
    }
    return amount - left;
}

Result<json::value> refund(CommandContext& ctx, const Deps& deps)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "amount", "reason"});
    const auto bill = bill_of(ctx.db, p.text("id"));
    const auto reason = p.optional_text("reason").value_or("refund");
    // What may go back: everything kept, or for a cancelled or missed appointment
    // what was kept beyond its fee.
    const std::int64_t refundable =
        bill.status == "cancelled" || bill.status == "no_show" ? bill.credit() : bill.paid - bill.refunded;
    std::int64_t amount = refundable;
    if (const auto a = p.optional_text("amount")) {
        amount = amount_of(*a, bill.currency, "amount");
        if (amount > refundable)
            return refused("more than can be refunded: " + money(refundable, bill.currency) + " can go back, "
                               + money(amount, bill.currency) + " was asked",
                           "more_than_paid");
    }
    if (amount == 0)
        return refused("nothing to refund: " + money(bill.paid - bill.refunded, bill.currency) + " is kept against "
                           + money(bill.charge(), bill.currency) + " charged (already refunded?)",
                       "nothing_to_refund");
    auto given = give_back(ctx, deps->vouchers, bill, amount, reason, false);
    if (!given)
        return given.error();
    const std::int64_t left = amount - *given;
    if (left > 0)
        return refused("only " + money(amount - left, bill.currency) + " of " + money(amount, bill.currency)
                           + " can go back the way it was paid (a voucher is given back once)",
                       "more_than_paid");
    ctx.touch("appointment", bill.appointment_id);
    const auto after = bill_of(ctx.db, bill.appointment_id);
    auto out = bill_json(after);
    out["due_at_session"] = after.due_at_session(ctx.now());
    out["refunded_now"] = money(amount, bill.currency);
    out["payments"] = payments_json(ctx.db, bill.appointment_id);
    return json::value(std::move(out));
}

std::string setting_text(Database& db, const char* key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", std::string(key));
    return q.step() ? q.text(0) : std::string();
}

} // namespace

Bill bill_of(Database& db, const std::string& appointment_id)
{
    auto q = db.query("SELECT a.id, a.client_id, a.status, c.currency, c.price_minor, coalesce(c.fee_kind, ''), c.fee_minor,"
                      " (SELECT coalesce(sum(amount_minor), 0) FROM sched_payments WHERE appointment_id = a.id"
                      "  AND direction = 'payment'),"
                      " (SELECT coalesce(sum(amount_minor), 0) FROM sched_payments WHERE appointment_id = a.id"
                      "  AND direction = 'refund'), a.starts_ms"
                      " FROM sched_appointments a JOIN sched_charges c ON c.appointment_id = a.id WHERE a.id = ?",
                      appointment_id);
    if (!q.step())
        reject(invalid("id: there is no appointment " + appointment_id + " (`fascia schedule client ID` lists a client's)",
                       "id"));
    return {q.text(0),    q.text(1),    q.text(2),    q.text(3), q.integer(4), q.text(5),
            q.integer(6), q.integer(7), q.integer(8), instant_ms(q.integer(9))};
}

json::object bill_json(const Bill& b)
{
    return {{"appointment_id", b.appointment_id},
            {"status", b.status},
            {"currency", b.currency},
            {"price", money(b.price, b.currency)},
            {"fee_kind", b.fee_kind.empty() ? json::value(nullptr) : json::value(b.fee_kind)},
            {"fee", money(b.fee, b.currency)},
            {"charge", money(b.charge(), b.currency)},
            {"paid", money(b.paid, b.currency)},
            {"refunded", money(b.refunded, b.currency)},
            {"due", money(b.due(), b.currency)},
            {"credit", money(b.credit(), b.currency)}};
}

void give_vouchers_back(CommandContext& ctx, const vouchers::VoucherService* vouchers,
                        const std::string& appointment_id)
{
    const auto bill = bill_of(ctx.db, appointment_id);
    if (!vouchers || bill.credit() == 0)
        return;
    auto given = give_back(ctx, vouchers, bill, bill.credit(), "appointment cancelled", true);
    if (!given)
        reject(given.error());
}

json::object client_balance(Database& db, const std::string& client_id, Instant now)
{
    auto exists = db.query("SELECT 1 FROM clients WHERE id = ?", client_id);
    if (!exists.step())
        // Not "client: ...": the id may have been typed as a word or as --client.
        reject(invalid("there is no client " + client_id + " (`fascia clients find NAME` shows a client's id)",
                       "client"));
    const auto* zone = clinic_zone(db);
    auto q = db.query("SELECT a.id, a.starts_ms, v.name FROM sched_appointments a JOIN services v ON v.id = a.service_id"
                      " WHERE a.client_id = ? ORDER BY a.starts_ms",
                      client_id);
    std::string currency = setting_text(db, "currency");
    std::int64_t owed = 0, credit = 0;
    json::array lines;
    while (q.step()) {
        const auto b = bill_of(db, q.text(0));
        // A session still to come is paid at the session: not owed yet.
        if (b.due_at_session(now) || (b.due() == 0 && b.credit() == 0))
            continue;
        owed += b.due();
        credit += b.credit();
        auto line = bill_json(b);
        line["start"] = format_local(zone, instant_ms(q.integer(1)));
        line["service"] = q.text(2);
        lines.push_back(std::move(line));
    }
    return {{"client_id", client_id},
            {"currency", currency},
            {"owed", money(owed, currency)},
            {"credit", money(credit, currency)},
            {"appointments", std::move(lines)}};
}

json::object today_list(Database& db, Instant now) { return day_list(db, local_day(clinic_zone(db), now), now); }

json::object day_list(Database& db, std::chrono::year_month_day day, Instant now)
{
    const auto* zone = clinic_zone(db);
    const auto next = std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}};
    const auto from = local_instant(zone, day, std::chrono::minutes{0});
    const auto to = local_instant(zone, next, std::chrono::minutes{0});
    auto q = db.query("SELECT a.id, c.first_name || ' ' || c.last_name, s.display_name, a.starts_ms"
                      " FROM sched_appointments a JOIN clients c ON c.id = a.client_id"
                      " JOIN staff s ON s.id = a.therapist_id WHERE a.starts_ms >= ? AND a.starts_ms < ?"
                      " ORDER BY a.starts_ms, a.id",
                      ms(from), ms(to));
    struct Row {
        std::string id, client, therapist;
        Instant start;
    };
    std::vector<Row> rows;
    while (q.step())
        rows.push_back({q.text(0), q.text(1), q.text(2), instant_ms(q.integer(3))});
    json::array out;
    for (const auto& row : rows) {
        auto a = appointment_json(db, zone, row.id);
        const auto b = bill_of(db, row.id);
        a["client_name"] = row.client;
        a["therapist_name"] = row.therapist;
        a["currency"] = b.currency;
        a["due"] = money(b.due(), b.currency);
        a["paid"] = b.due() == 0;
        a["late"] = b.status == "booked" && row.start < now;
        out.push_back(std::move(a));
    }
    return {{"date", format_date(day)}, {"zone", setting_text(db, "time_zone")}, {"appointments", std::move(out)}};
}

json::object receipt_json(Database& db, const vetting::VettingService* vetting, const std::string& appointment_id)
{
    const auto bill = bill_of(db, appointment_id);
    const auto* zone = clinic_zone(db);
    auto q = db.query("SELECT c.first_name || ' ' || c.last_name, s.username, s.display_name, v.name, a.starts_ms,"
                      " a.ends_ms FROM sched_appointments a JOIN clients c ON c.id = a.client_id"
                      " JOIN staff s ON s.id = a.therapist_id JOIN services v ON v.id = a.service_id WHERE a.id = ?",
                      appointment_id);
    q.step();
    const auto start = instant_ms(q.integer(4));
    // The registration current on the session's date (the insurer checks it).
    json::value registration = nullptr;
    if (vetting) {
        const auto on = local_day(zone, start);
        if (auto file = vetting->file(db, q.text(1), on, false)) {
            const auto day = format_date(on);
            if (const auto* regs = file->if_contains("registrations"); regs && regs->is_array())
                for (const auto& r : regs->get_array()) {
                    const auto& g = r.as_object();
                    if (std::string(g.at("issued").as_string()) <= day && day <= std::string(g.at("expires").as_string())) {
                        registration = json::object{{"body", g.at("body")}, {"number", g.at("number")}};
                        break;
                    }
                }
        }
    }
    auto out = bill_json(bill);
    out["clinic"] = json::object{{"name", setting_text(db, "name")}, {"address", setting_text(db, "address")}};
    out["client"] = q.text(0);
    out["therapist"] = json::object{{"name", q.text(2)}, {"registration", registration}};
    out["service"] = q.text(3);
    out["start"] = format_local(zone, start);
    out["end"] = format_local(zone, instant_ms(q.integer(5)));
    out["payments"] = payments_json(db, appointment_id);
    return out;
}

namespace {

/// One labelled line of a receipt ("Paid", "40.00 GBP by card"), for its text and its PDF alike.
struct ReceiptLine {
    std::string label, value;
    bool total = false; ///< the charge and what is due: bold on paper
};

std::string text_of(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : std::string(); }

std::vector<ReceiptLine> receipt_lines(const json::object& r)
{
    const auto& therapist = r.at("therapist").as_object();
    const auto cur = " " + text_of(r.at("currency"));
    const auto start = text_of(r.at("start")), end = text_of(r.at("end"));
    std::vector<ReceiptLine> out;
    out.push_back({"Client", text_of(r.at("client"))});
    out.push_back({"Date", start.substr(0, 10) + " " + start.substr(11, 5) + "–" + end.substr(11, 5) + " (UTC"
                               + start.substr(std::min<std::size_t>(19, start.size())) + ")"});
    out.push_back({"Service", text_of(r.at("service"))});
    std::string who = text_of(therapist.at("name"));
    if (const auto& g = therapist.at("registration"); g.is_object())
        who += ", registration " + text_of(g.at("body")) + " " + text_of(g.at("number"));
    out.push_back({"Therapist", who});
    std::string charge = text_of(r.at("charge")) + cur;
    // The code ("late_cancel") stays in the JSON; a receipt is read by people.
    if (!r.at("fee_kind").is_null())
        charge += text_of(r.at("fee_kind")) == "no_show" ? " (no-show fee)" : " (late cancellation fee)";
    out.push_back({"Charge", charge, true});
    for (const auto& p : r.at("payments").as_array()) {
        const auto& o = p.as_object();
        std::string what = text_of(o.at("amount")) + cur + " by " + text_of(o.at("method"));
        if (o.contains("voucher"))
            what += " " + text_of(o.at("voucher"));
        out.push_back({text_of(o.at("direction")) == "refund" ? "Refunded" : "Paid", what});
    }
    out.push_back({"Due", text_of(r.at("due")) + cur, true});
    return out;
}

} // namespace

std::string receipt_text(const json::object& r)
{
    const auto& clinic = r.at("clinic").as_object();
    std::string out = text_of(clinic.at("name")) + "\n";
    if (!text_of(clinic.at("address")).empty())
        out += text_of(clinic.at("address")) + "\n";
    out += "RECEIPT  appointment " + text_of(r.at("appointment_id")) + "\n";
    for (const auto& line : receipt_lines(r))
        out += (line.label + ":").append(12 - std::min<std::size_t>(11, line.label.size() + 1), ' ') + line.value + "\n";
    return out;
}

pdf::Document receipt_document(const json::object& r)
{
    const auto& clinic = r.at("clinic").as_object();
    std::string html = "<h2>" + pdf::escape(text_of(clinic.at("name"))) + "</h2>";
    if (!text_of(clinic.at("address")).empty())
        html += "<p>" + pdf::escape(text_of(clinic.at("address"))) + "</p>";
    html += "<h3>RECEIPT</h3><p style=\"font-size: small;\">Appointment " + pdf::escape(text_of(r.at("appointment_id")))
            + "</p>";
    // cellpadding: Qt's rich text pads table cells only through the attribute. The whole
    // width, so a voucher code or a time range stays on one line.
    html += "<table width=\"100%\" cellpadding=\"3\">";
    for (const auto& line : receipt_lines(r)) {
        const auto value = pdf::escape(line.value);
        html += "<tr><td width=\"20%\">" + pdf::escape(line.label) + "</td><td width=\"80%\">"
                + (line.total ? "<b>" + value + "</b>" : value) + "</td></tr>";
    }
    html += "</table>";
    // A4: what the clinic's printer holds, and wide enough that nothing on it wraps.
    return {.title = "Receipt " + text_of(r.at("appointment_id")), .html = html, .page = pdf::Page::a4};
}

void add_checkout(PluginContext& context, std::shared_ptr<const Dependencies> deps)
{
    auto d = std::make_shared<VoucherDeps>();
    d->scheduling = std::move(deps);
    d->holder = context.service(vouchers::service_id);
    d->vouchers = static_cast<const vouchers::VoucherService*>(d->holder.get());
    context.add_setting({.key = std::string(late_cancel_fee_setting),
                         .label = "Late cancellation fee, % of the appointment's price (0: none)",
                         .default_value = 0,
                         .minimum = 0,
                         .maximum = 100});
    context.add_setting({.key = std::string(no_show_fee_setting),
                         .label = "No-show fee, % of the appointment's price (0: none)",
                         .default_value = 0,
                         .minimum = 0,
                         .maximum = 100});
    const Deps held = d;
    context.add_command({.type = "scheduling.checkout",
                         .summary = "Take payment for an appointment (cash, card, transfer, vouchers; split)",
                         .roles = booking_roles(),
                         .handler = [held](CommandContext& ctx) { return checkout(ctx, held); }});
    // Money going back out is the desk's and the managers', not a therapist's.
    static const std::vector<Role> refund_roles{Role::owner, Role::admin, Role::front_desk};
    context.add_command({.type = "scheduling.refund",
                         .summary = "Refund an appointment's payments the way they came (vouchers get theirs back once)",
                         .roles = refund_roles,
                         .handler = [held](CommandContext& ctx) { return refund(ctx, held); }});
    // A subcommand of the core's `fascia clients` (extensions.h, CliCommand::name).
    context.add_cli_command({.name = "clients balance",
                             .summary = "What a client owes (fees, unpaid sessions) and is owed back",
                             .run = run_clients_balance});
}

} // namespace fascia::scheduling
