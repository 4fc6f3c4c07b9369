// Revenue (scheduling's payments, refunds and fees) and vouchers (the vouchers
// module's own reports). Every figure is one SQL aggregate over an index range
// of the period column (docs/REPORTS.md has the definitions).
#include "contributions.h"

#include <fascia/money.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

namespace fascia::reporting {

namespace json = boost::json;

namespace {

/// Money in and out of one group of payments, in minor units.
struct Takings {
    std::int64_t payments = 0, received = 0, cash = 0, card = 0, transfer = 0, refunded = 0, vouchers = 0;
};

/// The payments received in [from_ms, to_ms) by the group `group_sql` names (an
/// expression over p, a, st (therapist) and sv (service)); the --therapist filter applies.
std::vector<std::pair<std::string, Takings>> takings(const Scope& s, std::int64_t from_ms, std::int64_t to_ms,
                                                     const std::string& group_sql)
{
    // Voucher payments are money that came in when the voucher was sold: kept
    // apart, net of the refunds that gave a redemption back to its voucher.
    auto q = s.db.query(
        "SELECT " + group_sql + ","
        " count(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN 1 END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method <> 'voucher' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'cash' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'card' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'payment' AND p.method = 'transfer' THEN p.amount_minor END),"
        " total(CASE WHEN p.direction = 'refund' AND p.method <> 'voucher' THEN p.amount_minor END),"
        " total(CASE WHEN p.method = 'voucher' THEN"
        "   CASE p.direction WHEN 'payment' THEN p.amount_minor ELSE -p.amount_minor END END)"
        " FROM sched_payments p JOIN sched_appointments a ON a.id = p.appointment_id"
        " JOIN staff st ON st.id = a.therapist_id JOIN services sv ON sv.id = a.service_id"
        " WHERE p.recorded_at >= ? AND p.recorded_at < ? AND p.currency = ? AND (?5 IS NULL OR a.therapist_id = ?5)"
        " GROUP BY 1 ORDER BY 1",
        instant_text(from_ms), instant_text(to_ms), s.currency, s.therapist_id);
    std::vector<std::pair<std::string, Takings>> out;
    while (q.step()) {
        // total() sums integers exactly as a double up to 2^53 minor units; read back as whole numbers.
        const auto whole = [&](int c) { return static_cast<std::int64_t>(q.integer(c)); };
        out.push_back({q.text(0), {whole(1), whole(2), whole(3), whole(4), whole(5), whole(6), whole(7)}});
    }
    return out;
}

json::value money(const Scope& s, std::int64_t minor)
{
    return json::value(Money{minor, s.currency}.amount_text());
}

Table takings_table(const Scope& s, std::string key, std::string title, std::string group_label,
                    const std::string& group_sql)
{
    Table t{std::move(key), std::move(title),
            {{"group", std::move(group_label), Kind::text},
             {"payments", "Payments", Kind::count},
             {"received", "Received", Kind::money},
             {"refunded", "Refunded", Kind::money},
             {"net", "Net", Kind::money},
             {"vouchers_redeemed", "Vouchers redeemed", Kind::money}},
            {}};
    for (const auto& [group, m] : takings(s, s.from_ms, s.to_ms, group_sql))
        t.rows.push_back({json::value(group), m.payments, money(s, m.received), money(s, m.refunded),
                          money(s, m.received - m.refunded), money(s, m.vouchers)});
    return t;
}

} // namespace

Report revenue(const Scope& s)
{
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
    for (const auto& p : s.rows) {
        Takings m;
        for (const auto& [group, one] : takings(s, p.start_ms, p.end_ms, "''"))
            m = one;
        by_period.rows.push_back({json::value(p.label), m.payments, money(s, m.received), money(s, m.cash),
                                  money(s, m.card), money(s, m.transfer), money(s, m.refunded),
                                  money(s, m.received - m.refunded), money(s, m.vouchers)});
    }
    r.tables.push_back(std::move(by_period));
    r.tables.push_back(takings_table(s, "by_therapist", "By therapist", "Therapist", "st.username"));
    r.tables.push_back(takings_table(s, "by_service", "By service", "Service", "sv.name"));
    r.tables.push_back(takings_table(s, "by_method", "By payment method", "Method", "p.method"));

    // Fees: the late-cancellation and no-show fees of appointments in the period,
    // and what of them is still owed (the fee less what was paid, net of refunds).
    Table fees{"fees", "Fees for late cancellations and no-shows",
               {{"kind", "Fee", Kind::text},
                {"appointments", "Appointments", Kind::count},
                {"charged", "Charged", Kind::money},
                {"owed", "Still owed", Kind::money}},
               {}};
    auto q = s.db.query(
        "SELECT c.fee_kind, count(*), total(c.fee_minor),"
        " total(max(0, c.fee_minor - coalesce((SELECT sum(CASE p.direction WHEN 'payment' THEN p.amount_minor"
        "   ELSE -p.amount_minor END) FROM sched_payments p WHERE p.appointment_id = a.id), 0)))"
        " FROM sched_appointments a JOIN sched_charges c ON c.appointment_id = a.id"
        " WHERE a.starts_ms >= ? AND a.starts_ms < ? AND c.fee_kind IS NOT NULL AND c.fee_minor > 0"
        " AND c.currency = ? AND (?4 IS NULL OR a.therapist_id = ?4) GROUP BY 1 ORDER BY 1",
        s.from_ms, s.to_ms, s.currency, s.therapist_id);
    while (q.step())
        fees.rows.push_back({json::value(q.text(0)), q.integer(1), money(s, q.integer(2)), money(s, q.integer(3))});
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
