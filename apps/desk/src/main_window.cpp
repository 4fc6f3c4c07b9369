#include "main_window.h"

#include "client_file.h"
#include "clients_page.h"
#include "formatting.h"
#include "search_popup.h"
#include "settings_page.h"

#include <fascia/sync.h>

#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace fascia::desk {

namespace {

bool role_in(Role role, const std::vector<Role>& roles)
{
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

QString role_name(Role role)
{
    switch (role) {
    case Role::owner: return QObject::tr("Owner");
    case Role::admin: return QObject::tr("Admin");
    case Role::front_desk: return QObject::tr("Front desk");
    case Role::therapist: return QObject::tr("Therapist");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(Clinic& clinic, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), clinic_(clinic), clock_(clock)
{
    setWindowTitle(tr("Fascia — %1").arg(qs(clinic_.settings().name)));
    resize(1100, 720);
    root_ = new QStackedWidget(this);
    sign_in_ = new SignInScreen(clinic_, [this](const StaffMember& m) { enter_as(m); }, root_);
    workspace_ = new QWidget(root_);
    root_->addWidget(sign_in_);
    root_->addWidget(workspace_);
    setCentralWidget(root_);

    sidebar_ = new QListWidget(workspace_);
    sidebar_->setObjectName("sidebar");
    sidebar_->setFixedWidth(190);
    sidebar_->setStyleSheet("QListWidget#sidebar { border: none; background: #2f3e46; color: #e9f0f2;"
                            " font-size: 11pt; padding-top: 8px; }"
                            "QListWidget#sidebar::item { padding: 9px 14px; }"
                            "QListWidget#sidebar::item:selected { background: #52796f; color: white; }");
    sidebar_->setFocusPolicy(Qt::StrongFocus);
    pages_ = new QStackedWidget(workspace_);
    auto* layout = new QHBoxLayout(workspace_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(sidebar_);
    layout->addWidget(pages_, 1);
    connect(sidebar_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < pages_->count())
            pages_->setCurrentIndex(row);
    });

    user_label_ = new QLabel(this);
    sync_label_ = new QLabel(this);
    sync_label_->setObjectName("syncState");
    statusBar()->addWidget(user_label_);
    statusBar()->addPermanentWidget(sync_label_);

    auto* search = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
    search->setContext(Qt::ApplicationShortcut);
    connect(search, &QShortcut::activated, this, [this] {
        if (!locked())
            open_search();
    });

    idle_ = new IdleWatcher(
        clock_, [this] { return std::chrono::minutes(clinic_.setting("desk.lock_after_minutes")); },
        [this] { lock(); }, this);
    sign_in_->reset(tr("Sign in to continue."));
    root_->setCurrentWidget(sign_in_);
}

MainWindow::~MainWindow()
{
    idle_->stop();
    // Pages (modules' among them) hold a DeskContext&: destroy them while this
    // object is still whole, before its DeskContext part goes.
    delete takeCentralWidget();
}

Result<CommandOutcome> MainWindow::execute(std::string type, boost::json::object payload, std::string idempotency_key)
{
    if (!user_)
        return forbidden("nobody is signed in");
    if (locked())
        return forbidden("the desk is locked: sign in again to make changes");
    auto outcome =
        clinic_.bus().execute({std::move(type), std::move(payload), user_->username, std::move(idempotency_key)});
    refresh_status();
    return outcome;
}

QString MainWindow::money(const Money& amount) const { return format_money(amount); }
QString MainWindow::date(std::string_view iso_date) const { return format_date(iso_date); }
QString MainWindow::instant(Instant at) const
{
    return format_instant(at, clinic_.settings().time_zone);
}

void MainWindow::enter_as(const StaffMember& member)
{
    const bool same_user = user_ && user_->id == member.id;
    user_ = member;
    if (!same_user)
        build_workspace(); // another role may see other pages
    root_->setCurrentWidget(workspace_);
    refresh_status();
    idle_->start();
    if (auto* page = current_page())
        page->setFocus();
}

void MainWindow::lock()
{
    idle_->stop();
    // The unsealed signing key goes with the session: whoever sits down next must
    // give a password before anything is signed in this person's name again.
    clinic_.bus().set_signer({});
    sign_in_->reset(tr("The desk locked itself after a quiet spell. Sign in again to continue, "
                       "or sign in as someone else."),
                    user_ ? qs(user_->username) : QString());
    root_->setCurrentWidget(sign_in_);
}

bool MainWindow::locked() const
{
    return root_->currentWidget() == sign_in_;
}

std::vector<MainWindow::PageEntry> MainWindow::pages_for(Role role)
{
    std::vector<PageEntry> entries;
    entries.push_back({tr("Clients"), 10, [this](QWidget* parent) -> QWidget* {
                           return new ClientsPage(*this, parent);
                       }});
    if (role == Role::owner || role == Role::admin)
        entries.push_back({tr("Settings"), 90, [this](QWidget* parent) -> QWidget* {
                               return new SettingsPage(*this, parent);
                           }});
    const auto& services = clinic_.extensions().services;
    for (const auto& id : services.ids()) {
        if (id.rfind(page_prefix, 0) != 0)
            continue;
        auto* page = services.get<Page>(id);
        if (!page || !role_in(role, page->roles()))
            continue;
        entries.push_back({page->title(), page->order(),
                           [this, page](QWidget* parent) { return page->create(*this, parent); }});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const PageEntry& a, const PageEntry& b) { return a.order < b.order; });
    return entries;
}

QWidget* MainWindow::make_page(const PageEntry& entry)
{
    // A page a module makes may throw; the window and every other page carry on.
    QString problem;
    try {
        if (QWidget* page = entry.make(pages_))
            return page;
        problem = tr("it made nothing");
    } catch (const std::exception& e) {
        problem = QString::fromUtf8(e.what());
    } catch (...) {
        problem = tr("an unknown error");
    }
    auto* label = new QLabel(tr("The “%1” page could not be opened (%2).\n\nEverything else in Fascia "
                                "works as usual. `fascia plugins` shows the state of every module.")
                                 .arg(entry.title, problem),
                             pages_);
    label->setObjectName("pageError");
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

void MainWindow::build_workspace()
{
    sidebar_->clear();
    while (pages_->count() > 0) {
        QWidget* w = pages_->widget(0);
        pages_->removeWidget(w);
        w->deleteLater();
    }
    client_file_ = nullptr;
    for (const auto& entry : pages_for(user_->role)) {
        sidebar_->addItem(entry.title);
        pages_->addWidget(make_page(entry));
    }
    sidebar_->setCurrentRow(0);
}

QStringList MainWindow::page_titles() const
{
    QStringList titles;
    for (int i = 0; i < sidebar_->count(); ++i)
        titles << sidebar_->item(i)->text();
    return titles;
}

bool MainWindow::show_page(const QString& title)
{
    const auto found = sidebar_->findItems(title, Qt::MatchExactly);
    if (found.isEmpty())
        return false;
    sidebar_->setCurrentItem(found.front());
    pages_->setCurrentIndex(sidebar_->row(found.front()));
    return true;
}

QWidget* MainWindow::current_page() const
{
    return pages_->currentWidget();
}

void MainWindow::open_client(const QString& client_id)
{
    if (!user_)
        return;
    if (client_file_) {
        pages_->removeWidget(client_file_);
        client_file_->deleteLater();
    }
    auto* file = new ClientFile(*this, client_id, [this] {
        show_page(tr("Clients"));
        if (auto* page = current_page())
            page->setFocus();
        if (client_file_) {
            pages_->removeWidget(client_file_);
            client_file_->deleteLater();
            client_file_ = nullptr;
        }
    });
    client_file_ = file;
    pages_->addWidget(file);
    sidebar_->clearSelection();
    pages_->setCurrentWidget(file);
    // Coming back from a dialog (search, new client), the keyboard returns here.
    activateWindow();
    file->setFocus();
}

void MainWindow::open_search()
{
    SearchPopup popup(clinic_, this);
    if (popup.exec() == QDialog::Accepted && !popup.chosen_client().isEmpty())
        open_client(popup.chosen_client());
}

void MainWindow::refresh_status()
{
    if (user_)
        user_label_->setText(tr("Signed in as %1 (%2)").arg(qs(user_->display_name), role_name(user_->role)));
    // The sync state: commands still to send, and any the server refused (each
    // stays listed, with its reason, until someone dismisses it).
    const auto sync = sync::Replica(clinic_).status();
    QString text;
    if (!sync.enrolled)
        text = tr("Not syncing: this desk is not enrolled with a sync server");
    else if (sync.pending == 0)
        text = tr("Sync: up to date with %1").arg(qs(sync.server));
    else
        text = sync.pending == 1 ? tr("Sync: 1 change waiting to be sent to %1").arg(qs(sync.server))
                                 : tr("Sync: %1 changes waiting to be sent to %2").arg(sync.pending).arg(qs(sync.server));
    if (!sync.refused.empty())
        text += tr(" · %1 refused by the server (fascia sync status)").arg(sync.refused.size());
    sync_label_->setText(text);
}

} // namespace fascia::desk
