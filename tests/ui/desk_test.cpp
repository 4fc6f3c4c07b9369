#include "desk_fixture.h"

#include "client_file.h"
#include "client_form.h"
#include "clients_page.h"
#include "csv_import.h"
#include "settings_page.h"

#include <fascia/audit.h>
#include <fascia/clients.h>

#include <fascia/passwords.h>

#include <sodium.h>

#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QMessageBox>
#include <QTimer>
#include <QTabWidget>
#include <QTableWidget>

using namespace fascia;
using fascia::test::DeskTest;

TEST(Fonts, ThereAreFontsToDrawWith)
{
    // Without fonts Qt draws empty boxes and says nothing (fonts-dejavu-core).
    const QStringList families = QFontDatabase::families();
    EXPECT_FALSE(families.isEmpty());
    EXPECT_TRUE(families.contains("DejaVu Sans")) << families.join(", ").toStdString();
}

TEST_F(DeskTest, TheRightPasswordSignsIn)
{
    EXPECT_TRUE(window->locked());
    sign_in("owner");
    EXPECT_FALSE(window->locked()) << window->sign_in_screen()->error_text().toStdString();
    EXPECT_TRUE(window->page_titles().contains("Clients"));
}

TEST_F(DeskTest, AWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong)
{
    sign_in("owner", "fascia-dem0");
    EXPECT_TRUE(window->locked());
    EXPECT_EQ(window->sign_in_screen()->error_text(), "wrong user name or password");
    sign_in("nobody", "fascia-demo");
    EXPECT_TRUE(window->locked());
    EXPECT_EQ(window->sign_in_screen()->error_text(), "wrong user name or password");
    EXPECT_TRUE(window->sign_in_screen()->password_field()->text().isEmpty());
}

TEST_F(DeskTest, TheDeskLocksAfterTheClinicsIdleTime)
{
    ASSERT_TRUE(clinic->bus().execute({"settings.update", {{"modules", {{"desk.lock_after_minutes", 5}}}}, "owner"}));
    sign_in("frontdesk");
    ASSERT_FALSE(window->locked());
    clock.advance(std::chrono::minutes(4));
    window->idle_watcher().check();
    EXPECT_FALSE(window->locked());
    QTest::keyClick(window->current_page(), Qt::Key_Shift); // activity restarts the wait
    clock.advance(std::chrono::minutes(4));
    window->idle_watcher().check();
    EXPECT_FALSE(window->locked());
    clock.advance(std::chrono::minutes(1));
    window->idle_watcher().check();
    EXPECT_TRUE(window->locked());
    EXPECT_EQ(window->sign_in_screen()->username_field()->text(), "frontdesk");
    sign_in("frontdesk");
    EXPECT_FALSE(window->locked());
}

TEST_F(DeskTest, EachRoleSeesItsOwnPages)
{
    sign_in("frontdesk");
    EXPECT_EQ(window->page_titles(), (QStringList{"Clients", "Broken page"}))
        << "front desk sees no clinical notes page and no settings";
    window->lock();
    sign_in("priya");
    EXPECT_EQ(window->page_titles(), (QStringList{"Clients", "Clinical notes", "Broken page"}));
    window->lock();
    sign_in("owner");
    EXPECT_EQ(window->page_titles(), (QStringList{"Clients", "Clinical notes", "Broken page", "Settings"}));
}

TEST_F(DeskTest, APageThatFailsDoesNotTakeTheWindowDown)
{
    sign_in("owner");
    ASSERT_TRUE(window->show_page("Broken page"));
    auto* error = qobject_cast<QLabel*>(window->current_page());
    ASSERT_NE(error, nullptr);
    EXPECT_TRUE(error->text().contains("could not be opened (fixture page failure)")) << error->text().toStdString();
    ASSERT_TRUE(window->show_page("Clinical notes"));
    ASSERT_TRUE(window->show_page("Clients"));
    EXPECT_NE(dynamic_cast<desk::ClientsPage*>(window->current_page()), nullptr);
}

TEST_F(DeskTest, SearchAsYouTypeFindsTheClient)
{
    sign_in("frontdesk");
    auto* page = dynamic_cast<desk::ClientsPage*>(window->current_page());
    ASSERT_NE(page, nullptr);
    QTest::keyClicks(page->search_field(), "zoe");
    ASSERT_EQ(page->table()->rowCount(), 1);
    EXPECT_EQ(page->table()->item(0, 0)->text(), "Zoë Smith");
    page->search_field()->setText("07700 900001");
    ASSERT_EQ(page->table()->rowCount(), 1);
    EXPECT_EQ(page->table()->item(0, 0)->text(), "James Smith");
}

TEST_F(DeskTest, AClientCreatedThroughTheFormIsSavedAndAttributed)
{
    sign_in("frontdesk");
    desk::ClientForm form(*window, {});
    form.field("first_name")->setText("Ngaio");
    form.field("last_name")->setText("Marsh");
    form.field("date_of_birth")->setText("1975-04-23");
    form.field("phone")->setText("07700 900999");
    form.consent_box()->setChecked(true);
    ASSERT_TRUE(form.save()) << form.general_error().toStdString();
    const auto saved = find_client(clinic->db(), form.client_id().toStdString());
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->last_name, "Marsh");
    EXPECT_EQ(saved->health_consent_recorded_by, "frontdesk");
    const auto audit = recent_audit_entries(clinic->db(), 1);
    EXPECT_EQ(audit.front().actor, "frontdesk");
    EXPECT_EQ(audit.front().record_id, saved->id);
}

TEST_F(DeskTest, ValidationMessagesAppearBesideTheirFields)
{
    sign_in("frontdesk");
    const auto before = count_clients(clinic->db());
    desk::ClientForm form(*window, {});
    form.field("first_name")->setText("Ngaio");
    form.field("last_name")->setText("Marsh");
    form.field("date_of_birth")->setText("04/23/1975"); // month first, at a GB clinic
    EXPECT_FALSE(form.save());
    EXPECT_TRUE(form.error_for("date_of_birth").contains("no month 23"))
        << form.error_for("date_of_birth").toStdString();
    EXPECT_TRUE(form.error_for("first_name").isEmpty());
    form.field("date_of_birth")->setText("23/04/1975"); // day first, as the clinic writes it
    form.field("email")->setText("ngaio at example");
    EXPECT_FALSE(form.save());
    EXPECT_TRUE(form.error_for("date_of_birth").isEmpty()) << "a fixed field's message goes away";
    EXPECT_TRUE(form.error_for("email").contains("not an email address"));
    form.field("first_name")->clear();
    form.field("email")->clear();
    EXPECT_FALSE(form.save());
    EXPECT_EQ(form.error_for("first_name"), "Is required");
    EXPECT_EQ(count_clients(clinic->db()), before);
}

TEST_F(DeskTest, TheClientFileKeepsHealthTabsClosedUntilConsent)
{
    sign_in("owner");
    auto r = clinic->bus().execute(
        {"clients.create", {{"first_name", "Ann"}, {"last_name", "Lee"}, {"date_of_birth", "1980-01-01"}}, "owner"});
    ASSERT_TRUE(r);
    const QString id = QString::fromStdString(std::string(r->result.at("id").as_string()));
    window->open_client(id);
    auto* file = dynamic_cast<desk::ClientFile*>(window->current_page());
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->heading(), "Ann Lee");
    ASSERT_EQ(file->tabs()->count(), 1);
    EXPECT_EQ(file->tabs()->tabText(0), "Screening");
    EXPECT_EQ(file->tabs()->widget(0)->findChild<QLabel*>("fixtureScreening"), nullptr);
    ASSERT_TRUE(window->execute("clients.record_consent", {{"client_id", id.toStdString()}, {"given", true}}));
    file->refresh();
    EXPECT_EQ(file->tabs()->widget(0)->objectName(), "fixtureScreening");
}

TEST_F(DeskTest, SettingsAreSavedAndRefusalsShown)
{
    sign_in("owner");
    ASSERT_TRUE(window->show_page("Settings"));
    auto* page = dynamic_cast<desk::SettingsPage*>(window->current_page());
    ASSERT_NE(page, nullptr);
    auto* name = page->findChild<QLineEdit*>();
    name->setText("Back in Balance");
    ASSERT_TRUE(page->save()) << page->message().toStdString();
    EXPECT_EQ(clinic->settings().name, "Back in Balance");
    EXPECT_FALSE(clinic->settings().opening_hours.empty());
    name->clear();
    EXPECT_FALSE(page->save());
    EXPECT_TRUE(page->message().contains("the clinic needs a name"));
    EXPECT_EQ(clinic->settings().name, "Back in Balance");
}

TEST_F(DeskTest, TheImportPreviewMapsCommonHeadersAndFollowsEachChange)
{
    const std::string csv = "Given Name,Surname,DOB,Mobile,Notes\r\n"
                            "Aoife,O'Brien,05/04/1980,07700 900100,likes deep pressure\r\n"
                            "Bo,Import,13/04/1980,,\r\n";
    desk::ImportPreview preview(*clinic, csv, nullptr);
    EXPECT_EQ(preview.mapping().field_of_column,
              (std::vector<std::string>{"first_name", "last_name", "date_of_birth", "phone", ""}));
    ASSERT_TRUE(preview.dry_run()) << preview.dry_run().error().message;
    EXPECT_EQ(preview.dry_run()->count(ImportOutcome::created), 2u) << "day first at a GB clinic";
    preview.grab().save(QStringLiteral(FASCIA_SCREENSHOT_DIR "/import-preview.png"));

    // Leaving out the surname column makes the file unusable, and says why.
    preview.field_box(1)->setCurrentIndex(0);
    ASSERT_FALSE(preview.dry_run());
    EXPECT_NE(preview.dry_run().error().message.find("last_name"), std::string::npos);
    preview.field_box(1)->setCurrentIndex(preview.field_box(1)->findData("last_name"));
    EXPECT_TRUE(preview.dry_run());
    const auto before = count_clients(clinic->db());
    EXPECT_EQ(count_clients(clinic->db()), before) << "a preview writes nothing";
}

TEST_F(DeskTest, SigningInWithAnOldWeakHashStoresAStrongerOne)
{
    ASSERT_GE(sodium_init(), 0);
    char weak[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(weak, "fascia-demo", 11, 1, 8 * 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13), 0);
    ASSERT_TRUE(clinic->bus().execute({"staff.set_password", {{"username", "tom"}, {"password_hash", weak}}, "owner"}));
    sign_in("tom");
    ASSERT_FALSE(window->locked());
    auto q = clinic->db().query("SELECT password_hash FROM staff WHERE username = 'tom'");
    ASSERT_TRUE(q.step());
    EXPECT_FALSE(password_needs_rehash(q.text(0))) << q.text(0);
    EXPECT_TRUE(verify_password(q.text(0), "fascia-demo"));
}

TEST_F(DeskTest, AnImportRunsOffTheUiThreadWhichKeepsResponding)
{
    sign_in("frontdesk");
    QString csv = "first_name,last_name,date_of_birth\n";
    for (int i = 0; i < 400; ++i)
        csv += QString("Row%1,Imported,1990-01-%2\n").arg(i).arg(1 + i % 28, 2, 10, QChar('0'));
    const QString file = QString::fromStdString(dir) + "/clients.csv";
    {
        QFile out(file);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(csv.toUtf8());
    }
    // While the import runs, the UI thread keeps turning: count its timer ticks,
    // and dismiss the summary at the end the way a person would.
    int ticks = 0;
    QTimer ui;
    QObject::connect(&ui, &QTimer::timeout, [&] {
        ++ticks;
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->accept();
        if (auto* preview = dynamic_cast<desk::ImportPreview*>(QApplication::activeModalWidget()))
            preview->accept();
    });
    ui.start(5);
    const auto before = count_clients(clinic->db());
    const auto report = desk::run_csv_import(*window, file, window.get());
    ui.stop();
    ASSERT_TRUE(report);
    EXPECT_EQ(report->count(ImportOutcome::created), 400u);
    EXPECT_EQ(report->count(ImportOutcome::error), 0u);
    EXPECT_EQ(count_clients(clinic->db()), before + 400);
    EXPECT_GT(ticks, 3) << "the window went on handling events during the import";
}
