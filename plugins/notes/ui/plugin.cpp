// The notes module's desk plugin: the Notes tab of the client file (the
// client's sessions, each note in the editor, and the progress chart) and the
// editor as a service (fascia.notes-desk/1) for the calendar to open from an
// appointment. The front desk never sees either: notes are clinical records.
#include "note_editor.h"
#include "progress_chart.h"

#include "notes_module.h"

#include <fascia/desk/plugin_support.h>
#include <fascia/notes/notes_desk.h>
#include <fascia/plugin.h>

#include <QDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <memory>

namespace {

using namespace fascia;
using namespace fascia::notes;
using desk::qs;

/// Who sees notes on the desk; notes.read still decides per note (an admin needs the owner's grant).
std::vector<Role> note_readers()
{
    return {Role::owner, Role::admin, Role::therapist};
}

/// The client file's Notes tab: the client's sessions on the left; the chosen
/// session's note, and the progress chart, on the right.
class NotesTab final : public QWidget {
public:
    NotesTab(desk::DeskContext& desk, const QString& client_id, QWidget* parent) : QWidget(parent), desk_(desk)
    {
        setObjectName(QStringLiteral("notesTab"));
        sessions_ = new QListWidget(this);
        sessions_->setObjectName(QStringLiteral("sessions"));
        sessions_->setMaximumWidth(190);
        views_ = new QTabWidget(this);
        views_->setObjectName(QStringLiteral("notesViews"));
        auto* chart = new ui::ProgressChart(desk, desk::ss(client_id), views_);
        views_->addTab(new QWidget(views_), tr("&Note"));
        views_->addTab(chart, tr("P&rogress"));
        auto* split = new QSplitter(this);
        split->addWidget(sessions_);
        split->addWidget(views_);
        split->setStretchFactor(1, 1);
        split->setSizes({190, 1000});
        (new QVBoxLayout(this))->addWidget(split);

        // The client's sessions up to the end of today (not cancelled), newest first, with their note's state:
        // a note is written during or after a session, never for one weeks ahead.
        const auto until = desk.clinic().clock().now() + std::chrono::hours{24};
        auto q = desk.clinic().db().query(
            "SELECT a.id, a.starts_at, a.status, n.status, a.precheck_flagged FROM sched_appointments a"
            " LEFT JOIN notes n ON n.appointment_id = a.id"
            " WHERE a.client_id = ? AND a.status <> 'cancelled' AND a.starts_ms < ? ORDER BY a.starts_ms DESC",
            desk::ss(client_id), static_cast<std::int64_t>(until.time_since_epoch().count()));
        while (q.step()) {
            const auto at = parse_instant(q.text(1));
            const QString state = q.integer(4) != 0 ? tr("stopped")
                                  : q.is_null(3)    ? tr("no note")
                                                    : qs(q.text(3));
            auto* item = new QListWidgetItem((at ? desk.instant(*at) : qs(q.text(1))) + " — " + state, sessions_);
            item->setData(Qt::UserRole, qs(q.text(0)));
        }
        connect(sessions_, &QListWidget::currentRowChanged, this, [this](int row) {
            if (row < 0)
                return;
            open(desk::ss(sessions_->item(row)->data(Qt::UserRole).toString()));
        });
        // The latest session with a note, else the latest.
        int first = sessions_->count() ? 0 : -1;
        for (int i = 0; i < sessions_->count(); ++i)
            if (!sessions_->item(i)->text().endsWith(tr("no note"))) {
                first = i;
                break;
            }
        if (first >= 0)
            sessions_->setCurrentRow(first);
        // The chart is read (an audited read) when it is looked at, so it shows amendments just made.
        connect(views_, &QTabWidget::currentChanged, this, [this, chart](int index) {
            if (views_->widget(index) == chart)
                chart->reload();
        });
    }

private:
    void open(const std::string& appointment_id)
    {
        auto* editor = new ui::NoteEditor(desk_, appointment_id, views_);
        editor->reload();
        const int index = views_->currentIndex();
        // Swapping the page is not looking at the chart: no read of the progress for it.
        const QSignalBlocker quiet(views_);
        auto* old = views_->widget(0);
        views_->removeTab(0);
        old->deleteLater();
        views_->insertTab(0, editor, tr("&Note"));
        views_->setCurrentIndex(index);
    }

    desk::DeskContext& desk_;
    QListWidget* sessions_ = nullptr;
    QTabWidget* views_ = nullptr;
};

class NotesClientTab final : public desk::ClientTab {
public:
    QString title() const override { return QObject::tr("N&otes"); }
    std::vector<Role> roles() const override { return note_readers(); }
    int order() const override { return 30; }
    bool needs_health_consent() const override { return true; }
    QWidget* create(desk::DeskContext& desk, const QString& client_id, QWidget* parent) override
    {
        return new NotesTab(desk, client_id, parent);
    }
};

class Editor final : public NotesDesk {
public:
    QWidget* open_notes(desk::DeskContext& desk, const std::string& appointment_id, QWidget* parent) override
    {
        auto* dialog = new QDialog(parent);
        dialog->setObjectName(QStringLiteral("notesDialog"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(QObject::tr("Session note"));
        auto* editor = new ui::NoteEditor(desk, appointment_id, dialog);
        (new QHBoxLayout(dialog))->addWidget(editor);
        editor->reload();
        dialog->resize(1100, 760);
        dialog->show();
        return dialog;
    }
};

class NotesDeskPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string&) override
    {
        std::shared_ptr<desk::ClientTab> tab = std::make_shared<NotesClientTab>();
        context.add_service(std::string(desk::client_tab_prefix) + "notes", std::move(tab));
        std::shared_ptr<NotesDesk> editor = std::make_shared<Editor>();
        context.add_service(std::string(desk_service_id), std::move(editor));
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace

FASCIA_PLUGIN(NotesDeskPlugin)
