// The intake plugin's entry point: checks its rules files, then contributes.
#include "contributions.h"

#include <fascia/plugin.h>

namespace {

class IntakePlugin final : public fascia::Plugin {
public:
    bool initialize(fascia::PluginContext& context, std::string& error) override
    {
        // A broken rules file would misjudge clients: refuse to start instead.
        const auto& forms = fascia::intake::FormLibrary::builtin();
        if (!forms) {
            error = forms.error().message;
            return false;
        }
        fascia::intake::contribute(context, *forms);
        return true;
    }
    void extensions_initialized(fascia::PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(IntakePlugin)
