// The scheduling module's desk plugin: its pages, each registered by its own file.
#include "today_page.h"

#include <fascia/plugin.h>

namespace {

class SchedulingDeskPlugin final : public fascia::Plugin {
public:
    bool initialize(fascia::PluginContext& context, std::string&) override
    {
        fascia::scheduling::ui::add_today_page(context);
        return true;
    }
    void extensions_initialized(fascia::PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(SchedulingDeskPlugin)
