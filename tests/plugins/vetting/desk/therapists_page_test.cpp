// The Therapists page as each role sees it on the demo clinic (22/11/2026):
// statuses with their reasons, who is eligible for a modality on a date and
// why the others are not, and the expiry warnings.
#include "vetting_desk_fixture.h"

using namespace fascia;
using namespace fascia::vetting::test;

namespace {

const QStringList edit_buttons{"addCredential", "addRegistration", "addInsurance", "addCpd", "recordCheck",
                               "recordConcern", "resolveConcern",  "suspend",      "reinstate"};

} // namespace

TEST_F(VettingDeskTest, TheFrontDeskReadsStatusAndEligibilityButChangesNothing)
{
    QWidget* page = sign_in("frontdesk");
    ASSERT_NE(page, nullptr);
    auto* tabs = child<QTabWidget>(page, "vettingTabs");
    ASSERT_NE(tabs, nullptr);
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i).remove('&');
    EXPECT_EQ(titles, (QStringList{"Overview", "Eligible for…"})) << "no therapist file for the front desk";

    auto* statuses = child<QTableWidget>(page, "statusTable");
    ASSERT_NE(statuses, nullptr);
    EXPECT_EQ(statuses->rowCount(), 4);
    EXPECT_EQ(cell(statuses, row_of(statuses, "Liam O'Connell"), 1), "Pending");
    EXPECT_EQ(cell(statuses, row_of(statuses, "Tom Becker"), 1), "Approved");

    tab(page, "Eligible for…");
    for (const auto& name : edit_buttons)
        EXPECT_EQ(page->findChild<QWidget*>(name), nullptr) << name.toStdString() << " is offered to the front desk";
    EXPECT_TRUE(visible_buttons(page).isEmpty()) << visible_buttons(page).join(", ").toStdString();
    // Nothing is editable in place either.
    for (auto* table : page->findChildren<QTableWidget*>())
        EXPECT_EQ(table->editTriggers(), QAbstractItemView::NoEditTriggers) << table->objectName().toStdString();
}

TEST_F(VettingDeskTest, ATherapistReadsTheirOwnFileOnlyAndWithoutConcerns)
{
    QWidget* page = sign_in("liam");
    auto* tabs = child<QTabWidget>(page, "vettingTabs");
    ASSERT_NE(tabs, nullptr);
    ASSERT_EQ(tabs->count(), 3);
    EXPECT_EQ(tabs->tabText(2).remove('&'), "My file");
    tabs->setCurrentIndex(2);
    auto* choice = child<QComboBox>(page, "therapistChoice");
    ASSERT_NE(choice, nullptr);
    ASSERT_EQ(choice->count(), 1);
    EXPECT_EQ(choice->itemText(0), "Liam O'Connell");
    EXPECT_EQ(child<QLabel>(page, "statusBadge")->text(), "Pending");
    EXPECT_EQ(page->findChild<QWidget*>("concernsSection"), nullptr) << "concerns are for owners and admins";
    EXPECT_TRUE(visible_buttons(page).isEmpty()) << visible_buttons(page).join(", ").toStdString();
}

TEST_F(VettingDeskTest, TheOverviewGivesEveryReasonAndWhatEachMayPractise)
{
    QWidget* page = sign_in("owner");
    auto* statuses = child<QTableWidget>(page, "statusTable");
    ASSERT_NE(statuses, nullptr);
    const int liam = row_of(statuses, "Liam O'Connell");
    ASSERT_GE(liam, 0);
    EXPECT_EQ(cell(statuses, liam, 1), "Pending");
    EXPECT_TRUE(cell(statuses, liam, 2).contains("1 of 2 references checked")) << cell(statuses, liam, 2).toStdString();
    EXPECT_FALSE(cell(statuses, liam, 2).contains("fascia vetting")) << "CLI hints are for the terminal";
    EXPECT_EQ(cell(statuses, liam, 3), "Nothing until approved");

    const int aroha = row_of(statuses, "Aroha Tane");
    EXPECT_EQ(cell(statuses, aroha, 1), "Approved");
    EXPECT_TRUE(cell(statuses, aroha, 3).contains("Prenatal massage"));
    EXPECT_TRUE(cell(statuses, aroha, 3).contains("Dry needling"));
    const int tom = row_of(statuses, "Tom Becker");
    EXPECT_FALSE(cell(statuses, tom, 3).contains("Dry needling")) << "Tom holds no dry-needling certificate";
    // Reasons say dates as the clinic writes them.
    EXPECT_TRUE(cell(statuses, tom, 2).contains("10/12/2026")) << cell(statuses, tom, 2).toStdString();

    // After Tom's insurance runs out (10/12/2026) he has lapsed, and the page says why.
    set_date(page, "11/12/2026");
    EXPECT_EQ(child<QLineEdit>(page, "vettingDate")->text(), "11/12/2026");
    EXPECT_EQ(cell(statuses, tom, 1), "Lapsed");
    EXPECT_TRUE(cell(statuses, tom, 2).contains("expired on 10/12/2026")) << cell(statuses, tom, 2).toStdString();
}

TEST_F(VettingDeskTest, EligibilityForPrenatalOnADateListsWhoAndWhyNot)
{
    QWidget* page = sign_in("frontdesk");
    set_date(page, "01/12/2026");
    QWidget* view = tab(page, "Eligible for…");
    auto* modality = child<QComboBox>(view, "modalityChoice");
    ASSERT_NE(modality, nullptr);
    modality->setCurrentIndex(modality->findData("prenatal"));
    ASSERT_EQ(modality->currentText(), "Prenatal massage");

    const QString summary = child<QLabel>(view, "eligibilitySummary")->text();
    EXPECT_EQ(summary, "Prenatal massage on 01/12/2026: 1 eligible (Aroha Tane).");
    auto* table = child<QTableWidget>(view, "eligibilityTable");
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->rowCount(), 4);
    EXPECT_EQ(cell(table, 0, 0), "Aroha Tane") << "who may comes first";
    EXPECT_EQ(cell(table, 0, 1), "Yes");
    EXPECT_TRUE(cell(table, 0, 2).isEmpty());

    // Liam holds the certificate but is still pending his second reference.
    const int liam = row_of(table, "Liam O'Connell");
    EXPECT_EQ(cell(table, liam, 1), "No");
    EXPECT_TRUE(cell(table, liam, 2).contains("1 of 2 references checked")) << cell(table, liam, 2).toStdString();
    EXPECT_FALSE(cell(table, liam, 2).contains("Prenatal massage certificate"));
    // Priya and Tom are approved but hold no prenatal certificate.
    for (const char* name : {"Priya Raman", "Tom Becker"}) {
        const int row = row_of(table, name);
        EXPECT_EQ(cell(table, row, 1), "No") << name;
        EXPECT_TRUE(cell(table, row, 2).contains("Prenatal massage certificate; none is recorded"))
            << name << ": " << cell(table, row, 2).toStdString();
    }

    // The answer is for the session's own date: on 11/12/2026 Tom's insurance has run out.
    modality->setCurrentIndex(modality->findData("swedish"));
    set_date(page, "11/12/2026");
    const int tom = row_of(table, "Tom Becker");
    EXPECT_EQ(cell(table, tom, 1), "No");
    EXPECT_TRUE(cell(table, tom, 2).contains("expired on 10/12/2026")) << cell(table, tom, 2).toStdString();
}

TEST_F(VettingDeskTest, TheDemosExpiringInsuranceShowsAWarning)
{
    QWidget* page = sign_in("frontdesk");
    auto* expiring = child<QTableWidget>(page, "expiringTable");
    ASSERT_NE(expiring, nullptr);
    int tom = -1;
    for (int r = 0; r < expiring->rowCount(); ++r)
        if (cell(expiring, r, 1) == "Tom Becker" && cell(expiring, r, 2).startsWith("Professional indemnity insurance"))
            tom = r;
    ASSERT_GE(tom, 0) << "Tom's insurance is not in the expiring list";
    EXPECT_EQ(cell(expiring, tom, 0), "10/12/2026");
    EXPECT_EQ(cell(expiring, tom, 3), "18 days");
    EXPECT_EQ(cell(expiring, tom, 4), "30-day warning");
    const QColor warned = expiring->item(tom, 4)->background().color();
    EXPECT_TRUE(expiring->item(tom, 4)->background().style() != Qt::NoBrush) << "the warning is highlighted";

    // Priya's dry-needling certificate is further off: a milder highlight.
    int priya = -1;
    for (int r = 0; r < expiring->rowCount(); ++r)
        if (cell(expiring, r, 1) == "Priya Raman" && cell(expiring, r, 2).startsWith("Dry needling certificate"))
            priya = r;
    ASSERT_GE(priya, 0);
    EXPECT_EQ(cell(expiring, priya, 4), "60-day warning");
    EXPECT_NE(expiring->item(priya, 4)->background().color(), warned);

    // On Tom's row of the overview, too.
    auto* statuses = child<QTableWidget>(page, "statusTable");
    const int row = row_of(statuses, "Tom Becker");
    EXPECT_TRUE(cell(statuses, row, 4).contains("expires on 10/12/2026 (in 18 days)"))
        << cell(statuses, row, 4).toStdString();
    EXPECT_EQ(statuses->item(row, 4)->background().color(), warned);

    // A week before, the 7-day warning is crossed and the colour sharpens.
    set_date(page, "04/12/2026");
    for (int r = 0; r < expiring->rowCount(); ++r)
        if (cell(expiring, r, 1) == "Tom Becker" && cell(expiring, r, 2).startsWith("Professional indemnity insurance"))
            tom = r;
    EXPECT_EQ(cell(expiring, tom, 4), "7-day warning");
    EXPECT_NE(expiring->item(tom, 4)->background().color(), warned);
}

TEST_F(VettingDeskTest, TheFileShowsEveryPartWithCoverAsMoneyAndCpdAgainstTheRequirement)
{
    QWidget* page = sign_in("owner");
    QWidget* file = open_file(page, "Tom Becker");
    EXPECT_EQ(child<QLabel>(file, "fileName")->text(), "Tom Becker");
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Approved");
    EXPECT_TRUE(child<QLabel>(file, "privileges")->text().startsWith("May practise: Swedish relaxation"));
    EXPECT_TRUE(child<QLabel>(file, "fileWarnings")->text().contains("Holistic Insurance Services"));

    auto* insurance = child<QTableWidget>(file, "insuranceTable");
    ASSERT_EQ(insurance->rowCount(), 1);
    EXPECT_EQ(cell(insurance, 0, 0), "Holistic Insurance Services");
    EXPECT_EQ(cell(insurance, 0, 2), "£3,000,000.00");
    EXPECT_EQ(cell(insurance, 0, 4), "10/12/2026");
    EXPECT_NE(insurance->item(0, 0)->background().style(), Qt::NoBrush) << "the policy running out is highlighted";

    EXPECT_EQ(cell(child<QTableWidget>(file, "credentialsTable"), 0, 0), "Remedial Massage Therapist (DipRM)");
    EXPECT_EQ(cell(child<QTableWidget>(file, "registrationsTable"), 0, 0), "CNHC");
    EXPECT_EQ(child<QLabel>(file, "cpdSummary")->text(), "31 h of the 30 h required between 23/11/2025 and 22/11/2026.");
    EXPECT_EQ(child<QTableWidget>(file, "cpdTable")->rowCount(), 3);
    EXPECT_EQ(child<QTableWidget>(file, "checksTable")->rowCount(), 4);
    EXPECT_TRUE(child<QLabel>(file, "checklistSummary")->text().contains("References: 2 of 2"));
    EXPECT_TRUE(child<QWidget>(file, "standingNone")->isVisibleTo(file)) << "never suspended";

    // Liam's open concern, for the owner.
    open_file(page, "Liam O'Connell");
    auto* concerns = child<QTableWidget>(file, "concernsTable");
    ASSERT_EQ(concerns->rowCount(), 1);
    EXPECT_TRUE(cell(concerns, 0, 1).contains("cure sciatica for good"));
    EXPECT_EQ(cell(concerns, 0, 3), "Open");
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Pending");
}

TEST_F(VettingDeskTest, OpeningAnOverviewRowShowsThatTherapistsFile)
{
    QWidget* page = sign_in("owner");
    auto* statuses = child<QTableWidget>(page, "statusTable");
    const int aroha = row_of(statuses, "Aroha Tane");
    statuses->setFocus();
    statuses->setCurrentCell(aroha, 0);
    QTest::keyClick(statuses, Qt::Key_Return);
    auto* tabs = child<QTabWidget>(page, "vettingTabs");
    EXPECT_EQ(tabs->tabText(tabs->currentIndex()).remove('&'), "Therapist file");
    EXPECT_EQ(child<QLabel>(page, "fileName")->text(), "Aroha Tane");
}
