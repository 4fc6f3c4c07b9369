#include "answers.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>

#include <algorithm>

namespace fascia::intake::ui {

namespace json = boost::json;

// ---- Answer

Answer::Answer(QString field, QWidget* parent) : QWidget(parent), field_(std::move(field))
{
    setObjectName(field_);
}

void Answer::set_asked(bool asked)
{
    if (asked == asked_)
        return;
    asked_ = asked;
    if (!asked)
        clear();
    clear_error();
    setVisible(asked);
    if (question_)
        question_->setVisible(asked);
}

void Answer::show_error(const QString& message)
{
    if (!error_)
        return;
    error_->setText(message);
    error_->show();
}

void Answer::clear_error()
{
    if (error_)
        error_->hide();
}

QString Answer::error() const
{
    return error_ && !error_->isHidden() ? error_->text() : QString();
}

// ---- YesNoAnswer

YesNoAnswer::YesNoAnswer(const QString& field, QWidget* parent) : Answer(field, parent)
{
    yes_ = new QRadioButton(tr("Yes"), this);
    yes_->setObjectName(field + "/yes");
    no_ = new QRadioButton(tr("No"), this);
    no_->setObjectName(field + "/no");
    group_ = new QButtonGroup(this);
    group_->setExclusive(true);
    group_->addButton(yes_);
    group_->addButton(no_);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(18);
    layout->addWidget(yes_);
    layout->addWidget(no_);
    setFocusProxy(yes_);
    connect(group_, &QButtonGroup::buttonToggled, this, [this](QAbstractButton*, bool checked) {
        if (!checked)
            return;
        clear_error();
        emit changed();
    });
}

std::optional<bool> YesNoAnswer::answer() const
{
    if (yes_->isChecked())
        return true;
    if (no_->isChecked())
        return false;
    return std::nullopt;
}

json::value YesNoAnswer::value() const
{
    const auto a = asked() ? answer() : std::nullopt;
    return a ? json::value(*a) : json::value(nullptr);
}

QString YesNoAnswer::problem() const
{
    return answer() ? QString() : Texts::unanswered();
}

void YesNoAnswer::focus_answer()
{
    (no_->isChecked() ? no_ : yes_)->setFocus(Qt::TabFocusReason);
}

void YesNoAnswer::clear()
{
    // An exclusive group never lets its last checked button go: lift that for a moment.
    group_->setExclusive(false);
    yes_->setChecked(false);
    no_->setChecked(false);
    group_->setExclusive(true);
    emit changed();
}

void YesNoAnswer::keyPressEvent(QKeyEvent* event)
{
    // The radio buttons pass on keys they do not use: Y and N answer and move on.
    if (event->key() == Qt::Key_Y || event->key() == Qt::Key_N) {
        auto* button = event->key() == Qt::Key_Y ? yes_ : no_;
        button->setFocus(Qt::ShortcutFocusReason);
        button->click();
        emit answered_by_key();
        event->accept();
        return;
    }
    Answer::keyPressEvent(event);
}

// ---- NumberAnswer

NumberAnswer::NumberAnswer(const QString& field, int min, int max, QWidget* parent)
    : Answer(field, parent), min_(min), max_(max)
{
    spin_ = new QSpinBox(this);
    spin_->setObjectName(field + "/number");
    // One below the range stands for "not answered yet", so no number is ever pre-filled.
    spin_->setRange(min - 1, max);
    spin_->setSpecialValueText(tr("Not answered"));
    spin_->setValue(min - 1);
    spin_->setFocusPolicy(Qt::StrongFocus); // the mouse wheel changes it only when focused
    spin_->setMinimumWidth(130);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(spin_);
    layout->addStretch(1);
    setFocusProxy(spin_);
    connect(spin_, &QSpinBox::valueChanged, this, [this](int v) {
        if (v >= min_)
            clear_error();
        emit changed();
    });
}

json::value NumberAnswer::value() const
{
    if (!asked() || spin_->value() < min_)
        return nullptr;
    return static_cast<std::int64_t>(spin_->value());
}

QString NumberAnswer::problem() const
{
    if (spin_->value() < min_)
        return tr("Answer this question: a whole number from %1 to %2.").arg(min_).arg(max_);
    return {};
}

void NumberAnswer::focus_answer()
{
    spin_->setFocus(Qt::TabFocusReason);
    spin_->selectAll();
}

void NumberAnswer::clear()
{
    spin_->setValue(min_ - 1);
}

// ---- DateAnswer

DateAnswer::DateAnswer(const QString& field, desk::DeskContext& desk, QWidget* parent)
    : Answer(field, parent), desk_(desk)
{
    edit_ = new QLineEdit(this);
    edit_->setObjectName(field + "/date");
    edit_->setPlaceholderText(tr("DD/MM/YYYY"));
    edit_->setMaximumWidth(160);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit_);
    layout->addStretch(1);
    setFocusProxy(edit_);
    connect(edit_, &QLineEdit::textChanged, this, [this] {
        clear_error();
        emit changed();
    });
}

json::value DateAnswer::value() const
{
    const auto date = read_typed_date(edit_->text());
    if (!asked() || !date)
        return nullptr;
    return json::value(format_date(*date));
}

QString DateAnswer::problem() const
{
    if (edit_->text().trimmed().isEmpty())
        return tr("Enter the date (DD/MM/YYYY).");
    if (!read_typed_date(edit_->text()))
        return tr("“%1” is not a date: enter it as DD/MM/YYYY, for example %2.")
            .arg(edit_->text().trimmed(), desk_.date(format_date(clinic_today(desk_))));
    return {};
}

void DateAnswer::focus_answer()
{
    edit_->setFocus(Qt::TabFocusReason);
    edit_->selectAll();
}

void DateAnswer::clear()
{
    edit_->clear();
}

void DateAnswer::set_date(std::chrono::year_month_day date)
{
    edit_->setText(desk_.date(format_date(date)));
}

// ---- AnswerSheet

QLabel* keyboard_hint(QWidget* parent)
{
    auto* hint = new QLabel(AnswerSheet::tr("From the keyboard: Y answers yes and N no, each moving on to the "
                                            "next question; Tab moves; Enter goes on."),
                            parent);
    hint->setObjectName("keyboardHint");
    hint->setWordWrap(true);
    hint->setStyleSheet("color: #5f6b73;");
    return hint;
}

AnswerSheet::AnswerSheet(desk::DeskContext& desk, QWidget* parent) : QWidget(parent), desk_(desk)
{
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setHorizontalSpacing(24);
    grid_->setVerticalSpacing(2);
    grid_->setColumnStretch(0, 1);
}

YesNoAnswer* AnswerSheet::add_yes_no(const QString& field, const QString& question)
{
    auto* answer = new YesNoAnswer(field, this);
    add(answer, question);
    return answer;
}

NumberAnswer* AnswerSheet::add_number(const QString& field, const QString& question, int min, int max)
{
    auto* answer = new NumberAnswer(field, min, max, this);
    add(answer, question);
    return answer;
}

DateAnswer* AnswerSheet::add_date(const QString& field, const QString& question)
{
    auto* answer = new DateAnswer(field, desk_, this);
    add(answer, question);
    return answer;
}

void AnswerSheet::add(Answer* answer, const QString& question)
{
    // With a buddy (so assistive technology names the answer by its question), "&" marks a
    // shortcut: the rules' texts have none, so every "&" is shown as written.
    auto* label = new QLabel(QString(question).replace(QLatin1Char('&'), QStringLiteral("&&")), this);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setBuddy(answer);
    label->setMinimumHeight(28);
    auto* error = new QLabel(this);
    error->setObjectName(answer->field() + "/error");
    error->setWordWrap(true);
    error->setStyleSheet("color: #b00020;");
    error->hide();
    answer->question_ = label;
    answer->error_ = error;
    const int row = grid_->rowCount();
    grid_->addWidget(label, row, 0);
    grid_->addWidget(answer, row, 1, Qt::AlignLeft | Qt::AlignVCenter);
    grid_->addWidget(error, row + 1, 0, 1, 2);
    answers_.push_back(answer);
    connect(answer, &Answer::changed, this, &AnswerSheet::changed);
    connect(answer, &Answer::answered_by_key, this, [this, answer] {
        const auto it = std::find(answers_.begin(), answers_.end(), answer);
        for (auto next = it + 1; next != answers_.end(); ++next) {
            if ((*next)->asked()) {
                (*next)->focus_answer();
                return;
            }
        }
    });
}

Answer* AnswerSheet::find(const QString& field) const
{
    for (auto* answer : answers_)
        if (answer->field() == field)
            return answer;
    return nullptr;
}

bool AnswerSheet::check()
{
    Answer* first = nullptr;
    for (auto* answer : answers_) {
        answer->clear_error();
        if (!answer->asked())
            continue;
        const QString problem = answer->problem();
        if (problem.isEmpty())
            continue;
        answer->show_error(problem);
        if (!first)
            first = answer;
    }
    if (first)
        first->focus_answer();
    return first == nullptr;
}

void AnswerSheet::clear_errors()
{
    for (auto* answer : answers_)
        answer->clear_error();
}

} // namespace fascia::intake::ui
