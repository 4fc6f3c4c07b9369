#pragma once
// Everything the vetting module adds to a process, in one place, so the plugin
// entry point and in-process tests register exactly the same things.
#include "rules.h"

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>
#include <fascia/vetting/vetting_service.h>

#include <memory>
#include <vector>

namespace vetting_plugin {
/// schema/vetting/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace vetting_plugin

namespace fascia::vetting {

/// Who may do what (the module's rows of the permission table). Owners and
/// admins keep the vetting file and the clinic's rules; only the owner
/// suspends or reinstates a therapist (the "by the owner").
///
/// Reading: status, eligibility, expiry warnings and the rules are open to
/// every active staff user (the desk books by them, therapists see their own
/// standing). The full file (`fascia vetting show`: numbers, documents, CPD
/// log, checks) is for owners and admins, and for a therapist's own file;
/// concerns in it are shown to owners and admins only.
const std::vector<Role>& manage_roles();  ///< every vetting.* command but the two below
const std::vector<Role>& standing_roles(); ///< vetting.suspend, vetting.reinstate

/// Adds the migrations, commands, CLI subcommand, service and demo step.
void contribute(PluginContext& context);

/// The command handlers.
void add_commands(PluginContext& context);
/// `fascia vetting ...`.
int run_cli(CliInvocation& run);
/// Vetting files for the demo clinic's therapists.
Result<void> add_demo_vetting(Clinic& clinic, const DemoOptions& options);
/// The fascia.vetting/1 service.
std::shared_ptr<VettingService> make_service();

/// The queries behind the service and the CLI (one implementation for both).
/// Bad input (an unknown therapist or modality) is invalid_input naming the field.
Result<Status> therapist_status(Database& db, std::string_view therapist, Date on);
Result<Eligibility> therapist_eligibility(Database& db, std::string_view therapist,
                                          std::string_view modality, Date on);
Result<std::vector<Eligibility>> eligibility_for_all(Database& db, std::string_view modality, Date on);
/// Eligibility on each day of [from, to] as runs of equal answers: one record load per therapist.
Result<std::vector<EligibilityRun>> eligibility_over(Database& db, std::string_view therapist,
                                                     std::string_view modality, Date from, Date to);
/// eligibility_over() for every active therapist, by username.
Result<std::vector<EligibilityRun>> eligibility_for_all_over(Database& db, std::string_view modality, Date from,
                                                             Date to);
Result<std::vector<ExpiringItem>> expiring_for_all(Database& db, int within_days, Date from);
Result<boost::json::object> therapist_file(Database& db, std::string_view therapist, Date on, bool with_concerns);

} // namespace fascia::vetting
