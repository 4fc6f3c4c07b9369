// The Reports page. The chart shows the report's period table (else its first)
// with the first money column (else rate, else count) as bars per row, so each
// report's main figure is seen over time; the tables hold every figure, the
// same cells the CLI prints (docs/REPORTS.md defines them). The utilisation
// report's hour-of-week table is also drawn as a heat map beside the chart.
//
// A report runs on a QtConcurrent worker with its own read-only connection
// (an SQLite connection belongs to one thread; the desk's stays on the UI
// thread). Cancel sets a flag that SQLite's progress handler on the worker's
// connection reads every few thousand virtual-machine steps, so the query
// running at that moment, and any after it, stops with SQLITE_INTERRUPT; the
// page forgets that run at once, so nothing of it is ever shown.
#include "reports_page.h"

#include <fascia/desk/plugin_support.h>

#include <sqlite3.h>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
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

/// SQLite's progress handler on the worker's connection: non-zero interrupts the running statement.
int stop_when_cancelled(void* cancelled)
{
    return static_cast<const std::atomic<bool>*>(cancelled)->load() ? 1 : 0;
}

/// How many virtual-machine steps SQLite runs between looks at the flag: small
/// enough that Cancel answers at once, large enough to cost nothing measurable.
constexpr int steps_between_checks = 4000;

/// The heat map's colour of a share: pale (quiet) to deep blue (full), clamped at 100 %.
QColor heat(double share)
{
    const double t = std::clamp(share, 0.0, 1.0);
    const QColor quiet(238, 243, 250), full(31, 78, 140);
    const auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
    return {mix(quiet.red(), full.red()), mix(quiet.green(), full.green()), mix(quiet.blue(), full.blue())};
}

/// Dark text on pale cells, white on deep ones.
QColor ink(double share)
{
    return share > 0.55 ? QColor(Qt::white) : QColor(33, 33, 33);
}

/// Where no one was working: neither quiet nor busy.
const QColor nobody(224, 224, 224);

/// A swatch of the legend.
QLabel* swatch(const QString& text, const QColor& background, const QColor& foreground, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setMinimumWidth(44);
    label->setStyleSheet(QString("background: %1; color: %2; padding: 2px 6px; border: 1px solid #c8c8c8")
                             .arg(background.name(), foreground.name()));
    return label;
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
    show_ = new QPushButton(tr("Show"), this);
    show_->setObjectName("showReport");
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName("cancelReport");
    cancel_->hide();
    progress_ = new QProgressBar(this);
    progress_->setObjectName("reportProgress");
    progress_->setRange(0, 0); // busy: a report cannot know how far its queries have got
    progress_->setMaximumWidth(160);
    progress_->hide();
    status_ = new QLabel(this);
    status_->setObjectName("reportStatus");
    controls->addWidget(name_);
    controls->addWidget(new QLabel(tr("from"), this));
    controls->addWidget(from_);
    controls->addWidget(new QLabel(tr("to"), this));
    controls->addWidget(to_);
    controls->addWidget(by_);
    controls->addWidget(show_);
    controls->addWidget(cancel_);
    controls->addWidget(progress_);
    controls->addWidget(status_);
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
    auto* figures = new QHBoxLayout;
    figures->addWidget(chart_, 3);

    heat_panel_ = new QWidget(this);
    heat_panel_->setObjectName("heatMapPanel");
    auto* heat_layout = new QVBoxLayout(heat_panel_);
    heat_layout->setContentsMargins(0, 0, 0, 0);
    heat_layout->addWidget(new QLabel(tr("<b>Busiest hours of the week</b> (booked ÷ available)"), heat_panel_));
    heat_map_ = new QTableWidget(heat_panel_);
    heat_map_->setObjectName("heatMap");
    heat_map_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    heat_map_->setSelectionMode(QAbstractItemView::NoSelection);
    heat_map_->setFocusPolicy(Qt::NoFocus);
    heat_map_->setShowGrid(false);
    heat_map_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    heat_map_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    heat_layout->addWidget(heat_map_, 1);
    auto* legend = new QHBoxLayout;
    legend->setSpacing(2);
    legend->addWidget(new QLabel(tr("Booked:"), heat_panel_));
    for (const int percent : {0, 25, 50, 75, 100})
        legend->addWidget(swatch(QString("%1%").arg(percent), heat(percent / 100.0), ink(percent / 100.0), heat_panel_));
    legend->addSpacing(8);
    legend->addWidget(swatch(tr("no one working"), nobody, QColor(33, 33, 33), heat_panel_));
    legend->addStretch();
    heat_layout->addLayout(legend);
    heat_panel_->hide();
    figures->addWidget(heat_panel_, 2);
    layout->addLayout(figures, 3);
    tables_ = new QTabWidget(this);
    tables_->setObjectName("reportTables");
    layout->addWidget(tables_, 2);

    connect(show_, &QPushButton::clicked, this, [this] { show_report(); });
    connect(cancel_, &QPushButton::clicked, this, [this] { cancel_report(); });
    if (!service_.may_read(desk_.clinic().db(), desk_.user().role)) {
        // The page is listed for every role the owner may grant; an ungranted role sees why.
        error_->setText(tr("Reports are for the owner and the roles the owner grants "
                           "(fascia report grant --role ROLE)."));
        error_->show();
        show_->setEnabled(false);
        return;
    }
    show_report();
}

ReportsPage::~ReportsPage()
{
    if (running_) {
        running_->cancelled->store(true);
        stopping_.push_back(running_->future);
    }
    // The workers read the clinic's file and the module's service, never this page; still, they finish first.
    for (auto& future : stopping_)
        future.waitForFinished();
}

void ReportsPage::show_report()
{
    if (running_)
        cancel_report();
    const Request request{desk::ss(name_->currentData().toString()), ymd(from_->date()), ymd(to_->date()),
                          std::nullopt, desk::ss(by_->currentData().toString())};
    clear();
    error_->hide();
    auto run = std::make_unique<Run>();
    run->cancelled = std::make_shared<std::atomic<bool>>(false);
    const auto path = desk_.clinic().db().path();
    const auto& service = service_;
    run->future = QtConcurrent::run([path, request, cancelled = run->cancelled,
                                     &service](QPromise<Result<Report>>& promise) {
        auto db = Database::open(path, OpenMode::read_only);
        if (!db) {
            promise.addResult(Result<Report>(db.error()));
            return;
        }
        sqlite3_progress_handler((*db)->handle(), steps_between_checks, stop_when_cancelled, cancelled.get());
        promise.addResult(service.run(**db, request));
    });
    auto* watcher = new QFutureWatcher<Result<Report>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, cancelled = run->cancelled] {
                watcher->deleteLater();
                if (running_ && running_->cancelled == cancelled) {
                    const auto done = std::move(running_);
                    finished(*done);
                }
                std::erase_if(stopping_, [](const QFuture<Result<Report>>& f) { return f.isFinished(); });
            });
    watcher->setFuture(run->future);
    running_ = std::move(run);
    status_->setText(tr("Running %1…").arg(name_->currentText().toLower()));
    progress_->show();
    cancel_->show();
}

void ReportsPage::cancel_report()
{
    if (!running_)
        return;
    running_->cancelled->store(true);
    stopping_.push_back(running_->future);
    running_.reset();
    clear();
    progress_->hide();
    cancel_->hide();
    status_->setText(tr("Cancelled"));
}

void ReportsPage::clear()
{
    title_->clear();
    while (tables_->count() > 0) // QTabWidget::clear() would keep the pages alive, hidden
        delete tables_->widget(0);
    heat_panel_->hide();
    heat_map_->clear();
    auto* old = chart_->chart();
    chart_->setChart(new QChart);
    delete old;
}

void ReportsPage::finished(const Run& run)
{
    progress_->hide();
    cancel_->hide();
    status_->clear();
    const auto report = run.future.result();
    if (!report) {
        error_->setText(qs(report.error().message));
        error_->show();
        return;
    }
    error_->hide();
    title_->setText(QString("<b>%1</b> — %2 %3 to %4 (%5)")
                        .arg(qs(report->title), qs(report->clinic), qs(report->from), qs(report->to),
                             qs(report->time_zone)));
    show_tables(*report);
    show_chart(*report);
    show_heat_map(*report);
}

void ReportsPage::show_tables(const Report& report)
{
    for (const auto& t : report.tables) {
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
}

void ReportsPage::show_chart(const Report& report)
{
    // The column charted: the first money column, else rate, else count, else hours.
    const auto figure = [](const Table& t) {
        std::optional<std::size_t> column;
        for (const Kind kind : {Kind::money, Kind::rate, Kind::count, Kind::hours})
            for (std::size_t i = 0; i < t.columns.size() && !column; ++i)
                if (t.columns[i].kind == kind)
                    column = i;
        return column;
    };
    // The period table, else the first with rows and a figure (compliance's first
    // table is all text: an empty chart there would only take the tables' room).
    const Table* table = nullptr;
    for (const auto& t : report.tables)
        if (t.key == "by_period")
            table = &t;
    for (const auto& t : report.tables)
        if (!table && !t.rows.empty() && figure(t))
            table = &t;
    const auto column = table ? figure(*table) : std::nullopt;
    chart_->setVisible(column.has_value());
    if (!column)
        return;
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

void ReportsPage::show_heat_map(const Report& report)
{
    const auto found = std::find_if(report.tables.begin(), report.tables.end(),
                                    [](const Table& t) { return t.key == "by_hour_of_week"; });
    if (found == report.tables.end() || found->columns.size() < 2) {
        heat_panel_->hide();
        return;
    }
    const Table& t = *found;
    const int hours = static_cast<int>(t.columns.size()) - 1;
    heat_map_->clear();
    heat_map_->setRowCount(static_cast<int>(t.rows.size()));
    heat_map_->setColumnCount(hours);
    for (int c = 0; c < hours; ++c) // "09:00" → "09": the hour the column starts
        heat_map_->setHorizontalHeaderItem(c, new QTableWidgetItem(qs(t.columns[c + 1].label).left(2)));
    for (int r = 0; r < static_cast<int>(t.rows.size()); ++r) {
        const auto& row = t.rows[static_cast<std::size_t>(r)];
        heat_map_->setVerticalHeaderItem(r, new QTableWidgetItem(cell_text(row[0], Kind::text)));
        for (int c = 0; c < hours; ++c) {
            const auto& cell = row[static_cast<std::size_t>(c) + 1];
            auto* item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            const auto when = cell_text(row[0], Kind::text) + " " + qs(t.columns[c + 1].label);
            if (cell.is_null()) {
                item->setBackground(nobody);
                item->setToolTip(tr("%1: no one working").arg(when));
            } else {
                const double share = cell_value(cell);
                item->setText(QString::number(std::lround(share * 100)) + "%");
                item->setBackground(heat(share));
                item->setForeground(ink(share));
                item->setToolTip(tr("%1: %2 of the available time booked").arg(when, item->text()));
            }
            heat_map_->setItem(r, c, item);
        }
    }
    heat_panel_->show();
}

} // namespace fascia::reporting::ui
