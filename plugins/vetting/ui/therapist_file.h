#pragma once
// A therapist's vetting file: the status on the page's date with its reasons,
// what they may practise and their warnings; credentials, registrations,
// insurance, CPD against the requirement, the checklist, concerns and
// suspensions. Owners and admins add entries through the forms; the owner
// suspends and reinstates. Each button shows only for the roles whose command
// it runs; a therapist reads their own file, without concerns.
#include "texts.h"

#include <boost/json/object.hpp>

#include <QWidget>

#include <vector>

class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace fascia::vetting::ui {

class EntryForm;
struct FormField;

class TherapistFile : public QWidget {
    Q_OBJECT
public:
    TherapistFile(Vetting vetting, QWidget* parent = nullptr);
    /// Shows the file as it stands on a date (the status, the CPD window).
    void show_on(Date on);
    /// Shows a therapist's file; false when this user may not read it.
    bool show_therapist(const QString& therapist_id);
    /// The staff id of the therapist shown ("" when none).
    QString therapist_id() const;
    QComboBox* therapist_choice() const { return therapist_; }
    /// The form opened last, while it is open.
    EntryForm* open_form() const;

signals:
    /// Something was recorded: the other views read again.
    void changed();

private:
    struct Section {
        QGroupBox* box = nullptr;
        QTableWidget* table = nullptr;
        QLabel* empty = nullptr;
        QVBoxLayout* layout = nullptr;
        QPushButton* withdraw = nullptr;
    };
    struct Row;
    Section make_section(const QString& title, const QString& name, const QStringList& headers, int stretch);
    QPushButton* make_button(Section& s, const QString& text, const QString& name, std::string_view command);
    void add_withdraw(Section& s, const QString& what);
    void fill(Section& s, const std::vector<Row>& rows);
    void refresh();
    void form(const QString& title, const QString& intro, std::string command, boost::json::object fixed,
              std::vector<FormField> fields);
    void add_credential();
    void add_registration();
    void add_insurance();
    void add_cpd();
    void record_check();
    void record_concern();
    void resolve_concern();
    void change_standing(bool suspend);

    Vetting v_;
    Date on_{};
    QComboBox* therapist_;
    QLabel* none_;
    QWidget* content_;
    QLabel* name_;
    QLabel* badge_;
    QLabel* badge_date_;
    QLabel* reasons_;
    QLabel* privileges_;
    QLabel* warnings_;
    QPushButton* suspend_;
    QPushButton* reinstate_;
    Section credentials_, registrations_, insurance_, cpd_, checks_, concerns_, standing_;
    QLabel* cpd_summary_;
    QLabel* checklist_summary_;
    QPushButton* resolve_ = nullptr;
};

} // namespace fascia::vetting::ui
