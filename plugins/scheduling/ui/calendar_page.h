#pragma once
// The Calendar page, the desk's first for front desk and therapists: a day
// (one column per therapist) or a week, by therapist or by room, in the
// clinic's time zone. Click or Enter on a free slot books; drag moves (the
// same checks; a refused move snaps back with the reason); a block's menu
// marks arrived or no-show, cancels, or asks for checkout.
#include "booking_dialog.h"
#include "calendar_view.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace fascia::scheduling::ui {

class CalendarPage : public QWidget {
    Q_OBJECT
public:
    CalendarPage(desk::DeskContext& desk, QWidget* parent = nullptr);

    /// Re-reads the days shown (after any change, here or synced).
    Q_INVOKABLE void reload();
    /// The message line: what was just done, or why not.
    Q_INVOKABLE QString message() const;

protected:
    /// Coming back to the calendar shows what changed meanwhile (another page, a sync).
    void showEvent(QShowEvent* event) override;

signals:
    /// "Check out…" in an appointment's menu: the desk's checkout dialog takes it from here.
    void checkout_requested(QString appointment_id);

private:
    enum class Span { day, week };
    /// The day the cursor is on.
    Date focus() const;
    void go_to(Date day);
    /// Today, the cursor on the current time (T).
    void go_to_now();
    void open_booking(const BookingStart& start);
    void book_at(int day, int lane, int minutes);
    void move(const QString& id, int day, int lane, int minutes);
    void show_menu(const QString& id, const QPoint& global);
    /// Runs a command on an appointment; the error (or "") in the message line.
    bool run(const std::string& type, boost::json::object payload, const QString& done);
    void say(const QString& text, bool error);

    desk::DeskContext& desk_;
    CalendarView* view_;
    QLabel* title_;
    QLabel* message_;
    QPushButton* day_button_;
    QPushButton* week_button_;
    QPushButton* therapists_button_;
    QPushButton* rooms_button_;
    Span span_ = Span::day;
    Date focus_{};
};

} // namespace fascia::scheduling::ui
