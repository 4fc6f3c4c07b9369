// The scheduling plugin's entry point.
#include "scheduling_module.h"

#include <fascia/plugin.h>

namespace {

class SchedulingPlugin final : public fascia::Plugin {
public:
    bool initialize(fascia::PluginContext& context, std::string& error) override
    {
        return fascia::scheduling::contribute(context, error);
    }
    void extensions_initialized(fascia::PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(SchedulingPlugin)
