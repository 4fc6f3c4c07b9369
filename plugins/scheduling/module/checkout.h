#pragma once
// Checkout: an appointment's bill (its charge, fixed at booking, or the fee a
// late cancellation or a no-show costs), payments split across cash, card,
// bank transfer and gift vouchers, refunds that give voucher money back to the
// voucher exactly once, a client's balance, and the receipt. Vouchers are
// reached through fascia.vouchers/1 (an optional dependency), never linked.
#include "scheduling_module.h"

#include <fascia/cli_support.h>
#include <fascia/pdf.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace fascia::scheduling {

/// Clinic settings: the fee, as a whole percentage of the appointment's charge,
/// for a client's late cancellation (inside scheduling.late_cancel_hours) and a
/// no-show. 0 (no fee) unless the clinic sets one. Read by the triggers in
/// schema/scheduling/0002_checkout.sql when the appointment changes.
inline constexpr std::string_view late_cancel_fee_setting = "scheduling.late_cancel_fee_percent";
inline constexpr std::string_view no_show_fee_setting = "scheduling.no_show_fee_percent";

/// What one appointment costs and what has been paid, in minor units of `currency`.
struct Bill {
    std::string appointment_id;
    std::string client_id;
    std::string status;          ///< the appointment's ("booked", "cancelled", "no_show", ...)
    std::string currency;        ///< ISO 4217, the service's at booking
    std::int64_t price = 0;      ///< the service price at booking time
    std::string fee_kind;        ///< "late_cancel", "no_show" or "" (none)
    std::int64_t fee = 0;        ///< the fee fixed when it was cancelled late or missed
    std::int64_t paid = 0;       ///< payments, summed
    std::int64_t refunded = 0;   ///< refunds, summed
    Instant start{};             ///< when the session starts (UTC)
    /// What the client owes for it in all: the fee when cancelled or a no-show, else the price.
    std::int64_t charge() const;
    /// Charge minus what was kept (paid - refunded), never below zero.
    std::int64_t due() const;
    /// What was kept beyond the charge (a cancelled paid appointment): refundable.
    std::int64_t credit() const;
    /// True while the session is still booked and to come at `now`: what is due is paid at
    /// the session, so it is not owed yet (client_balance leaves it out; the CLI and the
    /// desk say "due at the session").
    bool due_at_session(Instant now) const;
};

/// The bill of an appointment; throws Failure(invalid_input, field "id") when there is none.
Bill bill_of(Database& db, const std::string& appointment_id);
/// {"appointment_id", "status", "currency", "price", "fee", "fee_kind", "charge", "paid", "refunded", "due", "credit"}
/// with amounts as decimal text ("70.00").
boost::json::object bill_json(const Bill& bill);

/// What a client owes across their appointments (those that happened, were missed or
/// were cancelled with a fee, and any past booking), and what they are owed back:
/// {"client_id", "currency", "owed", "credit", "appointments": [bill_json + "start", "service"]}.
/// Throws Failure(invalid_input, field "client") for an unknown client.
boost::json::object client_balance(Database& db, const std::string& client_id, Instant now);

/// The receipt a health insurer asks for: clinic name and address, client, date and time
/// in the clinic's zone, service, the therapist's name and current registration (from the
/// vetting service), the amounts and each payment's method. Throws Failure(invalid_input,
/// field "id") for an unknown appointment.
boost::json::object receipt_json(Database& db, const vetting::VettingService* vetting, const std::string& appointment_id);
/// The receipt as lines of text (the CLI prints it).
std::string receipt_text(const boost::json::object& receipt);
/// The receipt as a printable document: receipt_json's content as HTML in Qt's rich-text
/// subset, A4, for fascia::pdf::write. One layout for `fascia schedule receipt --pdf` and
/// the desk's Print receipt / Save receipt as PDF.
pdf::Document receipt_document(const boost::json::object& receipt);

/// The front desk's day: every appointment on the clinic's local date at `now` (its
/// time zone, whatever the machine's zone or the UTC date), by start, each as
/// appointment_json with "client_name", "therapist_name", "currency", "due", "paid" (nothing left to pay) and "late"
/// (still booked, not arrived, after its start at `now`). {"date", "zone", "appointments"}.
boost::json::object today_list(Database& db, Instant now);
/// The same for another local date `day` of the clinic ("late" judged at `now`).
boost::json::object day_list(Database& db, std::chrono::year_month_day day, Instant now);

/// Inside the command that cancels `appointment_id`: what its voucher payments kept beyond
/// any fee goes back to the vouchers (a reversal each, recorded as a refund), so a voucher
/// is never left paying for a session that did not happen; card, cash and transfer money
/// stays the client's credit until refunded (`fascia schedule refund`). Nothing to do
/// without the vouchers module. Throws Failure when a voucher refuses it (the cancel fails whole).
void give_vouchers_back(CommandContext& ctx, const vouchers::VoucherService* vouchers,
                        const std::string& appointment_id);

/// Registers the fee settings, the scheduling.checkout / scheduling.refund commands and
/// `fascia clients balance`.
void add_checkout(PluginContext& context, std::shared_ptr<const Dependencies> deps);
/// `fascia schedule checkout|refund|receipt|balance|today`.
void add_checkout_cli(CLI::App& app, CliInvocation& run, cli::Action& action);
/// `fascia clients balance ID [--json]`: client_balance, the same as `fascia schedule balance ID`; both
/// take the id as a word or as --client ID.
int run_clients_balance(CliInvocation& run);

} // namespace fascia::scheduling
