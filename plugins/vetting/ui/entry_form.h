#pragma once
// One dialog for every vetting form (a credential, a registration, insurance,
// CPD, a checklist item, a concern, a resolution, a suspension): labelled
// fields, one command through the desk. The bus validates; its message is
// shown under the field it names, and that field gets the focus. Enter saves,
// Escape cancels.
#include "texts.h"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <QDialog>
#include <QMap>

#include <utility>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace fascia::vetting::ui {

/// A field of a form: what the person fills in and the payload key it becomes.
struct FormField {
    enum class Kind {
        text,   ///< a line of text, sent trimmed
        date,   ///< typed DD/MM/YYYY (or ISO), sent as YYYY-MM-DD
        choice, ///< one of `choices`, sent as its code
    };
    std::string name;   ///< the payload key, also the input's object name
    QString label;      ///< with an &-shortcut
    Kind kind = Kind::text;
    QString placeholder = {};
    std::vector<std::pair<std::string, QString>> choices = {}; ///< code, words
    QString initial = {};
    bool optional = false; ///< left out of the payload when empty
};

class EntryForm : public QDialog {
    Q_OBJECT
public:
    /// `command` runs with `fixed` (the therapist, a concern's id) plus the fields.
    EntryForm(desk::DeskContext& desk, const QString& title, const QString& intro, std::string command,
              boost::json::object fixed, std::vector<FormField> fields, QWidget* parent = nullptr);
    /// Runs the command; accepts the dialog when it was saved.
    bool save();
    /// The input of a payload field (a QLineEdit or a QComboBox).
    QWidget* input(const QString& name) const { return inputs_.value(name); }
    /// What is shown under a field, or "" when nothing is.
    QString error_for(const QString& name) const;
    /// What is shown under the form (an error that names no field of it).
    QString general_error() const;
    /// The command's answer once saved.
    const boost::json::value& result() const { return result_; }

private:
    void show_error(const QString& field, const QString& message);
    desk::DeskContext& desk_;
    std::string command_;
    boost::json::object fixed_;
    std::vector<FormField> fields_;
    QMap<QString, QWidget*> inputs_;
    QMap<QString, QLabel*> errors_;
    QLabel* general_;
    boost::json::value result_;
};

} // namespace fascia::vetting::ui
