#pragma once
// The owner's reports: liability by age of voucher, breakage, and sold and
// redeemed per period. All read the ledger by effective date, in the clinic's
// currency, so each total is a sum of ledger entries and nothing else.
#include <fascia/vouchers/voucher_service.h>

#include <fascia/database.h>

#include <chrono>
#include <string_view>

namespace fascia::vouchers {

/// Outstanding at the end of as_of.
Liability liability_report(Database& db, std::chrono::year_month_day as_of);
/// Expiry write-offs and reinstatements effective in [from, to].
Breakage breakage_report(Database& db, std::chrono::year_month_day from, std::chrono::year_month_day to);
/// Per "day", "week" or "month"; invalid_input (thrown) for another period or from after to.
Activity activity_report(Database& db, std::chrono::year_month_day from, std::chrono::year_month_day to,
                         std::string_view by);

} // namespace fascia::vouchers
