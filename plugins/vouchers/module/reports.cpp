#include "reports.h"

#include "ledger.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace fascia::vouchers {

using namespace std::chrono;

namespace {

struct Band {
    const char* label;
    int from;
    std::optional<int> to;
};

const std::vector<Band>& bands()
{
    // Up to 24 months and beyond: Australian vouchers run at least three years.
    static const std::vector<Band> b{{"under 3 months", 0, 3},  {"3 to 6 months", 3, 6},
                                     {"6 to 12 months", 6, 12}, {"12 to 24 months", 12, 24},
                                     {"24 months or more", 24, std::nullopt}};
    return b;
}

void check_range(year_month_day from, year_month_day to)
{
    if (sys_days{from} > sys_days{to})
        throw Failure(invalid("from: " + format_date(from) + " is after to (" + format_date(to) + ")", "from"));
}

} // namespace

Liability liability_report(Database& db, year_month_day as_of)
{
    Liability r;
    r.as_of = format_date(as_of);
    r.currency = clinic_currency(db);
    r.total = Money{0, r.currency};
    r.expired_outstanding = Money{0, r.currency};
    for (const auto& b : bands())
        r.by_age.push_back({b.label, b.from, b.to, 0, Money{0, r.currency}});
    auto q = db.query(
        "SELECT v.currency, v.sold_on, v.initial_expires_on,"
        " (SELECT coalesce(sum(amount_minor), 0) FROM voucher_ledger WHERE voucher_id = v.id AND effective_on <= ?1),"
        " (SELECT expires_on FROM voucher_ledger WHERE voucher_id = v.id AND kind = 'extension'"
        "  AND effective_on <= ?1 ORDER BY rowid DESC LIMIT 1)"
        " FROM vouchers v WHERE v.sold_on <= ?1",
        r.as_of);
    while (q.step()) {
        const auto balance = q.integer(3);
        if (balance == 0)
            continue;
        if (q.text(0) != r.currency) {
            ++r.other_currency_vouchers;
            continue;
        }
        const auto sold_on = *parse_date(q.text(1));
        const auto expires_on = q.optional_text(4).value_or(q.text(2));
        const int age = months_between(sold_on, as_of);
        for (auto& band : r.by_age)
            if (age >= band.from_months && (!band.to_months || age < *band.to_months)) {
                ++band.vouchers;
                band.outstanding.minor += balance;
            }
        ++r.vouchers;
        r.total.minor += balance;
        if (expires_on < r.as_of) {
            ++r.expired_vouchers;
            r.expired_outstanding.minor += balance;
        }
    }
    return r;
}

Breakage breakage_report(Database& db, year_month_day from, year_month_day to)
{
    check_range(from, to);
    Breakage r;
    r.from = format_date(from);
    r.to = format_date(to);
    r.currency = clinic_currency(db);
    r.written_off = r.reinstated = r.net = Money{0, r.currency};
    auto q = db.query("SELECT v.code, e.kind, e.amount_minor, e.effective_on FROM voucher_ledger e"
                      " JOIN vouchers v ON v.id = e.voucher_id"
                      " WHERE ((e.kind = 'expiry' AND e.amount_minor < 0) OR (e.kind = 'extension' AND e.amount_minor > 0))"
                      " AND e.effective_on BETWEEN ? AND ? AND v.currency = ?"
                      " ORDER BY e.effective_on, e.rowid",
                      r.from, r.to, r.currency);
    std::map<std::string, std::size_t> line_of;
    while (q.step()) {
        const auto code = q.text(0);
        auto [it, added] = line_of.emplace(code, r.vouchers.size());
        if (added)
            r.vouchers.push_back({code, "", Money{0, r.currency}, Money{0, r.currency}});
        auto& line = r.vouchers[it->second];
        if (q.text(1) == "expiry") {
            line.written_off.minor -= q.integer(2);
            r.written_off.minor -= q.integer(2);
            line.expired_on = format_date(year_month_day{sys_days{*parse_date(q.text(3))} - days{1}});
        } else {
            line.reinstated.minor += q.integer(2);
            r.reinstated.minor += q.integer(2);
        }
    }
    r.net.minor = r.written_off.minor - r.reinstated.minor;
    return r;
}

Activity activity_report(Database& db, year_month_day from, year_month_day to, std::string_view by)
{
    check_range(from, to);
    if (by != "day" && by != "week" && by != "month")
        throw Failure(invalid("by: '" + std::string(by) + "' is not a period: use day, week or month", "by"));
    Activity r;
    r.from = format_date(from);
    r.to = format_date(to);
    r.by = std::string(by);
    r.currency = clinic_currency(db);
    const auto zero = Money{0, r.currency};
    const auto blank = [&](std::string start, std::string end) {
        return ActivityPeriod{std::move(start), std::move(end), 0, zero, 0, zero, zero, zero, zero, zero};
    };
    // Period starts: every day, every Monday, or every first of the month, clipped to [from, to].
    std::vector<sys_days> starts{sys_days{from}};
    for (sys_days d = sys_days{from} + days{1}; d <= sys_days{to}; d += days{1}) {
        const year_month_day ymd{d};
        const bool starts_period = by == "day" || (by == "week" && weekday{d} == Monday)
                                   || (by == "month" && ymd.day() == day{1});
        if (starts_period)
            starts.push_back(d);
    }
    if (starts.size() > 1000)
        throw Failure(invalid("by: " + std::to_string(starts.size()) + " periods are too many to list; "
                              "use a longer period or a shorter range", "by"));
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const sys_days end = i + 1 < starts.size() ? starts[i + 1] - days{1} : sys_days{to};
        r.periods.push_back(blank(format_date(year_month_day{starts[i]}), format_date(year_month_day{end})));
    }
    r.totals = blank(r.from, r.to);

    auto q = db.query("SELECT e.kind, e.amount_minor, e.effective_on FROM voucher_ledger e"
                      " JOIN vouchers v ON v.id = e.voucher_id"
                      " WHERE e.effective_on BETWEEN ? AND ? AND v.currency = ? ORDER BY e.effective_on",
                      r.from, r.to, r.currency);
    while (q.step()) {
        const auto kind = q.text(0);
        const auto amount = q.integer(1);
        const auto on = q.text(2);
        // The last period starting on or before the entry's date.
        auto it = std::upper_bound(r.periods.begin(), r.periods.end(), on,
                                   [](const std::string& d, const ActivityPeriod& p) { return d < p.start; });
        auto& period = *std::prev(it);
        for (auto* p : {&period, &r.totals}) {
            if (kind == "sale") {
                ++p->sold_count;
                p->sold.minor += amount;
            } else if (kind == "redemption") {
                ++p->redeemed_count;
                p->redeemed.minor -= amount;
            } else if (kind == "reversal") {
                // A redemption given back (an appointment refunded): no longer redeemed.
                p->redeemed.minor -= amount;
            } else if (kind == "refund") {
                p->refunded.minor -= amount;
            } else if (kind == "void") {
                p->voided.minor -= amount;
            } else if (kind == "expiry") {
                p->written_off.minor -= amount;
            } else if (kind == "extension") {
                p->reinstated.minor += amount;
            }
        }
    }
    return r;
}

} // namespace fascia::vouchers
