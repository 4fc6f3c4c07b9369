#include "redeem_panel.h"

#include <boost/json.hpp>

#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fascia::vouchers::ui {

namespace {

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

/// "+£50.00", "−£15.00", "–" for nothing: a ledger reads as additions and subtractions.
QString signed_money(const Vouchers& v, const Money& m)
{
    if (m.minor == 0)
        return QStringLiteral("–");
    const QString sign = m.minor > 0 ? QStringLiteral("+") : QStringLiteral("−");
    return sign + v.money(Money{m.minor > 0 ? m.minor : -m.minor, m.currency});
}

} // namespace

RedeemPanel::RedeemPanel(Vouchers vouchers, QWidget* parent) : QWidget(parent), v_(vouchers)
{
    code_ = new QLineEdit(this);
    code_->setObjectName("voucherCode");
    code_->setPlaceholderText("FAS-XXXX-XXXX-XXXX-X");
    code_->setClearButtonEnabled(true);
    QFont mono("DejaVu Sans Mono");
    mono.setPointSizeF(font().pointSizeF() * 1.35);
    code_->setFont(mono);
    code_->setMaximumWidth(360);
    auto* code_label = new QLabel(tr("Voucher &code"), this);
    code_label->setBuddy(code_);
    state_ = new MessageLabel("codeState", this);

    details_ = new QGroupBox(tr("Voucher"), this);
    details_->setObjectName("voucherDetails");
    status_ = new QLabel(details_);
    status_->setObjectName("voucherStatus");
    balance_ = heading(QString(), details_, 1.5);
    balance_->setObjectName("voucherBalance");
    what_ = new QLabel(details_);
    what_->setObjectName("voucherWhat");
    people_ = new QLabel(details_);
    people_->setObjectName("voucherPeople");
    people_->setWordWrap(true);
    dates_ = new QLabel(details_);
    dates_->setObjectName("voucherDates");
    message_ = new QLabel(details_);
    message_->setObjectName("voucherMessageShown");
    message_->setWordWrap(true);
    message_->setStyleSheet("color: #5f6f75; font-style: italic;");
    ledger_ = new QTableWidget(0, 6, details_);
    ledger_->setObjectName("voucherLedger");
    ledger_->setHorizontalHeaderLabels({tr("Date"), tr("What"), tr("Amount"), tr("Balance"), tr("By"), tr("Note")});
    ledger_->verticalHeader()->hide();
    ledger_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ledger_->horizontalHeader()->setStretchLastSection(true);
    ledger_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ledger_->setMinimumHeight(120);
    refund_ = new QPushButton(tr("Re&fund…"), details_);
    refund_->setObjectName("refundVoucher");
    void_ = new QPushButton(tr("V&oid…"), details_);
    void_->setObjectName("voidVoucher");
    extend_ = new QPushButton(tr("E&xtend…"), details_);
    extend_->setObjectName("extendVoucher");
    refund_->setVisible(v_.may(refund_command));
    void_->setVisible(v_.may(void_command));
    extend_->setVisible(v_.may(extend_command));
    auto* top = new QHBoxLayout;
    auto* facts = new QVBoxLayout;
    facts->addWidget(status_);
    facts->addWidget(what_);
    facts->addWidget(people_);
    facts->addWidget(dates_);
    facts->addWidget(message_);
    top->addLayout(facts, 1);
    top->addWidget(balance_, 0, Qt::AlignTop | Qt::AlignRight);
    auto* actions = new QHBoxLayout;
    actions->addStretch(1);
    actions->addWidget(refund_);
    actions->addWidget(void_);
    actions->addWidget(extend_);
    auto* details_layout = new QVBoxLayout(details_);
    details_layout->addLayout(top);
    details_layout->addWidget(ledger_, 1);
    details_layout->addLayout(actions);

    redeem_box_ = new QGroupBox(tr("Redeem at checkout"), this);
    redeem_box_->setObjectName("redeemBox");
    amount_ = new QLineEdit(redeem_box_);
    amount_->setObjectName("redeemAmount");
    amount_->setMaximumWidth(140);
    amount_hint_ = new QLabel(redeem_box_);
    amount_hint_->setObjectName("redeemAmountHint");
    amount_hint_->setStyleSheet("color: #5f6f75;");
    auto* amount_row = new QHBoxLayout;
    amount_row->addWidget(amount_);
    amount_row->addWidget(amount_hint_, 1);
    reference_ = new QLineEdit(redeem_box_);
    reference_->setObjectName("redeemReference");
    reference_->setPlaceholderText(tr("what it pays for, e.g. 60-minute remedial massage, or retail: foam roller"));
    appointment_ = new QLineEdit(redeem_box_);
    appointment_->setObjectName("redeemAppointment");
    appointment_->setPlaceholderText(tr("optional"));
    appointment_->setToolTip(tr("Kept with the redemption as typed. Fascia checks it against the diary once "
                                "the scheduling module is installed."));
    redeem_ = new QPushButton(tr("&Redeem"), redeem_box_);
    redeem_->setObjectName("redeemVoucher");
    redeem_->setAutoDefault(true);
    auto* amount_label = new QLabel(tr("&Amount"), redeem_box_);
    amount_label->setBuddy(amount_); // a row holding a layout gets no buddy of its own
    auto* redeem_row = new QHBoxLayout;
    redeem_row->addWidget(redeem_);
    redeem_row->addStretch(1);
    auto* redeem_form = new QFormLayout(redeem_box_);
    redeem_form->addRow(amount_label, amount_row);
    redeem_form->addRow(tr("Pays &for"), reference_);
    redeem_form->addRow(tr("A&ppointment"), appointment_);
    redeem_form->addRow(QString(), redeem_row);
    result_ = new MessageLabel("redeemResult", this);

    auto* code_row = new QHBoxLayout;
    code_row->addWidget(code_label);
    code_row->addWidget(code_, 1);
    code_row->addStretch(0);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(code_row);
    layout->addWidget(state_);
    layout->addWidget(details_, 1);
    layout->addWidget(redeem_box_);
    layout->addWidget(result_);
    layout->addStretch(0);

    connect(code_, &QLineEdit::textChanged, this, [this] { code_changed(); });
    connect(redeem_, &QPushButton::clicked, this, [this] { redeem(); });
    connect(amount_, &QLineEdit::returnPressed, this, [this] { redeem(); });
    connect(reference_, &QLineEdit::returnPressed, this, [this] { redeem(); });
    connect(appointment_, &QLineEdit::returnPressed, this, [this] { redeem(); });
    connect(refund_, &QPushButton::clicked, this, [this] { open_action("refund"); });
    connect(void_, &QPushButton::clicked, this, [this] { open_action("void"); });
    connect(extend_, &QPushButton::clicked, this, [this] { open_action("extend"); });
    hide_voucher();
    code_changed();
    setFocusProxy(code_);
}

void RedeemPanel::look_up(const QString& code)
{
    code_->setText(code);
}

void RedeemPanel::code_changed()
{
    const auto check = v_.service.check_code(ss(code_->text()));
    const bool mistyped = check.state == CodeState::mistyped;
    code_->setProperty("mistyped", mistyped);
    code_->setStyleSheet(mistyped ? "QLineEdit { border: 2px solid #b00020; border-radius: 3px; padding: 2px; }"
                                  : QString());
    switch (check.state) {
    case CodeState::empty:
        state_->show_message(tr("Type the code printed on the voucher. Case does not matter, and O or I read as 0 "
                                "or 1."),
                             Tone::neutral);
        hide_voucher();
        return;
    case CodeState::incomplete:
        state_->show_message(tr("Keep typing: %1.").arg(qs(check.message)), Tone::neutral);
        hide_voucher();
        return;
    case CodeState::mistyped: {
        QString why = qs(check.message);
        if (why.startsWith("mistyped: "))
            why = why.mid(10);
        state_->show_message(tr("Mistyped: %1.").arg(why), Tone::bad);
        hide_voucher();
        return;
    }
    case CodeState::valid:
        break;
    }
    const auto found = v_.service.find(v_.desk.clinic().db(), check.code, v_.today());
    if (!found) {
        if (found.error().kind == ErrorKind::not_found)
            state_->show_message(tr("%1 is typed correctly, but no voucher of this clinic has it: check it against "
                                    "the voucher.")
                                     .arg(qs(check.code)),
                                 Tone::warning);
        else
            state_->show_message(qs(found.error().message), Tone::bad);
        hide_voucher();
        return;
    }
    state_->show_message(tr("Found %1.").arg(qs(found->code)), Tone::good);
    show_voucher(*found);
}

void RedeemPanel::hide_voucher()
{
    current_.reset();
    details_->hide();
    redeem_box_->hide();
}

void RedeemPanel::show_voucher(const Voucher& v)
{
    current_ = v;
    const bool active = v.status == "active";
    status_->setText(tr("<b>%1</b> · %2").arg(qs(v.code), status_text(v.status)));
    status_->setProperty("status", qs(v.status));
    balance_->setText(tr("%1 left").arg(v_.money(v.balance)));
    balance_->setStyleSheet(active ? "color: #2d6a4f;" : "color: #5f6f75;");
    what_->setText(v.service_name ? tr("For one %1 (sold at %2)").arg(qs(*v.service_name), v_.money(v.face_value))
                                  : tr("Value %1").arg(v_.money(v.face_value)));
    QString people = tr("Bought by %1").arg(qs(v.purchaser));
    if (!v.recipient.empty())
        people += tr(" for %1").arg(qs(v.recipient));
    people_->setText(people);
    dates_->setText(tr("Sold %1 · valid through %2").arg(v_.date(v.sold_on), v_.date(v.expires_on)));
    message_->setText(v.message.empty() ? QString() : QStringLiteral("“%1”").arg(qs(v.message)));
    message_->setVisible(!v.message.empty());

    ledger_->setRowCount(static_cast<int>(v.ledger.size()));
    for (std::size_t i = 0; i < v.ledger.size(); ++i) {
        const auto& e = v.ledger[i];
        QStringList notes;
        if (e.expires_on)
            notes << tr("to %1").arg(v_.date(*e.expires_on));
        if (!e.reference.empty())
            notes << qs(e.reference);
        if (e.appointment_id)
            notes << tr("appointment %1").arg(qs(*e.appointment_id));
        if (!e.reason.empty())
            notes << qs(e.reason);
        const int row = static_cast<int>(i);
        const auto right = Qt::AlignRight | Qt::AlignVCenter;
        ledger_->setItem(row, 0, cell(v_.date(e.effective_on)));
        ledger_->setItem(row, 1, cell(entry_text(e.kind)));
        ledger_->setItem(row, 2, cell(signed_money(v_, e.amount), right));
        ledger_->setItem(row, 3, cell(v_.money(e.balance_after), right));
        ledger_->setItem(row, 4, cell(qs(e.recorded_by)));
        ledger_->setItem(row, 5, cell(notes.join(" · ")));
    }
    details_->show();

    const bool may_redeem = v_.may(redeem_command);
    redeem_box_->setVisible(may_redeem);
    redeem_box_->setEnabled(active && may_redeem);
    if (v.service_name) {
        amount_->setText(v_.money(v.balance));
        amount_->setEnabled(false);
        amount_hint_->setText(tr("a service voucher pays for one %1, whole").arg(qs(*v.service_name)));
    } else {
        amount_->clear();
        amount_->setEnabled(true);
        amount_->setPlaceholderText(tr("up to %1").arg(v_.money(v.balance)));
        amount_hint_->setText(active ? tr("partial amounts are fine; the rest stays on the voucher")
                                     : tr("this voucher cannot be redeemed: it is %1").arg(status_text(v.status).toLower()));
    }
    refund_->setEnabled(v.status != "void" && v.balance.minor > 0);
    void_->setEnabled(v.status != "void");
    extend_->setEnabled(v.status == "active" || v.status == "expired");
}

void RedeemPanel::reload()
{
    code_changed();
}

void RedeemPanel::redeem()
{
    if (!current_)
        return;
    boost::json::object p{{"code", current_->code}};
    if (!current_->service_name) {
        const QString amount = amount_typed(amount_->text());
        if (amount.isEmpty()) {
            result_->show_message(tr("Type the amount to take off the voucher (up to %1).").arg(v_.money(current_->balance)),
                                  Tone::bad);
            amount_->setFocus();
            return;
        }
        p["amount"] = ss(amount);
    }
    if (!reference_->text().trimmed().isEmpty())
        p["reference"] = ss(reference_->text().trimmed());
    if (!appointment_->text().trimmed().isEmpty())
        p["appointment_id"] = ss(appointment_->text().trimmed());
    redeem_->setEnabled(false); // one click, one redemption
    const auto outcome = v_.execute(redeem_command, std::move(p));
    redeem_->setEnabled(true);
    if (!outcome) {
        result_->show_message(qs(outcome.error().message), Tone::bad);
        return;
    }
    const auto& r = outcome->result;
    const auto currency = std::string(r.at("currency").as_string());
    const auto money_of = [&](const char* key) {
        return v_.money(*Money::parse(std::string(r.at(key).as_string()), currency));
    };
    result_->show_message(tr("Redeemed %1 from %2: %3 left.")
                              .arg(money_of("redeemed"), qs(current_->code), money_of("balance")),
                          Tone::good);
    amount_->clear();
    reference_->clear();
    appointment_->clear();
    reload();
}

void RedeemPanel::open_action(const QString& which)
{
    if (!current_)
        return;
    const Voucher v = *current_;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(which + "Dialog");
    auto* form = new QFormLayout(dialog);
    QLineEdit* amount = nullptr;
    QDateEdit* to = nullptr;
    auto* reason = new QLineEdit(dialog);
    reason->setObjectName("actionReason");
    if (which == "refund") {
        dialog->setWindowTitle(tr("Refund %1").arg(qs(v.code)));
        amount = new QLineEdit(dialog);
        amount->setObjectName("refundAmount");
        amount->setText(qs(v.balance.amount_text()));
        amount->setEnabled(!v.service_name); // a service voucher is refunded whole
        form->addRow(tr("&Amount back to the purchaser"), amount);
    } else if (which == "void") {
        dialog->setWindowTitle(tr("Void %1").arg(qs(v.code)));
        form->addRow(new QLabel(tr("Voiding takes the %1 left off the voucher for good.").arg(v_.money(v.balance)),
                                dialog));
        reason->setPlaceholderText(tr("required: why, for the ledger"));
    } else {
        dialog->setWindowTitle(tr("Extend %1").arg(qs(v.code)));
        to = new QDateEdit(dialog);
        to->setObjectName("extendTo");
        to->setCalendarPopup(true);
        to->setDisplayFormat("dd/MM/yyyy");
        const QDate current = QDate::fromString(qs(v.expires_on), Qt::ISODate);
        const auto t = v_.today();
        const QDate today(int(t.year()), static_cast<int>(unsigned(t.month())), static_cast<int>(unsigned(t.day())));
        to->setMinimumDate(std::max(current, today).addDays(1));
        to->setDate(std::max(current, today).addMonths(3));
        form->addRow(tr("Valid &through"), to);
        if (v.status == "expired" && v.balance.minor == 0)
            form->addRow(new QLabel(tr("The value written off at expiry comes back onto the voucher."), dialog));
    }
    form->addRow(tr("&Reason"), reason);
    auto* error = new MessageLabel("actionError", dialog);
    form->addRow(error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setObjectName("actionOk");
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [=, this] {
        boost::json::object p{{"code", v.code}};
        std::string_view type;
        if (which == "refund") {
            type = refund_command;
            p["amount"] = ss(amount_typed(amount->text()));
        } else if (which == "void") {
            type = void_command;
        } else {
            type = extend_command;
            p["expires_on"] = ss(to->date().toString(Qt::ISODate));
        }
        if (!reason->text().trimmed().isEmpty())
            p["reason"] = ss(reason->text().trimmed());
        const auto outcome = v_.execute(type, std::move(p));
        if (!outcome) {
            error->show_message(qs(outcome.error().message), Tone::bad);
            return; // stays open to correct
        }
        dialog->accept();
        result_->show_message(which == "refund" ? tr("Refunded. The ledger below shows it.")
                              : which == "void" ? tr("Voided. The ledger below shows it.")
                                                : tr("Extended. The ledger below shows it."),
                              Tone::good);
        reload();
    });
    dialog->open();
}

} // namespace fascia::vouchers::ui
