#pragma once
// Booking from the calendar: find the client, see what their screening says
// (the desk's client banner: intake's disposition and restrictions) before
// anything is booked, choose service, therapist, room and time, and see at
// once whether it can be booked — the same checks the command runs — or why
// not, with the next free slots to pick from; or preview and book a course.
#include "calendar_data.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace fascia::scheduling::ui {

/// What the dialog starts with (the slot clicked, or a refused booking to try again).
struct BookingStart {
    QString client_id;      ///< "" to search
    std::string service_id; ///< "" for the first service
    std::string therapist;  ///< username; "" for the first therapist
    std::string room;       ///< room name; "" for any free room
    Instant start{};
};

class BookingDialog : public QDialog {
    Q_OBJECT
public:
    BookingDialog(desk::DeskContext& desk, const BookingStart& initial, QWidget* parent = nullptr);
    /// What was booked, in a sentence for the calendar's message line ("" until booked).
    const QString& outcome() const { return outcome_; }

private:
    void search(const QString& text);
    void choose_client(const QString& client_id, const QString& name);
    /// Re-runs the checks (or the course plan) for what is chosen now.
    void recheck();
    void book();
    Instant start() const;
    void set_start(Instant t);
    std::optional<Service> service() const;

    desk::DeskContext& desk_;
    const date::time_zone* zone_;
    QString client_id_;
    QString client_name_;
    QLineEdit* search_;
    QListWidget* matches_;
    QLabel* client_;
    QLabel* banner_;
    QComboBox* service_;
    QComboBox* therapist_;
    QComboBox* room_;
    QDateTimeEdit* start_;
    QCheckBox* course_;
    QLabel* check_;
    QListWidget* slots_;
    QListWidget* plan_;
    QLabel* offline_;
    QPushButton* book_;
    std::vector<Slot> offered_;  ///< the next free slots listed
    std::vector<Slot> planned_;  ///< the course's sessions previewed
    QString outcome_;
};

} // namespace fascia::scheduling::ui
