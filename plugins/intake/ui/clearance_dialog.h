#pragma once
// "Record clearance…": a doctor's clearance for a screening that needs one,
// recorded through intake.clear (owners, admins and therapists).
#include "texts.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace fascia::intake::ui {

class ClearanceDialog final : public QDialog {
    Q_OBJECT
public:
    ClearanceDialog(Intake intake, QString client_id, QString screening_id, QWidget* parent);
    /// Records the clearance; false (and why, beside the field) when refused.
    bool save();
    QLineEdit* clinician() const { return clinician_; }
    QPlainTextEdit* note() const { return note_; }

private:
    Intake intake_;
    QString client_id_;
    QString screening_id_;
    QLineEdit* clinician_;
    QPlainTextEdit* note_;
    QLabel* clinician_error_;
    QLabel* note_error_;
    QLabel* general_;
};

} // namespace fascia::intake::ui
