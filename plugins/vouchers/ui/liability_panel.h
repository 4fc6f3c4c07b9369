#pragma once
// The owner's view of what vouchers are worth to the clinic: what it owes as
// of a date, by age of voucher; what is past expiry and not yet written off
// (with the write-off); breakage over the last year; and sold and redeemed
// per month.
#include "widgets.h"

#include <QWidget>

namespace fascia::vouchers::ui {

class LiabilityPanel : public QWidget {
public:
    LiabilityPanel(Vouchers vouchers, QWidget* parent);

    /// Re-reads everything for the date chosen.
    void refresh();
    /// Writes off what has expired (after asking).
    void write_off();

private:
    Vouchers v_;
    QDateEdit* as_of_;
    QLabel* total_;
    QTableWidget* bands_;
    MessageLabel* expired_;
    QPushButton* write_off_;
    QLabel* breakage_;
    QTableWidget* activity_;
    MessageLabel* result_;
};

} // namespace fascia::vouchers::ui
