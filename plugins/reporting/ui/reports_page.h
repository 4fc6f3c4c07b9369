#pragma once
// The Reports page: a report, its days and rows, its tables, and a bar chart
// of its main figure per row. Reads only, through fascia.reporting/1.
#include <fascia/desk/desk.h>
#include <fascia/reporting/reporting_service.h>

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QTabWidget;

class QChartView;

namespace fascia::reporting::ui {

class ReportsPage final : public QWidget {
public:
    ReportsPage(desk::DeskContext& desk, const ReportingService& service, QWidget* parent);
    /// Runs the chosen report and shows it (the Show button).
    void show_report();

private:
    void show_chart(const Report& report);

    desk::DeskContext& desk_;
    const ReportingService& service_;
    QComboBox* name_ = nullptr;
    QComboBox* by_ = nullptr;
    QDateEdit* from_ = nullptr;
    QDateEdit* to_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* title_ = nullptr;
    QChartView* chart_ = nullptr;
    QTabWidget* tables_ = nullptr;
};

} // namespace fascia::reporting::ui
