// From the keyboard alone: sign in, find a client, open the file, create a client.
#include "desk_fixture.h"

#include "client_file.h"

#include <QTimer>

using namespace fascia;
using fascia::test::DeskTest;

namespace {

/// Types into whatever has the keyboard focus, as a person's keystrokes would go.
void type(const QString& text)
{
    QWidget* focus = QApplication::focusWidget();
    ASSERT_NE(focus, nullptr) << "nothing has the keyboard focus";
    QTest::keyClicks(focus, text);
}

void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget* focus = QApplication::focusWidget();
    ASSERT_NE(focus, nullptr) << "nothing has the keyboard focus";
    QTest::keyClick(focus, key, modifiers);
}

/// Runs keystrokes against the modal dialog that the next step opens, then
/// makes sure it is gone (so a failing step fails the test instead of hanging it).
void when_a_dialog_opens(std::function<void()> keystrokes)
{
    QTimer::singleShot(0, [keystrokes] {
        QWidget* dialog = QApplication::activeModalWidget();
        ASSERT_NE(dialog, nullptr) << "no dialog opened";
        QApplication::setActiveWindow(dialog);
        EXPECT_TRUE(QTest::qWaitForWindowActive(dialog));
        keystrokes();
        if (QApplication::activeModalWidget() == dialog) {
            ADD_FAILURE() << "the dialog was still open after the keystrokes";
            dialog->close();
        }
    });
}

} // namespace

TEST_F(DeskTest, EverythingADeskDoesFirstCanBeDoneFromTheKeyboard)
{
    window->show();
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    ASSERT_EQ(QApplication::focusWidget(), window->sign_in_screen()->username_field());

    // Sign in.
    type("frontdesk");
    press(Qt::Key_Return);
    type(demo_password);
    press(Qt::Key_Return);
    ASSERT_FALSE(window->locked()) << window->sign_in_screen()->error_text().toStdString();

    // Find a client from anywhere (Ctrl+K) and open the file (Enter).
    when_a_dialog_opens([] {
        type("zoe");
        press(Qt::Key_Return);
    });
    press(Qt::Key_K, Qt::ControlModifier);
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get())) << "the window gets the keyboard back";
    auto* file = dynamic_cast<desk::ClientFile*>(window->current_page());
    ASSERT_NE(file, nullptr) << "Ctrl+K, typing and Enter open the client file";
    EXPECT_EQ(file->heading(), "Zoë Smith");

    // Back to the list (Escape), then a new client (Ctrl+N): Tab between fields, Enter saves.
    press(Qt::Key_Escape);
    ASSERT_EQ(dynamic_cast<desk::ClientFile*>(window->current_page()), nullptr);
    when_a_dialog_opens([] {
        type("Ngaio");
        press(Qt::Key_Tab);
        type("Marsh");
        press(Qt::Key_Tab);
        press(Qt::Key_Tab); // no preferred name
        type("1975-04-23");
        press(Qt::Key_Return);
    });
    press(Qt::Key_N, Qt::ControlModifier);
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    file = dynamic_cast<desk::ClientFile*>(window->current_page());
    ASSERT_NE(file, nullptr) << "saving the new client opens their file";
    EXPECT_EQ(file->heading(), "Ngaio Marsh");
}
