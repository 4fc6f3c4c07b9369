#include "clearance_dialog.h"

#include <fascia/clients.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::intake::ui {

ClearanceDialog::ClearanceDialog(Intake intake, QString client_id, QString screening_id, QWidget* parent)
    : QDialog(parent), intake_(intake), client_id_(std::move(client_id)), screening_id_(std::move(screening_id))
{
    setObjectName("clearanceDialog");
    const auto client = find_client(intake_.desk.clinic().db(), ss(client_id_));
    setWindowTitle(tr("Medical clearance: %1").arg(client ? qs(client->display_name()) : client_id_));
    setMinimumWidth(560);
    auto* intro = new QLabel(tr("Record this once the client's doctor has cleared them for hands-on "
                                "treatment. The clearance applies to the screening shown in the file."),
                             this);
    intro->setWordWrap(true);
    clinician_ = new QLineEdit(this);
    clinician_->setObjectName("clinician");
    clinician_->setPlaceholderText(tr("name and role, e.g. Dr Anjali Patel (GP)"));
    clinician_error_ = desk::error_label(this, "clinician/error");
    note_ = new QPlainTextEdit(this);
    note_->setObjectName("note");
    note_->setTabChangesFocus(true);
    note_->setPlaceholderText(tr("what the doctor said, and where the letter is filed"));
    note_->setFixedHeight(90);
    note_error_ = desk::error_label(this, "note/error");
    general_ = desk::error_label(this, "clearanceError");

    auto* form = new QFormLayout;
    auto* clinician_box = new QVBoxLayout;
    clinician_box->setSpacing(2);
    clinician_box->addWidget(clinician_);
    clinician_box->addWidget(clinician_error_);
    auto* clinician_caption = new QLabel(tr("&Cleared by"), this);
    clinician_caption->setBuddy(clinician_);
    form->addRow(clinician_caption, clinician_box);
    auto* note_box = new QVBoxLayout;
    note_box->setSpacing(2);
    note_box->addWidget(note_);
    note_box->addWidget(note_error_);
    auto* note_caption = new QLabel(tr("&Note"), this);
    note_caption->setBuddy(note_);
    form->addRow(note_caption, note_box);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* record = buttons->addButton(tr("&Record clearance"), QDialogButtonBox::AcceptRole);
    record->setObjectName("recordClearance");
    record->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(general_);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    clinician_->setFocus();
}

bool ClearanceDialog::save()
{
    clinician_error_->hide();
    note_error_->hide();
    general_->hide();
    auto outcome = intake_.desk.execute("intake.clear",
                                        {{"client_id", ss(client_id_)},
                                         {"screening_id", ss(screening_id_)},
                                         {"clinician", ss(clinician_->text().trimmed())},
                                         {"note", ss(note_->toPlainText().trimmed())}});
    if (!outcome) {
        const auto& field = outcome.error().field;
        QLabel* label = field == "clinician" ? clinician_error_ : field == "note" ? note_error_ : general_;
        label->setText(message_beside_field(outcome.error()));
        label->show();
        if (field == "clinician")
            clinician_->setFocus();
        else if (field == "note")
            note_->setFocus();
        return false;
    }
    accept();
    return true;
}

} // namespace fascia::intake::ui
