// The vouchers module's part of clients.merge: vouchers bought by the merged
// record now name the kept client as their purchaser.
#include "contributions.h"

namespace fascia::vouchers {

void add_client_merge_step(PluginContext& context)
{
    context.add_client_merge_step({
        .name = "vouchers.bought",
        .run = [](CommandContext& ctx, std::string_view keep, std::string_view other) -> Result<std::int64_t> {
            ctx.db.query("UPDATE vouchers SET purchaser_client_id = ? WHERE purchaser_client_id = ?", keep, other)
                .run();
            return std::int64_t{ctx.db.changes()};
        },
    });
}

} // namespace fascia::vouchers
