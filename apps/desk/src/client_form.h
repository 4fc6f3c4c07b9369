#pragma once
// Adding or changing a client. The command bus validates; its message is
// shown under the field it names, and that field gets the focus.
#include <fascia/desk/desk.h>
#include <fascia/locale.h>

#include <QDialog>
#include <QMap>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QFormLayout;

namespace fascia::desk {

class ClientForm : public QDialog {
public:
    /// client_id empty: a new client.
    ClientForm(DeskContext& desk, const QString& client_id, QWidget* parent = nullptr);
    /// Validates through the bus; accepts the dialog when it was saved.
    bool save();
    /// The saved client's id.
    const QString& client_id() const { return client_id_; }
    /// The input for a payload field ("first_name") and the message shown under it.
    QLineEdit* field(const QString& name) const { return fields_.value(name); }
    QString error_for(const QString& name) const;
    QString general_error() const;
    QCheckBox* consent_box() const { return consent_; }

private:
    void add_field(const QString& name, const QString& label, const QString& placeholder = {});
    DeskContext& desk_;
    QString client_id_;
    DateOrder date_order_ = DateOrder::dmy; ///< the clinic's, for the date of birth
    QMap<QString, QLineEdit*> fields_;
    QMap<QString, QLabel*> errors_;
    QPlainTextEdit* address_;
    QLabel* address_error_;
    QCheckBox* consent_ = nullptr;
    QLabel* general_;
    QFormLayout* form_;
};

} // namespace fascia::desk
