#pragma once
// Everything the scheduling module adds to a process, in one place, so the
// plugin entry point and in-process tests register exactly the same things.
#include "scheduler.h"

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>
#include <fascia/vouchers/voucher_service.h>

#include <memory>
#include <vector>

namespace scheduling_plugin {
/// schema/scheduling/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace scheduling_plugin

namespace fascia::scheduling {

/// The services scheduling runs on, looked up from its declared dependencies
/// (intake, vetting) when the plugin initializes; never linked.
struct Dependencies {
    std::shared_ptr<void> intake_holder;  ///< keeps the intake service alive
    std::shared_ptr<void> vetting_holder; ///< keeps the vetting service alive
    const intake::IntakeService* intake = nullptr;
    const vetting::VettingService* vetting = nullptr;
    std::shared_ptr<void> vouchers_holder;              ///< keeps the vouchers service alive (optional)
    const vouchers::VoucherService* vouchers = nullptr; ///< null when the vouchers module is not loaded
};

/// Who may do what. Rooms, hours, closures and the settings are the
/// owner's and admins'; leave too (it moves bookings' ground). Booking,
/// changing bookings and the waitlist are desk work, and a therapist's own.
const std::vector<Role>& manage_roles(); ///< rooms, hours, leave, closures, service features
const std::vector<Role>& booking_roles(); ///< book, reschedule, cancel, arrive, ..., waitlist

/// Adds the migrations, settings, commands, CLI subcommand and demo step.
/// Fails (false, with error) when intake or vetting has not been initialized.
bool contribute(PluginContext& context, std::string& error);

/// The command handlers.
void add_commands(PluginContext& context, std::shared_ptr<const Dependencies> deps);
/// `fascia schedule ...`.
int run_cli(CliInvocation& run);
/// Hours, rooms, leave, a closure, two months of bookings, courses, changes and
/// a waitlist entry for the demo clinic (with --scale, years of history).
Result<void> add_demo_schedule(Clinic& clinic, const DemoOptions& options);
/// The dependencies as a running clinic's extensions hold them.
Dependencies dependencies_of(const Extensions& extensions);

/// The appointment as JSON in the clinic's zone (shared by the commands and the CLI).
boost::json::object appointment_json(Database& db, const date::time_zone* zone, std::string_view id);
/// A slot as {"start", "end", "therapist", "room"} in the clinic's zone.
boost::json::object slot_json(const date::time_zone* zone, const Slot& slot);

} // namespace fascia::scheduling
