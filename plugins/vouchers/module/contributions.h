#pragma once
// Everything the vouchers module adds to a process, in one place, so the
// plugin entry point and in-process tests register exactly the same things.
#include <fascia/vouchers/voucher_service.h>

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>

#include <memory>
#include <vector>

namespace vouchers_plugin {
/// schema/vouchers/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace vouchers_plugin

namespace fascia::vouchers {

/// Who may do what (the module's rows of the permission table). Selling is a
/// desk job; a redemption may also happen at a therapist's own check-out;
/// money going back (refund, void, write-off) is for owners and admins; only
/// the owner extends an expiry, because that forgoes breakage.
const std::vector<Role>& sale_roles();       ///< vouchers.sell
const std::vector<Role>& redemption_roles(); ///< vouchers.redeem
const std::vector<Role>& money_back_roles(); ///< vouchers.refund, vouchers.void, vouchers.write_off_expired
const std::vector<Role>& extension_roles();  ///< vouchers.extend
/// Who may read reports (liability, breakage, activity).
const std::vector<Role>& report_roles();

/// Adds the migrations, setting, commands, CLI subcommand, service and demo step.
void contribute(PluginContext& context);

/// The command handlers.
void add_commands(PluginContext& context);
/// Moves vouchers bought by a merged client record to the kept one (clients.merge).
void add_client_merge_step(PluginContext& context);
/// A redemption inside a running command (vouchers.redeem's handler and the
/// service's redeem). Throws Failure on any refusal, so the command fails whole.
Redemption redeem_inside(CommandContext& ctx, const boost::json::object& payload);
/// Gives a redemption's money (all or `amount_minor` of it) back to its voucher
/// inside a running command: a "reversal" entry naming the redemption. Throws
/// Failure: invalid_input for an unknown entry or amount, refused
/// ("already_reversed") the second time for one redemption.
Redemption reverse_inside(CommandContext& ctx, const std::string& redemption_entry_id, std::int64_t amount_minor,
                          const std::string& reason);
/// Whether an appointment a redemption names exists (true when scheduling is not installed).
bool appointment_exists(Database& db, const std::string& appointment_id);
/// `fascia voucher ...`.
int run_cli(CliInvocation& run);
/// A year and a half of voucher history for the demo clinic.
Result<void> add_demo_vouchers(Clinic& clinic, const DemoOptions& options);
/// The fascia.vouchers/1 service.
std::shared_ptr<VoucherService> make_service();

} // namespace fascia::vouchers
