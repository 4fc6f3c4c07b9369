#include "client_form.h"

#include "formatting.h"

#include <fascia/clients.h>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::desk {

namespace {

QLabel* error_label(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setStyleSheet("color: #b00020;");
    label->setWordWrap(true);
    label->hide();
    return label;
}

} // namespace

ClientForm::ClientForm(DeskContext& desk, const QString& client_id, QWidget* parent)
    : QDialog(parent), desk_(desk), client_id_(client_id)
{
    setWindowTitle(client_id.isEmpty() ? tr("New client") : tr("Change client details"));
    setMinimumWidth(520);
    form_ = new QFormLayout;
    add_field("first_name", tr("&First name"));
    add_field("last_name", tr("&Last name"));
    add_field("preferred_name", tr("P&referred name"), tr("if they go by another name"));
    // Dates are typed and shown the clinic's way (day first in GB and AU, month first in the US).
    date_order_ = date_order_for(clinic_country(desk_.clinic().db()));
    add_field("date_of_birth", tr("&Date of birth"),
              tr("e.g. %1").arg(qs(format_date_in_order(std::chrono::year{1984} / 3 / 27, date_order_))));
    add_field("phone", tr("&Phone"));
    add_field("email", tr("&Email"));
    address_ = new QPlainTextEdit(this);
    address_->setTabChangesFocus(true);
    address_->setFixedHeight(60);
    address_error_ = error_label(this);
    auto* address_box = new QVBoxLayout;
    address_box->addWidget(address_);
    address_box->addWidget(address_error_);
    auto* address_caption = new QLabel(tr("&Address"), this);
    address_caption->setBuddy(address_);
    form_->addRow(address_caption, address_box);
    if (client_id.isEmpty()) {
        consent_ = new QCheckBox(tr("Consents to the clinic storing their &health data"), this);
        form_->addRow(QString(), consent_);
    }
    general_ = error_label(this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(general_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (!client_id.isEmpty()) {
        if (const auto c = find_client(desk_.clinic().db(), ss(client_id))) {
            fields_["first_name"]->setText(qs(c->first_name));
            fields_["last_name"]->setText(qs(c->last_name));
            fields_["preferred_name"]->setText(qs(c->preferred_name));
            fields_["date_of_birth"]->setText(format_date(c->date_of_birth, date_order_));
            fields_["phone"]->setText(qs(c->phone));
            fields_["email"]->setText(qs(c->email));
            address_->setPlainText(qs(c->address));
        }
    }
    fields_["first_name"]->setFocus();
}

void ClientForm::add_field(const QString& name, const QString& label, const QString& placeholder)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    auto* error = error_label(this);
    auto* box = new QVBoxLayout;
    box->setSpacing(2);
    box->addWidget(edit);
    box->addWidget(error);
    // A label made here (not by addRow) so its &-shortcut moves the focus to the field.
    auto* caption = new QLabel(label, this);
    caption->setBuddy(edit);
    form_->addRow(caption, box);
    fields_[name] = edit;
    errors_[name] = error;
}

QString ClientForm::error_for(const QString& name) const
{
    if (name == "address")
        return address_error_->isVisible() ? address_error_->text() : QString();
    const auto* label = errors_.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

QString ClientForm::general_error() const
{
    return general_->isHidden() ? QString() : general_->text();
}

bool ClientForm::save()
{
    for (auto* label : errors_)
        label->hide();
    address_error_->hide();
    general_->hide();
    boost::json::object payload;
    for (auto it = fields_.cbegin(); it != fields_.cend(); ++it) {
        const QString text = it.value()->text().trimmed();
        // A new client leaves empty fields out (the bus names the required ones); a change may clear them.
        if (!text.isEmpty() || !client_id_.isEmpty())
            payload[ss(it.key())] = ss(text);
    }
    payload["address"] = ss(address_->toPlainText().trimmed());
    if (const auto* dob = payload.if_contains("date_of_birth"); dob && !dob->as_string().empty()) {
        const auto date = parse_date_in_order(std::string(dob->as_string()), date_order_);
        if (!date) {
            auto* label = errors_.value("date_of_birth");
            label->setText(tr("%1 (like %2)")
                               .arg(qs(date.error().message),
                                    qs(format_date_in_order(std::chrono::year{1984} / 3 / 27, date_order_))));
            label->show();
            fields_["date_of_birth"]->setFocus();
            return false;
        }
        payload["date_of_birth"] = fascia::format_date(*date);
    }
    if (!client_id_.isEmpty()) {
        // A change never blanks the required fields: the bus says so instead.
        payload["id"] = ss(client_id_);
    } else if (consent_->isChecked()) {
        payload["health_consent"] = true;
    }
    auto outcome = desk_.execute(client_id_.isEmpty() ? "clients.create" : "clients.update", payload);
    if (!outcome) {
        const QString field = qs(outcome.error().field);
        QString message = qs(outcome.error().message);
        // "date_of_birth: is required" reads better under the field without its name.
        if (message.startsWith(field + ": "))
            message = message.mid(field.size() + 2);
        message[0] = message[0].toUpper();
        if (auto* label = errors_.value(field)) {
            label->setText(message);
            label->show();
            fields_[field]->setFocus();
            fields_[field]->selectAll();
        } else if (field == "address") {
            address_error_->setText(message);
            address_error_->show();
        } else {
            general_->setText(message);
            general_->show();
        }
        return false;
    }
    client_id_ = qs(std::string(outcome->result.at("id").as_string()));
    accept();
    return true;
}

} // namespace fascia::desk
