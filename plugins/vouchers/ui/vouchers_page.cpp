#include "vouchers_page.h"

#include "liability_panel.h"
#include "redeem_panel.h"
#include "sell_panel.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace fascia::vouchers::ui {

VouchersPage::VouchersPage(Vouchers vouchers, QWidget* parent) : QWidget(parent)
{
    setObjectName("vouchersPage");
    auto* title = heading(tr("Gift vouchers"), this, 1.4);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("vouchersTabs");
    // Every role that sees the page may look a voucher up; the rest follows the commands' roles.
    redeem_ = new RedeemPanel(vouchers, tabs_);
    redeem_->setObjectName("redeemPanel");
    tabs_->addTab(redeem_, tr("Look up && &redeem"));
    if (vouchers.may(sell_command)) {
        sell_ = new SellPanel(vouchers, tabs_);
        sell_->setObjectName("sellPanel");
        tabs_->addTab(sell_, tr("&Sell"));
    }
    if (vouchers.may(write_off_command)) {
        liability_ = new LiabilityPanel(vouchers, tabs_);
        liability_->setObjectName("liabilityPanel");
        tabs_->addTab(liability_, tr("&Liability"));
    }
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int) {
        // Sales and redemptions in the other tabs change what is owed.
        if (liability_ && tabs_->currentWidget() == liability_)
            liability_->refresh();
        if (auto* w = tabs_->currentWidget())
            w->setFocus();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(tabs_, 1);
    setFocusProxy(tabs_);
}

} // namespace fascia::vouchers::ui
