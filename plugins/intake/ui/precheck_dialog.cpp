#include "precheck_dialog.h"

#include <fascia/clients.h>

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::intake::ui {

namespace json = boost::json;

PrecheckDialog::PrecheckDialog(Intake intake, QString client_id, const ScreeningForm& form, QWidget* parent)
    : QDialog(parent), intake_(intake), client_id_(std::move(client_id)), form_(form)
{
    setObjectName("precheckDialog");
    const auto client = find_client(intake_.desk.clinic().db(), ss(client_id_));
    setWindowTitle(tr("Pre-session check: %1").arg(client ? qs(client->display_name()) : client_id_));
    setMinimumWidth(680);
    auto* intro = new QLabel(tr("Ask before each session. Any yes records a new screening, and the client "
                                "cannot be booked until it is resolved."),
                             this);
    intro->setWordWrap(true);
    sheet_ = new AnswerSheet(intake_.desk, this);
    sheet_->add_date("checked_on", tr("Date of the check"))->set_date(clinic_today(intake_.desk));
    // What to ask comes from the service (the same list scheduling will ask); the words from the form.
    std::vector<std::string> ids;
    if (auto asked = intake_.service.precheck_questions(form_.id()))
        ids = std::move(*asked);
    for (const auto& id : ids) {
        QString text = qs(id);
        for (const auto& q : form_.precheck_questions())
            if (q.id == id)
                text = qs(q.text);
        sheet_->add_yes_no(QStringLiteral("answers.") + qs(id), text);
    }
    general_ = new QLabel(this);
    general_->setObjectName("precheckError");
    general_->setWordWrap(true);
    general_->setStyleSheet("color: #b00020;");
    general_->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* record = buttons->addButton(tr("&Record check"), QDialogButtonBox::AcceptRole);
    record->setObjectName("recordPrecheck");
    record->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addWidget(sheet_);
    layout->addWidget(general_);
    layout->addStretch(1);
    layout->addWidget(keyboard_hint(this));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (sheet_->answers().size() > 1)
        sheet_->answers()[1]->focus_answer();
}

bool PrecheckDialog::save()
{
    general_->hide();
    if (!sheet_->check())
        return false;
    json::object check{{"form", form_.id()}};
    json::object answers;
    const QString prefix = QStringLiteral("answers.");
    for (const auto* answer : sheet_->answers()) {
        if (answer->field().startsWith(prefix))
            answers[ss(answer->field().mid(prefix.size()))] = answer->value();
        else
            check[ss(answer->field())] = answer->value();
    }
    check["answers"] = std::move(answers);
    auto outcome = intake_.desk.execute("intake.precheck",
                                        json::object{{"client_id", ss(client_id_)}, {"precheck", check}});
    if (!outcome) {
        if (auto* answer = sheet_->find(qs(outcome.error().field))) {
            answer->show_error(message_beside_field(outcome.error()));
            answer->focus_answer();
        } else {
            general_->setText(message_beside_field(outcome.error()));
            general_->show();
        }
        return false;
    }
    precheck_id_ = qs(std::string(outcome->result.at("id").as_string()));
    accept();
    return true;
}

} // namespace fascia::intake::ui
