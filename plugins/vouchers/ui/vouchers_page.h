#pragma once
// The Gift vouchers page: look up and redeem, sell, and (for owners and
// admins) the liability view, as tabs; each tab only for the roles whose
// commands it runs.
#include "widgets.h"

#include <QWidget>

class QTabWidget;

namespace fascia::vouchers::ui {

class LiabilityPanel;
class RedeemPanel;
class SellPanel;

class VouchersPage : public QWidget {
public:
    VouchersPage(Vouchers vouchers, QWidget* parent);
    QTabWidget* tabs() const { return tabs_; }

private:
    QTabWidget* tabs_;
    RedeemPanel* redeem_ = nullptr;
    SellPanel* sell_ = nullptr;
    LiabilityPanel* liability_ = nullptr;
};

} // namespace fascia::vouchers::ui
