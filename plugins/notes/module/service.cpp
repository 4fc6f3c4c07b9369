// The notes module's contributions: migrations, settings, commands, the
// `fascia notes` CLI and the demo step. Scheduling's appointments and intake's
// baseline pain score are read from their tables (both declared dependencies,
// so their migrations run first); neither module is linked.
#include "notes_module.h"

namespace fascia::notes {

void contribute(PluginContext& context)
{
    context.add_migrations(notes_plugin::migrations());
    const Thresholds defaults;
    const auto setting = [&](std::string_view key, std::string_view label, double value, int min, int max) {
        context.add_setting({.key = std::string(key), .label = std::string(label),
                             .default_value = static_cast<std::int64_t>(value), .minimum = min, .maximum = max});
    };
    for (const auto& s : rule_settings)
        setting(s.key, s.label, defaults.*s.rule.*s.part, 0, s.maximum);
    setting(flag_after_setting, "Flag a client without meaningful improvement on the primary measure after this many sessions",
            defaults.flag_after_sessions, 1, 52);
    setting(primary_measure_setting,
            "The primary measure the flag watches: 1 pain now (NPRS), 2 worst pain in the past week, 3 Oswestry, "
            "4 PSFS, 5 Sciatica Bothersomeness",
            1, 1, static_cast<int>(all_measures().size()));
    add_commands(context);
    context.add_cli_command({
        .name = "notes",
        .summary = "Session notes and outcome measures: write, sign, amend, show and progress",
        .run = run_cli,
    });
    context.add_demo_step({.name = "notes", .run = add_demo_notes});
    // clients.merge: the merged record's notes (signed ones too: only the
    // client they belong to may change, see schema/notes) move to the kept client.
    context.add_client_merge_step({
        .name = "notes.notes",
        .run = [](CommandContext& ctx, std::string_view keep, std::string_view other) -> Result<std::int64_t> {
            ctx.db.query("UPDATE notes SET client_id = ? WHERE client_id = ?", keep, other).run();
            std::int64_t moved = ctx.db.changes();
            ctx.db.query("UPDATE notes_referrals SET client_id = ? WHERE client_id = ?", keep, other).run();
            return moved + ctx.db.changes();
        },
    });
}

} // namespace fascia::notes
