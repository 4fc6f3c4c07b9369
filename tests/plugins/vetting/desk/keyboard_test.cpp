// The Therapists page from the keyboard alone: Alt shortcuts to the date, the
// tabs, the fields and the buttons; Tab between a form's fields; Enter saves
// and Escape cancels.
#include "vetting_desk_fixture.h"

using namespace fascia;
using namespace fascia::vetting::test;

namespace {

QWidget* focus()
{
    return QApplication::focusWidget();
}

/// Types into whatever has the keyboard focus, as a person's keystrokes would go.
void type(const QString& text)
{
    ASSERT_NE(focus(), nullptr) << "nothing has the keyboard focus";
    QTest::keyClicks(focus(), text);
}

void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    ASSERT_NE(focus(), nullptr) << "nothing has the keyboard focus";
    QTest::keyClick(focus(), key, modifiers);
}

/// The dialog a button's Alt shortcut opens (the button clicks itself after a
/// short animation), made the active window as a window manager would.
QWidget* active_dialog()
{
    if (!QTest::qWaitFor([] { return QApplication::activeModalWidget() != nullptr; }, 2000))
        return nullptr;
    QWidget* dialog = QApplication::activeModalWidget();
    QApplication::setActiveWindow(dialog);
    EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
    return dialog;
}

} // namespace

TEST_F(VettingDeskTest, ThePageAndItsFormsWorkFromTheKeyboard)
{
    QWidget* page = sign_in("owner");
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    page->setFocus();

    // Alt+D: the date; Enter applies it.
    press(Qt::Key_D, Qt::AltModifier);
    ASSERT_EQ(focus(), child<QWidget>(page, "vettingDate"));
    press(Qt::Key_A, Qt::ControlModifier);
    type("11/12/2026");
    press(Qt::Key_Return);
    auto* statuses = child<QTableWidget>(page, "statusTable");
    EXPECT_EQ(cell(statuses, row_of(statuses, "Tom Becker"), 1), "Lapsed");

    // Alt+E: who is eligible; Alt+M: the modality, chosen by typing.
    press(Qt::Key_E, Qt::AltModifier);
    auto* tabs = child<QTabWidget>(page, "vettingTabs");
    EXPECT_EQ(tabs->tabText(tabs->currentIndex()).remove('&'), "Eligible for…");
    press(Qt::Key_M, Qt::AltModifier);
    ASSERT_EQ(focus(), child<QWidget>(page, "modalityChoice"));
    type("Pre");
    EXPECT_EQ(child<QComboBox>(page, "modalityChoice")->currentText(), "Prenatal massage");
    EXPECT_TRUE(child<QLabel>(page, "eligibilitySummary")->text().startsWith("Prenatal massage on 11/12/2026"));

    // Alt+F: the file; Alt+T: the therapist, chosen by typing.
    press(Qt::Key_F, Qt::AltModifier);
    EXPECT_EQ(tabs->tabText(tabs->currentIndex()).remove('&'), "Therapist file");
    press(Qt::Key_T, Qt::AltModifier);
    ASSERT_EQ(focus(), child<QWidget>(page, "therapistChoice"));
    type("Tom");
    EXPECT_EQ(child<QLabel>(page, "fileName")->text(), "Tom Becker");

    // Tab walks the file from the top: the owner's button, then each section's table and buttons.
    press(Qt::Key_Tab);
    EXPECT_EQ(focus()->objectName().toStdString(), "suspend");
    press(Qt::Key_Tab);
    EXPECT_EQ(focus()->objectName().toStdString(), "credentialsTable");
    press(Qt::Key_Tab);
    EXPECT_EQ(focus()->objectName().toStdString(), "addCredential") << "Withdraw is skipped until an entry is selected";
    press(Qt::Key_Tab);
    EXPECT_EQ(focus()->objectName().toStdString(), "registrationsTable");

    // Alt+I opens the insurance form; Escape leaves it without saving.
    const auto policies = service->file(clinic->db(), "tom", *parse_date("2026-12-11"), false)->at("insurance").as_array().size();
    press(Qt::Key_I, Qt::AltModifier);
    QWidget* dialog = active_dialog();
    ASSERT_NE(dialog, nullptr) << "Alt+I opened nothing";
    EXPECT_EQ(dialog->objectName(), "vetting.add_insurance");
    EXPECT_EQ(focus(), child<QWidget>(dialog, "insurer"));
    type("Balens");
    press(Qt::Key_Escape);
    EXPECT_FALSE(dialog->isVisible());
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));

    // Again: Tab from field to field, Alt+ a field's letter jumps to it, Enter saves.
    child<QWidget>(page, "addInsurance")->setFocus();
    press(Qt::Key_I, Qt::AltModifier);
    dialog = active_dialog();
    ASSERT_NE(dialog, nullptr);
    type("Balens");
    press(Qt::Key_Tab);
    type("BL-5");
    press(Qt::Key_Tab);
    type("5000000");
    press(Qt::Key_Tab);
    type("10/12/2026");
    press(Qt::Key_E, Qt::AltModifier); // Cover &ends
    ASSERT_EQ(focus(), child<QWidget>(dialog, "expires"));
    type("31/12/2026");
    press(Qt::Key_Return);
    EXPECT_FALSE(dialog->isVisible()) << "Enter did not save";
    EXPECT_EQ(service->file(clinic->db(), "tom", *parse_date("2026-12-11"), false)->at("insurance").as_array().size(),
              policies + 1);
    EXPECT_EQ(child<QLabel>(page, "statusBadge")->text(), "Approved");
}
