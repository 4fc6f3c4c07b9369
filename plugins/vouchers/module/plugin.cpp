// The vouchers plugin's entry point.
#include "contributions.h"

#include <fascia/plugin.h>

namespace {

class VouchersPlugin final : public fascia::Plugin {
public:
    bool initialize(fascia::PluginContext& context, std::string&) override
    {
        fascia::vouchers::contribute(context);
        return true;
    }
    void extensions_initialized(fascia::PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(VouchersPlugin)
