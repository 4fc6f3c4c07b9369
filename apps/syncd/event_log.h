#pragma once
// The daemon's log: one line per event on stderr, with a UTC timestamp.
// Lines name connections, devices and refusal codes; never a message's
// payload, a token or anything from a clinical record.
#include <string_view>

namespace fascia::syncd {

/// Writes "<UTC time> fascia-syncd: <event>" and flushes.
void log_event(std::string_view event);

} // namespace fascia::syncd
