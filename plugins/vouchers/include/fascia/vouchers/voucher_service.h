#pragma once
/// fascia.vouchers/1: what the gift vouchers module offers the desk and other
/// modules (scheduling's checkout, reporting). Look it up with
///   context.service(fascia::vouchers::service_id)  →  static_cast<VoucherService*>
/// and declare "vouchers" as a dependency in plugin.json. Nothing here throws:
/// every fallible call returns a Result. Writes go through the commands named
/// below. The interface only grows at the end.
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/money.h>

#include <boost/config.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::vouchers {

/// The versioned id the service is registered under.
inline constexpr std::string_view service_id = "fascia.vouchers/1";

/// The module's command types (payloads in plugins/vouchers/README.md).
inline constexpr std::string_view sell_command = "vouchers.sell";
inline constexpr std::string_view redeem_command = "vouchers.redeem";
inline constexpr std::string_view refund_command = "vouchers.refund";
inline constexpr std::string_view void_command = "vouchers.void";
inline constexpr std::string_view extend_command = "vouchers.extend";
inline constexpr std::string_view write_off_command = "vouchers.write_off_expired";

/// The clinic setting for the default term, in months.
inline constexpr std::string_view term_setting = "vouchers.default_term_months";

/// How far a typed code is from a voucher code, for checking as a person types.
enum class CodeState {
    empty,      ///< nothing typed yet
    incomplete, ///< so far so good, but characters are missing
    mistyped,   ///< cannot be a voucher code: a wrong character, too long, or the check fails
    valid,      ///< a well-formed code (which may still not be a voucher of this clinic)
};

/// What check_code found.
struct CodeCheck {
    CodeState state = CodeState::empty;
    std::string code;    ///< the canonical code ("FAS-7KQ2-M9XD-43TR-P") when valid
    std::string message; ///< for staff: what is wrong, or how many characters are missing
};

/// One entry of a voucher's ledger.
struct LedgerEntry {
    std::string id;
    std::string kind;          ///< "sale", "redemption", "refund", "void", "extension", "expiry"
    Money amount;              ///< signed: a sale adds, a redemption takes away
    Money balance_after;       ///< the running sum up to and including this entry
    std::string effective_on;  ///< YYYY-MM-DD the entry counts from in reports
    std::optional<std::string> expires_on;     ///< an extension's new expiry
    std::optional<std::string> appointment_id; ///< a redemption's appointment, as given
    std::string reference;     ///< a redemption's sale note
    std::string reason;        ///< why (void, refund, extension)
    std::string recorded_by;
    std::string recorded_at;   ///< UTC instant
};

/// A voucher as it stands on a date.
struct Voucher {
    std::string id;
    std::string code;
    std::string kind;                       ///< "amount" or "service"
    std::optional<std::string> service_id;  ///< a service voucher's service
    std::optional<std::string> service_name; ///< as sold ("60-minute remedial massage")
    Money face_value;                       ///< what it was sold for (a service: its price then)
    Money balance;                          ///< sum of the ledger
    std::string status;     ///< "active", "redeemed", "refunded", "expired" or "void"
    std::string sold_on;
    std::string expires_on; ///< valid through this date (after any extension)
    std::string purchaser;
    std::string recipient;
    std::string message;
    std::string paid_by;    ///< "card", "cash", "bank_transfer", "online" or "complimentary"
    std::string sold_by;
    std::vector<LedgerEntry> ledger; ///< oldest first
};

/// Outstanding value of the vouchers of one age.
struct AgeBand {
    std::string label;              ///< "under 3 months"
    int from_months = 0;            ///< age at least this many months
    std::optional<int> to_months;   ///< and under this many (none: no upper bound)
    int vouchers = 0;
    Money outstanding;
};

/// What the clinic owes on vouchers as of the end of a date.
struct Liability {
    std::string as_of;
    std::string currency;
    Money total;                  ///< the sum of every ledger up to as_of (= the bands' sum)
    int vouchers = 0;             ///< vouchers with something outstanding
    std::vector<AgeBand> by_age;  ///< by months since sale
    int expired_vouchers = 0;     ///< past expiry, not yet written off (in total and bands)
    Money expired_outstanding;    ///< their value: `voucher expire` writes it off as breakage
    int other_currency_vouchers = 0; ///< sold in another currency than the clinic's (left out)
};

/// A voucher's breakage in a period.
struct BreakageLine {
    std::string code;
    std::string expired_on;  ///< the last day it was valid
    Money written_off;       ///< expiry entries in the period
    Money reinstated;        ///< extensions in the period that gave it back
};

/// Value that expired unspent in a period.
struct Breakage {
    std::string from, to;
    std::string currency;
    Money written_off;
    Money reinstated;
    Money net; ///< written_off minus reinstated
    std::vector<BreakageLine> vouchers;
};

/// Sales and redemptions in one period.
struct ActivityPeriod {
    std::string start, end; ///< inclusive dates
    int sold_count = 0;
    Money sold;
    int redeemed_count = 0;
    Money redeemed;
    Money refunded;
    Money voided;
    Money written_off;
    Money reinstated;
};

/// Sold and redeemed per day, week (Monday first) or month.
struct Activity {
    std::string from, to, by;
    std::string currency;
    std::vector<ActivityPeriod> periods; ///< only periods in [from, to], oldest first
    ActivityPeriod totals;
};

/// What a redemption did.
struct Redemption {
    std::string voucher_id;
    std::string entry_id;
    Money amount;  ///< taken off (positive)
    Money balance; ///< left afterwards
};

class BOOST_SYMBOL_VISIBLE VoucherService {
public:
    virtual ~VoucherService() = default;

    /// Reads a typed code: case-insensitive, O read as 0 and I or L as 1,
    /// spaces and dashes ignored, the "FAS" prefix optional.
    virtual CodeCheck check_code(std::string_view typed) const = 0;
    /// A new code from the operating system's secure generator (60 random bits).
    virtual std::string new_code() const = 0;

    /// The clinic's calendar date at an instant (its time zone): what "today" means for expiry.
    virtual std::chrono::year_month_day clinic_date(Database& db, Instant at) const = 0;
    /// The default term in months (vouchers.default_term_months).
    virtual int default_term_months(Database& db) const = 0;

    /// The voucher a typed code names, as it stands on `today`: invalid_input
    /// when the code is mistyped, not_found when no voucher has it.
    virtual Result<Voucher> find(Database& db, std::string_view code,
                                 std::chrono::year_month_day today) const = 0;
    /// Every voucher (without ledgers), newest sale first; status filters when not empty.
    virtual Result<std::vector<Voucher>> list(Database& db, std::chrono::year_month_day today,
                                              std::string_view status) const = 0;

    /// Outstanding liability at the end of as_of, by age of voucher.
    virtual Result<Liability> liability(Database& db, std::chrono::year_month_day as_of) const = 0;
    /// Breakage (value expired unspent) with its effective date in [from, to].
    virtual Result<Breakage> breakage(Database& db, std::chrono::year_month_day from,
                                      std::chrono::year_month_day to) const = 0;
    /// Sold and redeemed per period ("day", "week" or "month") in [from, to].
    virtual Result<Activity> activity(Database& db, std::chrono::year_month_day from,
                                      std::chrono::year_month_day to, std::string_view by) const = 0;

    /// Redeems inside a command that is already running (a checkout), with the
    /// vouchers.redeem payload {"code", "amount", "appointment_id", "reference"}.
    /// On an error the caller must fail its command too, so nothing is kept.
    virtual Result<Redemption> redeem(CommandContext& context, const boost::json::object& payload) const = 0;

    /// Gives `amount_minor` (> 0, at most what was redeemed) of a redemption back to its
    /// voucher inside a running command (scheduling's refund): a "reversal" ledger entry.
    /// Errors: invalid_input for an unknown redemption entry or an amount out of range;
    /// refused, reason "already_reversed", when that redemption was given back before
    /// (so a refund pressed twice restores the voucher once). Redemption.amount is what
    /// came back, balance the voucher's after it.
    virtual Result<Redemption> reverse(CommandContext& context, const std::string& redemption_entry_id,
                                       std::int64_t amount_minor, const std::string& reason) const = 0;
};

} // namespace fascia::vouchers
