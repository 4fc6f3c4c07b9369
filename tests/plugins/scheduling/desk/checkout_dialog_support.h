#pragma once
// What the desk tests of checkout share, from the Calendar and from Today: a
// gift voucher sold by the owner, its balance, and the checkout dialog worked
// as a person works it (a method chosen, a voucher's code typed, an amount, Add).
#include <fascia/clinic.h>
#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QString>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace fascia::scheduling::test {

/// A gift voucher for `amount` ("25.00") sold by the owner; its code ("" and a test failure when refused).
inline std::string sell_voucher(Clinic& clinic, const vouchers::VoucherService& vouchers, const char* amount)
{
    auto r = clinic.bus().execute({"vouchers.sell",
                                   {{"code", vouchers.new_code()}, {"amount", amount}, {"purchaser", "Ann Lee"},
                                    {"paid_by", "card"}},
                                   "owner"});
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::string(r->result.at("code").as_string()) : std::string();
}

/// A voucher's balance on the clinic's today, in minor units; -1 (and a test failure) when it cannot be read.
inline std::int64_t voucher_balance(Clinic& clinic, const vouchers::VoucherService& vouchers, const std::string& code)
{
    auto v = vouchers.find(clinic.db(), code, vouchers.clinic_date(clinic.db(), clinic.clock().now()));
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->balance.minor : -1;
}

/// Chooses a method in the checkout dialog (and types a voucher's code, as a person would).
inline void choose_method(QDialog* dialog, const QString& method, const QString& code = {})
{
    auto* methods = dialog->findChild<QComboBox*>("paymentMethod");
    ASSERT_NE(methods, nullptr);
    methods->setCurrentIndex(methods->findData(method));
    if (!code.isEmpty()) {
        auto* field = dialog->findChild<QLineEdit*>("voucherCode");
        ASSERT_NE(field, nullptr);
        field->setText(code);
        emit field->textEdited(code);
    }
}

/// Adds one payment: method, (code), amount (empty: what the dialog proposes), Add.
inline void add_payment(QDialog* dialog, const QString& method, const QString& amount, const QString& code = {})
{
    choose_method(dialog, method, code);
    if (!amount.isEmpty())
        dialog->findChild<QLineEdit*>("paymentAmount")->setText(amount);
    dialog->findChild<QPushButton*>("addPayment")->click();
}

} // namespace fascia::scheduling::test
