#pragma once
// The real desk with the vetting plugins (tests/support/module_desk_test.h): the
// demo clinic with its vetting files, and the Therapists page's own steps.
#include "module_desk_test.h"

#include <fascia/passwords.h>
#include <fascia/staff.h>
#include <fascia/vetting/vetting_service.h>

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>

namespace fascia::vetting::test {

class VettingDeskTest : public fascia::test::ServiceDeskTest<VettingService> {
protected:
    VettingDeskTest() : ServiceDeskTest(FASCIA_VETTING_PLUGIN, FASCIA_VETTING_DESK_PLUGIN, {1200, 860}, service_id) {}

    /// Signs in through the sign-in screen and opens the Therapists page; the page.
    QWidget* sign_in(const QString& user)
    {
        sign_in_as(user);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the last user's pages
        return therapists_page();
    }

    /// A staff member with the admin role (the demo has none), signed in.
    QWidget* sign_in_as_new_admin()
    {
        EXPECT_TRUE(clinic->bus().execute(
            {"staff.create", {{"username", "ada"}, {"display_name", "Ada Admin"}, {"role", "admin"}}, "owner"}));
        auto hash = hash_password(demo_password);
        EXPECT_TRUE(hash);
        EXPECT_TRUE(clinic->bus().execute(
            {"staff.set_password", {{"username", "ada"}, {"password_hash", hash ? *hash : ""}}, "owner"}));
        return sign_in("ada");
    }

    QWidget* therapists_page()
    {
        EXPECT_TRUE(window->show_page("Therapists")) << "no Therapists page for this role: "
                                                     << window->page_titles().join(", ").toStdString();
        QApplication::processEvents();
        return window->current_page();
    }

    /// Switches the page to a tab by its title (without the &).
    static QWidget* tab(QWidget* page, const QString& title)
    {
        auto* tabs = child<QTabWidget>(page, "vettingTabs");
        for (int i = 0; tabs && i < tabs->count(); ++i) {
            if (tabs->tabText(i).remove('&') == title) {
                tabs->setCurrentIndex(i);
                return tabs->widget(i);
            }
        }
        ADD_FAILURE() << "no tab " << title.toStdString();
        return nullptr;
    }

    /// The page's date, typed and applied as a person would (Enter).
    static void set_date(QWidget* page, const QString& typed)
    {
        auto* field = child<QLineEdit>(page, "vettingDate");
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, typed);
        QTest::keyClick(field, Qt::Key_Return);
    }

    /// Opens a therapist's file on the file tab; the tab.
    static QWidget* open_file(QWidget* page, const QString& display_name)
    {
        QWidget* file = tab(page, "Therapist file");
        auto* choice = child<QComboBox>(file, "therapistChoice");
        const int index = choice ? choice->findText(display_name) : -1;
        EXPECT_GE(index, 0) << "no " << display_name.toStdString() << " among the therapists";
        if (index >= 0)
            choice->setCurrentIndex(index);
        return file;
    }

    /// Clicks a button of the file and returns the form it opens.
    static QDialog* open_form(QWidget* file, const QString& button, const QString& command)
    {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the last form, closed
        auto* b = child<QPushButton>(file, button);
        if (!b)
            return nullptr;
        EXPECT_TRUE(b->isVisible()) << button.toStdString() << " is hidden";
        EXPECT_TRUE(b->isEnabled()) << button.toStdString() << " is disabled";
        b->click();
        auto* form = child<QDialog>(file, command);
        if (form) {
            EXPECT_TRUE(form->isVisible());
        }
        return form;
    }

    static void type_into(QDialog* form, const QString& field, const QString& text)
    {
        auto* edit = child<QLineEdit>(form, field);
        if (!edit)
            return;
        edit->clear();
        QTest::keyClicks(edit, text);
    }

    /// Types into each of the form's fields in turn: {{"insurer", "Balens"}, {"policy", "BL-1"}}.
    static void type_into(QDialog* form, std::initializer_list<std::pair<QString, QString>> fields)
    {
        for (const auto& [field, text] : fields)
            type_into(form, field, text);
    }

    /// Picks the entry of the form's list `field` whose value is `value`; the list (null,
    /// and the test fails, when the form has no such list).
    static QComboBox* choose(QDialog* form, const QString& field, const QString& value)
    {
        auto* list = child<QComboBox>(form, field);
        if (list)
            list->setCurrentIndex(list->findData(value));
        return list;
    }

    /// Presses the form's Save button.
    static void save(QDialog* form)
    {
        for (auto* b : form->findChildren<QPushButton*>())
            if (b->text().remove('&') == "Save") {
                b->click();
                return;
            }
        ADD_FAILURE() << "no Save button";
    }

    /// What is said under a form's field ("" when nothing).
    static QString error_beside(QDialog* form, const QString& field)
    {
        auto* label = child<QLabel>(form, field + "Error");
        return label && !label->isHidden() ? label->text() : QString();
    }

    /// A table's row whose first cell is `first` (-1 when none).
    static int row_of(QTableWidget* table, const QString& first)
    {
        for (int r = 0; table && r < table->rowCount(); ++r)
            if (table->item(r, 0) && table->item(r, 0)->text() == first)
                return r;
        return -1;
    }

    static QString cell(QTableWidget* table, int row, int column)
    {
        return table && row >= 0 && table->item(row, column) ? table->item(row, column)->text() : QString();
    }

    /// The buttons a person can see and press.
    static QStringList visible_buttons(QWidget* page)
    {
        QStringList names;
        for (auto* b : page->findChildren<QAbstractButton*>())
            if (b->isVisibleTo(page) && !b->objectName().isEmpty())
                names << b->objectName();
        return names;
    }

    Status status_of(const std::string& username, const std::string& on)
    {
        auto s = service->status(clinic->db(), username, *parse_date(on));
        EXPECT_TRUE(s) << s.error().message;
        return s ? *s : Status{};
    }
};

} // namespace fascia::vetting::test
