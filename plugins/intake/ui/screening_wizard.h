#pragma once
// "New screening…": every question of the form, in pages by what a yes means
// (emergency, a doctor first, precautions, the rest), then the result, which
// Finish records through intake.record. Each answer is required.
#include "answers.h"
#include "banner.h"

#include <QWizard>
#include <QWizardPage>

#include <vector>

class QLabel;

namespace fascia::intake::ui {

class ScreeningWizard;

/// A page of questions: Next is refused while one is unanswered.
class QuestionsPage final : public QWizardPage {
    Q_OBJECT
public:
    /// yes_no: the page asks yes/no questions (and says how to answer them from the keyboard).
    QuestionsPage(desk::DeskContext& desk, bool yes_no, QWidget* parent);
    AnswerSheet* sheet() const { return sheet_; }
    bool validatePage() override;

private:
    AnswerSheet* sheet_;
};

/// The result of the answers, before they are recorded.
class ResultPage final : public QWizardPage {
    Q_OBJECT
public:
    ResultPage(Intake intake, ScreeningWizard& wizard, QWidget* parent);
    void initializePage() override;
    bool isComplete() const override;
    /// Says why the screening could not be recorded (an error no field owns).
    void show_error(const QString& message);

private:
    Intake intake_;
    ScreeningWizard& wizard_;
    ScreeningBanner* banner_;
    QLabel* details_;
    QLabel* error_;
    bool evaluated_ = false;
};

class ScreeningWizard final : public QWizard {
    Q_OBJECT
public:
    /// Uses the newest version of the form.
    ScreeningWizard(Intake intake, QString client_id, QWidget* parent);
    /// {"form", <dates>, "answers"}: an unanswered answer is null.
    boost::json::object input() const;
    /// The answer with this field, on whichever page, or nullptr.
    Answer* answer(const QString& field) const;
    /// The screening Finish recorded (empty until then).
    const QString& recorded_id() const { return recorded_id_; }
    /// Accepting records the screening; it stays open (and says why) when that fails.
    void done(int result) override;
    /// Shows a bus error beside the answer it names, on that answer's page.
    void show_error(const Error& error);
    /// Shows an error beside the answer it names without changing page; that answer, or nullptr.
    Answer* mark_error(const Error& error);

private:
    bool record();
    void go_to_page(int id);
    int page_of(const Answer* answer) const;

    Intake intake_;
    QString client_id_;
    const ScreeningForm& form_;
    std::vector<QuestionsPage*> pages_; ///< page i has id i
    ResultPage* result_;
    QString recorded_id_;
};

} // namespace fascia::intake::ui
