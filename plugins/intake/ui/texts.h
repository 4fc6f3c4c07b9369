#pragma once
// What the screening tab and its dialogs share: the desk, the module's service
// and forms, and how the module's codes read to the people at the desk.
#include "screening_form.h"
#include "screenings.h"

#include <fascia/desk/desk.h>
#include <fascia/desk/plugin_support.h>
#include <fascia/intake/intake_service.h>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fascia::intake::ui {

/// What every widget of the plugin works with.
struct Intake {
    desk::DeskContext& desk;        ///< the signed-in desk: reads, commands, formatting
    const IntakeService& service;   ///< fascia.intake/1: evaluation and booking status
    const FormLibrary& forms;       ///< the rules files: questions, texts, scripts
};

// The desk's shared helpers (fascia/desk/plugin_support.h).
using desk::clinic_today;
using desk::may_run;
using desk::qs;
using desk::read_typed_date;
using desk::ss;

/// A bus error as a person reads it beside its field: without "field: " in front.
QString message_beside_field(const Error& error);

/// The module's codes in words, through tr().
class Texts {
    Q_DECLARE_TR_FUNCTIONS(fascia::intake::ui::Texts)
public:
    /// The client file's tab title.
    static QString tab_title();
    /// "Urgent referral", "Medical clearance required", "May proceed".
    static QString disposition(std::string_view code);
    /// "Acute (symptoms for under six weeks)", from the form's own text.
    static QString condition_type(const ScreeningForm* form, std::string_view code);
    /// "Acute" or "Chronic".
    static QString condition_name(std::string_view code);
    /// "No dry needling", from the form's restriction texts.
    static QString restriction(const ScreeningForm* form, std::string_view code);
    /// Every restriction of a list, in words.
    static QStringList restrictions(const ScreeningForm* form, const std::vector<std::string>& codes);
    /// "Suggest the client sees their GP", from the form's advisory texts.
    static QString advisory(const ScreeningForm* form, std::string_view code);
    /// A finding's short name: its message up to the first colon ("Drop foot").
    static QString finding(const Flag& flag);
    /// "1 to 2 sessions a week".
    static QString course(const std::optional<std::pair<int, int>>& sessions_per_week);
    /// "Full screening" or "Pre-session check".
    static QString source(std::string_view source);
    /// What an unanswered question says beside it.
    static QString unanswered();
};

} // namespace fascia::intake::ui
