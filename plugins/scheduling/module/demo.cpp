#include "scheduling_module.h"

namespace fascia::scheduling {

Result<void> add_demo_schedule(Clinic&, const DemoOptions&)
{
    return {};
}

} // namespace fascia::scheduling
