#include "event_log.h"

#include <fascia/clock.h>

#include <iostream>

namespace fascia::syncd {

void log_event(std::string_view event)
{
    std::cerr << format_instant(SystemClock().now()) << " fascia-syncd: " << event << std::endl;
}

} // namespace fascia::syncd
