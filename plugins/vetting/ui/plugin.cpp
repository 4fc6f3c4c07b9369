// The vetting module's desk plugin: adds the Therapists page to the sidebar.
#include "therapists_page.h"

#include <fascia/plugin.h>

#include <memory>
#include <stdexcept>

namespace {

using namespace fascia;
using namespace fascia::vetting;

class TherapistsDeskPage final : public desk::Page {
public:
    QString title() const override { return ui::Texts::page_title(); }
    // Every role reads statuses and eligibility (the desk books by them); the
    // file and the buttons follow the module's read rules and commands' roles.
    std::vector<Role> roles() const override { return all_roles(); }
    int order() const override { return 30; }
    QWidget* create(desk::DeskContext& desk, QWidget* parent) override
    {
        // Looked up each time rather than held, so nothing here outlives the module's service.
        const auto* service = desk.clinic().extensions().services.get<VettingService>(service_id);
        if (!service)
            throw std::runtime_error("the vetting module's service is not running: `fascia plugins` says why");
        return new ui::TherapistsPage(ui::Vetting{desk, *service}, parent);
    }
};

class VettingDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string& error) override
    {
        if (!context.service(service_id)) {
            error = "the vetting module's service " + std::string(service_id)
                    + " is not running: `fascia plugins` says why";
            return false;
        }
        std::shared_ptr<desk::Page> page = std::make_shared<TherapistsDeskPage>();
        context.add_service(std::string(desk::page_prefix) + "vetting-therapists", std::move(page));
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(VettingDeskPlugin)
