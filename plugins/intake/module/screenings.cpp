#include "screenings.h"

#include <fascia/clients.h>
#include <fascia/row.h>

#include <boost/json.hpp>

#include <charconv>

namespace fascia::intake {

namespace json = boost::json;

namespace {

constexpr const char* screening_columns =
    "id, client_id, form, source, based_on, assessed_on, full_screening_on, input, result,"
    " recorded_by, recorded_at";

Screening screening_from_row(const Statement& q)
{
    Screening s;
    read_columns(q, 0, s.id, s.client_id, s.form, s.source, s.based_on, s.assessed_on, s.full_screening_on);
    s.input = json::parse(q.text(7)).as_object();
    // The result stored is the evaluation under the form version the screening
    // was taken with; a later version of the rules never reinterprets it.
    auto evaluation = evaluation_from_json(json::parse(q.text(8)), s.form);
    if (!evaluation)
        throw Failure(evaluation.error());
    s.evaluation = std::move(*evaluation);
    s.recorded_by = q.text(9);
    s.recorded_at = q.text(10);
    return s;
}

std::string setting(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

std::chrono::year_month_day date_of(const std::string& text)
{
    const auto d = parse_date(text);
    if (!d)
        throw Failure(internal_error("a stored screening has a malformed date '" + text + "'"));
    return *d;
}

std::chrono::year_month_day add_days(std::chrono::year_month_day d, int days)
{
    return std::chrono::year_month_day{std::chrono::sys_days{d} + std::chrono::days{days}};
}

} // namespace

std::optional<Screening> find_screening(Database& db, std::string_view id)
{
    return first_row(db, std::string("SELECT ") + screening_columns + " FROM intake_screenings WHERE id = ?",
                     screening_from_row, id);
}

std::optional<Screening> latest_screening(Database& db, std::string_view client_id)
{
    return first_row(db,
                     std::string("SELECT ") + screening_columns
                         + " FROM intake_screenings WHERE client_id = ? ORDER BY rowid DESC LIMIT 1",
                     screening_from_row, client_id);
}

std::optional<Clearance> clearance_for(Database& db, std::string_view screening_id)
{
    return first_row(
        db, "SELECT id, screening_id, clinician, note, recorded_by, recorded_at FROM intake_clearances"
            " WHERE screening_id = ?",
        [](const Statement& q) { return Clearance{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)}; },
        screening_id);
}

std::optional<Precheck> find_precheck(Database& db, std::string_view id)
{
    return first_row(
        db, "SELECT id, client_id, screening_id, checked_on, flagged, new_screening_id FROM intake_prechecks"
            " WHERE id = ?",
        [](const Statement& q) {
            return Precheck{q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4) != 0, q.optional_text(5)};
        },
        id);
}

int screening_valid_days(Database& db)
{
    const auto text = setting(db, "intake.screening_valid_days");
    int days = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (ec != std::errc() || end != text.data() + text.size() || days < 1)
        return 90;
    return days;
}

std::chrono::year_month_day clinic_date(Database& db, Instant at)
{
    return local_date(at, setting(db, "time_zone"));
}

std::chrono::year_month_day valid_until(Database& db, const Screening& screening)
{
    // Current on the day of the full screening and the (valid_days - 1) days after it.
    return add_days(date_of(screening.full_screening_on), screening_valid_days(db) - 1);
}

Result<BookingStatus> booking_status(Database& db, const FormLibrary& forms, std::string_view client_id,
                                     std::chrono::year_month_day on)
{
    if (!find_client(db, client_id))
        return not_found("there is no client " + std::string(client_id)
                         + ": `fascia clients find NAME` looks one up");
    BookingStatus s;
    s.client_id = std::string(client_id);
    s.on = format_date(on);
    const auto latest = latest_screening(db, client_id);
    if (!latest) {
        s.state = "none";
        s.reasons.push_back({"no_screening", "no intake screening is recorded: screen the client "
                                             "(`fascia intake record`) before booking"});
        return s;
    }
    s.screening_id = latest->id;
    s.form = latest->form;
    s.assessed_on = latest->assessed_on;
    const auto until = valid_until(db, *latest);
    s.valid_until = format_date(until);
    if (std::chrono::sys_days{on} > std::chrono::sys_days{until}) {
        s.state = "expired";
        s.reasons.push_back({"screening_expired",
                             "the screening of " + latest->full_screening_on + " was current until "
                                 + format_date(until) + " (screenings are current for "
                                 + std::to_string(screening_valid_days(db))
                                 + " days): screen the client again before booking"});
        return s;
    }
    const auto* form = forms.find(latest->form);
    if (!form)
        return internal_error("screening " + latest->id + " was taken with form " + latest->form
                              + ", which this version of Fascia does not know: update Fascia");
    const auto& e = latest->evaluation;
    const auto* rule = form->disposition(e.disposition);
    if (!rule)
        return internal_error("screening " + latest->id + " has disposition " + e.disposition
                              + ", which form " + latest->form + " does not define");
    s.state = "current";
    s.disposition = e.disposition;
    s.condition_type = e.condition_type;
    s.restrictions = e.restrictions;
    s.sessions_per_week = e.sessions_per_week;
    s.cleared = clearance_for(db, latest->id).has_value();
    switch (rule->booking) {
    case Booking::allowed:
        s.bookable = true;
        break;
    case Booking::after_clearance:
        s.bookable = s.cleared;
        if (!s.cleared)
            s.reasons.push_back({e.disposition, rule->message
                                                    + " Record it with `fascia intake clear` once the "
                                                      "client's doctor has cleared them."});
        break;
    case Booking::never:
        s.bookable = false;
        s.reasons.push_back({e.disposition, rule->message});
        break;
    }
    return s;
}

Result<std::vector<BookingStatusRun>> booking_status_over(Database& db, const FormLibrary& forms,
                                                          std::string_view client_id, std::chrono::year_month_day from,
                                                          std::chrono::year_month_day to)
{
    using std::chrono::sys_days;
    if (!from.ok() || !to.ok() || sys_days{to} < sys_days{from})
        return invalid("to: must be a real date on or after from", "to");
    // The status depends on the date only through "is it after valid_until":
    // the same latest screening answers every day, current up to that day and
    // expired after it (or "none" throughout). So one reading, split once.
    auto first = booking_status(db, forms, client_id, from);
    if (!first)
        return first.error();
    std::vector<BookingStatusRun> runs;
    const auto until = first->valid_until ? parse_date(*first->valid_until) : std::nullopt;
    if (first->state != "current" || !until || sys_days{*until} >= sys_days{to}) {
        runs.push_back({from, to, std::move(*first)});
        return runs;
    }
    const auto after = add_days(*until, 1);
    auto rest = booking_status(db, forms, client_id, after);
    if (!rest)
        return rest.error();
    runs.push_back({from, *until, std::move(*first)});
    runs.push_back({after, to, std::move(*rest)});
    return runs;
}

void require_health_consent(Database& db, std::string_view client_id)
{
    const auto client = find_client(db, client_id);
    if (!client)
        throw Failure(not_found("there is no client " + std::string(client_id)
                                + ": `fascia clients find NAME` looks one up"));
    if (!client->health_consent_at)
        throw Failure(refused(client->display_name() + " (" + client->id
                              + ") has not consented to the clinic storing their health data: record "
                                "consent first (`fascia clients consent "
                              + client->id + "`), then screen them"));
}

std::string store_screening(CommandContext& ctx, std::string_view client_id, const ScreeningForm& form,
                            const ScreeningInput& input, const Evaluation& evaluation,
                            const std::optional<Screening>& based_on)
{
    const std::string id = ctx.new_id();
    const std::string now = format_instant(ctx.now());
    const std::string assessed_on = format_date(input.dates.at("assessed_on"));
    const std::string full_on = based_on ? based_on->full_screening_on : assessed_on;
    ctx.db.query("INSERT INTO intake_screenings(id, client_id, form, rules_sha256, source, based_on,"
                 " assessed_on, full_screening_on, input, result, disposition, condition_type,"
                 " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 id, client_id, form.id(), form.rules_sha256(), based_on ? "precheck" : "intake",
                 based_on ? std::optional(based_on->id) : std::nullopt, assessed_on, full_on,
                 json::serialize(input.to_json()), json::serialize(to_json(evaluation)),
                 evaluation.disposition, evaluation.condition_type, ctx.actor.username, now)
        .run();
    // A full screening measures; a pre-session check's carried-over answers do not.
    if (!based_on) {
        for (const auto& q : form.questions()) {
            if (q.outcome_measure.empty())
                continue;
            const auto& value = input.answers.at(q.id);
            if (!value.is_int64())
                continue;
            ctx.db.query("INSERT INTO intake_outcome_measures(id, client_id, measure, value,"
                         " measured_on, source, source_id, recorded_by, recorded_at)"
                         " VALUES (?, ?, ?, ?, ?, 'intake_screening', ?, ?, ?)",
                         ctx.new_id(), client_id, q.outcome_measure, value.as_int64(), assessed_on, id,
                         ctx.actor.username, now)
                .run();
        }
    }
    return id;
}

PrecheckOutcome run_precheck(CommandContext& ctx, const FormLibrary& forms, std::string_view client_id,
                             const json::value& input)
{
    require_health_consent(ctx.db, client_id);
    auto form = forms.form_of(input);
    if (!form)
        throw Failure(form.error());
    auto check = (*form)->read_precheck(input.as_object());
    if (!check)
        throw Failure(check.error());
    const auto today = clinic_date(ctx.db, ctx.now());
    if (std::chrono::sys_days{check->checked_on} > std::chrono::sys_days{today})
        throw Failure(invalid("checked_on: " + format_date(check->checked_on) + " is in the future (today is "
                                  + format_date(today) + ")",
                              "checked_on"));
    const auto base = latest_screening(ctx.db, client_id);
    if (!base)
        throw Failure(refused("there is no screening to check against: record a full intake screening "
                              "first (`fascia intake record`)"));
    if (base->form != check->form)
        throw Failure(invalid("form: the client's screening was taken with " + base->form
                                  + "; ask that form's pre-session questions",
                              "form"));
    if (std::chrono::sys_days{check->checked_on} < std::chrono::sys_days{date_of(base->assessed_on)})
        throw Failure(invalid("checked_on: " + format_date(check->checked_on)
                                  + " is before the screening it checks against (" + base->assessed_on
                                  + ")",
                              "checked_on"));
    if (std::chrono::sys_days{check->checked_on} > std::chrono::sys_days{valid_until(ctx.db, *base)})
        throw Failure(refused("the client's screening of " + base->full_screening_on
                              + " has expired: a full screening is due (`fascia intake record`)"));

    PrecheckOutcome outcome;
    outcome.precheck_id = ctx.new_id();
    outcome.flagged = check->any_yes();
    if (outcome.flagged) {
        // The screening behind it, with each yes put in and dated today: the full
        // form's rules then decide (any yes raises an urgent or clearance flag).
        json::object updated = base->input;
        updated["assessed_on"] = format_date(check->checked_on);
        auto& answers = updated["answers"].as_object();
        for (const auto& [id, yes] : check->answers)
            if (yes.as_bool())
                answers[id] = true;
        const auto* screening_form = *form;
        auto checked = screening_form->read(updated);
        if (!checked)
            throw Failure(internal_error("the pre-session check could not update screening " + base->id
                                         + ": " + checked.error().message));
        const auto evaluation = screening_form->evaluate(*checked);
        outcome.screening_id =
            store_screening(ctx, client_id, *screening_form, *checked, evaluation, base);
    }
    ctx.db.query("INSERT INTO intake_prechecks(id, client_id, screening_id, form, checked_on, answers,"
                 " flagged, new_screening_id, checked_by, checked_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 outcome.precheck_id, client_id, base->id, check->form, format_date(check->checked_on),
                 json::serialize(check->answers), outcome.flagged ? 1 : 0, outcome.screening_id,
                 ctx.actor.username, format_instant(ctx.now()))
        .run();
    return outcome;
}

} // namespace fascia::intake
