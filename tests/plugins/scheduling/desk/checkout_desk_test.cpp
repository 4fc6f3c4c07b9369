// The Today page and the checkout dialog in the real desk window, offscreen,
// with the real plugins and the demo clinic (its courses start on Monday
// 23 November 2026): marking a client arrived, checking out with card plus a
// gift voucher, a refund pressed twice, a retried checkout with one key, and
// the day of a Melbourne clinic at 07:30 and 20:00 local whatever the
// machine's zone; screenshots of the page and the dialog for a person to look at.
#include "checkout_dialog_support.h"
#include "module_desk_test.h"

#include <boost/json.hpp>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>

#include <gmock/gmock.h>

#include <cstdlib>
#include <ctime>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

std::string text_of(const QString& s) { return s.toStdString(); }

class scheduling_desk : public fascia::test::ModuleDeskTest {
protected:
    scheduling_desk() : ModuleDeskTest(FASCIA_SCHEDULING_PLUGIN, FASCIA_SCHEDULING_DESK_PLUGIN, {1280, 800}) {}

    /// Moves the clock, signs in and opens the Today page; its day list.
    QTableWidget* open_today(const char* now, const QString& user = "frontdesk")
    {
        clock.set(*parse_instant(now));
        sign_in_as(user);
        EXPECT_TRUE(window->show_page("Today")) << text_of(window->page_titles().join(", "));
        page = window->current_page();
        auto* today = child<QPushButton>(page, "today");
        if (today)
            today->click(); // the page may have been made before the clock moved
        return child<QTableWidget>(page, "todayList");
    }

    /// The row of the first appointment still booked; -1 when there is none.
    static int first_booked(QTableWidget* list)
    {
        for (int r = 0; r < list->rowCount(); ++r)
            if (list->item(r, 4)->text() == "Late" || list->item(r, 4)->text() == "Expected")
                return r;
        return -1;
    }

    static std::string id_at(QTableWidget* list, int row)
    {
        return text_of(list->item(row, 0)->data(Qt::UserRole).toString());
    }

    std::string status_of(const std::string& id)
    {
        auto q = clinic->db().query("SELECT status FROM sched_appointments WHERE id = ?", id);
        return q.step() ? q.text(0) : std::string();
    }

    vouchers::VoucherService& voucher_service()
    {
        auto* vouchers = service_at<vouchers::VoucherService>(vouchers::service_id);
        EXPECT_NE(vouchers, nullptr);
        return *vouchers;
    }
    /// A gift voucher sold by the owner; its code.
    std::string voucher(const char* amount) { return sell_voucher(*clinic, voucher_service(), amount); }
    std::int64_t balance_of(const std::string& code) { return voucher_balance(*clinic, voucher_service(), code); }

    /// Selects the row and presses Check out…; the dialog it opened.
    QDialog* check_out(QTableWidget* list, int row)
    {
        list->selectRow(row);
        child<QPushButton>(page, "checkOut")->click();
        QApplication::processEvents();
        return child<QDialog>(page, "checkoutDialog");
    }

    static void choose(QDialog* d, const QString& method, const QString& code = {}) { choose_method(d, method, code); }
    static void add(QDialog* d, const QString& method, const QString& amount, const QString& code = {})
    {
        add_payment(d, method, amount, code);
    }

    QWidget* page = nullptr;
};

TEST_F(scheduling_desk, MarkArrivedThenCheckOutWithCardAndAVoucher)
{
    // Monday 10:30 in London: the 09:00 sessions are late. The owner, whose sidebar has every page.
    auto* list = open_today("2026-11-23T10:30:00Z", "owner");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(text_of(child<QLabel>(page, "todayDate")->text()), "Monday 23/11/2026");
    ASSERT_GT(list->rowCount(), 0);
    const int row = first_booked(list);
    ASSERT_GE(row, 0);
    EXPECT_EQ(text_of(list->item(row, 4)->text()), "Late");
    EXPECT_EQ(text_of(list->item(row, 5)->text()), "Not yet");
    EXPECT_EQ(text_of(list->item(row, 6)->text()), "Due £75.00");
    const auto id = id_at(list, row);

    list->selectRow(row);
    child<QPushButton>(page, "markArrived")->click();
    EXPECT_EQ(status_of(id), "arrived");
    EXPECT_EQ(text_of(list->item(row, 4)->text()), "Arrived");
    fascia::test::save_screenshot(*window, "scheduling-today");

    // £55 by card and a £25 voucher, which shows its balance and takes only the £20 still due.
    const auto code = voucher("25.00");
    auto* dialog = check_out(list, row);
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(text_of(child<QLabel>(dialog, "checkoutDue")->text()), "Due £75.00");
    add(dialog, "card", "55.00");
    choose(dialog, "voucher", QString::fromStdString(code));
    EXPECT_THAT(text_of(child<QLabel>(dialog, "voucherBalance")->text()), HasSubstr("Balance £25.00"));
    EXPECT_EQ(text_of(child<QLineEdit>(dialog, "paymentAmount")->text()), "20.00");
    fascia::test::save_screenshot(*dialog, "scheduling-checkout");
    child<QPushButton>(dialog, "addPayment")->click();
    EXPECT_EQ(child<QTableWidget>(dialog, "pendingPayments")->rowCount(), 2);
    EXPECT_FALSE(child<QLabel>(dialog, "checkoutError")->isVisible());

    child<QPushButton>(dialog, "takePayment")->click();
    EXPECT_FALSE(child<QLabel>(dialog, "checkoutError")->isVisible())
        << text_of(child<QLabel>(dialog, "checkoutError")->text());
    EXPECT_EQ(text_of(child<QLabel>(dialog, "checkoutDue")->text()), "Nothing due");
    EXPECT_EQ(child<QTableWidget>(dialog, "takenPayments")->rowCount(), 2);
    EXPECT_EQ(balance_of(code), 500);
    dialog->reject();
    QApplication::processEvents();
    EXPECT_EQ(text_of(list->item(row, 6)->text()), "Paid");
}

TEST_F(scheduling_desk, ARefundPressedTwiceGivesTheVoucherItsMoneyBackOnce)
{
    auto* list = open_today("2026-11-23T10:30:00Z");
    ASSERT_NE(list, nullptr);
    const int row = first_booked(list);
    ASSERT_GE(row, 0);
    const auto code = voucher("100.00");
    auto* dialog = check_out(list, row);
    ASSERT_NE(dialog, nullptr);
    add(dialog, "voucher", {}, QString::fromStdString(code)); // the £75 due, of its £100
    child<QPushButton>(dialog, "takePayment")->click();
    ASSERT_EQ(balance_of(code), 2500);

    auto* refund = child<QPushButton>(dialog, "refund");
    refund->click();
    EXPECT_EQ(balance_of(code), 10000);
    EXPECT_EQ(text_of(child<QLabel>(dialog, "checkoutDue")->text()), "Due £75.00");
    refund->click();
    EXPECT_EQ(balance_of(code), 10000) << "the voucher got its money back twice";
    auto* error = child<QLabel>(dialog, "checkoutError");
    EXPECT_TRUE(error->isVisible());
    EXPECT_THAT(text_of(error->text()), HasSubstr("nothing to refund"));
    EXPECT_EQ(child<QTableWidget>(dialog, "takenPayments")->rowCount(), 2); // the payment and one refund
}

TEST_F(scheduling_desk, AFailedCheckoutShowsItsReasonAndTakesNothing)
{
    auto* list = open_today("2026-11-23T10:30:00Z");
    ASSERT_NE(list, nullptr);
    const int row = first_booked(list);
    ASSERT_GE(row, 0);
    const auto id = id_at(list, row);
    const auto code = voucher("25.00");
    auto* dialog = check_out(list, row);
    ASSERT_NE(dialog, nullptr);
    add(dialog, "card", "55.00");
    add(dialog, "voucher", {}, QString::fromStdString(code));
    ASSERT_EQ(child<QTableWidget>(dialog, "pendingPayments")->rowCount(), 2);
    // The voucher is voided before the payment is taken: the card is not charged either.
    auto voided = clinic->bus().execute({"vouchers.void", {{"code", code}, {"reason", "Reported stolen"}}, "owner"});
    ASSERT_TRUE(voided) << voided.error().message;
    child<QPushButton>(dialog, "takePayment")->click();
    auto* error = child<QLabel>(dialog, "checkoutError");
    EXPECT_TRUE(error->isVisible());
    EXPECT_THAT(text_of(error->text()), HasSubstr("void"));
    auto q = clinic->db().query("SELECT count(*) FROM sched_payments WHERE appointment_id = ?", id);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 0);
    EXPECT_EQ(text_of(child<QLabel>(dialog, "checkoutDue")->text()), "Due £75.00");
    EXPECT_EQ(child<QTableWidget>(dialog, "pendingPayments")->rowCount(), 2) << "kept for another try";
}

TEST_F(scheduling_desk, ANoShowFeeIsTakenAtTheClientsNextCheckoutInOneStep)
{
    auto zone = clinic->bus().execute(
        {"settings.update", {{"modules", {{"scheduling.no_show_fee_percent", 50}}}}, "owner"});
    ASSERT_TRUE(zone) << zone.error().message;
    // 10:30: the 09:00 client never came.
    auto* list = open_today("2026-11-23T10:30:00Z");
    ASSERT_NE(list, nullptr);
    const int row = first_booked(list);
    ASSERT_GE(row, 0);
    const auto missed = id_at(list, row);
    list->selectRow(row);
    child<QPushButton>(page, "markNoShow")->click();
    EXPECT_EQ(status_of(missed), "no_show");
    EXPECT_EQ(text_of(list->item(row, 4)->text()), "No-show");
    EXPECT_EQ(text_of(list->item(row, 6)->text()), "Due £37.50");
    // The same client's next session, a week on.
    auto q = clinic->db().query("SELECT id FROM sched_appointments WHERE client_id = (SELECT client_id FROM"
                                " sched_appointments WHERE id = ?) AND starts_ms > (SELECT starts_ms FROM"
                                " sched_appointments WHERE id = ?) ORDER BY starts_ms LIMIT 1",
                                missed, missed);
    ASSERT_TRUE(q.step()) << "the demo books a course";
    const auto upcoming = q.text(0);
    int next = -1;
    for (int day = 0; day < 14 && next < 0; ++day) { // the arrows, day by day, to it
        child<QPushButton>(page, "nextDay")->click();
        for (int r = 0; r < list->rowCount(); ++r)
            if (id_at(list, r) == upcoming)
                next = r;
    }
    ASSERT_GE(next, 0);
    auto* checkout = check_out(list, next);
    ASSERT_NE(checkout, nullptr);
    auto* owed = child<QLabel>(checkout, "owedElsewhere");
    EXPECT_TRUE(owed->isVisible());
    // Next week's session is paid at the session; the fee is owed now.
    auto* due = child<QLabel>(checkout, "checkoutDue");
    EXPECT_EQ(text_of(due->text()), "£75.00 due at the session");
    auto* fee = child<QCheckBox>(checkout, "alsoOwed");
    ASSERT_NE(fee, nullptr);
    EXPECT_TRUE(fee->isVisible());
    EXPECT_EQ(text_of(fee->text()), "£37.50 for no-show fee on 23/11/2026 — add to this payment");
    fee->click();
    QApplication::processEvents();
    EXPECT_EQ(text_of(due->text()), "Due £112.50 (£75.00 for this appointment, £37.50 also owed)");
    EXPECT_EQ(text_of(child<QLineEdit>(checkout, "paymentAmount")->text()), "112.50");
    add(checkout, "card", {});
    child<QPushButton>(checkout, "takePayment")->click();
    EXPECT_FALSE(child<QLabel>(checkout, "checkoutError")->isVisible())
        << text_of(child<QLabel>(checkout, "checkoutError")->text());
    EXPECT_EQ(text_of(due->text()), "Nothing due");
    EXPECT_FALSE(owed->isVisible()) << "the fee is paid";
    // One card payment at the till, recorded against each appointment: the fee on the missed one.
    const auto paid = [&](const std::string& id) {
        auto rows = clinic->db().query("SELECT group_concat(method || ' ' || amount_minor) FROM sched_payments"
                                       " WHERE appointment_id = ? AND direction = 'payment'",
                                       id);
        return rows.step() && !rows.is_null(0) ? rows.text(0) : std::string();
    };
    EXPECT_EQ(paid(upcoming), "card 7500");
    EXPECT_EQ(paid(missed), "card 3750");
    checkout->reject();
    QApplication::processEvents();
    EXPECT_EQ(text_of(list->item(next, 6)->text()), "Paid");
}

TEST_F(scheduling_desk, ACheckoutRetriedWithItsKeyChargesOnce)
{
    auto* list = open_today("2026-11-23T10:30:00Z");
    ASSERT_NE(list, nullptr);
    const auto id = id_at(list, first_booked(list));
    const json::object payload{{"id", id}, {"payments", json::array{json::object{{"method", "card"}, {"amount", "25.00"}}}}};
    desk::DeskContext& desk = *window;
    auto first = desk.execute("scheduling.checkout", payload, "desk-pay-1");
    ASSERT_TRUE(first) << first.error().message;
    auto again = desk.execute("scheduling.checkout", payload, "desk-pay-1");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->result.at("paid"), "25.00");
    auto q = clinic->db().query("SELECT count(*), sum(amount_minor) FROM sched_payments WHERE appointment_id = ?", id);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 1);
    EXPECT_EQ(q.integer(1), 2500);
    // Without a key each press is its own payment.
    auto keyless = desk.execute("scheduling.checkout", payload);
    ASSERT_TRUE(keyless) << keyless.error().message;
    EXPECT_EQ(keyless->result.at("paid"), "50.00");
}

TEST_F(scheduling_desk, TodayIsMelbournesDayAt0730And2000Local)
{
    // The machine's own zone is another continent's: only the clinic's counts.
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    auto zone = clinic->bus().execute({"settings.update", {{"time_zone", "Australia/Melbourne"}}, "owner"});
    ASSERT_TRUE(zone) << zone.error().message;
    // Monday 23 November in Melbourne (AEDT, UTC+11) runs from 13:00 UTC on Sunday the 22nd to
    // 13:00 UTC on the 23rd: it holds London's Monday-morning sessions, in Melbourne's evening.
    const auto ms = [](const char* instant) {
        return std::int64_t{std::chrono::duration_cast<std::chrono::milliseconds>(
                                parse_instant(instant)->time_since_epoch())
                                .count()};
    };
    auto q = clinic->db().query("SELECT count(*) FROM sched_appointments WHERE starts_ms >= ? AND starts_ms < ?",
                                ms("2026-11-22T13:00:00Z"), ms("2026-11-23T13:00:00Z"));
    ASSERT_TRUE(q.step());
    const auto expected = q.integer(0);
    ASSERT_GT(expected, 0) << "the demo has sessions then";
    for (const char* now : {"2026-11-22T20:30:00Z" /* 07:30 Monday in Melbourne, still Sunday in UTC */,
                            "2026-11-23T09:00:00Z" /* 20:00 Monday */}) {
        auto* list = open_today(now);
        ASSERT_NE(list, nullptr);
        EXPECT_EQ(text_of(child<QLabel>(page, "todayDate")->text()), "Monday 23/11/2026") << now;
        EXPECT_EQ(list->rowCount(), expected) << now;
        EXPECT_GE(text_of(list->item(0, 0)->text()), "20:00") << now;
        if (std::string(now) == "2026-11-22T20:30:00Z")
            fascia::test::save_screenshot(*window, "scheduling-today-melbourne");
    }
    // The arrows move a day at a time.
    child<QPushButton>(page, "nextDay")->click();
    EXPECT_EQ(text_of(child<QLabel>(page, "todayDate")->text()), "Tuesday 24/11/2026");
    unsetenv("TZ");
    tzset();
}

} // namespace
} // namespace fascia::scheduling::test
