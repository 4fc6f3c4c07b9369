// The Reports page in the real desk window, offscreen, with the real plugins
// and the demo clinic: the owner's chart of gift-voucher sales per month
// against the vouchers sold as the database holds them, a screenshot for a
// person to look at, and the front desk told the page is not theirs until the
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
#include <QPushButton>
#include <QTabWidget>

#include <gmock/gmock.h>

namespace fascia::reporting::test {
namespace {

class reporting_desk : public fascia::test::ServiceDeskTest<ReportingService> {
protected:
    reporting_desk() : ServiceDeskTest(FASCIA_REPORTING_PLUGIN, FASCIA_REPORTING_DESK_PLUGIN, {1200, 860}, service_id) {}

    QWidget* open_page(const QString& user)
    {
        sign_in_as(user);
        EXPECT_TRUE(window->show_page("Reports"));
        return window->current_page();
    }
};

TEST_F(reporting_desk, TheOwnerSeesVoucherSalesPerMonthAsBarsThatAddUpToTheSales)
{
    auto* page = open_page("owner");
    ASSERT_FALSE(HasFatalFailure());
    auto* name = child<QComboBox>(page, "reportName");
    ASSERT_NE(name, nullptr);
    name->setCurrentIndex(name->findData("vouchers"));
    child<QDateEdit>(page, "reportFrom")->setDate(QDate(2025, 12, 1));
    child<QDateEdit>(page, "reportTo")->setDate(QDate(2026, 11, 30));
    child<QPushButton>(page, "showReport")->click();
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
    fascia::test::save_screenshot(*window, "reporting-01-vouchers");
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
