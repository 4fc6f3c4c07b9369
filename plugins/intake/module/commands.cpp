// The intake module's commands: the only way screenings, clearances and
// pre-session checks are written. Results hold ids only: the command log keeps
// them, and health data must not be copied there.
#include "contributions.h"
#include "screenings.h"

#include <fascia/module_support.h>
#include <fascia/payload.h>

#include <boost/json.hpp>

namespace fascia::intake {

namespace json = boost::json;

namespace {

const json::value& nested(const CommandContext& ctx, std::string_view field, std::string_view what)
{
    const auto* v = ctx.command.payload.if_contains(field);
    if (!v || v->is_null())
        throw Failure(invalid(std::string(field) + ": missing (" + std::string(what) + ")",
                              std::string(field)));
    return *v;
}

Result<json::value> record_screening(CommandContext& ctx, const FormLibrary& forms)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "screening"});
    const auto client_id = p.text("client_id");
    require_health_consent(ctx.db, client_id);
    const auto& input = nested(ctx, "screening", "the form's answers");
    auto form = forms.form_of(input);
    if (!form)
        return form.error();
    auto checked = (*form)->read(input.as_object());
    if (!checked)
        return checked.error();
    const auto assessed_on = checked->dates.at("assessed_on");
    const auto today = clinic_date(ctx.db, ctx.now());
    if (std::chrono::sys_days{assessed_on} > std::chrono::sys_days{today})
        return invalid("assessed_on: " + format_date(assessed_on) + " is in the future (today is "
                           + format_date(today) + ")",
                       "assessed_on");
    const auto evaluation = (*form)->evaluate(*checked);
    const auto id = store_screening(ctx, client_id, **form, *checked, evaluation, std::nullopt);
    ctx.touch("intake_screening", id);
    return json::value(json::object{{"id", id}});
}

Result<json::value> clear_screening(CommandContext& ctx, const FormLibrary& forms)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "clinician", "note", "screening_id"});
    const auto client_id = p.text("client_id");
    const auto clinician = p.text("clinician");
    const auto note = p.text("note");
    const auto wanted = p.optional_text("screening_id");
    require_health_consent(ctx.db, client_id);
    const auto latest = latest_screening(ctx.db, client_id);
    if (!latest)
        return refused("the client has no screening to clear: screen them first (`fascia intake record`)");
    if (wanted && *wanted != latest->id)
        return refused("screening " + *wanted + " is not the client's latest (" + latest->id
                       + "): a clearance applies to the latest screening");
    const auto* form = forms.find(latest->form);
    const auto* rule = form ? form->disposition(latest->evaluation.disposition) : nullptr;
    if (!rule)
        return internal_error("screening " + latest->id + " was taken with form " + latest->form
                              + ", which this version of Fascia cannot read");
    if (rule->booking == Booking::never)
        return refused("screening " + latest->id + " is an urgent referral, which cannot be cleared: "
                       "only a new screening without urgent flags lifts it");
    if (rule->booking == Booking::allowed)
        return refused("screening " + latest->id + " needs no clearance: the client may already be booked");
    if (std::chrono::sys_days{clinic_date(ctx.db, ctx.now())}
        > std::chrono::sys_days{valid_until(ctx.db, *latest)})
        return refused("screening " + latest->id + " has expired: screen the client again instead");
    if (const auto existing = clearance_for(ctx.db, latest->id))
        return conflict("screening " + latest->id + " was already cleared (recorded by "
                        + existing->recorded_by + " at " + existing->recorded_at + ")");
    const std::string id = ctx.new_id();
    ctx.db.query("INSERT INTO intake_clearances(id, screening_id, client_id, clinician, note, recorded_by,"
                 " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 id, latest->id, client_id, clinician, note, ctx.actor.username, format_instant(ctx.now()))
        .run();
    ctx.touch("intake_clearance", id);
    return json::value(json::object{{"id", id}});
}

Result<json::value> precheck(CommandContext& ctx, const FormLibrary& forms)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "precheck"});
    const auto client_id = p.text("client_id");
    const auto outcome =
        run_precheck(ctx, forms, client_id, nested(ctx, "precheck", "the pre-session check's answers"));
    ctx.touch("intake_precheck", outcome.precheck_id);
    return json::value(json::object{{"id", outcome.precheck_id}});
}

/// A read of a screening's answers, recorded in the audit log (who, which client,
/// when) as the architecture asks of health data. Changes no rows.
Result<json::value> answers_read(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"screening_id"});
    const auto s = find_screening(ctx.db, p.text("screening_id"));
    if (!s)
        return not_found("there is no screening " + p.text("screening_id"));
    ctx.touch("client", s->client_id);
    return json::value(json::object{{"screening_id", s->id}, {"client_id", s->client_id}});
}

} // namespace

const std::vector<Role>& answers_roles()
{
    // Health data: the clinicians and the owner; the front desk sees the disposition,
    // restrictions and referral script only.
    static const std::vector<Role> roles{Role::owner, Role::therapist};
    return roles;
}

const std::vector<Role>& screening_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::front_desk, Role::therapist};
    return roles;
}

const std::vector<Role>& clearance_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::therapist};
    return roles;
}

void add_commands(PluginContext& context, const FormLibrary& forms)
{
    const FormLibrary* library = &forms;
    context.add_command({
        .type = "intake.record",
        .summary = "Record an intake screening (needs the client's consent to store health data)",
        .roles = screening_roles(),
        .handler = [library](CommandContext& ctx) { return record_screening(ctx, *library); },
    });
    context.add_command({
        .type = "intake.clear",
        .summary = "Record a medical clearance for a screening that needs one",
        .roles = clearance_roles(),
        .handler = [library](CommandContext& ctx) { return clear_screening(ctx, *library); },
    });
    context.add_command({
        .type = "intake.precheck",
        .summary = "Ask the red-flag questions again before a session; any yes records a new screening",
        .roles = screening_roles(),
        .handler = [library](CommandContext& ctx) { return precheck(ctx, *library); },
    });
    context.add_command({
        .type = "intake.answers_read",
        .summary = "Record that someone read a screening's answers (the audit of health data)",
        .roles = answers_roles(),
        .handler = answers_read,
    });
    // Changed like every clinic setting, through settings.update (owner and admin).
    context.add_setting({"intake.screening_valid_days", "Days an intake screening stays current", 90, 1, 3650});
}

namespace {

template <class Body>
auto guarded(Body&& body)
{
    return fascia::guarded("intake", std::forward<Body>(body));
}

/// fascia.intake/1. No exception leaves it: other plugins get error values.
class Service final : public IntakeService {
public:
    explicit Service(const FormLibrary& forms) : forms_(forms) {}

    Result<Evaluation> evaluate(const json::value& input) const override
    {
        return guarded([&] { return forms_.evaluate(input); });
    }

    Result<BookingStatus> booking_status(Database& db, std::string_view client_id,
                                         std::chrono::year_month_day on) const override
    {
        return guarded([&] { return intake::booking_status(db, forms_, client_id, on); });
    }

    Result<std::vector<BookingStatusRun>> booking_status_over(Database& db, std::string_view client_id,
                                                              std::chrono::year_month_day from,
                                                              std::chrono::year_month_day to) const override
    {
        return guarded([&] { return intake::booking_status_over(db, forms_, client_id, from, to); });
    }

    Result<std::vector<std::string>> precheck_questions(std::string_view form) const override
    {
        return guarded([&]() -> Result<std::vector<std::string>> {
            const auto* f = forms_.find(form);
            if (!f)
                return invalid("form: unknown form '" + std::string(form) + "'", "form");
            std::vector<std::string> ids;
            for (const auto& q : f->precheck_questions())
                ids.push_back(q.id);
            return ids;
        });
    }

    Result<PrecheckOutcome> precheck(CommandContext& context, std::string_view client_id,
                                     const json::value& input) const override
    {
        return guarded(
            [&]() -> Result<PrecheckOutcome> { return run_precheck(context, forms_, client_id, input); });
    }

private:
    const FormLibrary& forms_;
};

} // namespace

std::shared_ptr<IntakeService> make_service(const FormLibrary& forms)
{
    return std::make_shared<Service>(forms);
}

void contribute(PluginContext& context, const FormLibrary& forms)
{
    context.add_migrations(intake_plugin::migrations());
    add_commands(context, forms);
    add_client_merge_step(context);
    const FormLibrary* library = &forms;
    context.add_cli_command({
        .name = "intake",
        .summary = "Intake screening: red-flag triage, clearances and pre-session checks",
        .run = [library](CliInvocation& run) { return run_cli(run, *library); },
    });
    // Held as the interface type, so a consumer's static_cast from void* is exact.
    std::shared_ptr<IntakeService> service = make_service(forms);
    context.add_service(std::string(service_id), std::move(service));
    context.add_demo_step({
        .name = "intake screenings",
        .run = [library](Clinic& clinic, const DemoOptions& options) {
            return add_demo_screenings(clinic, *library, options);
        },
    });
}

} // namespace fascia::intake
