// The reporting module's desk plugin: adds the Reports page.
#include "reports_page.h"

#include <fascia/plugin.h>

#include <memory>
#include <stdexcept>

namespace {

using namespace fascia;
using namespace fascia::reporting;

class ReportsDeskPage final : public desk::Page {
public:
    QString title() const override { return QObject::tr("Reports"); }
    // Every role the owner may grant; the page itself says when the user's role is not granted.
    std::vector<Role> roles() const override { return all_roles(); }
    int order() const override { return 80; }
    QWidget* create(desk::DeskContext& desk, QWidget* parent) override
    {
        // Looked up each time rather than held, so nothing here outlives the module's service.
        const auto* service = desk.clinic().extensions().services.get<ReportingService>(service_id);
        if (!service)
            throw std::runtime_error("the reporting module's service is not running: `fascia plugins` says why");
        return new ui::ReportsPage(desk, *service, parent);
    }
};

class ReportsDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string& error) override
    {
        if (!context.service(service_id)) {
            error = "the reporting module's service " + std::string(service_id)
                    + " is not running: `fascia plugins` says why";
            return false;
        }
        std::shared_ptr<desk::Page> page = std::make_shared<ReportsDeskPage>();
        context.add_service(std::string(desk::page_prefix) + "reporting", std::move(page));
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(ReportsDeskPlugin)
