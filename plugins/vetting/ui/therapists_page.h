#pragma once
// The Therapists page: one date for everything on it (today unless changed),
// and three views of vetting on that date: every therapist's standing with
// the clinic's expiry warnings, who is eligible for a modality, and a
// therapist's file with its forms. The file is for owners, admins and a
// therapist's own; everyone else reads status and eligibility only.
#include "texts.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTabWidget;

namespace fascia::vetting::ui {

class EligibilityView;
class StatusOverview;
class TherapistFile;

class TherapistsPage : public QWidget {
    Q_OBJECT
public:
    TherapistsPage(Vetting vetting, QWidget* parent = nullptr);
    /// Reads everything again for the date shown.
    void refresh();
    /// The date everything is shown for.
    Date date() const { return on_; }
    QLineEdit* date_field() const { return date_; }
    /// What is said beside the date field ("" when nothing is).
    QString date_error() const;
    QTabWidget* tabs() const { return tabs_; }
    StatusOverview* overview() const { return overview_; }
    EligibilityView* eligibility() const { return eligibility_; }
    /// The therapist's file; nullptr for roles that read no file (the front desk).
    TherapistFile* file() const { return file_; }
    /// Opens a therapist's file on its tab; false when this user may not read it.
    bool open_file(const QString& therapist_id);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void apply_date();
    Vetting v_;
    Date on_;
    QLineEdit* date_;
    QLabel* date_error_;
    QLabel* problem_;
    QTabWidget* tabs_;
    StatusOverview* overview_;
    EligibilityView* eligibility_;
    TherapistFile* file_ = nullptr;
};

} // namespace fascia::vetting::ui
