#include "checkout_dialog.h"

#include "checkout.h"
#include "json_text.h"

#include <fascia/desk/plugin_support.h>
#include <fascia/pdf.h>

#include <boost/json.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QTableWidget>
#include <QTextDocument>
#include <QUuid>
#include <QVBoxLayout>

namespace fascia::scheduling::ui {

namespace json = boost::json;
using desk::qs;
using desk::ss;

namespace {

QTableWidget* table(QWidget* parent, const char* name, const QStringList& headers)
{
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setMaximumHeight(120);
    return t;
}

void add_row(QTableWidget* t, const QStringList& cells)
{
    const int r = t->rowCount();
    t->insertRow(r);
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(r, c, new QTableWidgetItem(cells[c]));
}

/// The method's words at the desk, from the command's name for it.
QString method_words(const QString& method)
{
    if (method == "cash")
        return QObject::tr("Cash");
    if (method == "card")
        return QObject::tr("Card");
    if (method == "transfer")
        return QObject::tr("Bank transfer");
    if (method == "voucher")
        return QObject::tr("Gift voucher");
    return method;
}

const vouchers::VoucherService* voucher_service(desk::DeskContext& desk)
{
    return desk.clinic().extensions().services.get<vouchers::VoucherService>(vouchers::service_id);
}

} // namespace

CheckoutDialog::CheckoutDialog(desk::DeskContext& desk, QString appointment_id, QWidget* parent)
    : QDialog(parent), desk_(desk), id_(ss(appointment_id)), pay_key_(new_key("pay")), refund_key_(new_key("refund"))
{
    setObjectName("checkoutDialog");
    setWindowTitle(tr("Check out"));
    summary_ = new QLabel(this);
    summary_->setObjectName("checkoutSummary");
    summary_->setWordWrap(true);
    bill_ = new QLabel(this);
    bill_->setObjectName("checkoutBill");
    due_label_ = desk::heading(QString(), this, 1.5);
    due_label_->setObjectName("checkoutDue");
    owed_ = new QLabel(this);
    owed_->setObjectName("owedElsewhere");
    owed_->setWordWrap(true);
    owed_->setStyleSheet("color: #b35c00;");
    also_box_ = new QWidget(this);
    also_box_->setObjectName("alsoOwedBox");
    auto* also_layout = new QVBoxLayout(also_box_);
    also_layout->setContentsMargins(12, 0, 0, 0);
    also_layout->setSpacing(2);

    paid_box_ = new QGroupBox(tr("Paid and refunded"), this);
    auto* paid_box = paid_box_;
    taken_ = table(paid_box, "takenPayments", {tr("What"), tr("Method"), tr("Amount"), tr("Voucher")});
    (new QVBoxLayout(paid_box))->addWidget(taken_);

    auto* pay_box = new QGroupBox(tr("Take payment"), this);
    method_ = new QComboBox(pay_box);
    method_->setObjectName("paymentMethod");
    for (const char* m : {"card", "cash", "transfer", "voucher"})
        method_->addItem(method_words(m), QString(m));
    amount_ = new QLineEdit(pay_box);
    amount_->setObjectName("paymentAmount");
    amount_->setMaximumWidth(120);
    code_ = new QLineEdit(pay_box);
    code_->setObjectName("voucherCode");
    code_->setPlaceholderText("FAS-XXXX-XXXX-XXXX-X");
    voucher_ = new QLabel(pay_box);
    voucher_->setObjectName("voucherBalance");
    add_ = new QPushButton(tr("&Add"), pay_box);
    add_->setObjectName("addPayment");
    pending_list_ = table(pay_box, "pendingPayments", {tr("Method"), tr("Amount"), tr("Voucher")});
    to_take_ = new QLabel(pay_box);
    to_take_->setObjectName("pendingTotal");
    take_ = new QPushButton(tr("&Take payment"), pay_box);
    take_->setObjectName("takePayment");
    take_->setDefault(true);
    auto* line = new QHBoxLayout;
    line->addWidget(method_);
    line->addWidget(code_, 1);
    line->addWidget(amount_);
    line->addWidget(add_);
    auto* pay_layout = new QVBoxLayout(pay_box);
    pay_layout->addLayout(line);
    pay_layout->addWidget(voucher_);
    pay_layout->addWidget(pending_list_);
    auto* take_line = new QHBoxLayout;
    take_line->addWidget(to_take_, 1);
    take_line->addWidget(take_);
    pay_layout->addLayout(take_line);

    auto* refund_box = new QGroupBox(tr("Refund"), this);
    refund_amount_ = new QLineEdit(refund_box);
    refund_amount_->setObjectName("refundAmount");
    refund_amount_->setPlaceholderText(tr("all that was paid"));
    refund_amount_->setMaximumWidth(160);
    refund_ = new QPushButton(tr("&Refund"), refund_box);
    refund_->setObjectName("refund");
    auto* refund_layout = new QHBoxLayout(refund_box);
    refund_layout->addWidget(new QLabel(tr("Amount"), refund_box));
    refund_layout->addWidget(refund_amount_);
    refund_layout->addWidget(refund_);
    refund_layout->addStretch();

    error_ = desk::error_label(this, "checkoutError");
    done_ = new QLabel(this);
    done_->setObjectName("checkoutDone");
    done_->setStyleSheet("color: #1b7a3a;");
    done_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    print_ = buttons->addButton(tr("&Print receipt…"), QDialogButtonBox::ActionRole);
    print_->setObjectName("printReceipt");
    save_ = buttons->addButton(tr("&Save receipt as PDF…"), QDialogButtonBox::ActionRole);
    save_->setObjectName("saveReceipt");

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(bill_);
    layout->addWidget(due_label_);
    layout->addWidget(owed_);
    layout->addWidget(also_box_);
    layout->addWidget(paid_box);
    layout->addWidget(pay_box);
    layout->addWidget(refund_box);
    layout->addStretch(1);
    layout->addWidget(error_);
    layout->addWidget(done_);
    layout->addWidget(buttons);

    connect(method_, &QComboBox::currentIndexChanged, this, [this] { method_changed(); });
    connect(code_, &QLineEdit::textEdited, this, [this] { look_up_voucher(); });
    connect(add_, &QPushButton::clicked, this, [this] { add_payment(); });
    connect(take_, &QPushButton::clicked, this, [this] { take_payment(); });
    connect(refund_, &QPushButton::clicked, this, [this] { refund(); });
    connect(print_, &QPushButton::clicked, this, [this] { print_receipt(); });
    connect(save_, &QPushButton::clicked, this, [this] { save_receipt(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    take_->setEnabled(desk::may_run(desk_, "scheduling.checkout"));
    add_->setEnabled(take_->isEnabled());
    refund_->setEnabled(desk::may_run(desk_, "scheduling.refund"));
    refresh();
    method_changed();
    // As tall as what it shows (it grows when payments are listed), never a blank half.
    resize(640, sizeHint().height());
}

std::string CheckoutDialog::new_key(const char* action)
{
    return std::string("desk-") + action + "-" + ss(QUuid::createUuid().toString(QUuid::WithoutBraces));
}

QString CheckoutDialog::money(std::int64_t minor) const { return desk_.money(Money{minor, currency_}); }

std::int64_t CheckoutDialog::left_to_pay() const
{
    std::int64_t left = due_;
    for (const auto& p : pending_)
        left -= p.amount;
    return std::max<std::int64_t>(0, left);
}

void CheckoutDialog::refresh()
{
    auto& db = desk_.clinic().db();
    json::object receipt;
    try {
        receipt = receipt_json(db, dependencies_of(desk_.clinic().extensions()).vetting, id_);
    } catch (const Failure& f) { // an appointment that is not there
        fail(f.error());
        for (auto* w : std::initializer_list<QWidget*>{add_, take_, refund_})
            w->setEnabled(false);
        return;
    }
    currency_ = ss(text(receipt, "currency"));
    const auto amount = [&](std::string_view key) {
        const auto m = Money::parse(ss(text(receipt, key)), currency_);
        return m ? m->minor : 0;
    };
    const auto own = bill_of(db, id_);
    const auto now = desk_.clinic().clock().now();
    const auto start = text(receipt, "start"), end = text(receipt, "end");
    summary_->setText(QStringLiteral("<b>%1</b> — %2<br>%3 %4–%5 with %6")
                          .arg(text(receipt, "client").toHtmlEscaped(), text(receipt, "service").toHtmlEscaped(),
                               desk_.date(ss(start.left(10))), start.mid(11, 5), end.mid(11, 5),
                               text(receipt.at("therapist").as_object(), "name").toHtmlEscaped()));
    QString bill = tr("Charge %1").arg(money(amount("charge")));
    if (!receipt.at("fee_kind").is_null())
        bill += text(receipt, "fee_kind") == "no_show" ? tr(" (no-show fee)") : tr(" (late cancellation fee)");
    bill += tr(" · paid %1 · refunded %2").arg(money(amount("paid")), money(amount("refunded")));
    bill_->setText(bill);

    // What the client owes from other appointments (fees, unpaid sessions): each a
    // tick box that adds it to this payment (one checkout; each appointment gets its own payment).
    for (auto* old : also_box_->findChildren<QCheckBox*>(Qt::FindDirectChildrenOnly)) {
        // Later: this may run from the tick's own signal. Out of the box (and its layout) now.
        old->setParent(nullptr);
        old->deleteLater();
    }
    auto* also_layout = also_box_->layout();
    std::vector<std::string> still_ticked;
    std::int64_t also_due = 0;
    const auto balance = client_balance(db, own.client_id, now);
    for (const auto& line : balance.at("appointments").as_array()) {
        const auto& a = line.as_object();
        const auto due = Money::parse(ss(text(a, "due")), ss(text(a, "currency")));
        const auto other = ss(text(a, "appointment_id"));
        if (other == id_ || !due || due->minor == 0)
            continue;
        const QString why = a.at("fee_kind").is_null() ? text(a, "service")
                            : text(a, "fee_kind") == "no_show" ? tr("no-show fee")
                                                               : tr("late cancellation fee");
        auto* tick = new QCheckBox(tr("%1 for %2 on %3 — add to this payment")
                                       .arg(desk_.money(*due), why, desk_.date(ss(text(a, "start").left(10)))),
                                   also_box_);
        tick->setObjectName("alsoOwed");
        tick->setProperty("appointment", qs(other));
        // A different currency cannot share a bill; it is taken on its own appointment.
        tick->setEnabled(due->currency == currency_ && desk::may_run(desk_, "scheduling.checkout"));
        const bool ticked = std::find(also_.begin(), also_.end(), other) != also_.end() && tick->isEnabled();
        tick->setChecked(ticked);
        if (ticked) {
            still_ticked.push_back(other);
            also_due += due->minor;
        }
        connect(tick, &QCheckBox::toggled, this, [this, other](bool on) {
            std::erase(also_, other);
            if (on)
                also_.push_back(other);
            refresh();
        });
        also_layout->addWidget(tick);
    }
    also_ = std::move(still_ticked);
    const bool elsewhere = also_layout->count() > 0;
    owed_->setText(elsewhere ? tr("The client also owes:") : QString());
    owed_->setVisible(elsewhere);
    also_box_->setVisible(elsewhere);

    due_ = own.due() + also_due;
    if (due_ == 0)
        due_label_->setText(tr("Nothing due"));
    else if (also_due > 0)
        due_label_->setText(tr("Due %1 (%2 for this appointment, %3 also owed)")
                                .arg(money(due_), money(own.due()), money(also_due)));
    else if (own.due_at_session(now))
        // Still to come: paid at the session, not owed now (the client's balance says 0.00).
        due_label_->setText(tr("%1 due at the session").arg(money(due_)));
    else
        due_label_->setText(tr("Due %1").arg(money(due_)));

    taken_->setRowCount(0);
    for (const auto& p : receipt.at("payments").as_array()) {
        const auto& o = p.as_object();
        const auto m = Money::parse(ss(text(o, "amount")), currency_);
        add_row(taken_, {text(o, "direction") == "refund" ? tr("Refund") : tr("Payment"), method_words(text(o, "method")),
                         m ? money(m->minor) : text(o, "amount"), text(o, "voucher")});
    }
    paid_box_->setVisible(taken_->rowCount() > 0);
    // A receipt once something was paid (what an insurer asks for), not of nothing.
    print_->setEnabled(taken_->rowCount() > 0);
    save_->setEnabled(taken_->rowCount() > 0);
    pending_list_->setRowCount(0);
    for (const auto& p : pending_)
        add_row(pending_list_, {method_words(qs(p.method)), money(p.amount), qs(p.code)});
    pending_list_->setVisible(!pending_.empty());
    to_take_->setText(pending_.empty() ? tr("Add each payment, then take them together.")
                                       : tr("To take: %1 · left to pay after: %2")
                                             .arg(money(due_ - left_to_pay()), money(left_to_pay())));
    take_->setEnabled(!pending_.empty() && desk::may_run(desk_, "scheduling.checkout"));
    if (method_->currentData().toString() != "voucher")
        amount_->setText(left_to_pay() > 0 ? qs(Money{left_to_pay(), currency_}.amount_text()) : QString());
}

void CheckoutDialog::method_changed()
{
    const bool voucher = method_->currentData().toString() == "voucher";
    code_->setVisible(voucher);
    voucher_->setVisible(voucher);
    if (voucher)
        look_up_voucher();
    else
        amount_->setText(left_to_pay() > 0 ? qs(Money{left_to_pay(), currency_}.amount_text()) : QString());
}

void CheckoutDialog::look_up_voucher()
{
    voucher_balance_ = -1;
    voucher_code_.clear();
    const auto* service = voucher_service(desk_);
    if (!service) {
        voucher_->setText(tr("The gift vouchers module is not installed."));
        return;
    }
    const auto typed = ss(code_->text());
    if (typed.empty()) {
        voucher_->setText(tr("Type or scan the voucher's code."));
        return;
    }
    const auto check = service->check_code(typed);
    if (check.code.empty()) {
        voucher_->setText(qs(check.message));
        return;
    }
    auto& db = desk_.clinic().db();
    const auto found = service->find(db, check.code, service->clinic_date(db, desk_.clinic().clock().now()));
    if (!found) {
        voucher_->setText(qs(found.error().message));
        return;
    }
    voucher_code_ = found->code;
    if (found->status != "active") {
        voucher_->setText(tr("Voucher %1 is %2: it cannot pay.").arg(qs(found->code), qs(found->status)));
        return;
    }
    if (found->kind == "service") {
        voucher_balance_ = left_to_pay(); // a service voucher pays the session
        voucher_->setText(tr("Voucher for %1, valid through %2.")
                              .arg(qs(found->service_name.value_or("a session")), desk_.date(found->expires_on)));
    } else {
        voucher_balance_ = found->balance.minor;
        voucher_->setText(tr("Balance %1, valid through %2.")
                              .arg(desk_.money(found->balance), desk_.date(found->expires_on)));
    }
    // It takes only what is due: at most its balance and what is left to pay.
    const auto take = std::min(voucher_balance_, left_to_pay());
    amount_->setText(take > 0 ? qs(Money{take, currency_}.amount_text()) : QString());
}

void CheckoutDialog::add_payment()
{
    error_->hide();
    done_->clear();
    const auto method = ss(method_->currentData().toString());
    const auto amount = Money::parse(ss(amount_->text().trimmed()), currency_);
    if (!amount || amount->minor <= 0) {
        fail(invalid(ss(tr("'%1' is not an amount above zero in %2 (e.g. 45.00)").arg(amount_->text(), qs(currency_))),
                     "amount"));
        return;
    }
    if (amount->minor > left_to_pay()) {
        fail(invalid(ss(tr("more than is due: %1 is left to pay").arg(money(left_to_pay()))), "amount"));
        return;
    }
    if (method == "voucher") {
        if (voucher_code_.empty() || voucher_balance_ < 0) {
            fail(invalid(ss(tr("type a voucher's code that can pay")), "code"));
            return;
        }
        if (amount->minor > voucher_balance_) {
            fail(invalid(ss(tr("the voucher has only %1").arg(money(voucher_balance_))), "amount"));
            return;
        }
    }
    pending_.push_back({method, amount->minor, method == "voucher" ? voucher_code_ : std::string()});
    amount_->clear();
    code_->clear();
    voucher_->clear();
    voucher_code_.clear();
    voucher_balance_ = -1;
    refresh();
}

void CheckoutDialog::take_payment()
{
    if (pending_.empty())
        return;
    json::array payments;
    for (const auto& p : pending_) {
        json::object o{{"method", p.method}, {"amount", Money{p.amount, currency_}.amount_text()}};
        if (p.method == "voucher")
            o["code"] = p.code;
        payments.push_back(std::move(o));
    }
    // The same key until it succeeds: pressing again after a failure or a lost
    // answer cannot charge twice (the bus answers the first result).
    json::object payload{{"id", id_}, {"payments", payments}};
    if (!also_.empty())
        payload["also"] = json::array(also_.begin(), also_.end());
    auto outcome = desk_.execute("scheduling.checkout", std::move(payload), pay_key_);
    if (!outcome) {
        fail(outcome.error());
        return;
    }
    const auto taken = std::move(pending_);
    pending_.clear();
    also_.clear();
    pay_key_ = new_key("pay");
    error_->hide();
    refresh();
    done_->setText(taken_text(taken));
    emit money_changed();
}

QString CheckoutDialog::taken_text(const std::vector<Pending>& taken) const
{
    QStringList lines{tr("Payment taken.")};
    if (const auto* service = voucher_service(desk_)) {
        auto& db = desk_.clinic().db();
        for (const auto& p : taken)
            if (p.method == "voucher")
                if (const auto v = service->find(db, p.code, service->clinic_date(db, desk_.clinic().clock().now())))
                    lines << tr("Voucher %1 has %2 left.").arg(qs(v->code), desk_.money(v->balance));
    }
    lines << tr("Receipt: Print receipt… or Save receipt as PDF… below.");
    return lines.join(' ');
}

void CheckoutDialog::refund()
{
    error_->hide();
    done_->clear();
    json::object payload{{"id", id_}};
    if (!refund_amount_->text().trimmed().isEmpty())
        payload["amount"] = ss(refund_amount_->text().trimmed());
    auto outcome = desk_.execute("scheduling.refund", payload, refund_key_);
    if (!outcome) {
        fail(outcome.error());
        return;
    }
    refund_key_ = new_key("refund");
    refund_amount_->clear();
    const auto back = Money::parse(outcome->result.at("refunded_now").as_string().c_str(), currency_);
    refresh();
    done_->setText(tr("Refunded %1.").arg(back ? money(back->minor) : QString()));
    emit money_changed();
}

void CheckoutDialog::print_receipt()
{
    const auto receipt = receipt_json(desk_.clinic().db(), dependencies_of(desk_.clinic().extensions()).vetting, id_);
    const auto document = receipt_document(receipt);
    QPrinter printer;
    printer.setDocName(qs(document.title));
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QTextDocument text;
    text.setHtml(qs(document.html));
    text.print(&printer);
    done_->setText(tr("Receipt sent to the printer."));
}

void CheckoutDialog::save_receipt()
{
    const auto receipt = receipt_json(desk_.clinic().db(), dependencies_of(desk_.clinic().extensions()).vetting, id_);
    const QString suggested = QStringLiteral("receipt-%1-%2.pdf")
                                  .arg(text(receipt, "start").left(10), text(receipt, "client").replace(' ', '-'));
    const auto path = QFileDialog::getSaveFileName(this, tr("Save receipt as PDF"), suggested, tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    if (auto written = pdf::write(receipt_document(receipt), ss(path)); !written) {
        fail(written.error());
        return;
    }
    error_->hide();
    done_->setText(tr("Receipt saved to %1.").arg(path));
}

void CheckoutDialog::fail(const Error& error)
{
    QString reason = qs(error.message);
    if (!error.reason.empty())
        reason += QStringLiteral(" (%1)").arg(qs(error.reason));
    error_->setText(reason);
    error_->show();
}

} // namespace fascia::scheduling::ui
