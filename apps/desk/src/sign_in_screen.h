#pragma once
// The sign-in screen, also shown when the desk locks after idle time.
#include <fascia/clinic.h>
#include <fascia/staff.h>

#include <QWidget>

#include <functional>
#include <string>

class QLabel;
class QLineEdit;
class QPushButton;

namespace fascia::desk {

class SignInScreen : public QWidget {
public:
    SignInScreen(Clinic& clinic, std::function<void(const StaffMember&)> signed_in, QWidget* parent = nullptr);
    /// Clears the password, shows why sign-in is needed again, focuses the right field.
    void reset(const QString& reason, const QString& username = {});
    /// Checks what was typed; on success calls the signed-in callback.
    void submit();

    QLineEdit* username_field() const { return username_; }
    QLineEdit* password_field() const { return password_; }
    QString error_text() const;

private:
    /// Installs the session's signer: the user's unsealed key on an enrolled desk (or a
    /// refusal with what to do when they have none and the clinic signs); none otherwise.
    void install_signer(const std::string& username, const std::string& password);

    Clinic& clinic_;
    std::function<void(const StaffMember&)> signed_in_;
    QLabel* heading_;
    QLabel* reason_;
    QLineEdit* username_;
    QLineEdit* password_;
    QPushButton* button_;
    QLabel* error_;
};

} // namespace fascia::desk
