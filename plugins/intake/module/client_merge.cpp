// The intake module's part of clients.merge: a client's screenings, medical
// clearances, pre-session checks and outcome measures follow them to the
// record kept, so the red-flag banner and the screening history are whole.
#include "contributions.h"

namespace fascia::intake {

void add_client_merge_step(PluginContext& context)
{
    context.add_client_merge_step({
        .name = "intake.records",
        .run = [](CommandContext& ctx, std::string_view keep, std::string_view other) -> Result<std::int64_t> {
            std::int64_t moved = 0;
            for (const char* table :
                 {"intake_screenings", "intake_clearances", "intake_prechecks", "intake_outcome_measures"}) {
                ctx.db.query(std::string("UPDATE ") + table + " SET client_id = ? WHERE client_id = ?", keep, other)
                    .run();
                moved += ctx.db.changes();
            }
            return moved;
        },
    });
}

} // namespace fascia::intake
