// The intake module's desk plugin: adds the Screening tab to the client file.
#include "client_banner.h"
#include "screening_tab.h"

#include <fascia/plugin.h>

#include <memory>
#include <stdexcept>

namespace {

using namespace fascia;
using namespace fascia::intake;

class ScreeningClientTab final : public desk::ClientTab {
public:
    explicit ScreeningClientTab(const FormLibrary& forms) : forms_(forms) {}
    QString title() const override { return ui::Texts::tab_title(); }
    // Everyone at the desk may read a status (booking needs it); the buttons follow the commands' roles.
    std::vector<Role> roles() const override { return all_roles(); }
    int order() const override { return 10; }
    bool needs_health_consent() const override { return true; }
    QWidget* create(desk::DeskContext& desk, const QString& client_id, QWidget* parent) override
    {
        // Looked up each time rather than held, so nothing here outlives the module's service.
        const auto* service = desk.clinic().extensions().services.get<IntakeService>(service_id);
        if (!service)
            throw std::runtime_error("the intake module's service is not running: `fascia plugins` says why");
        return new ui::ScreeningTab(ui::Intake{desk, *service, forms_}, client_id, parent);
    }

private:
    const FormLibrary& forms_;
};

class IntakeDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string& error) override
    {
        if (!context.service(service_id)) {
            error = "the intake module's service " + std::string(service_id)
                    + " is not running: `fascia plugins` says why";
            return false;
        }
        // The questions and their words come from the rules files, read by the module's own code.
        const auto& forms = FormLibrary::builtin();
        if (!forms) {
            error = forms.error().message;
            return false;
        }
        if (forms->forms().empty()) {
            error = "this build has no intake forms";
            return false;
        }
        std::shared_ptr<desk::ClientTab> tab = std::make_shared<ScreeningClientTab>(*forms);
        context.add_service(std::string(desk::client_tab_prefix) + "intake-screening", std::move(tab));
        // The screening's disposition and restrictions in the client file's header and the booking dialog.
        std::shared_ptr<desk::ClientBanner> banner = std::make_shared<ui::IntakeClientBanner>(*forms);
        context.add_service(std::string(desk::client_banner_prefix) + "intake", std::move(banner));
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(IntakeDeskPlugin)
