#pragma once
// What the Therapists page and its forms share: the desk, the module's
// service and rules, and how the module's codes and messages read to the
// people at the desk.
#include "rules.h"

#include <fascia/desk/desk.h>
#include <fascia/desk/plugin_support.h>
#include <fascia/vetting/vetting_service.h>

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;

namespace fascia::vetting::ui {

/// What every widget of the plugin works with.
struct Vetting {
    desk::DeskContext& desk;        ///< the signed-in desk: reads, commands, formatting
    const VettingService& service;  ///< fascia.vetting/1: status, eligibility, expiry, the file
};

// The desk's shared helpers (fascia/desk/plugin_support.h).
using desk::clinic_today;
using desk::error_label;
using desk::may_run;
using desk::qs;
using desk::read_typed_date;
using desk::ss;

/// True when the signed-in user may read this therapist's whole file: owners
/// and admins any, a therapist their own (the module's rule for `vetting show`).
bool may_read_file(desk::DeskContext& desk, std::string_view therapist_id);
/// True when the signed-in user may read concerns (owners and admins).
bool may_read_concerns(desk::DeskContext& desk);
/// What to say beside a date field whose text is not a date.
QString not_a_date(const QString& text, desk::DeskContext& desk);
/// A module message as the desk shows it: dates as the clinic writes them, and
/// without the CLI hints ("(`fascia vetting check ...`)") meant for a terminal.
QString for_people(desk::DeskContext& desk, std::string_view message);
/// A bus error as a person reads it beside its field: without "field: " in
/// front, with dates as the clinic writes them.
QString message_beside_field(desk::DeskContext& desk, const Error& error);
/// Makes a table exactly as tall as its rows (at most `most_rows` of them,
/// -1 for all), now and whenever its width changes (wrapped text re-flows).
void fit_to_rows(QTableWidget* table, int most_rows = -1);
/// A page or section heading: bold, `scale` times the normal size.
inline QLabel* heading(const QString& text, QWidget* parent, double scale = 1.4)
{
    return desk::heading(text, parent, scale);
}
/// Reasons as the desk lists them: one "• " line each, for people (for_people).
QString reason_lines(desk::DeskContext& desk, const std::vector<Reason>& reasons);

/// What runs out within the clinic's furthest expiry warning of a date.
struct ExpiryWarnings {
    int horizon = 0; ///< days ahead looked at: the largest warning (60 by default)
    Result<std::vector<ExpiringItem>> items = std::vector<ExpiringItem>{};
    /// The nearest warning crossed for a therapist, or for one record ("" for any).
    std::optional<int> nearest(std::string_view therapist_id, std::string_view record_id = {}) const;
};
ExpiryWarnings expiry_warnings(const Vetting& vetting, Date on);

/// The colours of the page: status badges and expiry warnings.
struct Tone {
    QColor background;
    QColor text;
};

/// The module's codes in words, through tr().
class Texts {
    Q_DECLARE_TR_FUNCTIONS(fascia::vetting::ui::Texts)
public:
    /// The sidebar title.
    static QString page_title();
    /// "Approved", "Pending", "Suspended", "Lapsed".
    static QString status(std::string_view code);
    /// Green for approved, amber for pending, red for suspended and lapsed.
    static Tone status_tone(std::string_view code);
    /// Red for a 7-day (or nearer) warning, orange for 30, amber for 60; none further off.
    static Tone warning_tone(std::optional<int> threshold);
    /// "60-day warning", or "" when none is crossed.
    static QString warning(std::optional<int> threshold);
    /// "Prenatal massage", "Dry needling".
    static QString modality(std::string_view code);
    /// Modalities in words, comma-separated; `none` when empty.
    static QString modalities(const std::vector<std::string>& codes, const QString& none);
    /// "Credential", "Registration", "Insurance", "CPD".
    static QString expiring_item(std::string_view code);
    /// "Identity checked", "Reference", "Documents sighted".
    static QString check_item(std::string_view code);
    /// "1 day", "18 days" (English plurals without a translation loaded).
    static QString days(int n);
    /// "7.5 h".
    static QString hours(std::int64_t hundredths);
    /// "Suspended" or "Reinstated".
    static QString standing_action(std::string_view code);
};

/// A view of the Therapists page over the page's date (the status overview, the
/// eligibility view) from which a therapist's file is opened.
class DatedView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;
    /// Shows the view as it stands on a date.
    virtual void show_on(Date on) = 0;

signals:
    /// A therapist's row was opened (double-click or Enter): their staff id.
    void open_file(const QString& therapist_id);
};

} // namespace fascia::vetting::ui
