#pragma once
// Everything the intake module adds to a process, in one place, so the plugin
// entry point and in-process tests register exactly the same things.
#include "screening_form.h"

#include <fascia/clinic.h>
#include <fascia/extensions.h>
#include <fascia/plugin.h>

#include <memory>
#include <vector>

namespace intake_plugin {
/// schema/intake/*.sql, embedded at build time.
std::vector<fascia::Migration> migrations();
} // namespace intake_plugin

namespace fascia::intake {

/// Who may do what (the module's rows of the permission table). Recording and
/// the pre-session check happen at the desk and in the treatment room; a
/// medical clearance is a clinical judgement on a doctor's letter, so the front
/// desk may not record one. Reading a status is open to every active staff user.
const std::vector<Role>& screening_roles(); ///< intake.record, intake.precheck
const std::vector<Role>& clearance_roles(); ///< intake.clear
/// intake.answers_read: who may read a screening's answers (owner, therapist); each read is audited.
const std::vector<Role>& answers_roles();

/// Adds the migrations, commands, CLI subcommand, service and demo step.
void contribute(PluginContext& context, const FormLibrary& forms);

/// The command handlers.
void add_commands(PluginContext& context, const FormLibrary& forms);
/// Moves a merged client record's screenings, clearances, checks and measures to the kept one.
void add_client_merge_step(PluginContext& context);
/// `fascia intake ...`.
int run_cli(CliInvocation& run, const FormLibrary& forms);
/// Screenings for some of the demo clinic's clients.
Result<void> add_demo_screenings(Clinic& clinic, const FormLibrary& forms, const DemoOptions& options);
/// The fascia.intake/1 service.
std::shared_ptr<IntakeService> make_service(const FormLibrary& forms);

} // namespace fascia::intake
