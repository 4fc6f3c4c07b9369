#include "entry_form.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::vetting::ui {

EntryForm::EntryForm(desk::DeskContext& desk, const QString& title, const QString& intro, std::string command,
                     boost::json::object fixed, std::vector<FormField> fields, QWidget* parent)
    : QDialog(parent), desk_(desk), command_(std::move(command)), fixed_(std::move(fixed)),
      fields_(std::move(fields))
{
    setObjectName(qs(command_));
    setWindowTitle(title);
    setMinimumWidth(520);
    auto* form = new QFormLayout;
    QWidget* first = nullptr;
    for (const auto& f : fields_) {
        const QString name = qs(f.name);
        QWidget* input = nullptr;
        if (f.kind == FormField::Kind::choice) {
            auto* combo = new QComboBox(this);
            for (const auto& [code, words] : f.choices)
                combo->addItem(words, qs(code));
            if (!f.initial.isEmpty())
                combo->setCurrentIndex(std::max(0, combo->findData(f.initial)));
            input = combo;
        } else {
            auto* edit = new QLineEdit(this);
            edit->setText(f.initial);
            edit->setPlaceholderText(f.placeholder);
            input = edit;
        }
        input->setObjectName(name);
        auto* error = error_label(this, name + "Error");
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(input);
        box->addWidget(error);
        // A label made here (not by addRow) so its &-shortcut moves the focus to the field.
        auto* caption = new QLabel(f.label, this);
        caption->setBuddy(input);
        form->addRow(caption, box);
        inputs_[name] = input;
        errors_[name] = error;
        if (!first)
            first = input;
    }
    general_ = error_label(this, QStringLiteral("formError"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    if (!intro.isEmpty()) {
        auto* text = new QLabel(intro, this);
        text->setObjectName(QStringLiteral("formIntro"));
        text->setWordWrap(true);
        layout->addWidget(text);
    }
    layout->addLayout(form);
    layout->addWidget(general_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (first)
        first->setFocus();
}

QString EntryForm::error_for(const QString& name) const
{
    const auto* label = errors_.value(name);
    return label && !label->isHidden() ? label->text() : QString();
}

QString EntryForm::general_error() const
{
    return general_->isHidden() ? QString() : general_->text();
}

void EntryForm::show_error(const QString& field, const QString& message)
{
    if (auto* label = errors_.value(field)) {
        label->setText(message);
        label->show();
        QWidget* input = inputs_.value(field);
        input->setFocus();
        if (auto* edit = qobject_cast<QLineEdit*>(input))
            edit->selectAll();
    } else {
        general_->setText(message);
        general_->show();
    }
    // A message wrapped over two lines needs a taller dialog; a window does not grow by itself for that.
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

bool EntryForm::save()
{
    for (auto* label : errors_)
        label->hide();
    general_->hide();
    boost::json::object payload = fixed_;
    for (const auto& f : fields_) {
        QWidget* input = inputs_.value(qs(f.name));
        if (auto* combo = qobject_cast<QComboBox*>(input)) {
            payload[f.name] = ss(combo->currentData().toString());
            continue;
        }
        const QString text = static_cast<QLineEdit*>(input)->text().trimmed();
        if (text.isEmpty() && f.optional)
            continue;
        if (f.kind == FormField::Kind::date && !text.isEmpty()) {
            // The module reads YYYY-MM-DD; a date the desk cannot read is said here, in the desk's words.
            const auto date = read_typed_date(text);
            if (!date) {
                show_error(qs(f.name), not_a_date(text, desk_));
                return false;
            }
            payload[f.name] = format_date(*date);
            continue;
        }
        // An empty required field goes as it is: the bus names it.
        payload[f.name] = ss(text);
    }
    auto outcome = desk_.execute(command_, payload);
    if (!outcome) {
        show_error(qs(outcome.error().field), message_beside_field(desk_, outcome.error()));
        return false;
    }
    result_ = outcome->result;
    accept();
    return true;
}

} // namespace fascia::vetting::ui
