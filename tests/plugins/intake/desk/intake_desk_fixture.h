#pragma once
// The real desk with the intake plugins (tests/support/module_desk_test.h) and
// the Screening tab's own steps: a new client, the tab, the wizard filled in.
#include "module_desk_test.h"

#include "client_file.h"

#include <fascia/clients.h>
#include <fascia/intake/intake_service.h>

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QWizard>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace fascia::intake::test {

/// How to fill in the wizard: every yes/no question is no unless named here.
struct Answers {
    std::set<std::string> yes;                                    ///< answered yes
    std::set<std::string> unanswered;                             ///< left alone
    std::map<std::string, int> numbers{{"self_care_weeks_without_improvement", 0}, {"pain_score", 6}};
    QString symptom_onset = "01/08/2026";                         ///< chronic on 22/11/2026
};

class IntakeDeskTest : public fascia::test::ServiceDeskTest<IntakeService> {
protected:
    IntakeDeskTest() : ServiceDeskTest(FASCIA_INTAKE_PLUGIN, FASCIA_INTAKE_DESK_PLUGIN, {1100, 860}, service_id) {}

    void sign_in(const QString& user) { sign_in_as(user); }

    /// A new client, with or without consent to store health data.
    std::string new_client(const std::string& first, bool consent)
    {
        auto outcome = clinic->bus().execute({"clients.create",
                                              {{"first_name", first},
                                               {"last_name", "Tane"},
                                               {"date_of_birth", "1980-05-17"},
                                               {"health_consent", consent}},
                                              "owner"});
        EXPECT_TRUE(outcome) << outcome.error().message;
        return outcome ? std::string(outcome->result.at("id").as_string()) : std::string();
    }

    /// Opens the client's file on the Screening tab; the tab's page.
    QWidget* open_screening_tab(const std::string& client_id)
    {
        window->open_client(QString::fromStdString(client_id));
        auto* file = dynamic_cast<desk::ClientFile*>(window->current_page());
        EXPECT_NE(file, nullptr);
        if (!file)
            return nullptr;
        return screening_tab_of(*file);
    }

    static QWidget* screening_tab_of(desk::ClientFile& file)
    {
        QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        for (int i = 0; i < file.tabs()->count(); ++i) {
            if (file.tabs()->tabText(i) == "&Screening") {
                file.tabs()->setCurrentIndex(i);
                return file.tabs()->widget(i);
            }
        }
        ADD_FAILURE() << "the client file has no Screening tab";
        return nullptr;
    }

    /// Opens a dialog from the tab with its button; the dialog.
    template <class D = QDialog>
    static D* open_dialog(QWidget* tab, const QString& button, const QString& dialog)
    {
        QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the last one, closed
        auto* b = child<QPushButton>(tab, button);
        if (!b)
            return nullptr;
        EXPECT_TRUE(b->isEnabled()) << button.toStdString() << " is disabled: " << b->toolTip().toStdString();
        b->click();
        auto* d = child<D>(tab, dialog);
        if (d) {
            EXPECT_TRUE(d->isVisible());
        }
        return d;
    }

    /// What new_screening opened.
    struct NewScreening {
        std::string client;        ///< the new client's id
        QWidget* tab = nullptr;    ///< their Screening tab
        QWizard* wizard = nullptr; ///< the New screening wizard on it; null when it did not open
    };

    /// Signed in as the front desk: a new client who consents, their Screening tab, and
    /// the New screening wizard opened on it (the test fails when it does not open).
    NewScreening new_screening(const std::string& first)
    {
        sign_in("frontdesk");
        NewScreening s;
        s.client = new_client(first, true);
        s.tab = open_screening_tab(s.client);
        s.wizard = open_dialog<QWizard>(s.tab, "newScreening", "screeningWizard");
        EXPECT_NE(s.wizard, nullptr);
        return s;
    }

    /// Answers every question of the open wizard as `a` says.
    static void fill(QWizard* wizard, const Answers& a)
    {
        child<QLineEdit>(wizard, "symptom_onset/date")->setText(a.symptom_onset);
        for (auto* no : wizard->findChildren<QRadioButton*>()) {
            if (!no->objectName().endsWith("/no"))
                continue;
            const std::string id = no->objectName().chopped(3).mid(8).toStdString(); // answers.<id>/no
            if (a.unanswered.count(id))
                continue;
            auto* yes = child<QRadioButton>(wizard, no->objectName().chopped(3) + "/yes");
            (a.yes.count(id) ? yes : no)->click();
        }
        for (const auto& [id, value] : a.numbers) {
            if (a.unanswered.count(id))
                continue;
            child<QSpinBox>(wizard, QString::fromStdString("answers." + id + "/number"))->setValue(value);
        }
    }

    /// Next until the last page (false when a page refuses).
    static bool to_the_end(QWizard* wizard)
    {
        while (wizard->nextId() != -1) {
            const int before = wizard->currentId();
            wizard->next();
            if (wizard->currentId() == before)
                return false;
        }
        return true;
    }

    /// A whole screening through the wizard, recorded with Finish.
    void screen(QWidget* tab, const Answers& a)
    {
        auto* wizard = open_dialog<QWizard>(tab, "newScreening", "screeningWizard");
        ASSERT_NE(wizard, nullptr);
        fill(wizard, a);
        ASSERT_TRUE(to_the_end(wizard));
        wizard->button(QWizard::FinishButton)->click();
        ASSERT_FALSE(wizard->isVisible()) << "the wizard stayed open: "
                                          << child<QLabel>(wizard, "recordError")->text().toStdString();
    }

    BookingStatus status(const std::string& client_id)
    {
        auto s = service->booking_status(clinic->db(), client_id, *parse_date("2026-11-22"));
        EXPECT_TRUE(s) << s.error().message;
        return s ? *s : BookingStatus{};
    }

    /// After a screening: the client's disposition and whether they may be booked (on
    /// 22/11/2026), and the tone of the tab's banner ("urgent", "clearance", "precaution").
    void expect_screened(const std::string& client_id, QWidget* tab, const std::string& disposition, bool bookable,
                         const QString& banner_tone)
    {
        const auto s = status(client_id);
        EXPECT_EQ(s.disposition, disposition);
        EXPECT_EQ(s.bookable, bookable) << disposition;
        EXPECT_EQ(tone(tab), banner_tone);
    }

    /// The banner at the top of the tab: its tone and its text.
    static QString tone(QWidget* tab) { return child<QWidget>(tab, "screeningBanner")->property("tone").toString(); }
    static QString banner_text(QWidget* banner)
    {
        QStringList parts;
        for (auto* label : banner->findChildren<QLabel*>())
            if (!label->isHidden())
                parts << label->text();
        return parts.join("\n");
    }
    /// The colour a person sees inside the banner's edge.
    static QColor banner_colour(QWidget* banner)
    {
        QApplication::processEvents();
        const QImage image = banner->grab().toImage();
        return image.pixelColor(image.width() - 6, image.height() / 2);
    }
};

} // namespace fascia::intake::test
