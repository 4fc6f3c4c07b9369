// Revenue (scheduling's payments, refunds and fees) and vouchers (the vouchers
// module's own reports). Revenue reads the period's payments once, one index
// range of the period column, and sums them here into every table at once
// (docs/REPORTS.md has the definitions).
#include "contributions.h"

#include <fascia/money.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

#include <map>

namespace fascia::reporting {

namespace json = boost::json;

namespace sql {
// Each payment's row, summed here rather than by GROUP BY: SQLite sorts every
// row to group them (most of the statement's time, measured), where a few hundred
// groups fit in a map. Ids, not names: the names join the groups afterwards
// (Names), where joining staff and services here cost two lookups per payment.
// CROSS JOIN keeps the period rows outside, each an index range inside: SQLite
// does not reorder it, and left alone it scanned every payment of the history
// with the few period rows inside.
const std::string_view revenue_payments =
    "SELECT b.key, a.therapist_id, a.service_id, p.method, p.direction, p.amount_minor"
    " FROM json_each(?1) b"
    " CROSS JOIN sched_payments p ON p.recorded_at >= b.value ->> 0 AND p.recorded_at < b.value ->> 1"
    " JOIN sched_appointments a ON a.id = p.appointment_id"
    " WHERE p.currency = ?2 AND (?3 IS NULL OR a.therapist_id = ?3)";
// CROSS JOIN keeps the appointments of the period outside (SQLite does not reorder
// it): walking every fee charge of the history instead would grow with the history.
const std::string_view revenue_fees =
    "SELECT c.fee_kind, count(*), total(c.fee_minor),"
    " total(max(0, c.fee_minor - coalesce((SELECT sum(CASE p.direction WHEN 'payment' THEN p.amount_minor"
    "   ELSE -p.amount_minor END) FROM sched_payments p WHERE p.appointment_id = a.id), 0)))"
    " FROM sched_appointments a CROSS JOIN sched_charges c ON c.appointment_id = a.id"
    " WHERE a.starts_ms >= ?1 AND a.starts_ms < ?2 AND c.fee_kind IS NOT NULL AND c.fee_minor > 0"
    " AND c.currency = ?3 AND (?4 IS NULL OR a.therapist_id = ?4) GROUP BY 1 ORDER BY 1";
} // namespace sql

namespace {

/// Money in and out of one group of payments, in minor units.
struct Takings {
    std::int64_t payments = 0, received = 0, cash = 0, card = 0, transfer = 0, refunded = 0, vouchers = 0;

    /// Adds one payment or refund. Voucher payments are money that came in when the
    /// voucher was sold: kept apart, net of the refunds that gave a redemption back
    /// to its voucher.
    void add(std::string_view method, std::string_view direction, std::int64_t amount)
    {
        const bool payment = direction == "payment";
        if (method == "voucher") {
            vouchers += payment ? amount : -amount;
        } else if (!payment) {
            refunded += amount;
        } else {
            ++payments;
            received += amount;
            if (method == "cash")
                cash += amount;
            else if (method == "card")
                card += amount;
            else if (method == "transfer")
                transfer += amount;
        }
    }
};

json::value money(const Scope& s, std::int64_t minor)
{
    return json::value(Money{minor, s.currency}.amount_text());
}

Table takings_table(std::string key, std::string title, std::string group_label)
{
    return {std::move(key), std::move(title),
            {{"group", std::move(group_label), Kind::text},
             {"payments", "Payments", Kind::count},
             {"received", "Received", Kind::money},
             {"refunded", "Refunded", Kind::money},
             {"net", "Net", Kind::money},
             {"vouchers_redeemed", "Vouchers redeemed", Kind::money}},
            {}};
}

void add_takings_row(const Scope& s, Table& t, std::string group, const Takings& m)
{
    t.rows.push_back({json::value(std::move(group)), m.payments, money(s, m.received), money(s, m.refunded),
                      money(s, m.received - m.refunded), money(s, m.vouchers)});
}

} // namespace

Report revenue(const Scope& s)
{
    // One pass over the period's payments at the finest grain, rolled up here.
    const Names therapists(s.db, "SELECT id, username FROM staff ORDER BY username");
    const Names services(s.db, "SELECT id, name FROM services ORDER BY name");
    std::vector<Takings> per_period(s.rows.size());
    std::map<std::size_t, Takings> by_therapist, by_service; // by rank in name order
    std::map<std::string, Takings> by_method;
    {
        auto q = s.db.query(sql::revenue_payments, period_bounds(s.rows, true), s.currency, s.therapist_id);
        while (q.step()) {
            const auto therapist = therapists.rank(q.text(1)), service = services.rank(q.text(2));
            if (!therapist || !service)
                continue; // as an inner join with staff and services would
            const auto method = q.text(3), direction = q.text(4);
            const auto amount = q.integer(5);
            for (auto* m : {&per_period.at(static_cast<std::size_t>(q.integer(0))), &by_therapist[*therapist],
                            &by_service[*service], &by_method[method]})
                m->add(method, direction, amount);
        }
    }

    Report r;
    r.title = "Revenue";
    Table by_period{"by_period", "Payments received by " + s.request.by,
                    {{"period", "Period", Kind::text},
                     {"payments", "Payments", Kind::count},
                     {"received", "Received", Kind::money},
                     {"cash", "Cash", Kind::money},
                     {"card", "Card", Kind::money},
                     {"transfer", "Transfer", Kind::money},
                     {"refunded", "Refunded", Kind::money},
                     {"net", "Net", Kind::money},
                     {"vouchers_redeemed", "Vouchers redeemed", Kind::money}},
                    {}};
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        const auto& m = per_period[i];
        by_period.rows.push_back({json::value(s.rows[i].label), m.payments, money(s, m.received), money(s, m.cash),
                                  money(s, m.card), money(s, m.transfer), money(s, m.refunded),
                                  money(s, m.received - m.refunded), money(s, m.vouchers)});
    }
    r.tables.push_back(std::move(by_period));
    auto therapist_table = takings_table("by_therapist", "By therapist", "Therapist");
    for (const auto& [rank, m] : by_therapist)
        add_takings_row(s, therapist_table, therapists.name(rank), m);
    r.tables.push_back(std::move(therapist_table));
    auto service_table = takings_table("by_service", "By service", "Service");
    for (const auto& [rank, m] : by_service)
        add_takings_row(s, service_table, services.name(rank), m);
    r.tables.push_back(std::move(service_table));
    auto method_table = takings_table("by_method", "By payment method", "Method");
    for (const auto& [method, m] : by_method)
        add_takings_row(s, method_table, method, m);
    r.tables.push_back(std::move(method_table));

    // Fees: the late-cancellation and no-show fees of appointments in the period,
    // and what of them is still owed (the fee less what was paid, net of refunds).
    Table fees{"fees", "Fees for late cancellations and no-shows",
               {{"kind", "Fee", Kind::text},
                {"appointments", "Appointments", Kind::count},
                {"charged", "Charged", Kind::money},
                {"owed", "Still owed", Kind::money}},
               {}};
    auto q = s.db.query(sql::revenue_fees, s.from_ms, s.to_ms, s.currency, s.therapist_id);
    while (q.step())
        fees.rows.push_back({json::value(in_words(q.text(0))), q.integer(1), money(s, q.integer(2)), money(s, q.integer(3))});
    r.tables.push_back(std::move(fees));
    return r;
}

Report vouchers(const Scope& s, const vouchers::VoucherService& service)
{
    if (s.therapist_id)
        throw Failure(invalid("--therapist: the vouchers report is for the whole clinic; leave it out", "therapist"));
    const auto unwrap = [](auto result) {
        if (!result)
            throw Failure(result.error());
        return std::move(*result);
    };
    const auto activity = unwrap(service.activity(s.db, s.request.from, s.request.to, s.request.by));
    const auto liability = unwrap(service.liability(s.db, s.request.to));
    const auto breakage = unwrap(service.breakage(s.db, s.request.from, s.request.to));
    const auto text = [](const Money& m) { return json::value(m.amount_text()); };

    Report r;
    r.title = "Gift vouchers";
    Table sold{"by_period", "Sold and redeemed by " + s.request.by,
               {{"period", "Period", Kind::text},
                {"sold_count", "Sold", Kind::count},
                {"sold", "Sold value", Kind::money},
                {"redeemed_count", "Redemptions", Kind::count},
                {"redeemed", "Redeemed value", Kind::money},
                {"refunded", "Refunded", Kind::money},
                {"voided", "Voided", Kind::money},
                {"written_off", "Expired (breakage)", Kind::money},
                {"reinstated", "Reinstated", Kind::money}},
               {}};
    const auto row = [&](const std::string& label, const vouchers::ActivityPeriod& p) {
        sold.rows.push_back({json::value(label), p.sold_count, text(p.sold), p.redeemed_count, text(p.redeemed),
                             text(p.refunded), text(p.voided), text(p.written_off), text(p.reinstated)});
    };
    for (const auto& p : activity.periods)
        row(s.request.by == "month" ? p.start.substr(0, 7) : p.start, p);
    row("total", activity.totals);
    r.tables.push_back(std::move(sold));

    Table owed{"liability", "Outstanding on " + liability.as_of + " by age",
               {{"age", "Age", Kind::text}, {"vouchers", "Vouchers", Kind::count}, {"outstanding", "Outstanding", Kind::money}},
               {}};
    for (const auto& b : liability.by_age)
        owed.rows.push_back({json::value(b.label), b.vouchers, text(b.outstanding)});
    owed.rows.push_back({json::value("total"), liability.vouchers, text(liability.total)});
    owed.rows.push_back({json::value("of which expired, not yet written off"), liability.expired_vouchers,
                         text(liability.expired_outstanding)});
    r.tables.push_back(std::move(owed));

    r.tables.push_back({"breakage", "Breakage (value expired unspent)",
                        {{"written_off", "Written off", Kind::money},
                         {"reinstated", "Reinstated", Kind::money},
                         {"breakage", "Breakage", Kind::money},
                         {"vouchers", "Vouchers", Kind::count}},
                        {{text(breakage.written_off), text(breakage.reinstated), text(breakage.net),
                          static_cast<std::int64_t>(breakage.vouchers.size())}}});
    return r;
}

} // namespace fascia::reporting
