#pragma once
// The desk's window: sign-in (and the idle lock) in front of the workspace —
// a sidebar of pages for the signed-in role, the page area, the status bar
// and the global client search (Ctrl+K).
#include "idle_watcher.h"
#include "sign_in_screen.h"

#include <fascia/desk/desk.h>

#include <QMainWindow>

#include <functional>
#include <optional>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace fascia::desk {

class MainWindow : public QMainWindow, public DeskContext {
public:
    MainWindow(Clinic& clinic, const Clock& clock, QWidget* parent = nullptr);
    ~MainWindow() override;

    // DeskContext
    Clinic& clinic() override { return clinic_; }
    const StaffMember& user() const override { return *user_; }
    Result<CommandOutcome> execute(std::string type, boost::json::object payload,
                                   std::string idempotency_key = {}) override;
    void open_client(const QString& client_id) override;
    QString money(const Money& amount) const override;
    QString date(std::string_view iso_date) const override;
    QString instant(Instant at) const override;

    /// Signs in without the screen (the README's first run, already verified).
    void enter_as(const StaffMember& member);
    /// Shows the sign-in screen in front of everything, keeping the user name.
    void lock();
    bool locked() const;
    /// The sidebar's titles, top to bottom, for the signed-in role.
    QStringList page_titles() const;
    /// Shows the page with this title; false when the role has no such page.
    bool show_page(const QString& title);
    /// The widget in the page area now.
    QWidget* current_page() const;
    /// Opens the global client search (Ctrl+K).
    void open_search();
    SignInScreen* sign_in_screen() const { return sign_in_; }
    IdleWatcher& idle_watcher() { return *idle_; }
    /// Re-reads what the status bar shows (the outbox count, the user).
    void refresh_status();

private:
    struct PageEntry {
        QString title;
        int order = 0;
        std::function<QWidget*(QWidget*)> make;
    };
    void build_workspace();
    QWidget* make_page(const PageEntry& entry);
    std::vector<PageEntry> pages_for(Role role);

    Clinic& clinic_;
    const Clock& clock_;
    std::optional<StaffMember> user_;
    QStackedWidget* root_;
    SignInScreen* sign_in_;
    QWidget* workspace_;
    QListWidget* sidebar_;
    QStackedWidget* pages_;
    QWidget* client_file_ = nullptr;
    QLabel* user_label_;
    QLabel* sync_label_;
    IdleWatcher* idle_;
};

} // namespace fascia::desk
