#pragma once
// "Pre-session check…": the form's red-flag questions asked again before a
// session, recorded through intake.precheck. Any yes records a new screening,
// which makes the client not bookable.
#include "answers.h"

#include <QDialog>

class QLabel;

namespace fascia::intake::ui {

class PrecheckDialog final : public QDialog {
    Q_OBJECT
public:
    /// Asks the questions of `form`: the form the client's screening was taken with.
    PrecheckDialog(Intake intake, QString client_id, const ScreeningForm& form, QWidget* parent);
    /// Checks every answer, then records the check; false (and why, beside the answer) when refused.
    bool save();
    /// The check recorded (empty until then).
    const QString& precheck_id() const { return precheck_id_; }

private:
    Intake intake_;
    QString client_id_;
    const ScreeningForm& form_;
    AnswerSheet* sheet_;
    QLabel* general_;
    QString precheck_id_;
};

} // namespace fascia::intake::ui
