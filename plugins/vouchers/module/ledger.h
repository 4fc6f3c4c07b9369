#pragma once
// Stored vouchers and their ledgers: reads here, writes only from inside a
// command (commands.cpp). Balance, status and expiry are always derived from
// the ledger, never stored.
#include <fascia/vouchers/voucher_service.h>

#include <fascia/clock.h>
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/extensions.h>

#include <chrono>
#include <cstdint>
#include <string_view>
#include <optional>
#include <string>

namespace fascia::vouchers {

/// The default term when the clinic has not chosen one (12 months, common in the UK).
inline constexpr int default_term = 12;

/// The largest face value a voucher may be sold for, in minor units (10,000.00 unless the
/// clinic sets vouchers.max_face_value_minor): a mistyped or forged sale cannot create
/// an unbounded liability.
inline constexpr std::string_view max_face_setting = "vouchers.max_face_value_minor";
inline constexpr std::int64_t default_max_face_minor = 1'000'000;
/// vouchers.max_face_value_minor, or 1,000,000.
std::int64_t max_face_value(Database& db);

/// The clinic's calendar date at an instant, in its time zone.
std::chrono::year_month_day clinic_date(Database& db, Instant at);
/// The least term a country's law allows: in Australia, gift vouchers sold
/// since 1 November 2019 must be valid for at least three years (Australian
/// Consumer Law, Competition and Consumer Amendment (Gift Cards) Regulation 2019).
std::optional<SettingDefinition::CountryRule> term_rule(std::string_view country);
/// vouchers.default_term_months, or 12; never below the clinic's country's minimum (36 in AU).
int term_months(Database& db);
/// The clinic's currency (ISO 4217).
std::string clinic_currency(Database& db);
/// d plus n calendar months, on the same day of the month or the month's last day.
std::chrono::year_month_day add_months(std::chrono::year_month_day d, int n);
/// Whole months from `from` to `to` (0 when to is earlier).
int months_between(std::chrono::year_month_day from, std::chrono::year_month_day to);
/// The day after d.
std::chrono::year_month_day next_day(std::chrono::year_month_day d);

/// A voucher by canonical code, as it stands on `today`, with its ledger.
std::optional<Voucher> find_voucher(Database& db, std::string_view code, std::chrono::year_month_day today);
/// Every voucher without ledgers, newest sale first.
std::vector<Voucher> list_vouchers(Database& db, std::chrono::year_month_day today);


/// One ledger entry to append (inside a command only).
struct NewEntry {
    std::string kind = {};
    std::int64_t amount_minor = 0;
    std::optional<std::string> expires_on = {};
    std::optional<std::string> appointment_id = {};
    std::string reference = {};
    std::string reason = {};
    std::optional<std::string> effective_on = {}; ///< default: today at the clinic
};

/// Appends an entry and returns its id.
std::string append_entry(CommandContext& ctx, const Voucher& voucher, const NewEntry& entry);

/// Money as JSON text ("50.00"), the way every output writes it.
std::string amount_text(std::int64_t minor, std::string_view currency);

} // namespace fascia::vouchers
