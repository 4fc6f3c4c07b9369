// The vouchers module's desk plugin: adds the Gift vouchers page.
#include "vouchers_page.h"

#include <fascia/plugin.h>

#include <memory>
#include <stdexcept>

namespace {

using namespace fascia;
using namespace fascia::vouchers;

class VouchersDeskPage final : public desk::Page {
public:
    QString title() const override { return QObject::tr("Gift vouchers"); }
    // Therapists may redeem at their own check-out; what else shows follows the commands' roles.
    std::vector<Role> roles() const override { return all_roles(); }
    int order() const override { return 40; }
    QWidget* create(desk::DeskContext& desk, QWidget* parent) override
    {
        // Looked up each time rather than held, so nothing here outlives the module's service.
        const auto* service = desk.clinic().extensions().services.get<VoucherService>(service_id);
        if (!service)
            throw std::runtime_error("the vouchers module's service is not running: `fascia plugins` says why");
        return new ui::VouchersPage(ui::Vouchers{desk, *service}, parent);
    }
};

class VouchersDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string& error) override
    {
        if (!context.service(service_id)) {
            error = "the vouchers module's service " + std::string(service_id)
                    + " is not running: `fascia plugins` says why";
            return false;
        }
        std::shared_ptr<desk::Page> page = std::make_shared<VouchersDeskPage>();
        context.add_service(std::string(desk::page_prefix) + "vouchers", std::move(page));
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(VouchersDeskPlugin)
