// The file's forms: each runs one command through the desk, and what the bus
// refuses is said beside the field it names, with nothing changed.
#include "vetting_desk_fixture.h"

using namespace fascia;
using namespace fascia::vetting::test;

namespace {

std::int64_t count(Database& db, const std::string& sql)
{
    auto q = db.query(sql);
    q.step();
    return q.integer(0);
}

} // namespace

TEST_F(VettingDeskTest, TheOwnerAddsInsuranceThroughTheFormAndTheStatusChanges)
{
    QWidget* page = sign_in("owner");
    set_date(page, "20/12/2026"); // after Tom's policy has run out
    QWidget* file = open_file(page, "Tom Becker");
    ASSERT_EQ(child<QLabel>(file, "statusBadge")->text(), "Lapsed");
    EXPECT_TRUE(child<QLabel>(file, "statusReasons")->text().contains("expired on 10/12/2026"));

    QDialog* form = open_form(file, "addInsurance", "vetting.add_insurance");
    ASSERT_NE(form, nullptr);
    EXPECT_EQ(form->focusWidget(), child<QWidget>(form, "insurer")) << "the first field has the keyboard";
    type_into(form, {{"insurer", "Balens"}, {"policy", "BL-900100"}, {"cover", "5000000"}, {"issued", "10/12/2026"},
                     {"expires", "09/12/2027"}, {"document", "Staff files/tom/BL-900100.pdf"}});
    save(form);
    EXPECT_FALSE(form->isVisible()) << "the form stayed open: " << error_beside(form, "insurer").toStdString();

    EXPECT_EQ(status_of("tom", "2026-12-20").status, "approved");
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Approved");
    auto* insurance = child<QTableWidget>(file, "insuranceTable");
    ASSERT_EQ(insurance->rowCount(), 2);
    const int added = row_of(insurance, "Balens");
    EXPECT_EQ(cell(insurance, added, 2), "£5,000,000.00");
    EXPECT_EQ(cell(insurance, added, 3), "10/12/2026");
    // The overview reads again too.
    auto* statuses = child<QTableWidget>(page, "statusTable");
    EXPECT_EQ(cell(statuses, row_of(statuses, "Tom Becker"), 1), "Approved");
    // Recorded as the signed-in owner, through the bus (audited).
    EXPECT_EQ(count(clinic->db(), "SELECT count(*) FROM vetting_insurance WHERE policy_number = 'BL-900100'"
                                  " AND recorded_by = 'owner'"),
              1);
}

TEST_F(VettingDeskTest, ABadDateIsSaidBesideTheDateFieldAndNothingIsRecorded)
{
    QWidget* page = sign_in("owner");
    QWidget* file = open_file(page, "Tom Becker");
    const auto before = count(clinic->db(), "SELECT count(*) FROM vetting_cpd");

    // Not a date at all.
    QDialog* form = open_form(file, "addCpd", "vetting.add_cpd");
    ASSERT_NE(form, nullptr);
    type_into(form, {{"hours", "7.5"}, {"on", "31/02/2026"}, {"topic", "Neuropathic pain"}});
    save(form);
    EXPECT_TRUE(form->isVisible());
    EXPECT_EQ(error_beside(form, "on"), "“31/02/2026” is not a date: enter it as DD/MM/YYYY, for example 22/11/2026.");
    EXPECT_EQ(form->focusWidget(), child<QWidget>(form, "on")) << "the field named gets the keyboard";
    EXPECT_TRUE(error_beside(form, "hours").isEmpty());

    // A date, but one the module refuses: CPD cannot be done in the future. The bus's words, beside the field.
    type_into(form, "on", "01/12/2026");
    save(form);
    EXPECT_TRUE(form->isVisible());
    EXPECT_EQ(error_beside(form, "on"), "01/12/2026 is in the future (today is 22/11/2026)");

    // Negative hours: beside the hours, and the date's message is gone.
    type_into(form, "on", "20/11/2026");
    type_into(form, "hours", "-3");
    save(form);
    EXPECT_TRUE(error_beside(form, "on").isEmpty());
    EXPECT_TRUE(error_beside(form, "hours").contains("negative")) << error_beside(form, "hours").toStdString();
    EXPECT_EQ(count(clinic->db(), "SELECT count(*) FROM vetting_cpd"), before);
    form->reject();

    // An expiry before the start, on the insurance form.
    form = open_form(file, "addInsurance", "vetting.add_insurance");
    ASSERT_NE(form, nullptr);
    type_into(form, {{"insurer", "Balens"}, {"policy", "BL-1"}, {"cover", "1000000"}, {"issued", "10/12/2026"},
                     {"expires", "09/12/2026"}});
    save(form);
    EXPECT_EQ(error_beside(form, "expires"), "09/12/2026 is before the issued date 10/12/2026");
    // A required date left empty.
    type_into(form, "issued", "");
    save(form);
    EXPECT_EQ(error_beside(form, "issued"), "Is required (a date written DD/MM/YYYY)");
    form->reject();

    // The page's own date.
    set_date(page, "next tuesday");
    EXPECT_EQ(child<QLabel>(page, "vettingDateError")->text(),
              "“next tuesday” is not a date: enter it as DD/MM/YYYY, for example 22/11/2026.");
    EXPECT_TRUE(child<QLabel>(page, "vettingDateError")->isVisibleTo(page));
    set_date(page, "2026-12-01"); // ISO is understood too
    EXPECT_FALSE(child<QLabel>(page, "vettingDateError")->isVisibleTo(page));
    EXPECT_EQ(child<QLineEdit>(page, "vettingDate")->text(), "01/12/2026");
}

TEST_F(VettingDeskTest, AnErrorThatNamesNoFieldOfTheFormIsSaidUnderIt)
{
    QWidget* page = sign_in("owner");
    QWidget* file = open_file(page, "Liam O'Connell");
    QDialog* form = open_form(file, "recordCheck", "vetting.record_check");
    ASSERT_NE(form, nullptr);
    choose(form, "item", "reference");
    type_into(form, "note", "Maria Lopes, Harbourside Spa (phone)"); // already checked
    save(form);
    EXPECT_TRUE(form->isVisible());
    auto* general = child<QLabel>(form, "formError");
    EXPECT_TRUE(general->isVisibleTo(form));
    EXPECT_TRUE(general->text().contains("must come from different people")) << general->text().toStdString();

    // A second referee completes the checklist: Liam is approved.
    type_into(form, "note", "Dr Ana Silva, Riverside Physio (written)");
    save(form);
    EXPECT_FALSE(form->isVisible()) << general->text().toStdString();
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Approved");
    EXPECT_TRUE(child<QLabel>(file, "checklistSummary")->text().contains("References: 2 of 2"));
}

TEST_F(VettingDeskTest, OnlyTheOwnerSuspendsAndReinstates)
{
    // An admin keeps the file but may not suspend.
    QWidget* page = sign_in_as_new_admin();
    QWidget* file = open_file(page, "Tom Becker");
    EXPECT_TRUE(child<QWidget>(file, "addInsurance")->isVisibleTo(file));
    EXPECT_FALSE(child<QWidget>(file, "suspend")->isVisibleTo(file));
    EXPECT_FALSE(child<QWidget>(file, "reinstate")->isVisibleTo(file));

    page = sign_in("owner");
    file = open_file(page, "Tom Becker");
    ASSERT_TRUE(child<QWidget>(file, "suspend")->isVisibleTo(file));
    QDialog* form = open_form(file, "suspend", "vetting.suspend");
    ASSERT_NE(form, nullptr);
    EXPECT_EQ(child<QLineEdit>(form, "from")->text(), "22/11/2026") << "from today unless changed";
    save(form); // no reason
    EXPECT_EQ(error_beside(form, "reason"), "Must not be empty");
    type_into(form, "reason", "Complaint under investigation");
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Suspended");
    EXPECT_TRUE(child<QLabel>(file, "statusReasons")->text().contains("Complaint under investigation"));
    EXPECT_FALSE(child<QLabel>(file, "statusReasons")->text().contains("fascia vetting reinstate"));
    EXPECT_EQ(child<QLabel>(file, "privileges")->text(), "May practise: nothing until approved");
    EXPECT_FALSE(child<QWidget>(file, "suspend")->isVisibleTo(file));
    ASSERT_TRUE(child<QWidget>(file, "reinstate")->isVisibleTo(file));
    EXPECT_EQ(child<QTableWidget>(file, "standingTable")->rowCount(), 1);

    form = open_form(file, "reinstate", "vetting.reinstate");
    ASSERT_NE(form, nullptr);
    type_into(form, "reason", "Complaint not upheld");
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_EQ(child<QLabel>(file, "statusBadge")->text(), "Approved");
    EXPECT_EQ(child<QTableWidget>(file, "standingTable")->rowCount(), 2);
    EXPECT_EQ(count(clinic->db(), "SELECT count(*) FROM audit_log WHERE record_type IN"
                                  " ('vetting_suspension', 'vetting_reinstatement') AND actor = 'owner'"),
              2);

    // The front desk and the therapist themself see neither.
    page = sign_in("tom");
    EXPECT_EQ(page->findChild<QWidget*>("suspend") ? page->findChild<QWidget*>("suspend")->isVisibleTo(page) : false,
              false);
    EXPECT_FALSE(visible_buttons(page).contains("reinstate"));
}

TEST_F(VettingDeskTest, TheOwnerRecordsAndResolvesAConcern)
{
    QWidget* page = sign_in("owner");
    QWidget* file = open_file(page, "Priya Raman");
    auto* concerns = child<QTableWidget>(file, "concernsTable");
    EXPECT_FALSE(concerns->isVisibleTo(file)) << "none recorded";
    QDialog* form = open_form(file, "recordConcern", "vetting.record_concern");
    ASSERT_NE(form, nullptr);
    type_into(form, "concern", "Pressed a client to book a course of ten sessions");
    save(form);
    EXPECT_FALSE(form->isVisible());
    ASSERT_EQ(concerns->rowCount(), 1);
    EXPECT_EQ(cell(concerns, 0, 3), "Open");
    EXPECT_TRUE(child<QLabel>(file, "fileWarnings")->text().contains("1 open concern is recorded"));

    auto* resolve = child<QPushButton>(file, "resolveConcern");
    EXPECT_FALSE(resolve->isEnabled()) << "nothing selected yet";
    concerns->selectRow(0);
    form = open_form(file, "resolveConcern", "vetting.resolve_concern");
    ASSERT_NE(form, nullptr);
    type_into(form, "resolution", "Talked through the clinic's booking policy");
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_TRUE(cell(concerns, 0, 3).startsWith("Resolved 22/11/2026")) << cell(concerns, 0, 3).toStdString();
    EXPECT_FALSE(child<QLabel>(file, "fileWarnings")->isVisibleTo(file) &&
                 child<QLabel>(file, "fileWarnings")->text().contains("open concern"));
}

TEST_F(VettingDeskTest, TheOwnerAddsACredentialLogsCpdAndWithdrawsAnEntry)
{
    QWidget* page = sign_in("owner");
    QWidget* file = open_file(page, "Tom Becker");

    // A dry-needling certificate gives Tom the privilege.
    QDialog* form = open_form(file, "addCredential", "vetting.add_credential");
    ASSERT_NE(form, nullptr);
    auto* kind = choose(form, "kind", "dry_needling_certificate");
    EXPECT_EQ(kind->currentText(), "Dry needling certificate");
    type_into(form, "number", "DN-9001");
    type_into(form, "issuer", "Dry Needling Academy");
    type_into(form, "issued", "01/12/2026"); // in the future: refused beside the field
    save(form);
    EXPECT_EQ(error_beside(form, "issued"), "01/12/2026 is in the future (today is 22/11/2026)");
    type_into(form, "issued", "01/11/2026");
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_TRUE(child<QLabel>(file, "privileges")->text().contains("Dry needling"));
    auto* credentials = child<QTableWidget>(file, "credentialsTable");
    const int added = row_of(credentials, "Dry needling certificate");
    ASSERT_GE(added, 0);
    EXPECT_EQ(cell(credentials, added, 4), "Does not expire");

    // CPD, with the total against the requirement.
    form = open_form(file, "addCpd", "vetting.add_cpd");
    ASSERT_NE(form, nullptr);
    type_into(form, {{"hours", "7.5"}, {"on", "21/11/2026"}, {"topic", "Neuropathic pain"}});
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_EQ(child<QLabel>(file, "cpdSummary")->text(), "38.5 h of the 30 h required between 23/11/2025 and 22/11/2026.");

    // Withdrawn again (recorded in error): the privilege goes.
    credentials->selectRow(row_of(credentials, "Dry needling certificate"));
    form = open_form(file, "credentialsTableWithdraw", "vetting.withdraw");
    ASSERT_NE(form, nullptr);
    EXPECT_TRUE(child<QLabel>(form, "formIntro")->text().contains("DN-9001"));
    type_into(form, "reason", "Entered for the wrong therapist");
    save(form);
    EXPECT_FALSE(form->isVisible());
    EXPECT_EQ(row_of(credentials, "Dry needling certificate"), -1);
    EXPECT_FALSE(child<QLabel>(file, "privileges")->text().contains("Dry needling"));
}
