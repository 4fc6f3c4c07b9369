// The scheduling module's desk plugin: the Calendar page (first in the
// sidebar), the Today page and the checkout dialog both open.
#include "calendar_page.h"
#include "checkout_dialog.h"
#include "today_page.h"

#include <fascia/plugin.h>

#include <memory>

namespace {

using namespace fascia;

class CalendarDeskPage final : public desk::Page {
public:
    QString title() const override { return QObject::tr("Calendar"); }
    // Everyone at the desk works from it; its actions follow the commands' roles.
    std::vector<Role> roles() const override { return all_roles(); }
    // Before the core's Clients (10): the desk opens on the calendar.
    int order() const override { return 5; }
    QWidget* create(desk::DeskContext& desk, QWidget* parent) override
    {
        auto* page = new scheduling::ui::CalendarPage(desk, parent);
        // "Check out…" on a block opens the same dialog as the Today page, window-modal
        // (open, not exec: no nested event loop); the calendar shows each payment as it is taken.
        QObject::connect(page, &scheduling::ui::CalendarPage::checkout_requested, page,
                         [&desk, page](const QString& appointment_id) {
                             auto* dialog = new scheduling::ui::CheckoutDialog(desk, appointment_id, page);
                             dialog->setAttribute(Qt::WA_DeleteOnClose);
                             QObject::connect(dialog, &scheduling::ui::CheckoutDialog::money_changed, page,
                                              &scheduling::ui::CalendarPage::reload);
                             QObject::connect(dialog, &QDialog::finished, page, &scheduling::ui::CalendarPage::reload);
                             dialog->open();
                         });
        return page;
    }
};

class SchedulingDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string&) override
    {
        context.add_service(std::string(desk::page_prefix) + "scheduling",
                            std::shared_ptr<desk::Page>(std::make_shared<CalendarDeskPage>()));
        scheduling::ui::add_today_page(context);
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(SchedulingDeskPlugin)
