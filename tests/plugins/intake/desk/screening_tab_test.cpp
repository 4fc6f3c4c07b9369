// The Screening tab as the desk shows it: closed without consent, the wizard
// that will not take an unanswered question, and the banner each result shows.
#include "intake_desk_fixture.h"

#include "../intake_test_support.h"

#include <fascia/audit.h>

#include <QPlainTextEdit>
#include <QTableWidget>

using namespace fascia;
using namespace fascia::intake::test;

// Named so `ctest -R intake` picks them up with the module's other tests.
using intake_desk = IntakeDeskTest;

namespace {

bool near(const QColor& seen, const char* expected)
{
    const QColor e(expected);
    return std::abs(seen.red() - e.red()) < 24 && std::abs(seen.green() - e.green()) < 24
           && std::abs(seen.blue() - e.blue()) < 24;
}

} // namespace

TEST_F(intake_desk, TheTabStaysClosedUntilTheClientConsentsToHealthData)
{
    sign_in("frontdesk");
    const auto id = new_client("Hemi", false);
    QWidget* tab = open_screening_tab(id);
    ASSERT_NE(tab, nullptr);
    EXPECT_NE(tab->objectName(), "intakeScreeningTab");
    EXPECT_EQ(tab->findChild<QPushButton*>("newScreening"), nullptr) << "nothing can be entered";
    auto* closed = qobject_cast<QLabel*>(tab);
    ASSERT_NE(closed, nullptr);
    EXPECT_TRUE(closed->text().contains("consent")) << closed->text().toStdString();

    // Consent recorded in the file opens the tab.
    auto* file = dynamic_cast<desk::ClientFile*>(window->current_page());
    QPushButton* consent = nullptr;
    for (auto* b : file->findChildren<QPushButton*>())
        if (b->text() == "&Record consent")
            consent = b;
    ASSERT_NE(consent, nullptr);
    consent->click();
    tab = screening_tab_of(*file);
    ASSERT_EQ(tab->objectName(), "intakeScreeningTab");
    EXPECT_EQ(tone(tab), "neutral");
    EXPECT_TRUE(banner_text(child<QWidget>(tab, "screeningBanner")).contains("Not screened yet"));
    EXPECT_TRUE(child<QLabel>(tab, "booking")->text().startsWith("Not bookable"));
}

TEST_F(intake_desk, TheWizardAsksEveryQuestionWithNothingAnsweredForThePerson)
{
    auto* wizard = new_screening("Aroha").wizard;
    ASSERT_NE(wizard, nullptr);
    for (const auto& id : answer_ids) {
        const QString field = QString::fromStdString("answers." + id);
        if (is_boolean_answer(id)) {
            auto* yes = child<QRadioButton>(wizard, field + "/yes");
            auto* no = child<QRadioButton>(wizard, field + "/no");
            ASSERT_TRUE(yes && no);
            EXPECT_FALSE(yes->isChecked() || no->isChecked()) << id << " comes pre-answered";
        } else {
            auto* number = child<QSpinBox>(wizard, field + "/number");
            ASSERT_NE(number, nullptr);
            EXPECT_EQ(number->text(), "Not answered") << id;
        }
    }
    EXPECT_TRUE(child<QLineEdit>(wizard, "symptom_onset/date")->text().isEmpty());
    EXPECT_EQ(child<QLineEdit>(wizard, "assessed_on/date")->text(), "22/11/2026") << "today, the clinic's way";

    // Pregnancy weeks are asked only after a yes to pregnant.
    auto* weeks = child<QWidget>(wizard, "answers.pregnancy_weeks");
    EXPECT_TRUE(weeks->isHidden());
    child<QRadioButton>(wizard, "answers.pregnant/yes")->click();
    EXPECT_FALSE(weeks->isHidden());
    child<QRadioButton>(wizard, "answers.pregnant/no")->click();
    EXPECT_TRUE(weeks->isHidden());
    wizard->reject();
}

TEST_F(intake_desk, TheWizardWillNotGoOnOrFinishWhileAQuestionIsUnanswered)
{
    const auto [id, tab, wizard] = new_screening("Mere");
    ASSERT_NE(wizard, nullptr);
    Answers a;
    a.unanswered = {"saddle_numbness"};
    fill(wizard, a);
    EXPECT_FALSE(to_the_end(wizard)) << "Next went past an unanswered red-flag question";
    auto* error = child<QLabel>(wizard, "answers.saddle_numbness/error");
    EXPECT_FALSE(error->isHidden());
    EXPECT_TRUE(error->text().contains("never taken as a no")) << error->text().toStdString();
    EXPECT_TRUE(child<QWidget>(wizard, "answers.saddle_numbness")->isVisible()) << "its page is showing";

    // Finish by any route is refused too, and nothing is stored.
    wizard->accept();
    EXPECT_TRUE(wizard->isVisible());
    EXPECT_EQ(status(id).state, "none");

    // Pregnant without the weeks is not an answer either.
    child<QRadioButton>(wizard, "answers.saddle_numbness/no")->click();
    EXPECT_TRUE(error->isHidden()) << "answering clears the error";
    child<QRadioButton>(wizard, "answers.pregnant/yes")->click();
    EXPECT_FALSE(to_the_end(wizard));
    EXPECT_FALSE(child<QLabel>(wizard, "answers.pregnancy_weeks/error")->isHidden());
    child<QSpinBox>(wizard, "answers.pregnancy_weeks/number")->setValue(20);
    ASSERT_TRUE(to_the_end(wizard));
    wizard->button(QWizard::FinishButton)->click();
    EXPECT_FALSE(wizard->isVisible());
    EXPECT_EQ(status(id).state, "current");
}

TEST_F(intake_desk, AnUrgentAnswerIsRecordedAndShowsTheRedBannerWithTheReferralScript)
{
    const auto [id, tab, wizard] = new_screening("Rawiri");
    ASSERT_NE(wizard, nullptr);
    Answers a;
    a.yes = {"bladder_or_bowel_change", "metal_implants"};
    fill(wizard, a);
    ASSERT_TRUE(to_the_end(wizard));
    // The result shows before it is recorded.
    auto* preview = child<QWidget>(wizard, "resultBanner");
    EXPECT_EQ(preview->property("tone").toString(), "urgent");
    EXPECT_EQ(status(id).state, "none") << "nothing is stored before Finish";
    wizard->button(QWizard::FinishButton)->click();
    ASSERT_FALSE(wizard->isVisible());

    expect_screened(id, tab, "urgent_referral", false, "urgent");
    auto* banner = child<QWidget>(tab, "screeningBanner");
    const QString text = banner_text(banner);
    EXPECT_TRUE(text.contains("Go to A&E / the emergency department now; do not wait for your appointment"))
        << text.toStdString();
    EXPECT_TRUE(text.contains("do not treat")) << text.toStdString();
    EXPECT_TRUE(near(banner_colour(banner), "#b3261e")) << banner_colour(banner).name().toStdString();
    EXPECT_TRUE(child<QLabel>(tab, "booking")->text().contains("urgent referral"));
    EXPECT_FALSE(child<QPushButton>(tab, "recordClearance")->isEnabled()) << "an urgent referral cannot be cleared";
    auto* history = child<QTableWidget>(tab, "screeningHistory");
    ASSERT_EQ(history->rowCount(), 1);
    EXPECT_EQ(history->item(0, 2)->text(), "Urgent referral");
    // Health data by role: the front desk sees the disposition and the script, not the
    // findings, which quote the client's answers.
    EXPECT_TRUE(history->isColumnHidden(3));
    EXPECT_FALSE(history->item(0, 3)->text().contains("cauda equina"));
    EXPECT_FALSE(text.contains("cauda equina")) << text.toStdString();
    EXPECT_TRUE(child<QLabel>(tab, "findings")->text().isEmpty());
}

TEST_F(intake_desk, ATherapistSeesTheFindingsAndTheirReadIsAudited)
{
    sign_in("frontdesk");
    const auto id = new_client("Rawiri", true);
    QWidget* tab = open_screening_tab(id);
    auto* wizard = open_dialog<QWizard>(tab, "newScreening", "screeningWizard");
    ASSERT_NE(wizard, nullptr);
    Answers a;
    a.yes = {"bladder_or_bowel_change"};
    fill(wizard, a);
    ASSERT_TRUE(to_the_end(wizard));
    wizard->button(QWizard::FinishButton)->click();
    ASSERT_FALSE(wizard->isVisible());
    const auto reads = [&](const std::string& who) {
        int n = 0;
        for (const auto& e : recent_audit_entries(clinic->db(), 100))
            n += e.command == "intake.answers_read" && e.actor == who && e.record_id == id;
        return n;
    };
    EXPECT_EQ(reads("frontdesk"), 0) << "the front desk read no answers";
    fascia::test::save_screenshot(*window, "intake-12-front-desk-urgent");

    window->lock();
    sign_in("priya");
    tab = open_screening_tab(id);
    ASSERT_NE(tab, nullptr);
    auto* history = child<QTableWidget>(tab, "screeningHistory");
    ASSERT_EQ(history->rowCount(), 1);
    EXPECT_FALSE(history->isColumnHidden(3));
    EXPECT_TRUE(history->item(0, 3)->text().contains("cauda equina")) << history->item(0, 3)->text().toStdString();
    EXPECT_TRUE(banner_text(child<QWidget>(tab, "screeningBanner")).contains("cauda equina"));
    EXPECT_EQ(reads("priya"), 1) << "her read is in the audit log: who, which client, when";
}

TEST_F(intake_desk, AClearanceRunShowsAmberUntilADoctorsClearanceIsRecorded)
{
    sign_in("priya"); // a therapist may record clearances
    const auto id = new_client("Tui", true);
    QWidget* tab = open_screening_tab(id);
    Answers a;
    a.yes = {"foot_drop"};
    screen(tab, a);
    expect_screened(id, tab, "clearance_required", false, "clearance");
    auto* banner = child<QWidget>(tab, "screeningBanner");
    EXPECT_TRUE(banner_text(banner).contains("Drop foot")) << banner_text(banner).toStdString();
    EXPECT_TRUE(near(banner_colour(banner), "#ffe08a")) << banner_colour(banner).name().toStdString();

    auto* dialog = open_dialog(tab, "recordClearance", "clearanceDialog");
    ASSERT_NE(dialog, nullptr);
    // Nothing typed: the bus's word goes beside the field it names.
    child<QPushButton>(dialog, "recordClearance")->click();
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_FALSE(child<QLabel>(dialog, "clinician/error")->isHidden());
    child<QLineEdit>(dialog, "clinician")->setText("Dr Anjali Patel (GP)");
    child<QPlainTextEdit>(dialog, "note")->setPlainText("Letter of 20/11: nerve conduction normal, may treat");
    child<QPushButton>(dialog, "recordClearance")->click();
    ASSERT_FALSE(dialog->isVisible());

    const auto s = status(id);
    EXPECT_TRUE(s.cleared);
    EXPECT_TRUE(s.bookable);
    EXPECT_EQ(tone(tab), "clear");
    EXPECT_TRUE(banner_text(child<QWidget>(tab, "screeningBanner")).contains("Cleared by Dr Anjali Patel (GP)"));
    EXPECT_EQ(child<QLabel>(tab, "booking")->text(), "May be booked");
    EXPECT_FALSE(child<QPushButton>(tab, "recordClearance")->isEnabled()) << "cleared once";
    EXPECT_TRUE(child<QTableWidget>(tab, "screeningHistory")->item(0, 2)->text().contains("(cleared)"));

    // The front desk does not record clinical clearances: no button for them.
    sign_in("frontdesk");
    tab = open_screening_tab(id);
    EXPECT_TRUE(child<QPushButton>(tab, "recordClearance")->isHidden());
    EXPECT_FALSE(child<QPushButton>(tab, "newScreening")->isHidden());
}

TEST_F(intake_desk, PrecautionsShowTheRestrictionsInBlue)
{
    sign_in("frontdesk");
    const auto id = new_client("Kiri", true);
    QWidget* tab = open_screening_tab(id);
    Answers a;
    a.yes = {"anticoagulants", "pregnant", "diagnosed_by_clinician"};
    a.numbers["pregnancy_weeks"] = 20;
    screen(tab, a);
    expect_screened(id, tab, "proceed", true, "precaution");
    auto* banner = child<QWidget>(tab, "screeningBanner");
    const QString text = banner_text(banner);
    for (const char* restriction : {"No deep pressure or deep tissue work", "No dry needling",
                                    "Book only with a therapist qualified in prenatal massage"})
        EXPECT_TRUE(text.contains(restriction)) << restriction << " missing from: " << text.toStdString();
    EXPECT_TRUE(near(banner_colour(banner), "#d6e8fb")) << banner_colour(banner).name().toStdString();
    EXPECT_TRUE(child<QLabel>(tab, "restrictions")->text().contains("No dry needling"));
    EXPECT_TRUE(child<QLabel>(tab, "advisories")->text().contains("midwife"));
    EXPECT_EQ(child<QLabel>(tab, "course")->text(), "2 to 3 sessions a week");
}

TEST_F(intake_desk, APreSessionCheckWithAYesMakesTheClientNotBookable)
{
    sign_in("priya");
    const auto id = new_client("Nikau", true);
    QWidget* tab = open_screening_tab(id);
    Answers a;
    a.yes = {"diagnosed_by_clinician"};
    screen(tab, a);
    ASSERT_TRUE(status(id).bookable);
    EXPECT_EQ(tone(tab), "clear");

    // All clear.
    auto* check = open_dialog(tab, "precheck", "precheckDialog");
    ASSERT_NE(check, nullptr);
    auto questions = service->precheck_questions("sciatica-intake/1");
    ASSERT_TRUE(questions);
    // Unanswered: refused, beside the question.
    child<QPushButton>(check, "recordPrecheck")->click();
    EXPECT_TRUE(check->isVisible());
    EXPECT_FALSE(child<QLabel>(check, QString::fromStdString("answers." + questions->front() + "/error"))->isHidden());
    for (const auto& q : *questions)
        child<QRadioButton>(check, QString::fromStdString("answers." + q + "/no"))->click();
    child<QPushButton>(check, "recordPrecheck")->click();
    ASSERT_FALSE(check->isVisible());
    EXPECT_TRUE(child<QLabel>(tab, "screeningNotice")->text().contains("all clear"));
    EXPECT_TRUE(child<QLabel>(tab, "lastPrecheck")->text().contains("all clear"));
    EXPECT_TRUE(status(id).bookable);

    // A yes.
    check = open_dialog(tab, "precheck", "precheckDialog");
    ASSERT_NE(check, nullptr);
    for (const auto& q : *questions)
        child<QRadioButton>(check, QString::fromStdString("answers." + q + (q == "foot_drop" ? "/yes" : "/no")))
            ->click();
    child<QPushButton>(check, "recordPrecheck")->click();
    ASSERT_FALSE(check->isVisible());
    EXPECT_FALSE(status(id).bookable);
    EXPECT_EQ(tone(tab), "clearance");
    EXPECT_TRUE(child<QLabel>(tab, "screeningNotice")->text().contains("Do not start the session"));
    auto* history = child<QTableWidget>(tab, "screeningHistory");
    ASSERT_EQ(history->rowCount(), 2);
    EXPECT_EQ(history->item(0, 1)->text(), "Pre-session check") << "newest first";
    EXPECT_EQ(history->item(1, 1)->text(), "Full screening");
}

TEST_F(intake_desk, ABadDateIsShownBesideTheDate)
{
    const auto [id, tab, wizard] = new_screening("Ari");
    ASSERT_NE(wizard, nullptr);
    Answers a;
    a.symptom_onset = "31/02/2026";
    fill(wizard, a);
    EXPECT_FALSE(to_the_end(wizard));
    EXPECT_TRUE(child<QLabel>(wizard, "symptom_onset/error")->text().contains("not a date"));

    // Symptoms starting after the screening: the rules engine says so before anything is recorded.
    child<QLineEdit>(wizard, "symptom_onset/date")->setText("23/11/2026");
    ASSERT_TRUE(to_the_end(wizard));
    EXPECT_FALSE(wizard->button(QWizard::FinishButton)->isEnabled());
    EXPECT_TRUE(child<QLabel>(wizard, "recordError")->text().contains("is after assessed_on"))
        << child<QLabel>(wizard, "recordError")->text().toStdString();

    // A screening dated tomorrow: the bus refuses, and the wizard goes back to the date.
    wizard->back();
    while (wizard->currentId() > 0)
        wizard->back();
    child<QLineEdit>(wizard, "symptom_onset/date")->setText("01/08/2026");
    child<QLineEdit>(wizard, "assessed_on/date")->setText("23/11/2026");
    ASSERT_TRUE(to_the_end(wizard));
    wizard->button(QWizard::FinishButton)->click();
    EXPECT_TRUE(wizard->isVisible());
    EXPECT_EQ(wizard->currentId(), 0);
    EXPECT_TRUE(child<QLabel>(wizard, "assessed_on/error")->text().contains("in the future"))
        << child<QLabel>(wizard, "assessed_on/error")->text().toStdString();
    EXPECT_EQ(status(id).state, "none");
}
