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
    const auto setting = [&](std::string_view key, std::string label, int value, int min, int max) {
        context.add_setting({.key = std::string(key), .label = std::move(label), .default_value = value,
                             .minimum = min, .maximum = max});
    };
    setting(buffer_setting, "Minutes between one therapist's sessions", defaults.buffer_minutes, 0, 120);
    setting(course_weeks_setting, "Weeks in a course of care", defaults.course_weeks, 1, 52);
    setting(min_hours_apart_setting, "Hours at least between sessions of a course", defaults.min_hours_apart, 1, 168);
    setting(late_cancel_setting, "A client's cancellation within this many hours is late", defaults.late_cancel_hours,
            0, 168);
    setting(offers_setting, "Waiting clients offered a freed slot", defaults.waitlist_offers, 1, 20);
    setting(offer_expiry_setting, "Minutes a waitlist offer stays open", defaults.offer_expiry_minutes, 5, 2880);
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
