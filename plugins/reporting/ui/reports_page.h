#pragma once
// The Reports page: a report, its days and rows, its tables, and a bar chart
// of its main figure per row (with the utilisation report, a heat map of the
// busiest hours of the week beside it). Reads only, through
// fascia.reporting/1. A report runs on a worker thread with its own read-only
// connection to the clinic's file, so the desk stays responsive while a long
// one runs, and Cancel stops it.
#include <fascia/desk/desk.h>
#include <fascia/reporting/reporting_service.h>

#include <QFuture>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QComboBox;
class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QWidget;

class QChartView;

namespace fascia::reporting::ui {

class ReportsPage final : public QWidget {
public:
    ReportsPage(desk::DeskContext& desk, const ReportingService& service, QWidget* parent);
    /// Stops a running report and waits for its worker (which reads the clinic's file, not this page).
    ~ReportsPage() override;
    /// Runs the chosen report on a worker and shows it when done (the Show button);
    /// a report still running is cancelled first.
    void show_report();
    /// Stops the running report (the Cancel button): its tables never appear, the page says "Cancelled".
    void cancel_report();

private:
    /// One run of a report: the flag the worker's connection checks, and its outcome.
    struct Run {
        std::shared_ptr<std::atomic<bool>> cancelled;
        QFuture<Result<Report>> future;
    };
    void finished(const Run& run);
    void show_tables(const Report& report);
    void show_chart(const Report& report);
    /// The heat map of a report's by_hour_of_week table; hidden when it has none.
    void show_heat_map(const Report& report);
    /// Clears what a previous report showed, so nothing stale stays under a new title.
    void clear();

    desk::DeskContext& desk_;
    const ReportingService& service_;
    QComboBox* name_ = nullptr;
    QComboBox* by_ = nullptr;
    QDateEdit* from_ = nullptr;
    QDateEdit* to_ = nullptr;
    QPushButton* show_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* title_ = nullptr;
    QChartView* chart_ = nullptr;
    QWidget* heat_panel_ = nullptr;
    QTableWidget* heat_map_ = nullptr;
    QTabWidget* tables_ = nullptr;
    std::unique_ptr<Run> running_;
    /// Cancelled runs whose workers have not yet stopped: waited for when the page goes.
    std::vector<QFuture<Result<Report>>> stopping_;
};

} // namespace fascia::reporting::ui
