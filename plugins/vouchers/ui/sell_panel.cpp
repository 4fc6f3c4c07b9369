#include "sell_panel.h"

#include <fascia/catalogue.h>

#include <boost/json.hpp>

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace fascia::vouchers::ui {

namespace {

constexpr int message_limit = 400; // what vouchers.sell accepts, and what fits on the printed card

QDate qdate(std::chrono::year_month_day d)
{
    return QDate(int(d.year()), static_cast<int>(unsigned(d.month())), static_cast<int>(unsigned(d.day())));
}

QDate qdate(std::string_view iso)
{
    return QDate::fromString(qs(iso), Qt::ISODate);
}

} // namespace

SellPanel::SellPanel(Vouchers vouchers, QWidget* parent) : QWidget(parent), v_(vouchers)
{
    auto* form_box = new QGroupBox(tr("New gift voucher"), this);
    by_amount_ = new QRadioButton(tr("An &amount"), form_box);
    by_amount_->setObjectName("voucherByAmount");
    by_service_ = new QRadioButton(tr("A &service"), form_box);
    by_service_->setObjectName("voucherByService");
    amount_ = new QLineEdit(form_box);
    amount_->setObjectName("voucherAmount");
    amount_->setPlaceholderText(tr("e.g. 50.00"));
    amount_->setMaximumWidth(140);
    service_ = new QComboBox(form_box);
    service_->setObjectName("voucherService");
    for (const auto& s : list_services(v_.desk.clinic().db()))
        service_->addItem(tr("%1 (%2)").arg(qs(s.name), v_.money(s.price)), qs(s.id));
    auto* kind_row = new QHBoxLayout;
    kind_row->addWidget(by_amount_);
    kind_row->addWidget(amount_);
    kind_row->addSpacing(18);
    kind_row->addWidget(by_service_);
    kind_row->addWidget(service_, 1);

    purchaser_ = new QLineEdit(form_box);
    purchaser_->setObjectName("voucherPurchaser");
    purchaser_->setPlaceholderText(tr("who is paying"));
    recipient_ = new QLineEdit(form_box);
    recipient_->setObjectName("voucherRecipient");
    recipient_->setPlaceholderText(tr("printed on the voucher (optional)"));
    message_ = new QPlainTextEdit(form_box);
    message_->setObjectName("voucherMessage");
    message_->setTabChangesFocus(true);
    message_->setPlaceholderText(tr("a personal message, printed on the voucher (optional)"));
    message_->setFixedHeight(70);
    message_count_ = new QLabel(form_box);
    message_count_->setStyleSheet("color: #5f6f75;");
    paid_by_ = new QComboBox(form_box);
    paid_by_->setObjectName("voucherPaidBy");
    for (const auto& [text, id] : {std::pair{tr("Card"), "card"}, {tr("Cash"), "cash"},
                                   {tr("Bank transfer"), "bank_transfer"}, {tr("Online"), "online"},
                                   {tr("Complimentary (no payment)"), "complimentary"}})
        paid_by_->addItem(text, QString(id));
    expires_ = new QDateEdit(form_box);
    expires_->setObjectName("voucherExpires");
    expires_->setCalendarPopup(true);
    expires_->setDisplayFormat("dd/MM/yyyy");
    expiry_hint_ = new QLabel(form_box);
    expiry_hint_->setObjectName("expiryHint");
    expiry_hint_->setStyleSheet("color: #5f6f75;");
    auto* expiry_row = new QHBoxLayout;
    expiry_row->addWidget(expires_);
    expiry_row->addWidget(expiry_hint_, 1);

    auto* form = new QFormLayout(form_box);
    form->addRow(tr("Buys"), kind_row);
    form->addRow(tr("&Bought by"), purchaser_);
    form->addRow(tr("&For"), recipient_);
    form->addRow(tr("&Message"), message_);
    form->addRow(QString(), message_count_);
    form->addRow(tr("&Paid by"), paid_by_);
    auto* expiry_label = new QLabel(tr("&Valid through"), form_box);
    expiry_label->setBuddy(expires_); // a row holding a layout gets no buddy of its own
    form->addRow(expiry_label, expiry_row);

    sell_ = new QPushButton(tr("Sell &voucher"), this);
    sell_->setObjectName("sellVoucher");
    sell_->setDefault(true);
    sell_->setAutoDefault(true);
    error_ = new MessageLabel("sellError", this);

    sold_box_ = new QGroupBox(tr("Sold"), this);
    sold_box_->setObjectName("soldBox");
    sold_code_ = new QLabel(sold_box_);
    sold_code_->setObjectName("soldCode");
    sold_code_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont mono("DejaVu Sans Mono");
    mono.setPointSizeF(font().pointSizeF() * 1.6);
    mono.setBold(true);
    sold_code_->setFont(mono);
    sold_summary_ = new QLabel(sold_box_);
    sold_summary_->setObjectName("soldSummary");
    sold_summary_->setWordWrap(true);
    auto* save = new QPushButton(tr("Save as &PDF…"), sold_box_);
    save->setObjectName("savePdf");
    auto* another = new QPushButton(tr("Sell a&nother"), sold_box_);
    another->setObjectName("sellAnother");
    pdf_result_ = new MessageLabel("pdfResult", sold_box_);
    auto* sold_buttons = new QHBoxLayout;
    sold_buttons->addWidget(save);
    sold_buttons->addWidget(another);
    sold_buttons->addStretch(1);
    auto* sold_layout = new QVBoxLayout(sold_box_);
    sold_layout->addWidget(sold_code_);
    sold_layout->addWidget(sold_summary_);
    sold_layout->addLayout(sold_buttons);
    sold_layout->addWidget(pdf_result_);
    sold_box_->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(sell_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(form_box);
    layout->addLayout(buttons);
    layout->addWidget(error_);
    layout->addWidget(sold_box_);
    layout->addStretch(1);

    connect(by_amount_, &QRadioButton::toggled, this, [this] { kind_changed(); });
    connect(by_service_, &QRadioButton::toggled, this, [this] { kind_changed(); });
    connect(message_, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = message_->toPlainText();
        if (text.toUtf8().size() > message_limit) {
            // Keep what fits (the command counts UTF-8 bytes); the cursor stays at the end.
            QString kept = text;
            while (kept.toUtf8().size() > message_limit)
                kept.chop(1);
            message_->setPlainText(kept);
            message_->moveCursor(QTextCursor::End);
            return;
        }
        message_count_->setText(tr("%1 of %2 characters").arg(text.toUtf8().size()).arg(message_limit));
    });
    connect(sell_, &QPushButton::clicked, this, [this] { sell(); });
    connect(amount_, &QLineEdit::returnPressed, this, [this] { sell(); });
    connect(purchaser_, &QLineEdit::returnPressed, this, [this] { sell(); });
    connect(recipient_, &QLineEdit::returnPressed, this, [this] { sell(); });
    connect(save, &QPushButton::clicked, this, [this] { save_pdf(); });
    connect(another, &QPushButton::clicked, this, [this] {
        sold_box_->hide();
        amount_->setFocus();
    });
    setTabOrder(amount_, service_);
    reset();
    if (service_->count() == 0)
        by_service_->setEnabled(false);
}

void SellPanel::kind_changed()
{
    amount_->setEnabled(by_amount_->isChecked());
    service_->setEnabled(by_service_->isChecked());
}

void SellPanel::refresh_expiry_hint()
{
    const int term = v_.service.default_term_months(v_.desk.clinic().db());
    const QDate standard = qdate(v_.today()).addMonths(term);
    expires_->setMinimumDate(standard); // a longer expiry is allowed, a shorter one never
    expires_->setDate(standard);
    expiry_hint_->setText(tr("%1: the clinic's term; choose a later date to give longer")
                              .arg(count_of(term, tr("month"), tr("months"))));
}

void SellPanel::reset()
{
    by_amount_->setChecked(true);
    kind_changed();
    amount_->clear();
    purchaser_->clear();
    recipient_->clear();
    message_->clear();
    message_count_->setText(tr("0 of %1 characters").arg(message_limit));
    paid_by_->setCurrentIndex(0);
    refresh_expiry_hint();
    error_->show_message({}, Tone::neutral);
}

void SellPanel::sell()
{
    boost::json::object p{{"code", v_.service.new_code()},
                          {"purchaser", ss(purchaser_->text().trimmed())},
                          {"paid_by", ss(paid_by_->currentData().toString())}};
    if (by_amount_->isChecked()) {
        if (amount_typed(amount_->text()).isEmpty()) {
            error_->show_message(tr("Type the voucher's value, e.g. 50.00."), Tone::bad);
            amount_->setFocus();
            return;
        }
        p["amount"] = ss(amount_typed(amount_->text()));
    } else {
        p["service_id"] = ss(service_->currentData().toString());
    }
    if (purchaser_->text().trimmed().isEmpty()) {
        error_->show_message(tr("Who bought the voucher? Their name goes in “Bought by”."), Tone::bad);
        purchaser_->setFocus();
        return;
    }
    if (!recipient_->text().trimmed().isEmpty())
        p["recipient"] = ss(recipient_->text().trimmed());
    if (!message_->toPlainText().trimmed().isEmpty())
        p["message"] = ss(message_->toPlainText().trimmed());
    if (expires_->date() != expires_->minimumDate())
        p["expires_on"] = ss(expires_->date().toString(Qt::ISODate));

    sell_->setEnabled(false); // one click, one voucher
    const auto outcome = v_.execute(sell_command, std::move(p));
    sell_->setEnabled(true);
    if (!outcome) {
        const auto& e = outcome.error();
        error_->show_message(qs(e.message), Tone::bad);
        if (e.field == "amount")
            amount_->setFocus();
        else if (e.field == "purchaser")
            purchaser_->setFocus();
        return;
    }
    const std::string code(outcome->result.at("code").as_string());
    const auto sold = v_.service.find(v_.desk.clinic().db(), code, v_.today());
    if (!sold) {
        error_->show_message(tr("The voucher %1 was sold, but cannot be read back: %2")
                                 .arg(qs(code), qs(sold.error().message)),
                             Tone::bad);
        return;
    }
    const auto settings = v_.desk.clinic().settings();
    VoucherPrint print{qs(settings.name),
                       qs(settings.address),
                       qs(sold->code),
                       sold->service_name ? qs(*sold->service_name) : v_.money(sold->face_value),
                       sold->service_name.has_value(),
                       qs(sold->recipient),
                       qs(sold->purchaser),
                       qs(sold->message),
                       QLocale().toString(qdate(sold->expires_on), "d MMMM yyyy")};
    last_ = print;
    sold_code_->setText(print.code);
    QString summary = sold->service_name
                          ? tr("One %1 (sold at %2)").arg(print.value, v_.money(sold->face_value))
                          : print.value;
    if (!print.recipient.isEmpty())
        summary += tr(" for %1").arg(print.recipient);
    summary += tr(", valid through %1. Paid: %2.").arg(v_.date(sold->expires_on), paid_by_->currentText());
    sold_summary_->setText(summary);
    pdf_result_->show_message({}, Tone::neutral);
    sold_box_->show();
    reset();
    sold_box_->setFocus();
}

QString SellPanel::write_pdf(const QString& path) const
{
    if (!last_)
        return tr("Sell a voucher first.");
    return write_voucher_pdf(path, *last_);
}

void SellPanel::save_pdf()
{
    if (!last_)
        return;
    QFileDialog dialog(this, tr("Save the gift voucher as a PDF"));
    dialog.setObjectName("voucherPdfDialog");
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setOption(QFileDialog::DontUseNativeDialog); // the same dialog on every desk (and offscreen)
    dialog.setNameFilter(tr("PDF (*.pdf)"));
    dialog.setDefaultSuffix("pdf");
    dialog.setDirectory(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    dialog.selectFile(tr("Gift voucher %1.pdf").arg(last_->code));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().front();
    const QString problem = write_pdf(path);
    if (problem.isEmpty())
        pdf_result_->show_message(tr("Saved to %1: open it to print or email it.").arg(path), Tone::good);
    else
        pdf_result_->show_message(problem, Tone::bad);
}

} // namespace fascia::vouchers::ui
