// The Gift vouchers page in the real desk window, offscreen, with the real
// plugins from the build's plugin folder and the demo clinic: selling (and the
// PDF, read back as text and rendered to PNG), the code checked as it is
// typed, redeeming at checkout, the owner's actions, the liability view, what
// each role sees, and screenshots of each for a person to look at.
#include "module_desk_test.h"

#include <fascia/vouchers/voucher_service.h>

#include <boost/json.hpp>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <gmock/gmock.h>

#include <filesystem>
#include <functional>

namespace fascia::vouchers::test {
namespace {

using ::testing::HasSubstr;

std::string text_of(const QString& s)
{
    return s.toStdString();
}

class vouchers_desk : public fascia::test::ServiceDeskTest<VoucherService> {
protected:
    vouchers_desk() : ServiceDeskTest(FASCIA_VOUCHERS_PLUGIN, FASCIA_VOUCHERS_DESK_PLUGIN, {1100, 780}, service_id) {}

    /// Signs in and opens the Gift vouchers page; the page's tabs.
    QTabWidget* open_page(const QString& user)
    {
        sign_in_as(user);
        EXPECT_TRUE(window->page_titles().contains("Gift vouchers"));
        EXPECT_TRUE(window->show_page("Gift vouchers"));
        auto* tabs = window->current_page()->findChild<QTabWidget*>("vouchersTabs");
        EXPECT_NE(tabs, nullptr) << "the page did not open: "
                                 << (window->current_page()->findChild<QLabel*>("pageError")
                                         ? text_of(window->current_page()->findChild<QLabel*>("pageError")->text())
                                         : std::string("?"));
        return tabs;
    }

    /// Shows the tab whose panel has this name; the panel.
    static QWidget* tab(QTabWidget* tabs, const QString& panel)
    {
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->objectName() == panel) {
                tabs->setCurrentIndex(i);
                QApplication::processEvents();
                return tabs->widget(i);
            }
        ADD_FAILURE() << "no tab " << text_of(panel);
        return nullptr;
    }

    static QStringList tab_titles(QTabWidget* tabs)
    {
        QStringList titles;
        for (int i = 0; i < tabs->count(); ++i)
            titles << tabs->tabText(i);
        return titles;
    }

    static QString tone(QObject* parent, const QString& label)
    {
        auto* l = child<QLabel>(parent, label);
        return l ? l->property("tone").toString() : QString();
    }

    /// The demo voucher with this status whose purchaser (or service) matches.
    Voucher demo_voucher(std::string_view status, std::string_view who)
    {
        const auto all = service->list(clinic->db(), *parse_date("2026-11-22"), status);
        EXPECT_TRUE(all);
        for (const auto& v : *all)
            if (v.purchaser == who || v.service_name.value_or("") == who)
                return *service->find(clinic->db(), v.code, *parse_date("2026-11-22"));
        ADD_FAILURE() << "no demo voucher " << status << " " << who;
        return {};
    }

    Voucher stored(const std::string& code)
    {
        auto v = service->find(clinic->db(), code, service->clinic_date(clinic->db(), clock.now()));
        EXPECT_TRUE(v) << v.error().message;
        return v ? *v : Voucher{};
    }

    /// Runs `act` while a modal dialog is answered by `answer` (found when it opens).
    static void with_modal(const std::function<void(QWidget*)>& answer, const std::function<void()>& act)
    {
        bool answered = false;
        QTimer::singleShot(0, [&] {
            QWidget* modal = nullptr;
            (void)QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 3000);
            answered = modal != nullptr;
            if (modal)
                answer(modal);
        });
        act();
        EXPECT_TRUE(answered) << "no dialog opened";
    }

    /// Saves the window (or a widget) as <screenshots>/<name>.png; checks it is not blank.
    static void screenshot(QWidget& widget, const QString& name) { fascia::test::save_screenshot(widget, name); }

};

/// poppler's tools, if installed (packaging/setup installs them for CI).
std::string tool(const char* name)
{
    for (const char* dir : {"/usr/bin/", "/usr/local/bin/"})
        if (std::filesystem::exists(std::string(dir) + name))
            return std::string(dir) + name;
    return {};
}

TEST_F(vouchers_desk, SellingMakesAVoucherAndAPrintablePdf)
{
    auto* tabs = open_page("frontdesk");
    ASSERT_NE(tabs, nullptr);
    auto* sell = tab(tabs, "sellPanel");
    ASSERT_NE(sell, nullptr);
    EXPECT_EQ(child<QDateEdit>(sell, "voucherExpires")->date(), QDate(2027, 11, 22));
    EXPECT_THAT(text_of(child<QLabel>(sell, "expiryHint")->text()), HasSubstr("12 months"));
    child<QLineEdit>(sell, "voucherAmount")->setText("£50");
    child<QLineEdit>(sell, "voucherPurchaser")->setText("Ellie Park");
    child<QLineEdit>(sell, "voucherRecipient")->setText("Grace");
    child<QPlainTextEdit>(sell, "voucherMessage")
        ->setPlainText("Happy birthday, Grace! Book yourself something lovely. With love from Ellie and the boys");
    auto* paid = child<QComboBox>(sell, "voucherPaidBy");
    paid->setCurrentIndex(paid->findData("cash"));
    screenshot(*window, "vouchers-sell");
    child<QPushButton>(sell, "sellVoucher")->click();
    ASSERT_TRUE(child<QWidget>(sell, "soldBox")->isVisible()) << text_of(child<QLabel>(sell, "sellError")->text());
    const std::string code = text_of(child<QLabel>(sell, "soldCode")->text());
    EXPECT_EQ(service->check_code(code).state, CodeState::valid) << code;
    const auto v = stored(code);
    EXPECT_EQ(v.balance, (Money{5000, "GBP"}));
    EXPECT_EQ(v.paid_by, "cash");
    EXPECT_EQ(v.recipient, "Grace");
    EXPECT_EQ(v.sold_by, "frontdesk");
    EXPECT_THAT(text_of(child<QLabel>(sell, "soldSummary")->text()), HasSubstr("£50.00 for Grace, valid through 22/11/2027"));
    EXPECT_TRUE(child<QLineEdit>(sell, "voucherPurchaser")->text().isEmpty()) << "ready for the next sale";
    screenshot(*window, "vouchers-sold");

    // Save as PDF, through the file dialog a person would use.
    const QString pdf = QString::fromStdString(dir) + "/voucher.pdf";
    with_modal(
        [&](QWidget* modal) {
            auto* dialog = qobject_cast<QFileDialog*>(modal);
            ASSERT_NE(dialog, nullptr);
            EXPECT_EQ(dialog->objectName(), "voucherPdfDialog");
            EXPECT_THAT(text_of(dialog->selectedFiles().value(0)), HasSubstr("Gift voucher " + code + ".pdf"));
            dialog->selectFile(pdf);
            QMetaObject::invokeMethod(dialog, "accept");
        },
        [&] { child<QPushButton>(sell, "savePdf")->click(); });
    EXPECT_EQ(tone(sell, "pdfResult"), "good") << text_of(child<QLabel>(sell, "pdfResult")->text());
    QFile file(pdf);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_TRUE(file.read(5) == "%PDF-");
    EXPECT_GT(file.size(), 2000);

    // What a person reads on it, and what it looks like.
    const auto pdftotext = tool("pdftotext"), pdftoppm = tool("pdftoppm");
    if (pdftotext.empty() || pdftoppm.empty())
        FAIL() << "pdftotext/pdftoppm missing: packaging/setup.sh installs poppler-utils so the PDF is read back";
    const auto text = fascia::test::run_process(pdftotext, {pdf.toStdString(), "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const std::string& expected : std::vector<std::string>{"Fascia Demo Clinic", "12 Harbour Street", "GIFT VOUCHER", "£50.00", "For Grace",
                                       "from Ellie Park", "Happy birthday, Grace!", code, "22 November 2027"})
        EXPECT_THAT(text.out, HasSubstr(expected));
    const auto png = fascia::test::run_process(
        pdftoppm, {"-png", "-r", "110", "-singlefile", pdf.toStdString(), std::string(FASCIA_SCREENSHOT_DIR) + "/vouchers-pdf"});
    EXPECT_EQ(png.exit_code, 0) << png.err;
    EXPECT_TRUE(std::filesystem::exists(std::string(FASCIA_SCREENSHOT_DIR) + "/vouchers-pdf.png"));
}

TEST_F(vouchers_desk, AServiceVoucherPrintsTheServiceAndIsSoldAtTodaysPrice)
{
    auto* sell = tab(open_page("frontdesk"), "sellPanel");
    ASSERT_NE(sell, nullptr);
    child<QRadioButton>(sell, "voucherByService")->click();
    EXPECT_FALSE(child<QLineEdit>(sell, "voucherAmount")->isEnabled());
    auto* services = child<QComboBox>(sell, "voucherService");
    services->setCurrentIndex(services->findText("60-minute remedial massage (£75.00)"));
    ASSERT_GE(services->currentIndex(), 0);
    child<QLineEdit>(sell, "voucherPurchaser")->setText("Jo Adeyemi");
    child<QLineEdit>(sell, "voucherRecipient")->setText("Dad");
    child<QPushButton>(sell, "sellVoucher")->click();
    const std::string code = text_of(child<QLabel>(sell, "soldCode")->text());
    const auto v = stored(code);
    EXPECT_EQ(v.kind, "service");
    EXPECT_EQ(v.face_value.minor, 7500);
    const QString pdf = QString::fromStdString(dir) + "/service.pdf";
    with_modal(
        [&](QWidget* modal) {
            auto* dialog = qobject_cast<QFileDialog*>(modal);
            ASSERT_NE(dialog, nullptr);
            dialog->selectFile(pdf);
            QMetaObject::invokeMethod(dialog, "accept");
        },
        [&] { child<QPushButton>(sell, "savePdf")->click(); });
    const auto pdftotext = tool("pdftotext"), pdftoppm = tool("pdftoppm");
    if (pdftotext.empty() || pdftoppm.empty())
        FAIL() << "pdftotext/pdftoppm missing: packaging/setup.sh installs poppler-utils";
    const auto text = fascia::test::run_process(pdftotext, {pdf.toStdString(), "-"});
    EXPECT_THAT(text.out, HasSubstr("One 60-minute remedial massage"));
    EXPECT_THAT(text.out, ::testing::Not(HasSubstr("£75.00"))) << "a service voucher names the service, not a price";
    (void)fascia::test::run_process(pdftoppm, {"-png", "-r", "110", "-singlefile", pdf.toStdString(),
                                               std::string(FASCIA_SCREENSHOT_DIR) + "/vouchers-pdf-service"});
}

TEST_F(vouchers_desk, BadInputIsShownAndSellsNothing)
{
    auto* sell = tab(open_page("frontdesk"), "sellPanel");
    ASSERT_NE(sell, nullptr);
    const auto before = service->list(clinic->db(), *parse_date("2026-11-22"), "")->size();
    for (const char* amount : {"0", "-5", "10.001", "ten"}) {
        child<QLineEdit>(sell, "voucherAmount")->setText(amount);
        child<QLineEdit>(sell, "voucherPurchaser")->setText("Ann");
        child<QPushButton>(sell, "sellVoucher")->click();
        EXPECT_EQ(tone(sell, "sellError"), "bad") << amount;
        EXPECT_FALSE(child<QWidget>(sell, "soldBox")->isVisible()) << amount;
    }
    child<QLineEdit>(sell, "voucherAmount")->setText("20");
    child<QLineEdit>(sell, "voucherPurchaser")->clear();
    child<QPushButton>(sell, "sellVoucher")->click();
    EXPECT_THAT(text_of(child<QLabel>(sell, "sellError")->text()), HasSubstr("Who bought"));
    EXPECT_EQ(service->list(clinic->db(), *parse_date("2026-11-22"), "")->size(), before);
}

TEST_F(vouchers_desk, TheCodeIsCheckedAsItIsTyped)
{
    auto* redeem = tab(open_page("frontdesk"), "redeemPanel");
    ASSERT_NE(redeem, nullptr);
    auto* code_field = child<QLineEdit>(redeem, "voucherCode");
    const auto voucher = demo_voucher("active", "Aisha Khan");
    code_field->setFocus();
    // Key by key, as typed: never called mistyped on the way, found at the end.
    for (const QChar c : QString::fromStdString(voucher.code).toLower()) {
        QTest::keyClick(code_field, c.toLatin1());
        EXPECT_NE(tone(redeem, "codeState"), "bad") << text_of(code_field->text());
    }
    EXPECT_EQ(tone(redeem, "codeState"), "good");
    EXPECT_TRUE(child<QWidget>(redeem, "voucherDetails")->isVisible());
    EXPECT_EQ(child<QLabel>(redeem, "voucherBalance")->text(), "£40.00 left");

    // A neighbouring pair swapped: caught at once, before any search.
    std::string swapped = voucher.code;
    std::size_t i = 4;
    while (swapped[i] == swapped[i + 1] || swapped[i + 1] == '-')
        ++i;
    std::swap(swapped[i], swapped[i + 1]);
    code_field->setText(QString::fromStdString(swapped));
    EXPECT_EQ(tone(redeem, "codeState"), "bad");
    EXPECT_THAT(text_of(child<QLabel>(redeem, "codeState")->text()), HasSubstr("Mistyped"));
    EXPECT_TRUE(code_field->property("mistyped").toBool());
    EXPECT_FALSE(child<QWidget>(redeem, "voucherDetails")->isVisible());
    screenshot(*window, "vouchers-lookup-mistyped");

    // A character too many, and a letter codes never use.
    code_field->setText(QString::fromStdString(voucher.code) + "7");
    EXPECT_EQ(tone(redeem, "codeState"), "bad");
    code_field->setText("FAS-U");
    EXPECT_EQ(tone(redeem, "codeState"), "bad");
    // Well-formed but not this clinic's: a different message from "mistyped".
    code_field->setText(QString::fromStdString(service->new_code()));
    EXPECT_EQ(tone(redeem, "codeState"), "warning");
    EXPECT_THAT(text_of(child<QLabel>(redeem, "codeState")->text()), HasSubstr("no voucher of this clinic"));
    // O for 0 and L for 1, no dashes, lower case: the same voucher.
    QString typed;
    for (const QChar c : QString::fromStdString(voucher.code))
        if (c != '-')
            typed += c == '0' ? QChar('o') : c == '1' ? QChar('l') : c.toLower();
    code_field->setText(typed);
    EXPECT_EQ(tone(redeem, "codeState"), "good");
    EXPECT_FALSE(code_field->property("mistyped").toBool());
}

TEST_F(vouchers_desk, RedeemingAtCheckoutShowsWhatIsLeft)
{
    auto* redeem = tab(open_page("frontdesk"), "redeemPanel");
    ASSERT_NE(redeem, nullptr);
    const auto voucher = demo_voucher("active", "Aisha Khan");
    child<QLineEdit>(redeem, "voucherCode")->setText(QString::fromStdString(voucher.code));
    auto* ledger = child<QTableWidget>(redeem, "voucherLedger");
    EXPECT_EQ(ledger->rowCount(), 1);
    child<QLineEdit>(redeem, "redeemAmount")->setText("15");
    child<QLineEdit>(redeem, "redeemReference")->setText("45-minute remedial massage");
    // One of the demo's appointments: with scheduling installed, the appointment must exist.
    auto first = clinic->db().query("SELECT id FROM sched_appointments ORDER BY starts_ms, id LIMIT 1");
    ASSERT_TRUE(first.step());
    const auto appointment = first.text(0);
    child<QLineEdit>(redeem, "redeemAppointment")->setText(QString::fromStdString(appointment));
    QTest::keyClick(child<QLineEdit>(redeem, "redeemAppointment"), Qt::Key_Return); // Enter redeems
    EXPECT_EQ(tone(redeem, "redeemResult"), "good") << text_of(child<QLabel>(redeem, "redeemResult")->text());
    EXPECT_THAT(text_of(child<QLabel>(redeem, "redeemResult")->text()), HasSubstr("Redeemed £15.00"));
    EXPECT_THAT(text_of(child<QLabel>(redeem, "redeemResult")->text()), HasSubstr("£25.00 left"));
    EXPECT_EQ(child<QLabel>(redeem, "voucherBalance")->text(), "£25.00 left");
    EXPECT_EQ(ledger->rowCount(), 2);
    auto v = stored(voucher.code);
    EXPECT_EQ(v.balance.minor, 2500);
    EXPECT_EQ(v.ledger.back().appointment_id, appointment);
    EXPECT_EQ(v.ledger.back().reference, "45-minute remedial massage");
    screenshot(*window, "vouchers-redeem");

    // More than is left: refused, with the reason, and nothing taken.
    child<QLineEdit>(redeem, "redeemAmount")->setText("30.00");
    child<QPushButton>(redeem, "redeemVoucher")->click();
    EXPECT_EQ(tone(redeem, "redeemResult"), "bad");
    EXPECT_THAT(text_of(child<QLabel>(redeem, "redeemResult")->text()), HasSubstr("not enough on voucher"));
    EXPECT_EQ(stored(voucher.code).balance.minor, 2500);

    // A service voucher pays for its service whole.
    const auto massage = demo_voucher("active", "60-minute Swedish massage");
    child<QLineEdit>(redeem, "voucherCode")->setText(QString::fromStdString(massage.code));
    EXPECT_FALSE(child<QLineEdit>(redeem, "redeemAmount")->isEnabled());
    EXPECT_EQ(child<QLineEdit>(redeem, "redeemAmount")->text(), "£65.00");
    child<QPushButton>(redeem, "redeemVoucher")->click();
    EXPECT_EQ(tone(redeem, "redeemResult"), "good") << text_of(child<QLabel>(redeem, "redeemResult")->text());
    EXPECT_EQ(stored(massage.code).status, "redeemed");
    EXPECT_FALSE(child<QWidget>(redeem, "redeemBox")->isEnabled()) << "nothing left to redeem";

    // Void and expired vouchers show why they cannot be used.
    const auto voided = demo_voucher("void", "Tom Hargreaves");
    child<QLineEdit>(redeem, "voucherCode")->setText(QString::fromStdString(voided.code));
    EXPECT_EQ(child<QLabel>(redeem, "voucherStatus")->property("status").toString(), "void");
    EXPECT_FALSE(child<QWidget>(redeem, "redeemBox")->isEnabled());
    EXPECT_THAT(text_of(child<QLabel>(redeem, "redeemAmountHint")->text()), HasSubstr("void"));
}

TEST_F(vouchers_desk, TheOwnerExtendsAnExpiredVoucherAndItsValueComesBack)
{
    auto* redeem = tab(open_page("owner"), "redeemPanel");
    ASSERT_NE(redeem, nullptr);
    const auto expired = demo_voucher("expired", "Hannah Whitfield");
    child<QLineEdit>(redeem, "voucherCode")->setText(QString::fromStdString(expired.code));
    EXPECT_EQ(child<QLabel>(redeem, "voucherBalance")->text(), "£0.00 left");
    EXPECT_EQ(child<QTableWidget>(redeem, "voucherLedger")->rowCount(), 3); // sold, redeemed, written off
    auto* extend = child<QPushButton>(redeem, "extendVoucher");
    ASSERT_TRUE(extend->isVisible() && extend->isEnabled());
    extend->click();
    auto* dialog = child<QDialog>(redeem, "extendDialog");
    ASSERT_NE(dialog, nullptr);
    child<QDateEdit>(dialog, "extendTo")->setDate(QDate(2027, 3, 31));
    child<QLineEdit>(dialog, "actionReason")->setText("Was abroad for six months");
    screenshot(*dialog, "vouchers-extend");
    child<QPushButton>(dialog, "actionOk")->click();
    EXPECT_EQ(tone(redeem, "redeemResult"), "good");
    const auto v = stored(expired.code);
    EXPECT_EQ(v.status, "active");
    EXPECT_EQ(v.expires_on, "2027-03-31");
    EXPECT_EQ(v.balance.minor, 3000);
    EXPECT_EQ(child<QLabel>(redeem, "voucherBalance")->text(), "£30.00 left");

    // Void needs a reason; the dialog says so and stays open.
    child<QPushButton>(redeem, "voidVoucher")->click();
    auto* void_dialog = child<QDialog>(redeem, "voidDialog");
    ASSERT_NE(void_dialog, nullptr);
    child<QPushButton>(void_dialog, "actionOk")->click();
    EXPECT_TRUE(void_dialog->isVisible());
    EXPECT_EQ(tone(void_dialog, "actionError"), "bad");
    child<QLineEdit>(void_dialog, "actionReason")->setText("Reported stolen");
    child<QPushButton>(void_dialog, "actionOk")->click();
    EXPECT_EQ(stored(expired.code).status, "void");
}

TEST_F(vouchers_desk, TheLiabilityViewAgreesWithTheLedgerAndWritesOffWhatExpired)
{
    auto* tabs = open_page("owner");
    ASSERT_NE(tabs, nullptr);
    auto* panel = tab(tabs, "liabilityPanel");
    ASSERT_NE(panel, nullptr);
    const auto today = service->liability(clinic->db(), *parse_date("2026-11-22"));
    ASSERT_TRUE(today);
    EXPECT_EQ(child<QLabel>(panel, "liabilityTotal")->text(),
              QString("%1 owed on %2 vouchers").arg(window->money(today->total)).arg(today->vouchers));
    auto* bands = child<QTableWidget>(panel, "liabilityBands");
    ASSERT_EQ(bands->rowCount(), 5);
    EXPECT_EQ(bands->item(3, 0)->text(), "12 to 24 months");
    EXPECT_EQ(bands->item(3, 2)->text(), "£75.00");
    EXPECT_EQ(child<QTableWidget>(panel, "voucherActivity")->rowCount(), 13);
    EXPECT_THAT(text_of(child<QLabel>(panel, "liabilityBreakage")->text()), HasSubstr("£30.00"));
    screenshot(*window, "vouchers-liability");

    // As of a year ago, the clinic owed something else.
    child<QDateEdit>(panel, "liabilityAsOf")->setDate(QDate(2025, 11, 22));
    const auto then = service->liability(clinic->db(), *parse_date("2025-11-22"));
    EXPECT_THAT(text_of(child<QLabel>(panel, "liabilityTotal")->text()), HasSubstr(text_of(window->money(then->total))));

    // A year on, everything has expired: the owner writes it off from here.
    clock.set(*parse_instant("2027-12-01T10:00:00Z"));
    child<QDateEdit>(panel, "liabilityAsOf")->setDate(QDate(2027, 12, 1));
    EXPECT_EQ(tone(panel, "liabilityExpired"), "warning");
    auto* write_off = child<QPushButton>(panel, "writeOffExpired");
    ASSERT_TRUE(write_off->isEnabled());
    with_modal(
        [](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            ASSERT_NE(box, nullptr);
            box->button(QMessageBox::Yes)->click();
        },
        [&] { write_off->click(); });
    EXPECT_EQ(tone(panel, "liabilityResult"), "good") << text_of(child<QLabel>(panel, "liabilityResult")->text());
    EXPECT_THAT(text_of(child<QLabel>(panel, "liabilityTotal")->text()), HasSubstr("£0.00 owed"));
    EXPECT_EQ(service->liability(clinic->db(), *parse_date("2027-12-01"))->total.minor, 0);
}

TEST_F(vouchers_desk, EachRoleSeesWhatItsCommandsAllow)
{
    auto* tabs = open_page("owner");
    ASSERT_NE(tabs, nullptr);
    EXPECT_EQ(tab_titles(tabs), (QStringList{"Look up && &redeem", "&Sell", "&Liability"}));
    EXPECT_FALSE(child<QPushButton>(tabs, "extendVoucher")->isHidden());

    tabs = open_page("frontdesk");
    ASSERT_NE(tabs, nullptr);
    EXPECT_EQ(tab_titles(tabs), (QStringList{"Look up && &redeem", "&Sell"}));
    for (const char* owner_only : {"refundVoucher", "voidVoucher", "extendVoucher", "writeOffExpired"}) {
        auto* b = tabs->findChild<QPushButton*>(owner_only);
        EXPECT_TRUE(!b || b->isHidden()) << owner_only;
    }
    // The keyboard: Alt+S opens the Sell tab.
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    tabs->setFocus();
    QTest::keyClick(window.get(), Qt::Key_S, Qt::AltModifier);
    EXPECT_EQ(tabs->currentWidget()->objectName(), "sellPanel");

    tabs = open_page("priya"); // a therapist checks their own client out
    ASSERT_NE(tabs, nullptr);
    EXPECT_EQ(tab_titles(tabs), (QStringList{"Look up && &redeem"}));
}

} // namespace
} // namespace fascia::vouchers::test
