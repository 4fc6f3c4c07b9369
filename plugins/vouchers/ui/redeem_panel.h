#pragma once
// Looking a voucher up by its code — checked as it is typed, so a mistyped
// code is caught before anyone searches — and redeeming it at checkout, with
// the balance left shown. Owners and admins refund and void here; the owner
// extends an expiry.
#include "widgets.h"

#include <QWidget>

#include <optional>

namespace fascia::vouchers::ui {

class RedeemPanel : public QWidget {
public:
    RedeemPanel(Vouchers vouchers, QWidget* parent);

    /// Shows the voucher with this code (as if typed).
    void look_up(const QString& code);
    /// Redeems what the form says (the Redeem button).
    void redeem();

private:
    void code_changed();
    void show_voucher(const Voucher& v);
    void hide_voucher();
    void reload();
    /// Opens the refund, void or extend dialog for the voucher shown.
    void open_action(const QString& which);

    Vouchers v_;
    QLineEdit* code_;
    MessageLabel* state_;
    QGroupBox* details_;
    QLabel* status_;
    QLabel* balance_;
    QLabel* what_;
    QLabel* people_;
    QLabel* dates_;
    QLabel* message_;
    QTableWidget* ledger_;
    QGroupBox* redeem_box_;
    QLineEdit* amount_;
    QLabel* amount_hint_;
    QLineEdit* appointment_;
    QLineEdit* reference_;
    QPushButton* redeem_;
    MessageLabel* result_;
    QPushButton* refund_;
    QPushButton* void_;
    QPushButton* extend_;
    std::optional<Voucher> current_;
};

} // namespace fascia::vouchers::ui
