#pragma once
// The real desk with the real plugins: the build's plugin folder (where the
// intake module and its desk plugin are), a demo clinic in a temp folder, a
// pinned clock, and a main window signed in. The plugin's widgets are reached
// as a person's tools would reach them: by their names and their text.
#include "process.h"

#include "client_file.h"
#include "main_window.h"

#include <fascia/clients.h>
#include <fascia/demo.h>
#include <fascia/intake/intake_service.h>
#include <fascia/plugin_host.h>

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

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace fascia::intake::test {

/// The build's plugin folder: the one both plugins were built into.
inline std::filesystem::path plugin_folder()
{
    return std::filesystem::path(FASCIA_INTAKE_PLUGIN).parent_path().parent_path();
}

/// How to fill in the wizard: every yes/no question is no unless named here.
struct Answers {
    std::set<std::string> yes;                                    ///< answered yes
    std::set<std::string> unanswered;                             ///< left alone
    std::map<std::string, int> numbers{{"self_care_weeks_without_improvement", 0}, {"pain_score", 6}};
    QString symptom_onset = "01/08/2026";                         ///< chronic on 22/11/2026
};

class IntakeDeskTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(plugin_folder(), std::filesystem::path(FASCIA_INTAKE_DESK_PLUGIN).parent_path().parent_path());
        dir = fascia::test::make_temp_dir("intake-desk");
        register_core(host.extensions());
        host.load_all();
        for (const char* id : {"intake", "intake-desk"}) {
            const auto& plugins = host.plugins();
            const auto it = std::find_if(plugins.begin(), plugins.end(), [&](const PluginSpec& p) { return p.id == id; });
            ASSERT_NE(it, plugins.end()) << id << " was not found in " << plugin_folder();
            ASSERT_EQ(it->state, PluginState::running) << id << ": " << it->error;
        }
        auto opened = Clinic::open(dir + "/clinic.db", host.extensions(), clock, OpenMode::create_if_missing);
        ASSERT_TRUE(opened) << opened.error().message;
        clinic = std::move(*opened);
        auto demo = build_demo_clinic(*clinic, DemoOptions{});
        ASSERT_TRUE(demo) << demo.error().message;
        service = host.extensions().services.get<IntakeService>(service_id);
        ASSERT_NE(service, nullptr);
        window = std::make_unique<desk::MainWindow>(*clinic, clock);
        window->resize(1100, 860);
        window->show();
    }
    void TearDown() override
    {
        window.reset();
        clinic.reset();
        std::filesystem::remove_all(dir);
    }

    void sign_in(const QString& user)
    {
        window->lock();
        auto* screen = window->sign_in_screen();
        screen->username_field()->setText(user);
        screen->password_field()->setText(demo_password);
        screen->submit();
        ASSERT_FALSE(window->locked()) << screen->error_text().toStdString();
    }

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

    template <class W>
    static W* child(QObject* parent, const QString& name)
    {
        auto* w = parent ? parent->findChild<W*>(name) : nullptr;
        EXPECT_NE(w, nullptr) << "no " << name.toStdString();
        return w;
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

    std::string dir;
    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    PluginHost host{{plugin_folder()}, true};
    std::unique_ptr<Clinic> clinic;
    IntakeService* service = nullptr;
    std::unique_ptr<desk::MainWindow> window;
};

} // namespace fascia::intake::test
