#include "screening_wizard.h"

#include <fascia/clients.h>

#include <QLabel>
#include <QVBoxLayout>

#include <map>

namespace fascia::intake::ui {

namespace json = boost::json;

namespace {

/// The answers a rule reads.
void read_by(const Predicate& p, std::vector<std::string>& ids)
{
    ids.insert(ids.end(), p.ids.begin(), p.ids.end());
    for (const auto& child : p.children)
        read_by(child, ids);
}

/// The pages questions go on, by the gravest finding a yes can raise.
enum Group { urgent, clearance, precaution, other, group_count };

Group group_of(std::string_view severity)
{
    if (severity == "urgent")
        return urgent;
    if (severity == "clearance")
        return clearance;
    if (severity == "precaution")
        return precaution;
    return other;
}

bool has_problem(const AnswerSheet& sheet)
{
    for (const auto* answer : sheet.answers())
        if (answer->asked() && !answer->problem().isEmpty())
            return true;
    return false;
}

} // namespace

// ---- QuestionsPage

QuestionsPage::QuestionsPage(desk::DeskContext& desk, bool yes_no, QWidget* parent) : QWizardPage(parent)
{
    sheet_ = new AnswerSheet(desk, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(sheet_);
    layout->addStretch(1);
    if (yes_no)
        layout->addWidget(keyboard_hint(this));
}

bool QuestionsPage::validatePage()
{
    return sheet_->check();
}

// ---- ResultPage

ResultPage::ResultPage(Intake intake, ScreeningWizard& wizard, QWidget* parent)
    : QWizardPage(parent), intake_(intake), wizard_(wizard)
{
    setTitle(tr("Result"));
    setSubTitle(tr("What the answers mean. Recording stores the screening for good: a correction is a new "
                   "screening."));
    banner_ = new ScreeningBanner(this);
    banner_->setObjectName("resultBanner");
    details_ = new QLabel(this);
    details_->setObjectName("resultDetails");
    details_->setWordWrap(true);
    details_->setTextFormat(Qt::RichText);
    error_ = new QLabel(this);
    error_->setObjectName("recordError");
    error_->setWordWrap(true);
    error_->setStyleSheet("color: #b00020;");
    error_->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(banner_);
    layout->addWidget(details_);
    layout->addWidget(error_);
    layout->addStretch(1);
}

void ResultPage::initializePage()
{
    error_->hide();
    auto evaluated = intake_.service.evaluate(wizard_.input());
    evaluated_ = evaluated.has_value();
    banner_->setVisible(evaluated_);
    details_->setVisible(evaluated_);
    if (!evaluated) {
        wizard_.mark_error(evaluated.error());
        show_error(tr("%1 Go back (Alt+B) to correct it.").arg(message_beside_field(evaluated.error())));
        emit completeChanged();
        return;
    }
    const auto& e = *evaluated;
    const auto* form = intake_.forms.find(e.form);
    banner_->show_content(banner_for(intake_.desk, form, e, std::nullopt));
    QString html = tr("<b>Condition:</b> %1").arg(Texts::condition_type(form, e.condition_type).toHtmlEscaped());
    html += QStringLiteral("<br>") + tr("<b>Course:</b> %1").arg(Texts::course(e.sessions_per_week).toHtmlEscaped());
    if (!e.advisories.empty()) {
        html += QStringLiteral("<br>") + tr("<b>Advice for the client:</b>")
                + QStringLiteral("<ul style=\"margin-top: 0px; margin-left: -24px;\">");
        for (const auto& a : e.advisories)
            html += QStringLiteral("<li>%1</li>").arg(Texts::advisory(form, a).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    details_->setText(html);
    emit completeChanged();
}

bool ResultPage::isComplete() const
{
    return evaluated_;
}

void ResultPage::show_error(const QString& message)
{
    error_->setText(message);
    error_->show();
}

// ---- ScreeningWizard

ScreeningWizard::ScreeningWizard(Intake intake, QString client_id, QWidget* parent)
    : QWizard(parent), intake_(intake), client_id_(std::move(client_id)), form_(intake.forms.forms().back())
{
    setObjectName("screeningWizard");
    const auto client = find_client(intake_.desk.clinic().db(), ss(client_id_));
    setWindowTitle(tr("New screening: %1").arg(client ? qs(client->display_name()) : client_id_));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("&Record screening"));
    setMinimumSize(760, 600);

    // The dates.
    auto* dates = new QuestionsPage(intake_.desk, false, this);
    dates->setTitle(tr("Dates"));
    dates->setSubTitle(tr("When this screening is taken and when the current symptoms started (DD/MM/YYYY)."));
    for (const auto& d : form_.dates()) {
        auto* answer = dates->sheet()->add_date(qs(d.id), qs(d.text));
        if (d.id == "assessed_on")
            answer->set_date(clinic_today(intake_.desk));
    }
    pages_.push_back(dates);

    // The questions, on pages by the gravest finding a yes can raise.
    std::map<std::string, Group, std::less<>> groups;
    for (const auto& rule : form_.flag_rules()) {
        std::vector<std::string> ids;
        read_by(rule.when, ids);
        for (const auto& id : ids) {
            const Group g = group_of(rule.severity);
            if (const auto it = groups.find(id); it == groups.end() || g < it->second)
                groups[id] = g;
        }
    }
    std::vector<QuestionsPage*> by_group(group_count, nullptr);
    const auto page_for = [&](Group g) {
        if (!by_group[g]) {
            auto* page = new QuestionsPage(intake_.desk, true, this);
            switch (g) {
            case urgent:
                page->setTitle(tr("Emergency signs"));
                page->setSubTitle(tr("Any yes means the client needs emergency care now, not treatment."));
                break;
            case clearance:
                page->setTitle(tr("Signs that need a doctor first"));
                page->setSubTitle(tr("Any yes means no hands-on treatment until a doctor has cleared the client."));
                break;
            case precaution:
                page->setTitle(tr("Precautions"));
                page->setSubTitle(tr("These decide how the client may be treated, and by whom."));
                break;
            default:
                page->setTitle(tr("About the problem"));
                page->setSubTitle(tr("Diagnosis, self-care so far, and how bad the pain is today."));
                break;
            }
            by_group[g] = page;
        }
        return by_group[g];
    };
    for (const auto& q : form_.questions()) {
        if (!q.asked_when.empty())
            continue; // follows the question it depends on
        const auto found = groups.find(q.id);
        auto* sheet = page_for(found == groups.end() ? other : found->second)->sheet();
        const auto add = [&](const Question& question) -> Answer* {
            const QString field = QStringLiteral("answers.") + qs(question.id);
            if (question.type == AnswerType::boolean)
                return sheet->add_yes_no(field, qs(question.text));
            return sheet->add_number(field, qs(question.text), static_cast<int>(question.min),
                                     static_cast<int>(question.max));
        };
        Answer* asked_first = add(q);
        for (const auto& follow_up : form_.questions()) {
            if (follow_up.asked_when != q.id)
                continue;
            Answer* child = add(follow_up);
            child->set_asked(false);
            auto* yes_no = qobject_cast<YesNoAnswer*>(asked_first);
            connect(asked_first, &Answer::changed, child, [yes_no, child] {
                child->set_asked(yes_no && yes_no->answer() == true);
            });
        }
    }
    for (auto* page : by_group)
        if (page)
            pages_.push_back(page);
    for (std::size_t i = 0; i < pages_.size(); ++i)
        setPage(static_cast<int>(i), pages_[i]);
    result_ = new ResultPage(intake_, *this, this);
    setPage(static_cast<int>(pages_.size()), result_);

    // Each page opens on its first question still to answer.
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id < 0 || id >= static_cast<int>(pages_.size()))
            return;
        for (auto* answer : pages_[static_cast<std::size_t>(id)]->sheet()->answers()) {
            if (answer->asked() && !answer->problem().isEmpty()) {
                answer->focus_answer();
                return;
            }
        }
    });
}

json::object ScreeningWizard::input() const
{
    json::object input{{"form", form_.id()}};
    json::object answers;
    const QString prefix = QStringLiteral("answers.");
    for (const auto* page : pages_) {
        for (const auto* answer : page->sheet()->answers()) {
            if (answer->field().startsWith(prefix))
                answers[ss(answer->field().mid(prefix.size()))] = answer->value();
            else
                input[ss(answer->field())] = answer->value();
        }
    }
    input["answers"] = std::move(answers);
    return input;
}

Answer* ScreeningWizard::answer(const QString& field) const
{
    for (const auto* page : pages_)
        if (auto* a = page->sheet()->find(field))
            return a;
    return nullptr;
}

int ScreeningWizard::page_of(const Answer* answer) const
{
    for (std::size_t i = 0; i < pages_.size(); ++i)
        for (const auto* a : pages_[i]->sheet()->answers())
            if (a == answer)
                return static_cast<int>(i);
    return -1;
}

void ScreeningWizard::go_to_page(int id)
{
    while (currentId() > id)
        back();
    while (currentId() >= 0 && currentId() < id) {
        const int before = currentId();
        next();
        if (currentId() == before)
            break; // that page refused: it shows why
    }
}

Answer* ScreeningWizard::mark_error(const Error& error)
{
    Answer* a = answer(qs(error.field));
    if (a)
        a->show_error(message_beside_field(error));
    return a;
}

void ScreeningWizard::show_error(const Error& error)
{
    Answer* a = answer(qs(error.field));
    if (!a) {
        go_to_page(static_cast<int>(pages_.size()));
        result_->show_error(message_beside_field(error));
        return;
    }
    go_to_page(page_of(a));
    a->show_error(message_beside_field(error));
    a->focus_answer();
}

bool ScreeningWizard::record()
{
    // Every page, not only the one showing: Finish may be reached by any route.
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        if (has_problem(*pages_[i]->sheet())) {
            go_to_page(static_cast<int>(i));
            pages_[i]->sheet()->check();
            return false;
        }
    }
    auto outcome = intake_.desk.execute(
        "intake.record", json::object{{"client_id", ss(client_id_)}, {"screening", input()}});
    if (!outcome) {
        show_error(outcome.error());
        return false;
    }
    recorded_id_ = qs(std::string(outcome->result.at("id").as_string()));
    return true;
}

void ScreeningWizard::done(int result)
{
    if (result == QDialog::Accepted && recorded_id_.isEmpty() && !record())
        return;
    QWizard::done(result);
}

} // namespace fascia::intake::ui
