// A whole screening and a pre-session check from the keyboard alone: Alt
// shortcuts open them, Y and N answer, Tab moves, Enter goes on, Escape leaves.
#include "intake_desk_fixture.h"

#include <QTableWidget>

using namespace fascia;
using namespace fascia::intake::test;

// Named so `ctest -R intake` picks them up with the module's other tests.
using intake_desk_keyboard = IntakeDeskTest;

namespace {

/// Sends keystrokes to whatever has the keyboard focus, as a person's would go.
void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget* focus = QApplication::focusWidget();
    ASSERT_NE(focus, nullptr) << "nothing has the keyboard focus";
    QTest::keyClick(focus, key, modifiers);
}

void type(const QString& text)
{
    QWidget* focus = QApplication::focusWidget();
    ASSERT_NE(focus, nullptr) << "nothing has the keyboard focus";
    QTest::keyClicks(focus, text);
}

void press_times(Qt::Key key, int times)
{
    for (int i = 0; i < times; ++i)
        press(key);
}

/// The dialog the last keystroke opened, active and ready for keys. (A button's
/// Alt shortcut clicks it a moment later, as it shows the button going down.)
template <class D>
D* active_dialog(QWidget* tab, const QString& name)
{
    D* dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = tab->findChild<D*>(name)) != nullptr; }, 2000))
        return nullptr;
    QApplication::setActiveWindow(dialog);
    EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
    return dialog;
}

/// The field whose answer widget holds the keyboard focus ("answers.foot_drop").
QString focused_field()
{
    for (QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget())
        if (w->objectName().startsWith("answers.") && !w->objectName().contains('/'))
            return w->objectName();
    return {};
}

} // namespace

TEST_F(intake_desk_keyboard, AScreeningCanBeTakenFromTheKeyboardAlone)
{
    sign_in("priya");
    const auto id = new_client("Wiremu", true);
    QWidget* tab = open_screening_tab(id);
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));

    // Alt+N opens the wizard; Escape leaves it with nothing stored.
    press(Qt::Key_N, Qt::AltModifier);
    auto* wizard = active_dialog<QWizard>(tab, "screeningWizard");
    ASSERT_NE(wizard, nullptr) << "Alt+N opens the screening wizard";
    press(Qt::Key_Escape);
    EXPECT_FALSE(wizard->isVisible());
    EXPECT_EQ(status(id).state, "none");
    QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);

    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    press(Qt::Key_N, Qt::AltModifier);
    wizard = active_dialog<QWizard>(tab, "screeningWizard");
    ASSERT_NE(wizard, nullptr);

    // Dates: the screening's is today already; the keyboard starts on the onset.
    EXPECT_EQ(QApplication::focusWidget(), wizard->findChild<QWidget*>("symptom_onset/date"));
    type("01/08/2026");
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 1);

    // Each page starts on its first question; N answers no and moves on; Enter goes to the next page.
    EXPECT_EQ(focused_field(), "answers.bladder_or_bowel_change");
    press(Qt::Key_N);
    EXPECT_EQ(focused_field(), "answers.saddle_numbness") << "N moves to the next question";
    press_times(Qt::Key_N, 3);
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 2) << "the emergency signs are all answered";

    press_times(Qt::Key_N, 10);
    // Enter with one still unanswered stays, and the keyboard goes to it.
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 2);
    EXPECT_EQ(focused_field(), "answers.doctor_advised_against_massage");
    press(Qt::Key_N);
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 3);

    // Precautions: no to pregnant skips the weeks.
    EXPECT_EQ(focused_field(), "answers.pregnant");
    press(Qt::Key_N);
    EXPECT_EQ(focused_field(), "answers.metal_implants");
    press_times(Qt::Key_N, 4);
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 4);

    // About the problem: Y, N, then numbers, Tab between them.
    press(Qt::Key_Y);
    press(Qt::Key_N);
    EXPECT_EQ(focused_field(), "answers.self_care_weeks_without_improvement");
    type("3");
    press(Qt::Key_Tab);
    EXPECT_EQ(focused_field(), "answers.pain_score");
    type("7");
    press(Qt::Key_Return);
    ASSERT_EQ(wizard->currentId(), 5) << "the result";
    EXPECT_EQ(wizard->findChild<QWidget*>("resultBanner")->property("tone").toString(), "clear");
    press(Qt::Key_Return);
    ASSERT_FALSE(wizard->isVisible()) << "Enter on the result records it";

    const auto s = status(id);
    EXPECT_EQ(s.state, "current");
    EXPECT_EQ(s.disposition, "proceed");
    EXPECT_EQ(s.condition_type, "chronic");
    EXPECT_EQ(child<QTableWidget>(tab, "screeningHistory")->rowCount(), 1);
    EXPECT_TRUE(child<QLabel>(tab, "advisories")->text().contains("No improvement after two weeks"));

    // Alt+P: the pre-session check, all no, Enter records it.
    QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    press(Qt::Key_P, Qt::AltModifier);
    auto* check = active_dialog<QDialog>(tab, "precheckDialog");
    ASSERT_NE(check, nullptr) << "Alt+P opens the pre-session check";
    EXPECT_EQ(focused_field(), "answers.bladder_or_bowel_change");
    press_times(Qt::Key_N, 10);
    press(Qt::Key_Return);
    ASSERT_FALSE(check->isVisible());
    EXPECT_TRUE(child<QLabel>(tab, "lastPrecheck")->text().contains("all clear"));
}
