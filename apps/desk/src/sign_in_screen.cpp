#include "sign_in_screen.h"

#include "formatting.h"

#include <fascia/passwords.h>
#include <fascia/signing.h>

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::desk {

SignInScreen::SignInScreen(Clinic& clinic, std::function<void(const StaffMember&)> signed_in, QWidget* parent)
    : QWidget(parent), clinic_(clinic), signed_in_(std::move(signed_in))
{
    auto* box = new QWidget(this);
    box->setObjectName("signInBox");
    box->setMinimumWidth(320);
    box->setMaximumWidth(380);
    heading_ = new QLabel(qs(clinic_.settings().name), box);
    heading_->setObjectName("heading");
    QFont big = heading_->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    heading_->setFont(big);
    reason_ = new QLabel(tr("Sign in to continue."), box);
    reason_->setWordWrap(true);
    username_ = new QLineEdit(box);
    username_->setObjectName("username");
    password_ = new QLineEdit(box);
    password_->setObjectName("password");
    password_->setEchoMode(QLineEdit::Password);
    button_ = new QPushButton(tr("Sign in"), box);
    button_->setDefault(true);
    error_ = new QLabel(box);
    error_->setObjectName("error");
    error_->setStyleSheet("color: #b00020;");
    error_->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&User name"), username_);
    form->addRow(tr("&Password"), password_);
    auto* inner = new QVBoxLayout(box);
    inner->addWidget(heading_);
    inner->addWidget(reason_);
    inner->addSpacing(12);
    inner->addLayout(form);
    inner->addWidget(error_);
    inner->addWidget(button_);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(button_, &QPushButton::clicked, this, [this] { submit(); });
    connect(username_, &QLineEdit::returnPressed, this, [this] { password_->setFocus(); });
    connect(password_, &QLineEdit::returnPressed, this, [this] { submit(); });
    setTabOrder(username_, password_);
    setTabOrder(password_, button_);
}

void SignInScreen::reset(const QString& reason, const QString& username)
{
    heading_->setText(qs(clinic_.settings().name));
    reason_->setText(reason);
    error_->clear();
    password_->clear();
    username_->setText(username);
    (username.isEmpty() ? username_ : password_)->setFocus();
}

QString SignInScreen::error_text() const
{
    return error_->text();
}

void SignInScreen::submit()
{
    const std::string username = ss(username_->text().trimmed());
    const std::string password = ss(password_->text());
    password_->clear();
    if (username.empty()) {
        error_->setText(tr("Type your user name."));
        username_->setFocus();
        return;
    }
    auto member = sign_in(clinic_.db(), username, password);
    if (!member) {
        error_->setText(qs(member.error().message));
        password_->setFocus();
        return;
    }
    install_signer(member->username, password);
    // The hashing parameters rose since this password was set: store a stronger hash now.
    std::string stored_hash;
    {
        auto stored = clinic_.db().query("SELECT password_hash FROM staff WHERE id = ?", member->id);
        if (stored.step())
            stored_hash = stored.text(0);
    }
    if (password_needs_rehash(stored_hash))
        if (auto hash = hash_password(password))
            (void)clinic_.bus().execute(
                {"staff.set_password", {{"username", member->username}, {"password_hash", *hash}},
                 member->username});
    error_->clear();
    signed_in_(*member);
}

void SignInScreen::install_signer(const std::string& username, const std::string& password)
{
    // Nobody's key from an earlier session signs for this one.
    auto& db = clinic_.db();
    clinic_.bus().set_signer({});
    const auto device = enrolled_device(db);
    if (!device)
        return; // local trust: nothing is signed
    // On a desk that syncs, this person's commands are signed with their key, which
    // only their password opens (signing.h); the sync server refuses them unsigned.
    if (const auto sealed = newest_signing_key(db, username)) {
        if (auto key = unseal_signing_key(*sealed, password))
            clinic_.bus().set_signer(session_signer(username, *device, std::make_shared<SigningKey>(std::move(*key))));
    } else if (signing_enabled(db)) {
        clinic_.bus().set_signer(keyless_signer(username));
    }
}

} // namespace fascia::desk
