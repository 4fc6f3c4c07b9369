#pragma once
// Answers on a form, each with its question and its error beside it. Every
// answer starts empty — no radio button is checked, no number or date filled
// in — because an unanswered red-flag question must never pass for a no.
#include "texts.h"

#include <boost/json/value.hpp>

#include <QWidget>

#include <vector>

class QButtonGroup;
class QGridLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace fascia::intake::ui {

/// One answer: its field ("answers.foot_drop", "symptom_onset"), value and error.
class Answer : public QWidget {
    Q_OBJECT
public:
    Answer(QString field, QWidget* parent);
    /// The name bus errors use for it.
    const QString& field() const { return field_; }
    /// The answer as the form stores it; null while unanswered (or not asked).
    virtual boost::json::value value() const = 0;
    /// What is wrong with it as it stands (empty: nothing); only asked answers are checked.
    virtual QString problem() const = 0;
    /// Puts the keyboard focus on it.
    virtual void focus_answer() = 0;
    /// Forgets the answer.
    virtual void clear() = 0;
    /// Whether the question is asked (a follow-up question is asked only after its yes).
    bool asked() const { return asked_; }
    void set_asked(bool asked);
    void show_error(const QString& message);
    void clear_error();
    QString error() const;

signals:
    void changed();
    /// Y or N was typed: the form moves on to the next question.
    void answered_by_key();

private:
    friend class AnswerSheet;
    QString field_;
    bool asked_ = true;
    QLabel* question_ = nullptr;
    QLabel* error_ = nullptr;
};

/// A yes/no question: two radio buttons, neither checked. Y and N answer it from the keyboard.
class YesNoAnswer final : public Answer {
    Q_OBJECT
public:
    YesNoAnswer(const QString& field, QWidget* parent);
    boost::json::value value() const override;
    QString problem() const override;
    void focus_answer() override;
    void clear() override;
    /// true, false, or none while unanswered.
    std::optional<bool> answer() const;

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    QButtonGroup* group_;
    QRadioButton* yes_;
    QRadioButton* no_;
};

/// A whole number in a range; shows "Not answered" until one is entered.
class NumberAnswer final : public Answer {
    Q_OBJECT
public:
    NumberAnswer(const QString& field, int min, int max, QWidget* parent);
    boost::json::value value() const override;
    QString problem() const override;
    void focus_answer() override;
    void clear() override;

private:
    QSpinBox* spin_;
    int min_;
    int max_;
};

/// A date typed the clinic's way (22/11/2026).
class DateAnswer final : public Answer {
    Q_OBJECT
public:
    DateAnswer(const QString& field, desk::DeskContext& desk, QWidget* parent);
    boost::json::value value() const override;
    QString problem() const override;
    void focus_answer() override;
    void clear() override;
    void set_date(std::chrono::year_month_day date);

private:
    desk::DeskContext& desk_;
    QLineEdit* edit_;
};

/// "Y answers yes, N no…": how to answer from the keyboard, under a list of yes/no questions.
QLabel* keyboard_hint(QWidget* parent);

/// Questions in rows: the question, its answer, and its error under them.
class AnswerSheet : public QWidget {
    Q_OBJECT
public:
    AnswerSheet(desk::DeskContext& desk, QWidget* parent);
    YesNoAnswer* add_yes_no(const QString& field, const QString& question);
    NumberAnswer* add_number(const QString& field, const QString& question, int min, int max);
    DateAnswer* add_date(const QString& field, const QString& question);
    const std::vector<Answer*>& answers() const { return answers_; }
    /// The answer with this field, or nullptr.
    Answer* find(const QString& field) const;
    /// Shows what is wrong beside every asked answer that has a problem and focuses
    /// the first; true when there is none.
    bool check();
    void clear_errors();

signals:
    void changed();

private:
    void add(Answer* answer, const QString& question);
    desk::DeskContext& desk_;
    QGridLayout* grid_;
    std::vector<Answer*> answers_;
};

} // namespace fascia::intake::ui
