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
    const auto setting = [&](std::string_view key, std::string label, double value, int min, int max) {
        context.add_setting({.key = std::string(key), .label = std::move(label),
                             .default_value = static_cast<std::int64_t>(value), .minimum = min, .maximum = max});
    };
    setting(nprs_points_setting, "Pain (NPRS): a fall of this many points is a meaningful improvement",
            defaults.nprs.points, 0, 10);
    setting(nprs_percent_setting, "Pain (NPRS): or a fall of this percent of the baseline", defaults.nprs.percent, 0,
            100);
    setting(odi_points_setting, "Oswestry: a fall of this many points is a meaningful improvement", defaults.odi.points,
            0, 100);
    setting(odi_percent_setting, "Oswestry: or a fall of this percent of the baseline", defaults.odi.percent, 0, 100);
    setting(psfs_points_setting, "PSFS: a rise of this many points (average) is a meaningful improvement",
            defaults.psfs.points, 0, 10);
    setting(sbi_percent_setting, "Sciatica Bothersomeness: a fall of this percent is a meaningful improvement",
            defaults.sbi.percent, 0, 100);
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
