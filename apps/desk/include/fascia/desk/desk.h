#pragma once
/// What a desktop (UI) plugin implements and what the desk offers it. A UI
/// plugin lives in plugins/<name>/ui, says "desk": true in its plugin.json,
/// depends on its module, and registers its pages and client-file tabs as
/// services under the prefixes below. Header-only: a UI plugin links Qt and
/// the core, nothing of the desk itself.
#include <fascia/clinic.h>
#include <fascia/commands.h>
#include <fascia/money.h>
#include <fascia/roles.h>
#include <fascia/staff.h>

#include <boost/config.hpp>
#include <boost/json/object.hpp>

#include <QString>

#include <string>
#include <string_view>
#include <vector>

class QWidget;

namespace fascia::desk {

/// Service id prefix of sidebar pages ("desk.page/intake").
inline constexpr std::string_view page_prefix = "desk.page/";
/// Service id prefix of client-file tabs ("desk.client-tab/intake").
inline constexpr std::string_view client_tab_prefix = "desk.client-tab/";

/// The desk, as a page sees it: the clinic, who is signed in, and the one way to change data.
class BOOST_SYMBOL_VISIBLE DeskContext {
public:
    virtual ~DeskContext() = default;
    /// The open clinic (read through the modules' services and the core's readers).
    virtual Clinic& clinic() = 0;
    /// The signed-in staff member.
    virtual const StaffMember& user() const = 0;
    /// Runs a command as the signed-in user (the bus still checks the role). `idempotency_key`:
    /// the same key again applies the command once and answers the first result (outcome.replayed),
    /// so a desk retrying a checkout cannot charge twice; empty: the bus makes one (no retry protection).
    virtual Result<CommandOutcome> execute(std::string type, boost::json::object payload,
                                           std::string idempotency_key = {}) = 0;
    /// Opens a client's file.
    virtual void open_client(const QString& client_id) = 0;
    /// "£75.00" in the clinic's locale.
    virtual QString money(const Money& amount) const = 0;
    /// A YYYY-MM-DD date as the clinic writes it ("22/11/2026").
    virtual QString date(std::string_view iso_date) const = 0;
    /// An instant in the clinic's time zone and locale ("22/11/2026 09:30").
    virtual QString instant(Instant at) const = 0;
};

/// A page in the sidebar.
class BOOST_SYMBOL_VISIBLE Page {
public:
    virtual ~Page() = default;
    /// The sidebar label (through tr()).
    virtual QString title() const = 0;
    /// The roles that see this page.
    virtual std::vector<Role> roles() const = 0;
    /// Position in the sidebar: lower first (core pages use 10, 90).
    virtual int order() const = 0;
    /// Makes the page's widget; may throw: the desk shows the error in its place.
    virtual QWidget* create(DeskContext& desk, QWidget* parent) = 0;
};

/// A tab in a client's file.
class BOOST_SYMBOL_VISIBLE ClientTab {
public:
    virtual ~ClientTab() = default;
    virtual QString title() const = 0;
    virtual std::vector<Role> roles() const = 0;
    virtual int order() const = 0;
    /// True when the tab shows or takes health data: it stays closed until the
    /// client's consent to store health data is recorded.
    virtual bool needs_health_consent() const = 0;
    virtual QWidget* create(DeskContext& desk, const QString& client_id, QWidget* parent) = 0;
};

} // namespace fascia::desk
