#pragma once
// The client file's Screening tab: the result banner at the top (what anyone
// booking must see), the current status, the history of screenings, and the
// actions — a new screening, the pre-session check, a medical clearance.
#include "banner.h"

#include <QWidget>

#include <map>
#include <set>
#include <string>

class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;

namespace fascia::intake::ui {

class ScreeningTab final : public QWidget {
    Q_OBJECT
public:
    ScreeningTab(Intake intake, QString client_id, QWidget* parent);
    /// Re-reads the client's screenings.
    void refresh();

private:
    void open_wizard();
    void open_precheck();
    void open_clearance();
    void set_row(QLabel* value, const QString& text);
    void fill_history();
    /// The evaluation this person may see: with its findings (which quote the client's
    /// answers) only for roles that may read answers, each screening's read audited once.
    Evaluation as_seen(const Screening& screening);

    Intake intake_;
    QString client_id_;
    ScreeningBanner* banner_;
    QLabel* notice_;
    QPushButton* new_screening_;
    QPushButton* precheck_;
    QPushButton* clearance_;
    QGridLayout* status_grid_;
    std::map<QLabel*, QLabel*> captions_; ///< each value's caption, hidden with it
    QLabel* booking_;
    QLabel* screened_;
    QLabel* valid_until_;
    QLabel* condition_;
    QLabel* findings_;
    QLabel* restrictions_;
    QLabel* advisories_;
    QLabel* course_;
    QLabel* clearance_text_;
    QLabel* last_precheck_;
    QTableWidget* history_;
    std::string form_of_latest_;   ///< the form the latest screening was taken with
    std::string latest_id_;        ///< the latest screening
    std::set<std::string> read_;   ///< screenings whose answers this tab has shown (their read audited)
};

} // namespace fascia::intake::ui
