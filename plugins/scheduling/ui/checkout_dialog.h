#pragma once
// Checking a client out at the desk: what is due on the appointment and what
// the client owes from others (late cancellation and no-show fees), payments
// split across cash, card, bank transfer and gift vouchers (a voucher shows
// its balance and takes only what is due), refunds, and the receipt printed or
// saved as a PDF. Every change is one scheduling.checkout or scheduling.refund
// command: an error is shown with its reason and nothing is half-done.
#include <fascia/desk/desk.h>
#include <fascia/money.h>

#include <QDialog>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace fascia::scheduling::ui {

/// The checkout dialog for one appointment; the calendar and the Today page open it.
class CheckoutDialog : public QDialog {
    Q_OBJECT
public:
    /// `appointment_id`: a sched_appointments id; an unknown one shows the error in the dialog.
    CheckoutDialog(desk::DeskContext& desk, QString appointment_id, QWidget* parent = nullptr);

signals:
    /// A payment was taken or a refund made: the page behind shows it at once.
    void money_changed();

private:
    /// A payment added but not yet taken.
    struct Pending {
        std::string method;       ///< "cash", "card", "transfer" or "voucher"
        std::int64_t amount = 0;  ///< minor units of the bill's currency
        std::string code;         ///< a voucher's canonical code
    };

    void refresh();
    void method_changed();
    void look_up_voucher();
    void add_payment();
    void take_payment();
    void refund();
    void print_receipt();
    void save_receipt();
    void fail(const Error& error);
    /// What is still to pay once the pending payments are taken.
    std::int64_t left_to_pay() const;
    /// "Payment taken.", each voucher's balance left, and the receipt offered.
    QString taken_text(const std::vector<Pending>& taken) const;
    QString money(std::int64_t minor) const;
    /// A new idempotency key: one per dialog opening and action, reused when that action is retried.
    static std::string new_key(const char* action);

    desk::DeskContext& desk_;
    std::string id_;
    std::string currency_;
    std::int64_t due_ = 0;              ///< this appointment's due plus the ticked ones' below
    std::vector<std::string> also_;     ///< other appointments ticked to be paid with this one
    std::int64_t voucher_balance_ = -1; ///< the looked-up voucher's, -1 when none
    std::string voucher_code_;          ///< its canonical code
    std::vector<Pending> pending_;
    std::string pay_key_, refund_key_;

    QLabel* summary_;
    QLabel* bill_;
    QLabel* due_label_;
    QLabel* owed_;
    QWidget* also_box_;                 ///< a tick box per other appointment with something due
    QWidget* paid_box_;
    QTableWidget* taken_;
    QTableWidget* pending_list_;
    QComboBox* method_;
    QLineEdit* amount_;
    QLineEdit* code_;
    QLabel* voucher_;
    QLabel* to_take_;
    QPushButton* add_;
    QPushButton* take_;
    QLineEdit* refund_amount_;
    QPushButton* refund_;
    QLabel* error_;
    QLabel* done_;
    QPushButton* print_;
    QPushButton* save_;
};

} // namespace fascia::scheduling::ui
