#pragma once
// Today: the front desk's day list in the clinic's time zone (setting
// time_zone, never the machine's zone or the UTC date): time, client, service,
// therapist, arrived / late / no-show, the pre-session check, paid or what is
// due; Mark arrived, No-show and Check out… on the selected appointment, and
// the date moved with the arrows (Alt+Left / Alt+Right) or back to today (T).
#include <fascia/desk/desk.h>
#include <fascia/plugin.h>

#include <QWidget>

#include <chrono>

class QLabel;
class QPushButton;
class QTableWidget;

namespace fascia::scheduling::ui {

/// Registers the Today page as the desk service desk.page/scheduling-today.
void add_today_page(PluginContext& context);

/// The page's widget (one per signed-in workspace).
class TodayPage : public QWidget {
    Q_OBJECT
public:
    TodayPage(desk::DeskContext& desk, QWidget* parent);

private:
    void show_day(std::chrono::year_month_day day);
    void refresh();
    void update_actions();
    void change_status(const char* command);
    void check_out();
    /// The selected row's appointment id, or "" when none is selected.
    QString selected() const;

    desk::DeskContext& desk_;
    std::chrono::year_month_day day_;
    QLabel* date_;
    QLabel* summary_;
    QLabel* error_;
    QTableWidget* list_;
    QPushButton* arrived_;
    QPushButton* no_show_;
    QPushButton* checkout_;
};

} // namespace fascia::scheduling::ui
