// The vetting module's commands: the only way vetting records and the clinic's
// vetting rules are written. Each runs in the bus's transaction with its audit
// entry; results hold ids only.
#include "contributions.h"
#include "records.h"

#include <fascia/catalogue.h>
#include <fascia/command_payload.h>
#include <fascia/payload.h>
#include <fascia/staff.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace fascia::vetting {

namespace json = boost::json;

namespace {

[[noreturn]] void reject(Error e)
{
    throw Failure(std::move(e));
}

Date today(const CommandContext& ctx)
{
    return clinic_today(ctx.db, ctx.now());
}

/// A date that cannot be after today (an issue date, a check, CPD done).
Date past_date(const CommandContext& ctx, const Payload& p, std::string_view field)
{
    const auto d = p.date(field);
    const auto now = today(ctx);
    if (std::chrono::sys_days{d} > std::chrono::sys_days{now})
        reject(invalid(std::string(field) + ": " + format_date(d) + " is in the future (today is "
                           + format_date(now) + ")",
                       std::string(field)));
    return d;
}

/// The expiry, which cannot be before the start.
Date expiry_after(const Payload& p, std::string_view field, Date start, std::string_view start_field)
{
    const auto d = p.date(field);
    if (std::chrono::sys_days{d} < std::chrono::sys_days{start})
        reject(invalid(std::string(field) + ": " + format_date(d) + " is before the " + std::string(start_field)
                           + " date " + format_date(start),
                       std::string(field)));
    return d;
}

/// A registration's or policy's period: the "issued" date and the "expires" date, on or
/// after it (else invalid, naming "expires").
std::pair<Date, Date> issued_to_expiry(const Payload& p)
{
    const auto issued = p.date("issued");
    return {issued, expiry_after(p, "expires", issued, "issued")};
}

/// Hours as a JSON number (7.5) or text ("7.5"), at most two decimals, more than 0.
std::int64_t hours_field(const CommandContext& ctx, std::string_view field)
{
    const std::string f(field);
    const auto* v = ctx.command.payload.if_contains(field);
    if (!v || v->is_null())
        reject(invalid(f + ": is required (hours, e.g. 7.5)", f));
    std::optional<std::int64_t> hundredths;
    std::string shown;
    if (v->is_string()) {
        shown = std::string(v->as_string());
        hundredths = parse_hours(shown);
    } else if (v->is_number()) {
        shown = json::serialize(*v);
        const double d = v->to_number<double>();
        const double scaled = d * 100.0;
        const auto rounded = static_cast<std::int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5));
        if (d >= 0 && d < 1e7 && std::abs(scaled - static_cast<double>(rounded)) < 1e-6)
            hundredths = rounded;
    } else {
        reject(invalid(f + ": expected a number of hours, e.g. 7.5", f));
    }
    if (!shown.empty() && (shown.front() == '-'))
        reject(invalid(f + ": " + shown + " is negative; CPD hours must be more than 0", f));
    if (!hundredths)
        reject(invalid(f + ": '" + shown + "' is not a number of hours (like 7.5, at most two decimals)", f));
    if (*hundredths <= 0)
        reject(invalid(f + ": CPD hours must be more than 0", f));
    if (*hundredths > 100000)
        reject(invalid(f + ": " + hours_text(*hundredths) + " hours in one entry is more than 1000; check it", f));
    return *hundredths;
}

std::string setting_text(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

json::value recorded(const std::string& id, const Therapist& t)
{
    return json::object{{"id", id}, {"therapist_id", t.id}, {"therapist", t.username}};
}

/// For an entry already on file: whoever it concerns, even if their role has changed since.
json::value recorded(Database& db, const std::string& id, const std::string& therapist_id)
{
    const auto m = find_staff(db, therapist_id);
    return json::object{{"id", id}, {"therapist_id", therapist_id},
                        {"therapist", m ? m->username : therapist_id}};
}

/// A command about one therapist: its payload (a key not in `known` is refused, exit 2)
/// and the active therapist its "therapist" names (else invalid, naming the field).
struct AboutTherapist {
    Payload p;
    Therapist t;
};

AboutTherapist about_therapist(CommandContext& ctx, std::initializer_list<std::string_view> known)
{
    const auto p = payload_of(ctx, known);
    return {p, require_therapist(ctx.db, p.text("therapist"))};
}

/// Adds one entry to a therapist's record: `sql` inserts it with the new id and the
/// therapist's id first, then `values`, then who recorded it and when; the audit entry
/// names it as `record_type`. Answers as recorded(id, t).
template <class... Values>
json::value record_entry(CommandContext& ctx, const Therapist& t, const char* record_type,
                         std::string_view sql, const Values&... values)
{
    const auto id = ctx.new_id();
    ctx.db.query(sql, id, t.id, values..., ctx.actor.username, format_instant(ctx.now())).run();
    ctx.touch(record_type, id);
    return recorded(id, t);
}

Result<json::value> add_credential(CommandContext& ctx)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "kind", "number", "issuer", "issued", "expires", "document"});
    const auto kind = p.text("kind");
    const auto rules = load_rules(ctx.db);
    if (!rules.kind(kind)) {
        std::string list;
        for (const auto& k : rules.kinds)
            list += (list.empty() ? "" : ", ") + k.kind;
        return invalid("kind: '" + kind + "' is not a credential kind this clinic recognises; use one of " + list
                           + " (owners and admins add kinds with `fascia vetting rules kind`)",
                       "kind");
    }
    const auto number = p.text("number");
    const auto issuer = p.text("issuer");
    const auto issued = past_date(ctx, p, "issued");
    const auto expires = p.optional_date("expires") ? std::optional(expiry_after(p, "expires", issued, "issued"))
                                                     : std::nullopt;
    auto same = ctx.db.query("SELECT id FROM vetting_credentials WHERE therapist_id = ? AND kind = ?"
                             " AND number = ? AND issued_on = ? AND withdrawn_at IS NULL",
                             t.id, kind, number, format_date(issued));
    if (same.step())
        return conflict(t.username + " already has this " + kind + " (no. " + number + ") recorded as "
                        + same.text(0));
    return record_entry(ctx, t, "vetting_credential",
                        "INSERT INTO vetting_credentials(id, therapist_id, kind, number, issuer, issued_on, expires_on,"
                        " document, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        kind, number, issuer, format_date(issued),
                        expires ? std::optional(format_date(*expires)) : std::nullopt,
                        p.optional_text("document").value_or(""));
}

Result<json::value> add_registration(CommandContext& ctx)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "body", "number", "issued", "expires", "document"});
    const auto body = p.text("body");
    const auto number = p.text("number");
    const auto [from, expires] = issued_to_expiry(p);
    auto same = ctx.db.query("SELECT id FROM vetting_registrations WHERE therapist_id = ? AND body = ?"
                             " COLLATE NOCASE AND number = ? AND expires_on = ? AND withdrawn_at IS NULL",
                             t.id, body, number, format_date(expires));
    if (same.step())
        return conflict(t.username + "'s registration with " + body + " (no. " + number + ") to "
                        + format_date(expires) + " is already recorded as " + same.text(0));
    return record_entry(ctx, t, "vetting_registration",
                        "INSERT INTO vetting_registrations(id, therapist_id, body, number, registered_on, expires_on,"
                        " document, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        body, number, format_date(from), format_date(expires),
                        p.optional_text("document").value_or(""));
}

Result<json::value> add_insurance(CommandContext& ctx)
{
    const auto [p, t] =
        about_therapist(ctx, {"therapist", "insurer", "policy", "cover", "currency", "issued", "expires", "document"});
    const auto insurer = p.text("insurer");
    const auto policy = p.text("policy");
    const auto currency = p.optional_text("currency").value_or(setting_text(ctx.db, "currency"));
    if (currency_exponent(currency) < 0)
        return invalid("currency: '" + currency + "' is not a supported ISO 4217 code (like GBP, AUD, USD)",
                       "currency");
    auto cover = Money::parse(p.text("cover"), currency);
    if (!cover)
        return invalid("cover: " + cover.error().message, "cover");
    if (cover->minor <= 0)
        return invalid("cover: the amount insured must be more than 0", "cover");
    const auto [from, expires] = issued_to_expiry(p);
    auto same = ctx.db.query("SELECT id FROM vetting_insurance WHERE therapist_id = ? AND insurer = ?"
                             " COLLATE NOCASE AND policy_number = ? AND expires_on = ? AND withdrawn_at IS NULL",
                             t.id, insurer, policy, format_date(expires));
    if (same.step())
        return conflict(t.username + "'s policy " + policy + " with " + insurer + " to " + format_date(expires)
                        + " is already recorded as " + same.text(0));
    return record_entry(ctx, t, "vetting_insurance",
                        "INSERT INTO vetting_insurance(id, therapist_id, insurer, policy_number, cover_minor, currency,"
                        " starts_on, expires_on, document, recorded_by, recorded_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        insurer, policy, cover->minor, cover->currency, format_date(from), format_date(expires),
                        p.optional_text("document").value_or(""));
}

Result<json::value> add_cpd(CommandContext& ctx)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "hours", "on", "topic", "provider"});
    const auto hundredths = hours_field(ctx, "hours");
    const auto on = past_date(ctx, p, "on");
    const auto topic = p.text("topic");
    return record_entry(ctx, t, "vetting_cpd",
                        "INSERT INTO vetting_cpd(id, therapist_id, hours_hundredths, completed_on, topic, provider,"
                        " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        hundredths, format_date(on), topic, p.optional_text("provider").value_or(""));
}

Result<json::value> record_check(CommandContext& ctx)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "item", "on", "note", "document"});
    const auto item = p.text("item");
    if (item != "identity" && item != "reference" && item != "documents")
        return invalid("item: '" + item + "' is not a checklist item; use identity, reference or documents",
                       "item");
    const auto on = p.optional_date("on") ? past_date(ctx, p, "on") : today(ctx);
    const auto note = p.optional_text("note").value_or("");
    if (item == "reference") {
        if (note.empty())
            return invalid("note: name the referee (and how to reach them) for a reference", "note");
        auto same = ctx.db.query("SELECT checked_on FROM vetting_checks WHERE therapist_id = ? AND item ="
                                 " 'reference' AND note = ? COLLATE NOCASE AND withdrawn_at IS NULL",
                                 t.id, note);
        if (same.step())
            return conflict("a reference from '" + note + "' was already checked for " + t.username + " on "
                            + same.text(0) + ": the two references must come from different people");
    }
    return record_entry(ctx, t, "vetting_check",
                        "INSERT INTO vetting_checks(id, therapist_id, item, checked_on, note, document, checked_by,"
                        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        item, format_date(on), note, p.optional_text("document").value_or(""));
}

Result<json::value> record_concern(CommandContext& ctx)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "concern", "on"});
    const auto concern = p.text("concern");
    const auto on = p.optional_date("on") ? past_date(ctx, p, "on") : today(ctx);
    return record_entry(ctx, t, "vetting_concern",
                        "INSERT INTO vetting_concerns(id, therapist_id, concern, raised_on, recorded_by, recorded_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        concern, format_date(on));
}

Result<json::value> resolve_concern(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "resolution"});
    const auto id = p.text("id");
    const auto resolution = p.text("resolution");
    auto q = ctx.db.query("SELECT therapist_id, resolved_at FROM vetting_concerns WHERE id = ?", id);
    if (!q.step())
        return invalid("id: there is no concern " + id + " (`fascia vetting show THERAPIST` lists them)", "id");
    const auto therapist_id = q.text(0);
    if (const auto resolved = q.optional_text(1))
        return conflict("concern " + id + " was already resolved at " + *resolved);
    ctx.db.query("UPDATE vetting_concerns SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                 format_instant(ctx.now()), ctx.actor.username, resolution, id)
        .run();
    ctx.touch("vetting_concern", id);
    return recorded(ctx.db, id, therapist_id);
}

Result<json::value> change_standing(CommandContext& ctx, bool suspend)
{
    const auto [p, t] = about_therapist(ctx, {"therapist", "reason", "from"});
    const auto reason = p.text("reason");
    const auto from = p.optional_date("from").value_or(today(ctx));
    const auto record = load_record(ctx.db, t);
    const auto rules = load_rules(ctx.db);
    const bool suspended = assess(record, rules, from).status == "suspended";
    if (suspend && suspended)
        return conflict(t.username + " is already suspended on " + format_date(from)
                        + "; `fascia vetting status` shows since when and why");
    if (!suspend && !suspended)
        return refused(t.username + " is not suspended on " + format_date(from) + ", so there is nothing to reinstate");
    return record_entry(ctx, t, suspend ? "vetting_suspension" : "vetting_reinstatement",
                        "INSERT INTO vetting_standing(id, therapist_id, action, reason, effective_on, recorded_by,"
                        " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        suspend ? "suspend" : "reinstate", reason, format_date(from));
}

Result<json::value> withdraw(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "reason"});
    const auto id = p.text("id");
    const auto reason = p.text("reason");
    for (const auto& table : withdrawable_tables()) {
        auto q = ctx.db.query(std::string("SELECT therapist_id, withdrawn_at FROM ") + table.table + " WHERE id = ?",
                              id);
        if (!q.step())
            continue;
        const auto therapist_id = q.text(0);
        if (const auto at = q.optional_text(1))
            return conflict("this " + std::string(table.what) + " was already withdrawn at " + *at);
        ctx.db.query(std::string("UPDATE ") + table.table
                         + " SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ? WHERE id = ?",
                     format_instant(ctx.now()), ctx.actor.username, reason, id)
            .run();
        ctx.touch(table.record_type, id);
        auto result = recorded(ctx.db, id, therapist_id);
        result.as_object()["withdrawn"] = table.what;
        return result;
    }
    return invalid("id: there is no credential, registration, insurance policy, CPD entry or check " + id
                       + " (`fascia vetting show THERAPIST --json` lists their ids)",
                   "id");
}

bool valid_code(std::string_view code)
{
    if (code.size() < 2 || code.size() > 48 || !(code[0] >= 'a' && code[0] <= 'z'))
        return false;
    return std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Result<json::value> set_credential_kind(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"kind", "label", "qualifying"});
    const auto kind = p.text("kind");
    if (!valid_code(kind))
        return invalid("kind: '" + kind + "' must be 2–48 lower-case letters, digits or '_', starting with a letter",
                       "kind");
    if (kind == qualifying_requirement)
        return invalid("kind: 'qualifying' names the group of qualifying kinds; choose another code", "kind");
    const auto label = p.optional_text("label");
    if (label && label->empty())
        return invalid("label: must not be empty", "label");
    const auto qualifying = p.optional_boolean("qualifying");
    auto existing = ctx.db.query("SELECT 1 FROM vetting_credential_kinds WHERE kind = ?", kind);
    if (existing.step()) {
        if (!label && !qualifying)
            return invalid("nothing to change: give a label or whether the kind is qualifying");
        ctx.db.query("UPDATE vetting_credential_kinds SET label = coalesce(?, label),"
                     " qualifying = coalesce(?, qualifying) WHERE kind = ?",
                     label, qualifying ? std::optional<std::int64_t>(*qualifying ? 1 : 0) : std::nullopt, kind)
            .run();
    } else {
        if (!label)
            return invalid("label: is required for a new credential kind (e.g. \"Cupping certificate\")", "label");
        ctx.db.query("INSERT INTO vetting_credential_kinds(kind, label, qualifying) VALUES (?, ?, ?)", kind,
                     *label, qualifying.value_or(false) ? 1 : 0)
            .run();
    }
    ctx.touch("vetting_rules", "kind:" + kind);
    return json::value(json::object{{"kind", kind}});
}

Result<json::value> set_privilege(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"modality", "requires"});
    const auto modality = p.text("modality");
    require_modality(modality);
    const auto* requires_field = ctx.command.payload.if_contains("requires");
    if (!requires_field || !requires_field->is_array())
        return invalid("requires: expected a list of credential kinds (or \"qualifying\"); an empty list means "
                       "an approved status is enough",
                       "requires");
    const auto rules = load_rules(ctx.db);
    std::set<std::string> requirements;
    for (const auto& r : requires_field->as_array()) {
        if (!r.is_string())
            return invalid("requires: expected text in the list", "requires");
        const std::string code(r.as_string());
        if (code != qualifying_requirement && !rules.kind(code))
            return invalid("requires: '" + code + "' is neither \"qualifying\" nor a credential kind of this clinic",
                           "requires");
        requirements.insert(code);
    }
    ctx.db.query("DELETE FROM vetting_privilege_requirements WHERE modality = ?", modality).run();
    for (const auto& r : requirements)
        ctx.db.query("INSERT INTO vetting_privilege_requirements(modality, requirement) VALUES (?, ?)", modality, r)
            .run();
    ctx.touch("vetting_rules", "privilege:" + modality);
    json::array list;
    for (const auto& r : requirements)
        list.push_back(json::string(r));
    return json::value(json::object{{"modality", modality}, {"requires", std::move(list)}});
}

Result<json::value> set_warnings(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"warning_days"});
    const auto* w = ctx.command.payload.if_contains("warning_days");
    if (!w || !w->is_array())
        return invalid("warning_days: expected a list of whole numbers of days, e.g. [60, 30, 7] ([] for none)",
                       "warning_days");
    std::set<std::int64_t> days;
    for (const auto& d : w->as_array()) {
        if (!d.is_int64() || d.as_int64() < 1 || d.as_int64() > 365)
            return invalid("warning_days: each must be a whole number of days from 1 to 365 (got "
                               + json::serialize(d) + ")",
                           "warning_days");
        days.insert(d.as_int64());
    }
    ctx.db.exec("DELETE FROM vetting_warning_thresholds");
    for (auto d : days)
        ctx.db.query("INSERT INTO vetting_warning_thresholds(days) VALUES (?)", d).run();
    ctx.touch("vetting_rules", "warning_days");
    json::array list;
    for (auto it = days.rbegin(); it != days.rend(); ++it)
        list.push_back(*it);
    return json::value(json::object{{"warning_days", std::move(list)}});
}

} // namespace

const std::vector<Role>& manage_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin};
    return roles;
}

const std::vector<Role>& standing_roles()
{
    static const std::vector<Role> roles{Role::owner};
    return roles;
}

void add_commands(PluginContext& context)
{
    const auto add = [&](std::string type, std::string summary, const std::vector<Role>& roles,
                         CommandHandler handler) {
        context.add_command({.type = std::move(type),
                             .summary = std::move(summary),
                             .roles = roles,
                             .handler = std::move(handler)});
    };
    add("vetting.add_credential", "Record a therapist's credential (qualification, licence, certificate)",
        manage_roles(), add_credential);
    add("vetting.add_registration", "Record a therapist's registration with a professional body", manage_roles(),
        add_registration);
    add("vetting.add_insurance", "Record a therapist's professional indemnity insurance", manage_roles(),
        add_insurance);
    add("vetting.add_cpd", "Log continuing professional development hours", manage_roles(), add_cpd);
    add("vetting.record_check", "Tick a vetting checklist item: identity, a reference or documents sighted",
        manage_roles(), record_check);
    add("vetting.record_concern", "Record a concern about a therapist", manage_roles(), record_concern);
    add("vetting.resolve_concern", "Close a concern with what was done about it", manage_roles(),
        resolve_concern);
    add("vetting.suspend", "Suspend a therapist (owner only), with a reason", standing_roles(),
        [](CommandContext& ctx) { return change_standing(ctx, true); });
    add("vetting.reinstate", "Lift a therapist's suspension (owner only), with a reason", standing_roles(),
        [](CommandContext& ctx) { return change_standing(ctx, false); });
    add("vetting.withdraw", "Withdraw a vetting entry recorded in error, with a reason", manage_roles(), withdraw);
    add("vetting.set_credential_kind", "Add or change a credential kind the clinic recognises", manage_roles(),
        set_credential_kind);
    add("vetting.set_privilege", "Set what a modality requires beyond an approved status", manage_roles(),
        set_privilege);
    add("vetting.set_warnings", "Change how many days ahead expiry warnings are given", manage_roles(),
        set_warnings);

    // The numbers are clinic settings like any other, changed through settings.update (owner and admin).
    const auto defaults = Rules::defaults();
    context.add_setting({"vetting.cpd_hours_required", "CPD hours a therapist needs in the CPD window",
                         defaults.cpd_required_hundredths / 100, 0, 500});
    context.add_setting({"vetting.cpd_window_months", "Months the CPD requirement counts back from a session",
                         defaults.cpd_window_months, 1, 60});
    context.add_setting({"vetting.references_required", "References checked before a therapist is approved",
                         defaults.references_required, 0, 10});
}

} // namespace fascia::vetting
