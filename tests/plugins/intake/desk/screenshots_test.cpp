// Saves the Screening tab with each banner, and the wizard, as PNGs into the
// build tree (FASCIA_SCREENSHOT_DIR/intake-*.png) for a person to look at, and
// checks each one is a real picture.
#include "intake_desk_fixture.h"

#include <QPlainTextEdit>

using namespace fascia;
using namespace fascia::intake::test;
using fascia::test::save_screenshot;

// Named so `ctest -R intake` picks them up with the module's other tests.
using intake_desk_screenshots = IntakeDeskTest;

TEST_F(intake_desk_screenshots, ScreenshotsOfTheScreeningTab)
{
    sign_in("priya");

    QWidget* tab = open_screening_tab(new_client("Hine", true));
    save_screenshot(*window, "intake-01-not-screened");

    auto* wizard = open_dialog<QWizard>(tab, "newScreening", "screeningWizard");
    ASSERT_NE(wizard, nullptr);
    wizard->next(); // the onset is not given yet: refused, and said beside it
    save_screenshot(*wizard, "intake-02-wizard-dates-refused");
    Answers a;
    a.unanswered = {"saddle_numbness", "sudden_severe_weakness"};
    a.yes = {"bladder_or_bowel_change"};
    fill(wizard, a);
    wizard->next();
    wizard->next();
    save_screenshot(*wizard, "intake-03-wizard-unanswered");
    child<QRadioButton>(wizard, "answers.saddle_numbness/no")->click();
    child<QRadioButton>(wizard, "answers.sudden_severe_weakness/no")->click();
    ASSERT_TRUE(to_the_end(wizard));
    save_screenshot(*wizard, "intake-04-wizard-result-urgent");
    wizard->button(QWizard::FinishButton)->click();
    ASSERT_FALSE(wizard->isVisible());
    save_screenshot(*window, "intake-05-urgent");

    tab = open_screening_tab(new_client("Mata", true));
    a = {};
    a.yes = {"foot_drop", "metal_implants"};
    screen(tab, a);
    save_screenshot(*window, "intake-06-clearance");
    auto* dialog = open_dialog(tab, "recordClearance", "clearanceDialog");
    ASSERT_NE(dialog, nullptr);
    child<QLineEdit>(dialog, "clinician")->setText("Dr Anjali Patel (GP)");
    child<QPlainTextEdit>(dialog, "note")->setPlainText("Letter of 20/11 on file: may treat");
    save_screenshot(*dialog, "intake-07-clearance-dialog");
    child<QPushButton>(dialog, "recordClearance")->click();
    ASSERT_FALSE(dialog->isVisible());
    save_screenshot(*window, "intake-08-cleared");

    tab = open_screening_tab(new_client("Ana", true));
    a = {};
    a.yes = {"pregnant", "anticoagulants", "symptoms_below_knee"};
    a.numbers["pregnancy_weeks"] = 24;
    a.symptom_onset = "02/11/2026";
    screen(tab, a);
    save_screenshot(*window, "intake-09-precautions");

    auto* check = open_dialog(tab, "precheck", "precheckDialog");
    ASSERT_NE(check, nullptr);
    save_screenshot(*check, "intake-10-precheck");
    check->reject();

    tab = open_screening_tab(new_client("Rongo", true));
    a = {};
    a.yes = {"diagnosed_by_clinician"};
    screen(tab, a);
    save_screenshot(*window, "intake-11-clear");
}
