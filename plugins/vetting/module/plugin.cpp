// The vetting plugin's entry point.
#include "contributions.h"

#include <fascia/plugin.h>

namespace {

class VettingPlugin final : public fascia::Plugin {
public:
    bool initialize(fascia::PluginContext& context, std::string&) override
    {
        fascia::vetting::contribute(context);
        return true;
    }
    void extensions_initialized(fascia::PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(VettingPlugin)
