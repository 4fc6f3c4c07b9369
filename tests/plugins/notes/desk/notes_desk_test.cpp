// The notes desk plugin in the real desk window, offscreen, on the demo
// clinic: the Notes tab of the client file (hidden from the front desk), the
// editor's quick entry, Sign refused before the pre-session check, Amend with
// a reason beside the kept original, every opening audited, the progress
// chart, and screenshots of the editor and the chart for the README.
#include "module_desk_test.h"

#include "client_file.h"

#include <fascia/desk/desk.h>
#include <fascia/notes/notes_desk.h>

#include <QAbstractButton>
#include <QApplication>
#include <QChartView>
#include <QXYSeries>
#include <QComboBox>
#include <QDialog>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>

#include <gtest/gtest.h>

namespace fascia::notes {
namespace {

class notes_desk : public fascia::test::ModuleDeskTest {
protected:
    notes_desk() : ModuleDeskTest(FASCIA_NOTES_PLUGIN, FASCIA_NOTES_DESK_PLUGIN, {1280, 900}) {}

    std::string one(const std::string& sql)
    {
        auto q = clinic->db().query(sql);
        EXPECT_TRUE(q.step()) << sql;
        return q.text(0);
    }

    std::int64_t count(const std::string& sql)
    {
        auto q = clinic->db().query(sql);
        return q.step() ? q.integer(0) : -1;
    }

    /// The demo's client whose course does not improve (priya's, flagged).
    std::string flagged_client()
    {
        return one("SELECT client_id FROM notes WHERE content LIKE '%Same as before the course%'");
    }

    /// Opens the client's file; its Notes tab's page, or nullptr when there is none.
    QWidget* notes_tab(const std::string& client_id)
    {
        window->open_client(QString::fromStdString(client_id));
        auto* file = dynamic_cast<desk::ClientFile*>(window->current_page());
        EXPECT_NE(file, nullptr);
        if (!file)
            return nullptr;
        QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        for (int i = 0; i < file->tabs()->count(); ++i)
            if (file->tabs()->tabText(i) == "N&otes") {
                file->tabs()->setCurrentIndex(i);
                return file->tabs()->widget(i);
            }
        return nullptr;
    }

    std::int64_t reads_by(const std::string& who)
    {
        return count("SELECT count(*) FROM audit_log WHERE command = 'notes.read' AND actor = '" + who + "'");
    }
};

TEST_F(notes_desk, TheFrontDeskHasNoNotesTabAndTheEditorShowsItNothing)
{
    sign_in_as("frontdesk");
    EXPECT_EQ(notes_tab(flagged_client()), nullptr);
    auto* editor_service = service_at<NotesDesk>(desk_service_id);
    ASSERT_NE(editor_service, nullptr);
    const auto appointment = one("SELECT appointment_id FROM notes WHERE content LIKE '%Same as before the course%'");
    // The calendar could still open the editor: the read is refused, nothing of the note is shown.
    auto* dialog = editor_service->open_notes(*window, appointment, window.get());
    ASSERT_NE(dialog, nullptr);
    EXPECT_FALSE(dialog->findChild<QWidget*>("noteEditor")->isEnabled());
    const auto refusal = child<QLabel>(dialog, "noteError")->text();
    EXPECT_TRUE(refusal.contains("front_desk")) << refusal.toStdString();
    EXPECT_TRUE(child<QPlainTextEdit>(dialog, "soap.subjective")->toPlainText().isEmpty());
    EXPECT_EQ(reads_by("frontdesk"), 0);
    dialog->close();
}

TEST_F(notes_desk, ATherapistAmendsASignedNoteAndTheOriginalStaysBesideIt)
{
    sign_in_as("priya");
    const auto client = flagged_client();
    const auto before = reads_by("priya");
    QWidget* tab = notes_tab(client);
    ASSERT_NE(tab, nullptr);
    EXPECT_EQ(reads_by("priya"), before + 1) << "opening the note is an audited read";
    auto* status = child<QLabel>(tab, "noteStatus");
    EXPECT_TRUE(status->text().startsWith("Signed by priya")) << status->text().toStdString();
    EXPECT_FALSE(child<QPushButton>(tab, "sign")->isEnabled());
    EXPECT_TRUE(child<QAbstractButton>(tab, "nprs_now/4")->isChecked()) << "the latest session's pain, 4";

    child<QAbstractButton>(tab, "nprs_now/5")->click();
    child<QPushButton>(tab, "amend")->click();
    EXPECT_TRUE(child<QLabel>(tab, "noteError")->isVisible()) << "an amendment needs its reason";
    EXPECT_EQ(count("SELECT count(*) FROM notes_amendments"), 0);
    child<QLineEdit>(tab, "amendReason")->setText("Pain re-scored with the client: 5");
    child<QPushButton>(tab, "amend")->click();
    EXPECT_EQ(count("SELECT count(*) FROM notes_amendments WHERE reason = 'Pain re-scored with the client: 5'"
                    " AND json_extract(measures, '$.nprs_now.value') = 5"),
              1);
    const auto history = child<QTextBrowser>(tab, "history")->toPlainText();
    EXPECT_TRUE(history.contains("Original")) << history.toStdString();
    EXPECT_TRUE(history.contains("nprs_now 4")) << "the original is kept";
    EXPECT_TRUE(history.contains("because: Pain re-scored with the client: 5"));
    EXPECT_TRUE(history.contains("nprs_now 5"));
    fascia::test::save_screenshot(*window, "notes-01-editor");

    auto* views = child<QTabWidget>(tab, "notesViews");
    const auto reads = reads_by("priya");
    views->setCurrentIndex(1);
    EXPECT_EQ(reads_by("priya"), reads + 1) << "looking at the progress is an audited read";
    auto* summary = child<QLabel>(tab, "progressSummary");
    EXPECT_TRUE(summary->text().contains("Flagged")) << summary->text().toStdString();
    auto* chart = child<QChartView>(tab, "chartView");
    QStringList names;
    for (auto* s : chart->chart()->series())
        names << s->name();
    EXPECT_TRUE(names.join(",").contains("Baseline 4")) << names.join(",").toStdString();
    // A fall of 30 % of 4 (1.2) comes before one of 2 points: the line is at 2.8.
    EXPECT_TRUE(names.join(",").contains("Meaningful change 2.8")) << names.join(",").toStdString();
    // The chart follows the amendment just made: the last session's pain is 5.
    const QXYSeries* scores = nullptr;
    for (auto* s : chart->chart()->series())
        if (s->name() == "Score")
            scores = qobject_cast<QXYSeries*>(s);
    ASSERT_NE(scores, nullptr);
    EXPECT_EQ(scores->points().back().y(), 5);
    fascia::test::save_screenshot(*window, "notes-02-progress");

    // Another session from the list: its note, one audited read, and not one of the progress too.
    views->setCurrentIndex(0);
    const auto before_switch = reads_by("priya");
    child<QListWidget>(tab, "sessions")->setCurrentRow(1);
    QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the first session's editor is gone
    EXPECT_EQ(reads_by("priya"), before_switch + 1);
    EXPECT_TRUE(child<QAbstractButton>(tab, "nprs_now/3")->isChecked()) << "the third session's pain, 3";
    EXPECT_FALSE(child<QTextBrowser>(tab, "history")->toPlainText().contains("Amended"));
}

TEST_F(notes_desk, QuickEntryWritesADraftAndSignIsRefusedBeforeThePreSessionCheck)
{
    sign_in_as("priya");
    // An upcoming booking of priya's, not yet checked.
    const auto appointment = one("SELECT a.id FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id"
                                 " WHERE s.username = 'priya' AND a.status = 'booked' AND a.precheck_id IS NULL"
                                 " ORDER BY a.starts_ms LIMIT 1");
    auto* dialog = service_at<NotesDesk>(desk_service_id)->open_notes(*window, appointment, window.get());
    ASSERT_NE(dialog, nullptr);
    child<QPlainTextEdit>(dialog, "soap.subjective")->setPlainText("Tight left buttock after a long drive");
    child<QAbstractButton>(dialog, "nprs_now/6")->click();
    child<QAbstractButton>(dialog, "nprs_now/3")->click(); // a second press moves the score
    child<QAbstractButton>(dialog, "nprs_worst/7")->click();
    auto* advice = child<QListWidget>(dialog, "advice");
    advice->findItems("stop if numbness or weakness increases", Qt::MatchExactly).at(0)->setCheckState(Qt::Checked);
    child<QPushButton>(dialog, "addArea")->click();
    fascia::test::save_screenshot(*dialog, "notes-03-quick-entry");
    // The questionnaires: Oswestry with section 10 not answered (16 of 45: 35.6 %), three PSFS activities, the SBI.
    child<QGroupBox>(dialog, "odi")->setChecked(true);
    const int odi[] = {2, 2, 2, 2, 2, 2, 2, 1, 1, -1};
    for (int i = 0; i < 10; ++i)
        child<QSpinBox>(dialog, QString("odi/%1").arg(i + 1))->setValue(odi[i]);
    child<QGroupBox>(dialog, "psfs")->setChecked(true);
    const char* activities[] = {"walking 30 minutes", "sitting at work", "sleeping"};
    for (int i = 0; i < 3; ++i) {
        child<QLineEdit>(dialog, QString("psfs/activity%1").arg(i + 1))->setText(activities[i]);
        child<QSpinBox>(dialog, QString("psfs/score%1").arg(i + 1))->setValue(4 + i);
    }
    child<QGroupBox>(dialog, "sbi")->setChecked(true);
    for (int i = 0; i < 4; ++i)
        child<QSpinBox>(dialog, QString("sbi/%1").arg(i + 1))->setValue(3);
    auto* medication = child<QComboBox>(dialog, "medication");
    medication->setCurrentIndex(medication->findData("less"));
    dialog->findChild<QScrollArea*>()->ensureWidgetVisible(medication);
    fascia::test::save_screenshot(*dialog, "notes-04-measures");
    child<QPushButton>(dialog, "saveDraft")->click();
    EXPECT_FALSE(child<QLabel>(dialog, "noteError")->isVisible()) << child<QLabel>(dialog, "noteError")->text().toStdString();
    EXPECT_EQ(count("SELECT round(json_extract(measures, '$.odi.value'), 1) = 35.6 AND json_extract(measures, '$.psfs.value') = 5"
                    " AND json_extract(measures, '$.sbi.value') = 12 AND json_extract(measures, '$.medication') = 'less'"
                    " FROM notes WHERE appointment_id = '" + appointment + "'"),
              1);
    EXPECT_EQ(count("SELECT count(*) FROM notes WHERE appointment_id = '" + appointment + "' AND status = 'draft'"
                    " AND json_extract(measures, '$.nprs_now.value') = 3 AND json_extract(measures, '$.nprs_worst.value') = 7"
                    " AND json_array_length(json_extract(content, '$.advice')) = 1"
                    " AND json_array_length(json_extract(content, '$.areas')) = 1"),
              1);
    child<QPushButton>(dialog, "sign")->click();
    EXPECT_TRUE(child<QLabel>(dialog, "noteError")->text().contains("pre-session check"));
    EXPECT_EQ(count("SELECT count(*) FROM notes WHERE appointment_id = '" + appointment + "' AND status = 'signed'"), 0);
    dialog->close();
}

} // namespace
} // namespace fascia::notes
