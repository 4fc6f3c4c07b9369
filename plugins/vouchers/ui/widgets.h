#pragma once
// What every part of the Gift vouchers page shares: the desk, the module's
// service, "today" at the clinic, who may run which command, and a few
// small widgets (headings, messages in a tone) so the panels look alike.
#include <fascia/desk/desk.h>
#include <fascia/desk/plugin_support.h>
#include <fascia/vouchers/voucher_service.h>

#include <QLabel>
#include <QString>

#include <chrono>
#include <string>
#include <string_view>

// The Qt widgets the panels hold, declared once for all of them.
class QButtonGroup;
class QComboBox;
class QDateEdit;
class QDialog;
class QGroupBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace fascia::vouchers::ui {

// The desk's shared helpers (fascia/desk/plugin_support.h).
using desk::qs;
using desk::ss;

/// The desk and the module, as the panels use them.
struct Vouchers {
    desk::DeskContext& desk;
    const VoucherService& service;

    /// The clinic's date now (its time zone).
    std::chrono::year_month_day today() const;
    /// True when the signed-in user's role may run a command type.
    bool may(std::string_view command) const { return desk::may_run(desk, command); }
    /// "£50.00"
    QString money(const Money& m) const { return desk.money(m); }
    /// "22/11/2026"
    QString date(std::string_view iso) const { return desk.date(iso); }
    /// Runs a command as the signed-in user.
    Result<CommandOutcome> execute(std::string_view type, boost::json::object payload) const
    {
        return desk.execute(std::string(type), std::move(payload));
    }
};

/// How a message is meant: it sets the colour, and the "tone" property tests read.
enum class Tone { neutral, good, warning, bad };

/// A label for messages that wrap, start hidden when empty, and carry a tone.
class MessageLabel : public QLabel {
public:
    explicit MessageLabel(const QString& object_name, QWidget* parent);
    /// Shows text in a tone (hides the label when text is empty).
    void show_message(const QString& text, Tone tone);
};

/// A bold heading one step larger than the text around it.
inline QLabel* heading(const QString& text, QWidget* parent, double scale = 1.25)
{
    return desk::heading(text, parent, scale);
}
/// Amount text as typed at a till, without a leading currency symbol ("£20" → "20").
QString amount_typed(const QString& text);
/// "1 voucher", "3 vouchers" (and the like for other nouns: no translation files to pluralise with).
QString count_of(int n, const QString& one, const QString& many);
/// "active" → "Active", "void" → "Void", ...
QString status_text(std::string_view status);
/// The kind of a ledger entry, for people ("redemption" → "Redeemed").
QString entry_text(std::string_view kind);

} // namespace fascia::vouchers::ui
