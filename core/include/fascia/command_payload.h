#pragma once
/// The first line of a command handler: the command's payload, read with
/// Payload, after unknown keys are refused (docs/MODULES.md, "Commands").
#include <fascia/commands.h>
#include <fascia/payload.h>

#include <initializer_list>
#include <string_view>

namespace fascia {

/// ctx's payload as a Payload. Throws Failure (invalid, exit 2, naming the key) when
/// the payload has a key not in `known`, before the handler reads or writes anything.
inline Payload payload_of(const CommandContext& ctx, std::initializer_list<std::string_view> known)
{
    Payload p(ctx.command.payload);
    p.only(known);
    return p;
}

} // namespace fascia
