#pragma once
// Selling a voucher at the desk: for an amount or a service, who bought it and
// for whom, the message, how it was paid and (optionally) a longer expiry;
// then the code, and the voucher as a PDF to print or email.
#include "voucher_pdf.h"
#include "widgets.h"

#include <QWidget>

#include <optional>

namespace fascia::vouchers::ui {

class SellPanel : public QWidget {
public:
    SellPanel(Vouchers vouchers, QWidget* parent);

    /// Sells what the form says (the Sell button).
    void sell();
    /// Asks where to save the last voucher sold, then writes its PDF there.
    void save_pdf();
    /// Writes the last voucher sold to path; an empty string on success.
    QString write_pdf(const QString& path) const;
    /// Clears the form for the next sale.
    void reset();

private:
    void kind_changed();
    void refresh_expiry_hint();

    Vouchers v_;
    std::optional<VoucherPrint> last_; ///< the last voucher sold, for its PDF
    QRadioButton* by_amount_;
    QRadioButton* by_service_;
    QLineEdit* amount_;
    QComboBox* service_;
    QLineEdit* purchaser_;
    QLineEdit* recipient_;
    QPlainTextEdit* message_;
    QLabel* message_count_;
    QComboBox* paid_by_;
    QDateEdit* expires_;
    QLabel* expiry_hint_;
    QPushButton* sell_;
    MessageLabel* error_;
    QGroupBox* sold_box_;
    QLabel* sold_code_;
    QLabel* sold_summary_;
    MessageLabel* pdf_result_;
};

} // namespace fascia::vouchers::ui
