// The Reports page. The chart shows the report's period table (else its first)
// with the first money column (else rate, else count) as bars per row, so each
// report's main figure is seen over time; the tables hold every figure, the
// same cells the CLI prints (docs/REPORTS.md defines them).
#include "reports_page.h"

#include <fascia/desk/plugin_support.h>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace fascia::reporting::ui {

using desk::qs;

namespace {

QDate qdate(std::chrono::year_month_day d)
{
    return {int(d.year()), int(unsigned(d.month())), int(unsigned(d.day()))};
}

std::chrono::year_month_day ymd(const QDate& d)
{
    return std::chrono::year_month_day{std::chrono::year{d.year()}, std::chrono::month{unsigned(d.month())},
                                       std::chrono::day{unsigned(d.day())}};
}

/// A cell as people read it: a rate as a percentage, money and hours with their decimals.
QString cell_text(const boost::json::value& v, Kind kind)
{
    if (v.is_string())
        return qs(v.as_string());
    if (v.is_int64())
        return QString::number(v.as_int64());
    if (v.is_double())
        return kind == Kind::rate ? QString::number(v.as_double() * 100, 'f', 1) + "%" : QString::number(v.as_double(), 'f', 2);
    return {};
}

double cell_value(const boost::json::value& v)
{
    if (v.is_double())
        return v.as_double();
    if (v.is_int64())
        return static_cast<double>(v.as_int64());
    if (v.is_string())
        return QString::fromUtf8(v.as_string().data(), static_cast<int>(v.as_string().size())).toDouble();
    return 0;
}

} // namespace

ReportsPage::ReportsPage(desk::DeskContext& desk, const ReportingService& service, QWidget* parent)
    : QWidget(parent), desk_(desk), service_(service)
{
    setObjectName("reportsPage");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(desk::heading(tr("Reports"), this, 1.4));

    auto* controls = new QHBoxLayout;
    name_ = new QComboBox(this);
    name_->setObjectName("reportName");
    for (const auto& n : std::vector<std::pair<const char*, QString>>{{"revenue", tr("Revenue")},
                                                                       {"attendance", tr("Attendance")},
                                                                       {"utilisation", tr("Utilisation")},
                                                                       {"vouchers", tr("Gift vouchers")},
                                                                       {"compliance", tr("Compliance")},
                                                                       {"courses", tr("Courses")},
                                                                       {"outcomes", tr("Outcomes")}})
        name_->addItem(n.second, QString(n.first));
    const QDate today = qdate(desk::clinic_today(desk_));
    from_ = new QDateEdit(QDate(today.year(), today.month(), 1).addMonths(-11), this);
    from_->setObjectName("reportFrom");
    to_ = new QDateEdit(today, this);
    to_->setObjectName("reportTo");
    for (auto* d : {from_, to_}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat("yyyy-MM-dd");
    }
    by_ = new QComboBox(this);
    by_->setObjectName("reportBy");
    by_->addItem(tr("by month"), "month");
    by_->addItem(tr("by week"), "week");
    by_->addItem(tr("by day"), "day");
    auto* show = new QPushButton(tr("Show"), this);
    show->setObjectName("showReport");
    controls->addWidget(name_);
    controls->addWidget(new QLabel(tr("from"), this));
    controls->addWidget(from_);
    controls->addWidget(new QLabel(tr("to"), this));
    controls->addWidget(to_);
    controls->addWidget(by_);
    controls->addWidget(show);
    controls->addStretch();
    layout->addLayout(controls);

    error_ = new QLabel(this);
    error_->setObjectName("reportError");
    error_->setStyleSheet("color: #b00020");
    error_->hide();
    layout->addWidget(error_);
    title_ = new QLabel(this);
    title_->setObjectName("reportTitle");
    layout->addWidget(title_);

    chart_ = new QChartView(this);
    chart_->setObjectName("reportChart");
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(260);
    layout->addWidget(chart_, 1);
    tables_ = new QTabWidget(this);
    tables_->setObjectName("reportTables");
    layout->addWidget(tables_, 1);

    connect(show, &QPushButton::clicked, this, [this] { show_report(); });
    if (!service_.may_read(desk_.clinic().db(), desk_.user().role)) {
        // The page is listed for every role the owner may grant; an ungranted role sees why.
        error_->setText(tr("Reports are for the owner and the roles the owner grants "
                           "(fascia report grant --role ROLE)."));
        error_->show();
        show->setEnabled(false);
        return;
    }
    show_report();
}

void ReportsPage::show_report()
{
    Request request{desk::ss(name_->currentData().toString()), ymd(from_->date()), ymd(to_->date()), std::nullopt,
                    desk::ss(by_->currentData().toString())};
    auto report = service_.run(desk_.clinic().db(), request);
    if (!report) {
        error_->setText(qs(report.error().message));
        error_->show();
        return;
    }
    error_->hide();
    title_->setText(QString("<b>%1</b> — %2 %3 to %4 (%5)")
                        .arg(qs(report->title), qs(report->clinic), qs(report->from), qs(report->to),
                             qs(report->time_zone)));
    tables_->clear();
    for (const auto& t : report->tables) {
        auto* table = new QTableWidget(static_cast<int>(t.rows.size()), static_cast<int>(t.columns.size()), tables_);
        table->setObjectName(qs("table_" + t.key));
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->hide();
        for (int c = 0; c < static_cast<int>(t.columns.size()); ++c)
            table->setHorizontalHeaderItem(c, new QTableWidgetItem(qs(t.columns[c].label)));
        for (int r = 0; r < static_cast<int>(t.rows.size()); ++r)
            for (int c = 0; c < static_cast<int>(t.columns.size()); ++c) {
                auto* item = new QTableWidgetItem(cell_text(t.rows[r][c], t.columns[c].kind));
                if (t.columns[c].kind != Kind::text)
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                table->setItem(r, c, item);
            }
        table->resizeColumnsToContents();
        tables_->addTab(table, qs(t.title));
    }
    show_chart(*report);
}

void ReportsPage::show_chart(const Report& report)
{
    const Table* table = &report.tables.front();
    for (const auto& t : report.tables)
        if (t.key == "by_period") {
            table = &t;
            break;
        }
    std::optional<std::size_t> column;
    for (const Kind kind : {Kind::money, Kind::rate, Kind::count, Kind::hours})
        for (std::size_t i = 0; i < table->columns.size() && !column; ++i)
            if (table->columns[i].kind == kind)
                column = i;
    auto* chart = new QChart;
    chart->setTitle(qs(table->title));
    chart->legend()->setVisible(false);
    if (column) {
        auto* set = new QBarSet(qs(table->columns[*column].label));
        set->setColor(QColor("#4a7ab5"));
        QStringList categories;
        double largest = 0;
        for (const auto& row : table->rows) {
            const auto label = cell_text(row[0], Kind::text);
            if (label == "total") // a total beside its parts would dwarf them
                continue;
            categories << label;
            const double v = cell_value(row[*column]) * (table->columns[*column].kind == Kind::rate ? 100 : 1);
            largest = std::max(largest, v);
            *set << v;
        }
        auto* series = new QBarSeries;
        series->append(set);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(categories);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(x);
        auto* y = new QValueAxis;
        y->setRange(0, largest > 0 ? largest * 1.1 : 1);
        y->applyNiceNumbers();
        y->setTitleText(qs(table->columns[*column].label + " (" + report.currency + ")"));
        if (table->columns[*column].kind == Kind::rate)
            y->setTitleText(qs(table->columns[*column].label + " (%)"));
        else if (table->columns[*column].kind != Kind::money)
            y->setTitleText(qs(table->columns[*column].label));
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(y);
    }
    auto* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

} // namespace fascia::reporting::ui
