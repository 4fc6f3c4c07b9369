#include "ledger.h"

#include <fascia/locale.h>
#include <fascia/row.h>

#include <algorithm>

namespace fascia::vouchers {

using namespace std::chrono;

namespace {

std::string setting_text(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

constexpr const char* voucher_columns =
    "SELECT v.id, v.code, v.kind, v.service_id, v.service_name, v.currency, v.face_value_minor,"
    " v.purchaser, v.recipient, v.message, v.paid_by, v.sold_on, v.initial_expires_on, v.sold_by";

Voucher read_voucher(const Statement& q)
{
    Voucher v;
    read_columns(q, 0, v.id, v.code, v.kind, v.service_id, v.service_name);
    v.face_value = Money{q.integer(6), q.text(5)};
    v.balance = Money{0, q.text(5)};
    read_columns(q, 7, v.purchaser, v.recipient, v.message, v.paid_by, v.sold_on, v.expires_on, v.sold_by);
    return v;
}

/// The one place status is decided, for a full read and for a list alike.
std::string status_of(bool voided, std::int64_t balance, std::string_view expires_on,
                      std::string_view last_debit, year_month_day today)
{
    if (voided)
        return "void";
    if (balance > 0)
        return format_date(today) > expires_on ? "expired" : "active";
    if (last_debit == "expiry")
        return "expired";
    if (last_debit == "refund")
        return "refunded";
    return "redeemed";
}

} // namespace

year_month_day clinic_date(Database& db, Instant at)
{
    return local_date(at, setting_text(db, "time_zone"));
}

std::optional<SettingDefinition::CountryRule> term_rule(std::string_view country)
{
    if (country == "AU")
        return SettingDefinition::CountryRule{
            36, "Australian law requires gift vouchers sold since 1 November 2019 to be valid for at least "
                "three years (Australian Consumer Law, gift card rules)"};
    return std::nullopt;
}

std::int64_t max_face_value(Database& db)
{
    const auto text = setting_text(db, max_face_setting);
    try {
        return text.empty() ? default_max_face_minor : std::stoll(text);
    } catch (const std::exception&) {
        return default_max_face_minor;
    }
}

int term_months(Database& db)
{
    const auto text = setting_text(db, term_setting);
    int term = default_term;
    try {
        term = text.empty() ? default_term : std::stoi(text);
    } catch (const std::exception&) {
        // Nothing settings.update accepts: keep the default.
    }
    // Set before the clinic's country was (or changed): the law still applies.
    if (const auto rule = term_rule(clinic_country(db)))
        term = std::max<int>(term, static_cast<int>(rule->minimum));
    return term;
}

std::string clinic_currency(Database& db)
{
    return setting_text(db, "currency");
}

year_month_day add_months(year_month_day d, int n)
{
    const year_month ym = year_month{d.year(), d.month()} + months{n};
    const day last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
    return year_month_day{ym.year(), ym.month(), std::min(d.day(), last)};
}

int months_between(year_month_day from, year_month_day to)
{
    if (sys_days{to} <= sys_days{from})
        return 0;
    int m = (int(to.year()) - int(from.year())) * 12 + (int(unsigned(to.month())) - int(unsigned(from.month())));
    if (to.day() < from.day())
        --m; // not a whole month yet
    return std::max(m, 0);
}

year_month_day next_day(year_month_day d)
{
    return year_month_day{sys_days{d} + days{1}};
}

std::optional<Voucher> find_voucher(Database& db, std::string_view code, year_month_day today)
{
    auto q = db.query(std::string(voucher_columns) + " FROM vouchers v WHERE v.code = ?", code);
    if (!q.step())
        return std::nullopt;
    Voucher v = read_voucher(q);
    auto e = db.query("SELECT id, kind, amount_minor, effective_on, expires_on, appointment_id, reference,"
                      " reason, recorded_by, recorded_at FROM voucher_ledger WHERE voucher_id = ?"
                      " ORDER BY rowid",
                      v.id);
    bool voided = false;
    std::string last_debit;
    while (e.step()) {
        LedgerEntry entry;
        entry.id = e.text(0);
        entry.kind = e.text(1);
        entry.amount = Money{e.integer(2), v.face_value.currency};
        v.balance.minor = checked_add(v.balance.minor, entry.amount.minor);
        entry.balance_after = v.balance;
        entry.effective_on = e.text(3);
        entry.expires_on = e.optional_text(4);
        entry.appointment_id = e.optional_text(5);
        entry.reference = e.text(6);
        entry.reason = e.text(7);
        entry.recorded_by = e.text(8);
        entry.recorded_at = e.text(9);
        if (entry.kind == "void")
            voided = true;
        if (entry.kind == "extension")
            v.expires_on = *entry.expires_on;
        if (entry.amount.minor < 0)
            last_debit = entry.kind;
        v.ledger.push_back(std::move(entry));
    }
    v.status = status_of(voided, v.balance.minor, v.expires_on, last_debit, today);
    return v;
}

std::vector<Voucher> list_vouchers(Database& db, year_month_day today)
{
    auto q = db.query(
        std::string(voucher_columns)
        + ", (SELECT coalesce(sum(amount_minor), 0) FROM voucher_ledger WHERE voucher_id = v.id),"
          " (SELECT expires_on FROM voucher_ledger WHERE voucher_id = v.id AND kind = 'extension'"
          "  ORDER BY rowid DESC LIMIT 1),"
          " EXISTS (SELECT 1 FROM voucher_ledger WHERE voucher_id = v.id AND kind = 'void'),"
          " (SELECT kind FROM voucher_ledger WHERE voucher_id = v.id AND amount_minor < 0"
          "  ORDER BY rowid DESC LIMIT 1)"
          " FROM vouchers v ORDER BY v.sold_on DESC, v.rowid DESC");
    std::vector<Voucher> out;
    while (q.step()) {
        Voucher v = read_voucher(q);
        v.balance.minor = q.integer(14);
        if (const auto extended = q.optional_text(15))
            v.expires_on = *extended;
        v.status = status_of(q.integer(16) != 0, v.balance.minor, v.expires_on,
                             q.optional_text(17).value_or(""), today);
        out.push_back(std::move(v));
    }
    return out;
}

std::string append_entry(CommandContext& ctx, const Voucher& voucher, const NewEntry& entry)
{
    const std::string id = ctx.new_id();
    const auto on = entry.effective_on.value_or(format_date(clinic_date(ctx.db, ctx.now())));
    ctx.db.query("INSERT INTO voucher_ledger(id, voucher_id, kind, amount_minor, effective_on, expires_on,"
                 " appointment_id, reference, reason, recorded_by, recorded_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 id, voucher.id, entry.kind, entry.amount_minor, on, entry.expires_on, entry.appointment_id,
                 entry.reference, entry.reason, ctx.actor.username, format_instant(ctx.now()))
        .run();
    return id;
}

std::string amount_text(std::int64_t minor, std::string_view currency)
{
    return Money{minor, std::string(currency)}.amount_text();
}

} // namespace fascia::vouchers
