// The scheduling module's contributions: migrations, settings, commands, the
// `fascia schedule` CLI and the demo step. Intake and vetting are reached only
// through their services (fascia.intake/1, fascia.vetting/1), never linked.
#include "checkout.h"
#include "scheduling_module.h"

namespace fascia::scheduling {

Dependencies dependencies_of(const Extensions& extensions)
{
    Dependencies d;
    d.intake_holder = extensions.services.find(intake::service_id);
    d.vetting_holder = extensions.services.find(vetting::service_id);
    d.intake = static_cast<const intake::IntakeService*>(d.intake_holder.get());
    d.vetting = static_cast<const vetting::VettingService*>(d.vetting_holder.get());
    d.vouchers_holder = extensions.services.find(vouchers::service_id);
    d.vouchers = static_cast<const vouchers::VoucherService*>(d.vouchers_holder.get());
    return d;
}

bool contribute(PluginContext& context, std::string& error)
{
    auto deps = std::make_shared<Dependencies>();
    deps->intake_holder = context.service(intake::service_id);
    deps->vetting_holder = context.service(vetting::service_id);
    deps->intake = static_cast<const intake::IntakeService*>(deps->intake_holder.get());
    deps->vetting = static_cast<const vetting::VettingService*>(deps->vetting_holder.get());
    deps->vouchers_holder = context.service(vouchers::service_id); // optional: checkout, cancellations
    deps->vouchers = static_cast<const vouchers::VoucherService*>(deps->vouchers_holder.get());
    if (!deps->intake || !deps->vetting) {
        error = "scheduling needs the intake and vetting modules (fascia.intake/1, fascia.vetting/1)";
        return false;
    }
    context.add_migrations(scheduling_plugin::migrations());
    const Settings defaults;
    for (const auto& row : setting_rows)
        context.add_setting({.key = std::string(row.key), .label = std::string(row.label),
                             .default_value = defaults.*row.field, .minimum = row.minimum, .maximum = row.maximum});
    add_commands(context, deps);
    add_checkout(context, deps); // checkout.cpp: payments, refunds, fees
    context.add_cli_command({
        .name = "schedule",
        .summary = "Scheduling: rooms, hours, leave, closures, bookings, courses, changes and the waitlist",
        .run = run_cli,
    });
    context.add_demo_step({.name = "schedule", .run = add_demo_schedule});
    // clients.merge: the merged record's bookings, courses and waitlist entries
    // move to the kept client (payments and fees follow their appointments).
    // Two bookings of the two records at the same time make the overlap guard
    // refuse the whole merge.
    context.add_client_merge_step({
        .name = "scheduling.bookings",
        .run = [](CommandContext& ctx, std::string_view keep, std::string_view other) -> Result<std::int64_t> {
            std::int64_t moved = 0;
            for (const char* table : {"sched_appointments", "sched_courses", "sched_waitlist"}) {
                ctx.db.query(std::string("UPDATE ") + table + " SET client_id = ? WHERE client_id = ?", keep, other)
                    .run();
                moved += ctx.db.changes();
            }
            return moved;
        },
    });
    return true;
}

} // namespace fascia::scheduling
