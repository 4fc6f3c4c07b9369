// The Calendar page in the real desk window, offscreen, with the real plugins
// (scheduling, intake, vetting, vouchers and their desk plugins) and the demo
// clinic on Monday 23 November 2026, 08:00 in London: booking from a free slot
// with the client's screening shown first, an urgent referral refused before
// anything is booked, dragging to reschedule (and a refused drop snapping
// back), the keyboard, marking arrived from a block's menu, checking an
// arrived client out from the calendar (card plus a gift voucher), what an enrolled
// desk shows for a booking the server has not accepted or refused, and
// screenshots of the day, the week and the booking dialog.
#include "checkout_dialog_support.h"
#include "module_desk_test.h"

#include "screening_form.h"

#include <fascia/clients.h>

#include <boost/json.hpp>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QTest>

#include <gmock/gmock.h>

namespace fascia::scheduling::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::Not;

std::string text_of(const QString& s)
{
    return s.toStdString();
}

class calendar_desk : public fascia::test::ModuleDeskTest {
protected:
    calendar_desk() : ModuleDeskTest(FASCIA_SCHEDULING_PLUGIN, FASCIA_SCHEDULING_DESK_PLUGIN, {1280, 800}) {}

    void SetUp() override
    {
        ModuleDeskTest::SetUp();
        if (HasFatalFailure())
            return;
        // The demo's bookings start on the Monday after its Sunday: the desk opens then, 08:00 in London.
        clock.set(*parse_instant("2026-11-23T08:00:00Z"));
    }

    /// Signs in and returns the page the desk opens on, which must be the calendar.
    QWidget* open_calendar(const QString& user = "frontdesk")
    {
        sign_in_as(user);
        EXPECT_FALSE(window->page_titles().isEmpty());
        EXPECT_EQ(window->page_titles().value(0), "Calendar");
        QWidget* page = window->current_page();
        EXPECT_EQ(page ? page->objectName() : QString(), "calendarPage");
        view = page ? page->findChild<QWidget*>("calendarView") : nullptr;
        EXPECT_NE(view, nullptr);
        return page;
    }

    QStringList lanes() const
    {
        QStringList keys;
        QMetaObject::invokeMethod(view, "lane_keys", Q_RETURN_ARG(QStringList, keys));
        return keys;
    }
    int lane(const QString& key) const
    {
        const int i = static_cast<int>(lanes().indexOf(key));
        EXPECT_GE(i, 0) << "no column " << text_of(key);
        return i;
    }
    QPoint slot(int day, int column, int minutes) const
    {
        QPoint p;
        QMetaObject::invokeMethod(view, "slot_centre", Q_RETURN_ARG(QPoint, p), Q_ARG(int, day), Q_ARG(int, column),
                                  Q_ARG(int, minutes));
        return p;
    }
    QRect block_rect(const std::string& id) const
    {
        QRect r;
        QMetaObject::invokeMethod(view, "block_rect", Q_RETURN_ARG(QRect, r), Q_ARG(QString, QString::fromStdString(id)));
        return r;
    }
    QString block_text(const std::string& id) const
    {
        QString t;
        QMetaObject::invokeMethod(view, "block_text", Q_RETURN_ARG(QString, t), Q_ARG(QString, QString::fromStdString(id)));
        return t;
    }
    QString cursor() const
    {
        QString t;
        QMetaObject::invokeMethod(view, "cursor_text", Q_RETURN_ARG(QString, t));
        return t;
    }
    static QString message(QWidget* page)
    {
        QString t;
        QMetaObject::invokeMethod(page, "message", Q_RETURN_ARG(QString, t));
        return t;
    }
    QString title(QWidget* page) const
    {
        auto* label = page->findChild<QLabel*>("calendarTitle");
        return label ? label->text() : QString();
    }
    QDialog* booking_dialog(QWidget* page) const
    {
        QApplication::processEvents();
        for (auto* d : page->findChildren<QDialog*>("bookingDialog"))
            if (d->isVisible())
                return d;
        return nullptr;
    }

    /// A client whose screening lets them be booked today, and their name.
    std::pair<std::string, std::string> bookable_client()
    {
        auto* intake = service_at<intake::IntakeService>(intake::service_id);
        auto q = clinic->db().query("SELECT id FROM clients WHERE health_consent_at IS NOT NULL ORDER BY rowid");
        while (q.step()) {
            const auto id = q.text(0);
            const auto status = intake->booking_status(clinic->db(), id, *parse_date("2026-11-23"));
            if (status && status->bookable && status->restrictions.empty())
                return {id, find_client(clinic->db(), id)->display_name()};
        }
        ADD_FAILURE() << "the demo has no bookable client";
        return {};
    }

    /// A new client screened today with `yes` answered yes (saddle_numbness: an urgent referral).
    std::string screened_client(const std::string& first, const std::vector<std::string>& yes)
    {
        auto made = clinic->bus().execute({"clients.create",
                                           {{"first_name", first}, {"last_name", "Kowalczyk"},
                                            {"date_of_birth", "1979-02-11"}, {"health_consent", true}},
                                           "frontdesk"});
        EXPECT_TRUE(made) << made.error().message;
        const std::string id(made->result.at("id").as_string());
        const auto& form = *intake::FormLibrary::builtin()->find("sciatica-intake/1");
        json::object input = form.blank_input();
        auto& answers = input["answers"].as_object();
        for (const auto& question : form.questions())
            answers[question.id] = question.type == intake::AnswerType::boolean ? json::value(false)
                                   : question.asked_when.empty()                ? json::value(0)
                                                                                : json::value(nullptr);
        answers["diagnosed_by_clinician"] = true;
        answers["pain_score"] = 6;
        for (const auto& y : yes)
            answers[y] = true;
        input["assessed_on"] = "2026-11-23";
        input["symptom_onset"] = "2026-07-01";
        auto recorded = clinic->bus().execute({"intake.record", {{"client_id", id}, {"screening", input}}, "priya"});
        EXPECT_TRUE(recorded) << recorded.error().message;
        return id;
    }

    /// Chooses a client in the open booking dialog by typing their name and clicking the match.
    static void choose_client(QDialog* dialog, const std::string& name)
    {
        auto* search = dialog->findChild<QLineEdit*>("clientSearch");
        ASSERT_NE(search, nullptr);
        search->setText(QString::fromStdString(name)); // as typed (keyClicks takes ASCII only: "Zoë")
        auto* matches = dialog->findChild<QListWidget*>("clientMatches");
        ASSERT_NE(matches, nullptr);
        ASSERT_GT(matches->count(), 0);
        QTest::mouseClick(matches->viewport(), Qt::LeftButton, {}, matches->visualItemRect(matches->item(0)).center());
    }

    static void choose_service(QDialog* dialog, const QString& name)
    {
        auto* service = dialog->findChild<QComboBox*>("service");
        ASSERT_NE(service, nullptr);
        for (int i = 0; i < service->count(); ++i)
            if (service->itemText(i).startsWith(name)) {
                service->setCurrentIndex(i);
                return;
            }
        ADD_FAILURE() << "no service " << text_of(name);
    }

    std::int64_t appointments_of(const std::string& client)
    {
        auto q = clinic->db().query("SELECT count(*) FROM sched_appointments WHERE client_id = ? AND status <> 'cancelled'",
                                    client);
        q.step();
        return q.integer(0);
    }

    /// The first booked appointment on Monday that starts at or after `from` (local "HH:MM").
    std::pair<std::string, std::string> monday_booking(const char* from)
    {
        auto q = clinic->db().query("SELECT a.id, s.username FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                                    " WHERE a.status = 'booked' AND a.starts_at >= ? AND a.starts_at < '2026-11-23T17:00'"
                                    " ORDER BY a.starts_at LIMIT 1",
                                    std::string("2026-11-23T") + from);
        if (!q.step()) {
            ADD_FAILURE() << "no booking on Monday after " << from;
            return {};
        }
        return {q.text(0), q.text(1)};
    }

    /// A therapist who may give remedial massage (Liam may not yet: his references are not all
    /// checked) with nothing booked on Monday within the buffer of `minutes` to 60 minutes later.
    std::string free_therapist(int minutes)
    {
        const auto at = [](int m) {
            char text[32];
            std::snprintf(text, sizeof text, "2026-11-23T%02d:%02d:00.000Z", m / 60, m % 60);
            return std::string(text);
        };
        for (const char* who : {"aroha", "priya"}) {
            auto q = clinic->db().query("SELECT count(*) FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                                        " WHERE s.username = ? AND a.status <> 'cancelled' AND a.starts_at < ? AND a.ends_at > ?",
                                        std::string(who), at(minutes + 70), at(minutes - 10));
            q.step();
            if (q.integer(0) == 0)
                return who;
        }
        ADD_FAILURE() << "nobody is free on Monday at " << minutes / 60 << ":" << minutes % 60;
        return {};
    }

    std::string starts_at(const std::string& appointment)
    {
        auto q = clinic->db().query("SELECT starts_at FROM sched_appointments WHERE id = ?", appointment);
        return q.step() ? q.text(0) : std::string();
    }

    /// Drags a block by its top edge to a column and a time of day on the day shown.
    void drag(const std::string& id, int column, int minutes)
    {
        const QRect r = block_rect(id);
        ASSERT_FALSE(r.isEmpty()) << "the block is not on the calendar";
        const QPoint from(r.center().x(), r.top() + 2);
        const QPoint to = slot(0, column, minutes) - QPoint(0, slot(0, column, 15).y() - slot(0, column, 0).y()) / 2;
        QTest::mousePress(view, Qt::LeftButton, {}, from);
        QTest::mouseMove(view, from + QPoint(0, 8));
        QTest::mouseMove(view, (from + to) / 2);
        QTest::mouseMove(view, to + QPoint(0, 2));
        QTest::mouseRelease(view, Qt::LeftButton, {}, to + QPoint(0, 2));
        QApplication::processEvents();
    }

    QWidget* view = nullptr;
};

TEST_F(calendar_desk, OpensOnTodayWithATherapistPerColumnAndTheDemoBookings)
{
    // Late morning: the 09:00 session is over and unpaid, the 10:00 client has arrived.
    clock.set(*parse_instant("2026-11-23T11:20:00Z"));
    const auto [arrived, arrived_with] = monday_booking("10:00");
    ASSERT_TRUE(clinic->bus().execute({"scheduling.arrive", {{"id", arrived}}, "frontdesk"}));
    // The 11:30 client paid ahead.
    const auto [prepaid, prepaid_with] = monday_booking("11:30");
    ASSERT_TRUE(clinic->bus().execute(
        {"scheduling.checkout",
         {{"id", prepaid}, {"payments", json::array{json::object{{"method", "card"}, {"amount", "75.00"}}}}},
         "frontdesk"}));
    // The owner: the screenshots show every page of the sidebar (Reports too).
    QWidget* page = open_calendar("owner");
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(text_of(title(page)), "Monday 23 November 2026");
    EXPECT_THAT(text_of(block_text(arrived)), HasSubstr("Arrived"));
    EXPECT_EQ(lanes(), (QStringList{"aroha", "liam", "priya", "tom"}));
    const auto [id, who] = monday_booking("09:00");
    EXPECT_FALSE(block_rect(id).isEmpty());
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("60-minute remedial massage"));
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("Unpaid")) << "over, and nothing paid";
    EXPECT_THAT(text_of(block_text(prepaid)), HasSubstr("Paid"));
    EXPECT_THAT(text_of(block_text(prepaid)), Not(HasSubstr("Unpaid")));
    fascia::test::save_screenshot(*window, "calendar-01-day");

    // Rooms instead of therapists: one column per room.
    QTest::mouseClick(page->findChild<QPushButton*>("byRoom"), Qt::LeftButton);
    EXPECT_EQ(lanes(), (QStringList{"Room 1", "Room 2"}));
    EXPECT_FALSE(block_rect(id).isEmpty());
    QTest::mouseClick(page->findChild<QPushButton*>("byTherapist"), Qt::LeftButton);

    // The week: Monday to Sunday, the same block on Monday's columns.
    QTest::mouseClick(page->findChild<QPushButton*>("weekView"), Qt::LeftButton);
    EXPECT_EQ(text_of(title(page)), "Week of 23 November 2026");
    EXPECT_FALSE(block_rect(id).isEmpty());
    fascia::test::save_screenshot(*window, "calendar-02-week");
}

TEST_F(calendar_desk, BooksFromAFreeSlotAfterShowingTheClientsScreening)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    const auto [client, name] = bookable_client();
    const auto before = appointments_of(client);
    const auto therapist = free_therapist(14 * 60);
    QTest::mouseClick(view, Qt::LeftButton, {}, slot(0, lane(QString::fromStdString(therapist)), 14 * 60));
    QDialog* dialog = booking_dialog(page);
    ASSERT_NE(dialog, nullptr) << "a click on a free slot opens the booking dialog";
    EXPECT_EQ(dialog->findChild<QComboBox*>("therapist")->currentData().toString().toStdString(), therapist);
    choose_client(dialog, name);
    choose_service(dialog, "60-minute remedial massage");
    // Intake's banner line, before anything is booked.
    auto* banner = dialog->findChild<QLabel*>("clientBanner");
    ASSERT_NE(banner, nullptr);
    EXPECT_TRUE(banner->isVisible());
    EXPECT_THAT(text_of(banner->text()), HasSubstr("Screening: May proceed"));
    auto* check = dialog->findChild<QLabel*>("checkResult");
    EXPECT_THAT(text_of(check->text()), HasSubstr("Free: Mon 23 Nov 14:00–15:00 with " + find_staff(clinic->db(), therapist)->display_name));
    fascia::test::save_screenshot(*dialog, "calendar-03-booking");

    auto* book = dialog->findChild<QPushButton*>("book");
    ASSERT_TRUE(book->isEnabled());
    QTest::mouseClick(book, Qt::LeftButton);
    QApplication::processEvents();
    EXPECT_EQ(booking_dialog(page), nullptr);
    EXPECT_EQ(appointments_of(client), before + 1);
    auto q = clinic->db().query("SELECT a.id FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                                " WHERE a.client_id = ? AND s.username = ? AND a.starts_at = '2026-11-23T14:00:00.000Z'",
                                client, therapist);
    ASSERT_TRUE(q.step()) << "booked with " << therapist << " at 14:00 London time";
    const auto id = q.text(0);
    EXPECT_THAT(text_of(message(page)), HasSubstr("Booked " + name));
    EXPECT_FALSE(block_rect(id).isEmpty()) << "the new booking is on the calendar";
    EXPECT_THAT(text_of(block_text(id)), Not(HasSubstr("Tentative"))) << "this desk does not sync";
}

TEST_F(calendar_desk, AnUrgentReferralIsRefusedBeforeAnythingIsBooked)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    const auto client = screened_client("Marek", {"saddle_numbness"});
    QTest::mouseClick(view, Qt::LeftButton, {}, slot(0, lane("liam"), 11 * 60));
    QDialog* dialog = booking_dialog(page);
    ASSERT_NE(dialog, nullptr);
    choose_client(dialog, "Marek Kowalczyk");
    auto* banner = dialog->findChild<QLabel*>("clientBanner");
    EXPECT_THAT(text_of(banner->text()), HasSubstr("Urgent referral: do not treat"));
    EXPECT_THAT(text_of(dialog->findChild<QLabel*>("checkResult")->text()), HasSubstr("Cannot be booked"));
    EXPECT_THAT(text_of(dialog->findChild<QLabel*>("checkResult")->text()), HasSubstr("urgent"));
    EXPECT_FALSE(dialog->findChild<QPushButton*>("book")->isEnabled());
    // No other time would do: no free slots are offered for a client who may not be treated.
    EXPECT_FALSE(dialog->findChild<QListWidget*>("nextSlots")->isVisible());
    // A course cannot be planned either.
    dialog->findChild<QCheckBox*>("course")->setChecked(true);
    EXPECT_FALSE(dialog->findChild<QPushButton*>("book")->isEnabled());
    EXPECT_EQ(appointments_of(client), 0);
    dialog->reject();

    // The client file's header says the same, from the same hook.
    window->open_client(QString::fromStdString(client));
    auto* header = window->current_page()->findChild<QLabel*>("clientBanner");
    ASSERT_NE(header, nullptr);
    EXPECT_THAT(text_of(header->text()), HasSubstr("Urgent referral"));
}

TEST_F(calendar_desk, DragsAnAppointmentToAnotherTimeAndARefusedDropSnapsBack)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    const auto [id, therapist] = monday_booking("09:00");
    const auto was = starts_at(id);
    const QRect where = block_rect(id);

    // Into the therapist's break (12:30–13:00): refused, back where it was, with the reason.
    drag(id, lane(QString::fromStdString(therapist)), 12 * 60 + 15);
    EXPECT_EQ(starts_at(id), was);
    const int was_minutes = std::stoi(was.substr(11, 2)) * 60 + std::stoi(was.substr(14, 2));
    EXPECT_TRUE(block_rect(id).contains(slot(0, lane(QString::fromStdString(therapist)), was_minutes)))
        << "the block snapped back";
    EXPECT_THAT(text_of(message(page)), HasSubstr("Not moved"));

    // To 15:45 with someone free then: moved.
    const auto to = free_therapist(15 * 60 + 45);
    drag(id, lane(QString::fromStdString(to)), 15 * 60 + 45);
    EXPECT_EQ(starts_at(id), "2026-11-23T15:45:00.000Z") << text_of(message(page));
    EXPECT_THAT(text_of(message(page)), HasSubstr("Moved"));
    auto q = clinic->db().query("SELECT s.username FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                                " WHERE a.id = ?",
                                id);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), to);
    EXPECT_NE(block_rect(id), where);
}

TEST_F(calendar_desk, KeyboardMovesBetweenSlotsAndDaysAndBooksWithN)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    view->setFocus();
    EXPECT_EQ(text_of(cursor()), "0 0 480") << "today, the first therapist, now (08:00)";
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Right);
    EXPECT_EQ(text_of(cursor()), "0 1 510");
    // Past the last therapist: the next day.
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(view, Qt::Key_Right);
    EXPECT_EQ(text_of(title(page)), "Tuesday 24 November 2026");
    EXPECT_EQ(text_of(cursor()), "0 0 510");
    QTest::keyClick(view, Qt::Key_Left);
    EXPECT_EQ(text_of(title(page)), "Monday 23 November 2026");
    EXPECT_EQ(text_of(cursor()), "0 3 510");
    QTest::keyClick(view, Qt::Key_PageDown);
    QTest::keyClick(view, Qt::Key_PageDown);
    EXPECT_EQ(text_of(title(page)), "Wednesday 25 November 2026");
    QTest::keyClick(view, Qt::Key_T);
    EXPECT_EQ(text_of(title(page)), "Monday 23 November 2026");

    // N books at the cursor: Liam at 10:00.
    for (int i = 0; i < 8; ++i)
        QTest::keyClick(view, Qt::Key_Down);
    while (!cursor().startsWith("0 1 "))
        QTest::keyClick(view, cursor().split(' ').value(1).toInt() > 1 ? Qt::Key_Left : Qt::Key_Right);
    EXPECT_EQ(text_of(cursor()), "0 1 600");
    QTest::keyClick(view, Qt::Key_N);
    QDialog* dialog = booking_dialog(page);
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(text_of(dialog->findChild<QComboBox*>("therapist")->currentData().toString()), "liam");
    EXPECT_THAT(text_of(dialog->findChild<QWidget*>("start")->property("dateTime").toDateTime().toString("ddd HH:mm")),
                HasSubstr("Mon 10:00"));
    dialog->reject();
}

TEST_F(calendar_desk, MarksAClientArrivedFromTheBlocksMenu)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    const auto [id, therapist] = monday_booking("09:00");
    const QRect r = block_rect(id);
    QContextMenuEvent menu_event(QContextMenuEvent::Mouse, r.center(), view->mapToGlobal(r.center()));
    QApplication::sendEvent(view, &menu_event);
    auto* menu = page->findChild<QMenu*>("blockMenu");
    ASSERT_NE(menu, nullptr);
    QAction* arrived = nullptr;
    for (auto* a : menu->actions())
        if (a->text() == "Arrived")
            arrived = a;
    ASSERT_NE(arrived, nullptr);
    arrived->trigger();
    auto q = clinic->db().query("SELECT status FROM sched_appointments WHERE id = ?", id);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "arrived");
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("Arrived"));
    menu->close();
}

TEST_F(calendar_desk, ChecksOutAnArrivedClientFromTheCalendarWithCardAndAVoucher)
{
    // 11:20: the 10:00 client has arrived, had the session and is at the desk to pay.
    clock.set(*parse_instant("2026-11-23T11:20:00Z"));
    const auto [id, therapist] = monday_booking("10:00");
    ASSERT_TRUE(clinic->bus().execute({"scheduling.arrive", {{"id", id}}, "frontdesk"}));
    auto* vouchers = service_at<vouchers::VoucherService>(vouchers::service_id);
    ASSERT_NE(vouchers, nullptr);
    const auto code = sell_voucher(*clinic, *vouchers, "25.00");
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("Unpaid"));

    // A click selects the block; the menu key opens its menu, which offers Check out….
    QTest::mouseClick(view, Qt::LeftButton, {}, block_rect(id).center());
    QTest::keyClick(view, Qt::Key_Menu);
    auto* menu = page->findChild<QMenu*>("blockMenu");
    ASSERT_NE(menu, nullptr);
    QAction* check_out = nullptr;
    for (auto* a : menu->actions())
        if (a->text() == "Check out…")
            check_out = a;
    ASSERT_NE(check_out, nullptr);
    ASSERT_TRUE(check_out->isEnabled());
    check_out->trigger();
    menu->close();
    QApplication::processEvents();
    QDialog* dialog = nullptr;
    for (auto* d : page->findChildren<QDialog*>("checkoutDialog"))
        if (d->isVisible())
            dialog = d;
    ASSERT_NE(dialog, nullptr) << "Check out… opens the checkout dialog";
    EXPECT_EQ(text_of(dialog->findChild<QLabel*>("checkoutDue")->text()), "Due £75.00");
    EXPECT_FALSE(dialog->findChild<QPushButton*>("printReceipt")->isEnabled()) << "no receipt of nothing paid";

    // £55 by card, and the £25 voucher takes only the £20 left.
    add_payment(dialog, "card", "55.00");
    choose_method(dialog, "voucher", QString::fromStdString(code));
    EXPECT_EQ(text_of(dialog->findChild<QLineEdit*>("paymentAmount")->text()), "20.00");
    dialog->findChild<QPushButton*>("addPayment")->click();
    dialog->findChild<QPushButton*>("takePayment")->click();
    auto* error = dialog->findChild<QLabel*>("checkoutError");
    EXPECT_FALSE(error->isVisible()) << text_of(error->text());
    EXPECT_EQ(text_of(dialog->findChild<QLabel*>("checkoutDue")->text()), "Nothing due");
    // What the desk sees: the voucher's £5 left, the receipt offered, the block paid behind the dialog.
    const auto done = text_of(dialog->findChild<QLabel*>("checkoutDone")->text());
    EXPECT_THAT(done, HasSubstr("Voucher " + code + " has £5.00 left."));
    EXPECT_THAT(done, HasSubstr("Print receipt"));
    EXPECT_TRUE(dialog->findChild<QPushButton*>("printReceipt")->isEnabled());
    EXPECT_TRUE(dialog->findChild<QPushButton*>("saveReceipt")->isEnabled());
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("Paid"));
    EXPECT_THAT(text_of(block_text(id)), Not(HasSubstr("Unpaid")));
    fascia::test::save_screenshot(*dialog, "calendar-05-checkout");
    dialog->reject();
    QApplication::processEvents();
    EXPECT_THAT(text_of(block_text(id)), HasSubstr("Paid"));
    EXPECT_EQ(voucher_balance(*clinic, *vouchers, code), 500);
}

TEST_F(calendar_desk, AnEnrolledDeskShowsTentativeAndRefusedBookings)
{
    // This desk syncs (its enrolment as `fascia sync enroll` records it), and the server has
    // accepted everything it sent so far (the demo).
    clinic->db().query("INSERT INTO sync_replica(key, value) VALUES ('device', 'desk-1'), ('server', 'clinic.example:7443')").run();
    clinic->db().query("UPDATE outbox SET state = 'accepted' WHERE state = 'pending'").run();
    const auto [accepted, accepted_therapist] = monday_booking("09:00");
    const auto [client, name] = bookable_client();
    const auto therapist = free_therapist(14 * 60);
    ASSERT_EQ(free_therapist(16 * 60), therapist);
    const auto booked = clinic->bus().execute({"scheduling.book",
                                               {{"client_id", client}, {"service", "60-minute remedial massage"},
                                                {"therapist", therapist}, {"start", "2026-11-23T14:00:00+00:00"}},
                                               "frontdesk"});
    ASSERT_TRUE(booked) << booked.error().message;
    const std::string tentative(booked->result.at("id").as_string());
    // A second booking the server refused: the rebase undid it here, the outbox keeps the reason.
    const auto refused = clinic->bus().execute({"scheduling.book",
                                                {{"client_id", client}, {"service", "60-minute remedial massage"},
                                                 {"therapist", therapist}, {"start", "2026-11-23T16:00:00+00:00"}},
                                                "frontdesk"});
    ASSERT_TRUE(refused) << refused.error().message;
    ASSERT_TRUE(clinic->bus().execute({"scheduling.cancel",
                                       {{"id", refused->result.at("id")}, {"reason", "undone"}, {"by", "clinic"}},
                                       "frontdesk"}));
    clinic->db()
        .query("UPDATE outbox SET state = 'refused', refusal = 'slot_taken: another desk booked that time first' WHERE sequence = ?",
               refused->sequence)
        .run();

    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    EXPECT_THAT(text_of(block_text(tentative)), HasSubstr("Tentative: the server has not accepted it yet"));
    EXPECT_THAT(text_of(block_text(accepted)), Not(HasSubstr("Tentative")));
    const auto ghost = "refused:" + std::to_string(refused->sequence);
    EXPECT_FALSE(block_rect(ghost).isEmpty()) << "the refused booking stays where it was asked for";
    EXPECT_THAT(text_of(block_text(ghost)), HasSubstr("another desk booked that time first"));
    fascia::test::save_screenshot(*window, "calendar-04-offline");

    // The booking dialog says a booking here is tentative.
    QTest::mouseClick(view, Qt::LeftButton, {}, slot(0, lane("liam"), 15 * 60));
    QDialog* dialog = booking_dialog(page);
    ASSERT_NE(dialog, nullptr);
    auto* note = dialog->findChild<QLabel*>("offlineNote");
    EXPECT_TRUE(note->isVisible());
    EXPECT_THAT(text_of(note->text()), HasSubstr("tentative"));
    dialog->reject();

    // Dismissed once a person has dealt with it: gone from the calendar.
    const QRect r = block_rect(ghost);
    QContextMenuEvent menu_event(QContextMenuEvent::Mouse, r.center(), view->mapToGlobal(r.center()));
    QApplication::sendEvent(view, &menu_event);
    auto* menu = page->findChild<QMenu*>("blockMenu");
    ASSERT_NE(menu, nullptr);
    for (auto* a : menu->actions())
        if (a->text() == "Dismiss (seen)")
            a->trigger();
    EXPECT_TRUE(block_rect(ghost).isEmpty());
}

TEST_F(calendar_desk, PreviewsACourseAndBooksExactlyThoseSessions)
{
    QWidget* page = open_calendar();
    ASSERT_NE(view, nullptr);
    // A new client, screened today: nothing booked yet that the course could meet.
    const auto client = screened_client("Nadia", {});
    const std::string name = "Nadia Kowalczyk";
    const auto before = appointments_of(client);
    const auto therapist = free_therapist(14 * 60);
    QTest::mouseClick(view, Qt::LeftButton, {}, slot(0, lane(QString::fromStdString(therapist)), 14 * 60));
    QDialog* dialog = booking_dialog(page);
    ASSERT_NE(dialog, nullptr);
    choose_client(dialog, name);
    choose_service(dialog, "60-minute remedial massage");
    // From the first Monday of January (December's holidays leave too little room for two a week),
    // with Priya (Aroha's CPD falls short in January: vetting says so).
    auto* who = dialog->findChild<QComboBox*>("therapist");
    who->setCurrentIndex(who->findData("priya"));
    dialog->findChild<QDateTimeEdit*>("start")->setDateTime(QDateTime(QDate(2027, 1, 4), QTime(14, 0), Qt::UTC));
    dialog->findChild<QCheckBox*>("course")->setChecked(true);
    auto* plan = dialog->findChild<QListWidget*>("coursePlan");
    const QString check = dialog->findChild<QLabel*>("checkResult")->text();
    ASSERT_TRUE(plan->isVisible()) << text_of(check);
    ASSERT_GT(plan->count(), 1);
    EXPECT_THAT(text_of(check), HasSubstr("course"));
    EXPECT_THAT(text_of(plan->item(0)->text()), HasSubstr("1. "));
    const int sessions = plan->count();
    QTest::mouseClick(dialog->findChild<QPushButton*>("book"), Qt::LeftButton);
    QApplication::processEvents();
    EXPECT_EQ(booking_dialog(page), nullptr) << text_of(dialog->findChild<QLabel*>("checkResult")->text());
    EXPECT_EQ(appointments_of(client), before + sessions);
    EXPECT_THAT(text_of(message(page)), HasSubstr("Booked a course of " + std::to_string(sessions) + " sessions"));
}

TEST_F(calendar_desk, EnterOnAnAppointmentOpensTheClientsFile)
{
    open_calendar();
    ASSERT_NE(view, nullptr);
    const auto [id, therapist] = monday_booking("09:00");
    // A click on a block puts the cursor on it (and books nothing).
    QTest::mouseClick(view, Qt::LeftButton, {}, block_rect(id).center());
    EXPECT_EQ(window->current_page()->objectName(), "calendarPage");
    QTest::keyClick(view, Qt::Key_Return);
    auto q = clinic->db().query("SELECT client_id FROM sched_appointments WHERE id = ?", id);
    ASSERT_TRUE(q.step());
    auto* name = window->current_page()->findChild<QLabel*>("clientName");
    ASSERT_NE(name, nullptr) << "the client's file is open";
    EXPECT_EQ(text_of(name->text()), find_client(clinic->db(), q.text(0))->display_name());
}

} // namespace
} // namespace fascia::scheduling::test
