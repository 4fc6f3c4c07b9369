// The Reports page in the real desk window, offscreen, with the real plugins
// and the demo clinic: the owner's chart of gift-voucher sales per month
// against the vouchers sold as the database holds them; a report cancelled
// while it runs shows nothing of itself; the busiest hours of the week as a
// heat map with the report's own figures; screenshots at 1280x800 for a
// person to look at; and the front desk told the page is not theirs until the
// owner grants it.
#include "module_desk_test.h"

#include <fascia/reporting/reporting_service.h>

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QApplication>
#include <QDeadlineTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QThreadPool>

#include <gmock/gmock.h>

namespace fascia::reporting::test {
namespace {

using namespace std::chrono;

class reporting_desk : public fascia::test::ServiceDeskTest<ReportingService> {
protected:
    reporting_desk() : ServiceDeskTest(FASCIA_REPORTING_PLUGIN, FASCIA_REPORTING_DESK_PLUGIN, {1280, 800}, service_id) {}

    QWidget* open_page(const QString& user)
    {
        sign_in_as(user);
        EXPECT_TRUE(window->show_page("Reports"));
        return window->current_page();
    }

    /// Signs in as the owner, opens Reports and shows `name` for [from, to] by
    /// `rows` ("day", "week", "month"; the page's choice when null), waiting for it.
    QWidget* owner_shows(const char* name, QDate from, QDate to, const char* rows = nullptr)
    {
        auto* page = open_page("owner");
        if (!::testing::Test::HasFatalFailure() && rows)
            by(page, rows);
        if (!::testing::Test::HasFatalFailure())
            run_to_the_end(page, name, from, to);
        return page;
    }

    /// Lets the report running on its worker finish and be shown, as a person waiting
    /// would; fails when it is still running after a minute (a hang, not a speed goal).
    static void wait_for_report(QWidget* page)
    {
        auto* progress = child<QProgressBar>(page, "reportProgress");
        ASSERT_NE(progress, nullptr);
        const QDeadlineTimer patience(60'000);
        while (!progress->isHidden() && !patience.hasExpired())
            QApplication::processEvents(QEventLoop::AllEvents, 50);
        ASSERT_TRUE(progress->isHidden()) << "the report is still running";
    }

    /// Asks for a report and waits for it to be shown.
    static void run_to_the_end(QWidget* page, const char* name, QDate from, QDate to)
    {
        ask(page, name, from, to);
        if (!::testing::Test::HasFatalFailure())
            wait_for_report(page);
    }

    /// Chooses the period rows ("day", "week", "month").
    static void by(QWidget* page, const char* rows)
    {
        auto* box = child<QComboBox>(page, "reportBy");
        ASSERT_NE(box, nullptr);
        box->setCurrentIndex(box->findData(rows));
    }

    /// Chooses a report and its days and clicks Show.
    static void ask(QWidget* page, const char* name, QDate from, QDate to)
    {
        auto* names = child<QComboBox>(page, "reportName");
        ASSERT_NE(names, nullptr);
        names->setCurrentIndex(names->findData(name));
        child<QDateEdit>(page, "reportFrom")->setDate(from);
        child<QDateEdit>(page, "reportTo")->setDate(to);
        child<QPushButton>(page, "showReport")->click();
    }
};

TEST_F(reporting_desk, TheOwnerSeesVoucherSalesPerMonthAsBarsThatAddUpToTheSales)
{
    auto* page = owner_shows("vouchers", QDate(2025, 12, 1), QDate(2026, 11, 30));
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_FALSE(child<QLabel>(page, "reportError")->isVisible());

    auto* view = child<QChartView>(page, "reportChart");
    ASSERT_NE(view, nullptr);
    const auto series = view->chart()->series();
    ASSERT_EQ(series.size(), 1);
    auto* bars = static_cast<QBarSeries*>(series.front())->barSets().front();
    ASSERT_EQ(bars->count(), 12); // December to November, the total left out
    double charted = 0;
    for (int i = 0; i < bars->count(); ++i)
        charted += bars->at(i);
    auto q = clinic->db().query(
        "SELECT total(face_value_minor) FROM vouchers WHERE sold_on >= '2025-12-01' AND sold_on <= '2026-11-30'");
    ASSERT_TRUE(q.step());
    EXPECT_GT(q.integer(0), 0) << "the demo sells vouchers in that year";
    EXPECT_DOUBLE_EQ(charted * 100, static_cast<double>(q.integer(0)));
    EXPECT_EQ(child<QTabWidget>(page, "reportTables")->count(), 3);
    fascia::test::save_screenshot(*window, "reports-vouchers");
}

TEST_F(reporting_desk, ACancelledReportShowsNothingOfItselfAndTheNextOneRunsToTheEnd)
{
    auto* page = open_page("owner");
    ASSERT_FALSE(HasFatalFailure());
    wait_for_report(page); // the page opens on a report of the last twelve months
    ASSERT_FALSE(HasFatalFailure());
    auto* tables = child<QTabWidget>(page, "reportTables");
    ASSERT_GT(tables->count(), 0);

    // Show, then Cancel before the worker's answer reaches the page.
    ask(page, "revenue", QDate(2025, 12, 1), QDate(2026, 11, 30));
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_TRUE(child<QProgressBar>(page, "reportProgress")->isVisibleTo(page));
    EXPECT_EQ(child<QLabel>(page, "reportStatus")->text(), "Running revenue…");
    child<QPushButton>(page, "cancelReport")->click();
    EXPECT_EQ(child<QLabel>(page, "reportStatus")->text(), "Cancelled");
    EXPECT_TRUE(child<QProgressBar>(page, "reportProgress")->isHidden());
    EXPECT_TRUE(child<QPushButton>(page, "cancelReport")->isHidden());
    // Whenever the worker stops, what it found is never shown, nor the report before it.
    QThreadPool::globalInstance()->waitForDone();
    QApplication::processEvents();
    EXPECT_EQ(tables->count(), 0);
    EXPECT_TRUE(child<QLabel>(page, "reportTitle")->text().isEmpty());
    EXPECT_TRUE(child<QChartView>(page, "reportChart")->chart()->series().isEmpty());
    EXPECT_EQ(child<QLabel>(page, "reportStatus")->text(), "Cancelled");

    // The next one runs to the end: attendance's three tables, with a row per month.
    run_to_the_end(page, "attendance", QDate(2025, 12, 1), QDate(2026, 11, 30));
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_TRUE(child<QLabel>(page, "reportStatus")->text().isEmpty());
    EXPECT_THAT(child<QLabel>(page, "reportTitle")->text().toStdString(), ::testing::HasSubstr("Attendance"));
    ASSERT_EQ(tables->count(), 3);
    auto* by_period = child<QTableWidget>(tables, "table_by_period");
    ASSERT_NE(by_period, nullptr);
    EXPECT_EQ(by_period->rowCount(), 12);
}

TEST_F(reporting_desk, TheBusiestHoursOfTheWeekAreAHeatMapOfTheUtilisationReportsOwnFigures)
{
    // The demo's last two weeks, when its sessions were held.
    auto* page = owner_shows("utilisation", QDate(2026, 11, 9), QDate(2026, 11, 21), "week");
    ASSERT_FALSE(HasFatalFailure());
    auto* map = child<QTableWidget>(page, "heatMap");
    ASSERT_NE(map, nullptr);
    EXPECT_TRUE(child<QWidget>(page, "heatMapPanel")->isVisible());

    auto report = service->run(clinic->db(), {"utilisation", {2026y / 11 / 9}, {2026y / 11 / 21}, {}, "week"});
    ASSERT_TRUE(report) << report.error().message;
    const auto table = std::find_if(report->tables.begin(), report->tables.end(),
                                    [](const Table& t) { return t.key == "by_hour_of_week"; });
    ASSERT_NE(table, report->tables.end());
    // The demo clinic opens at 09:00 and closes at 20:00 on Thursdays: eleven hour columns, a row per weekday.
    const int hours = 11;
    ASSERT_EQ(map->rowCount(), 7);
    ASSERT_EQ(map->columnCount(), hours);
    EXPECT_EQ(map->horizontalHeaderItem(0)->text(), "09");
    EXPECT_EQ(map->verticalHeaderItem(6)->text(), "Sun");
    int busy = 0, nobody = 0;
    for (int r = 0; r < 7; ++r)
        for (int c = 0; c < hours; ++c) {
            const auto& cell = table->rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(c) + 1];
            auto* item = map->item(r, c);
            ASSERT_NE(item, nullptr);
            if (cell.is_null()) {
                ++nobody;
                EXPECT_TRUE(item->text().isEmpty());
                continue;
            }
            const double share = cell.as_double();
            busy += share > 0 ? 1 : 0;
            EXPECT_EQ(item->text(), QString("%1%").arg(std::lround(share * 100))) << r << " " << c;
        }
    // No one works on Sundays in the demo; the weekday sessions make some hours busy.
    for (int c = 0; c < hours; ++c)
        EXPECT_TRUE(map->item(6, c)->text().isEmpty());
    EXPECT_GE(nobody, hours);
    EXPECT_GT(busy, 0);
    fascia::test::save_screenshot(*window, "reports-utilisation-heat-map");
}

TEST_F(reporting_desk, TheDemoClinicsRevenueStartsWithThePaymentsTakenAtTheDesk)
{
    auto* page = owner_shows("revenue", QDate(2026, 11, 2), QDate(2026, 11, 22), "week");
    ASSERT_FALSE(HasFatalFailure());
    auto* view = child<QChartView>(page, "reportChart");
    ASSERT_EQ(view->chart()->series().size(), 1);
    auto* bars = static_cast<QBarSeries*>(view->chart()->series().front())->barSets().front();
    ASSERT_EQ(bars->count(), 3); // the weeks of 2, 9 and 16 November
    double charted = 0;
    for (int i = 0; i < bars->count(); ++i)
        charted += bars->at(i);
    // The demo's sessions paid in cash, by card or by transfer, as the database holds them.
    auto q = clinic->db().query("SELECT total(amount_minor) FROM sched_payments WHERE direction = 'payment'"
                                " AND method IN ('cash', 'card', 'transfer') AND recorded_at >= '2026-11-02'"
                                " AND recorded_at < '2026-11-23'");
    ASSERT_TRUE(q.step());
    EXPECT_GT(q.integer(0), 0) << "the demo takes payments for its completed sessions";
    EXPECT_DOUBLE_EQ(charted * 100, static_cast<double>(q.integer(0)));
    fascia::test::save_screenshot(*window, "reports-revenue");
}

TEST_F(reporting_desk, TheComplianceReportsReferralsHaveAShortHeaderOverTheirFigure)
{
    auto* page = owner_shows("compliance", QDate(2026, 11, 1), QDate(2026, 11, 22));
    ASSERT_FALSE(HasFatalFailure());
    auto* tables = child<QTabWidget>(page, "reportTables");
    auto* referrals = child<QTableWidget>(tables, "table_referrals");
    ASSERT_NE(referrals, nullptr);
    tables->setCurrentWidget(referrals);
    EXPECT_EQ(referrals->horizontalHeaderItem(0)->text(), "Referrals");
    fascia::test::save_screenshot(*window, "reports-compliance");
}

TEST_F(reporting_desk, TheFrontDeskIsToldReportsAreNotTheirsUntilTheOwnerGrantsThem)
{
    auto* page = open_page("frontdesk");
    ASSERT_FALSE(HasFatalFailure());
    auto* error = child<QLabel>(page, "reportError");
    ASSERT_NE(error, nullptr);
    EXPECT_TRUE(error->isVisible());
    EXPECT_THAT(error->text().toStdString(), ::testing::HasSubstr("roles the owner grants"));
    EXPECT_FALSE(child<QPushButton>(page, "showReport")->isEnabled());
}

} // namespace
} // namespace fascia::reporting::test
