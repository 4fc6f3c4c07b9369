// The core's own commands: clients, staff, the services catalogue, settings.
#include <fascia/catalogue.h>
#include <fascia/client_identity.h>
#include <fascia/clients.h>
#include <fascia/clinic.h>
#include <fascia/staff.h>
#include <fascia/extensions.h>
#include <fascia/locale.h>
#include <fascia/money.h>
#include <fascia/passwords.h>
#include <fascia/payload.h>
#include <fascia/signing.h>
#include <fascia/sync_protocol.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace fascia {

namespace json = boost::json;

namespace {

const std::vector<Role> desk_roles{Role::owner, Role::admin, Role::front_desk};
const std::vector<Role> management_roles{Role::owner, Role::admin};
const std::vector<Role> everyone{Role::owner, Role::admin, Role::front_desk, Role::therapist};

[[noreturn]] void reject(Error e)
{
    throw Failure(std::move(e));
}

std::string setting(Database& db, std::string_view key)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    return q.step() ? q.text(0) : std::string();
}

/// A phone number read with the clinic's country: nullopt when none was given,
/// an empty number when it was given as "" (cleared); bad input otherwise.
std::optional<PhoneNumber> read_phone(const std::optional<std::string>& typed, Database& db)
{
    if (!typed)
        return std::nullopt;
    if (typed->find_first_not_of(" \t") == std::string::npos)
        return PhoneNumber{};
    auto phone = parse_phone(*typed, clinic_country(db));
    if (!phone)
        reject(phone.error());
    return *phone;
}

/// The email as stored (trimmed), checked well enough to catch typing mistakes.
std::optional<std::string> read_email(const std::optional<std::string>& typed)
{
    if (!typed)
        return std::nullopt;
    auto email = trim_space(*typed);
    if (!email.empty() && !plausible_email(email))
        reject(invalid("email: '" + email + "' is not an email address (like name@example.com)",
                       "email"));
    return email;
}

void check_date_of_birth(const std::chrono::year_month_day& dob, const CommandContext& ctx)
{
    using namespace std::chrono;
    if (sys_days{dob} > sys_days{utc_date(ctx.now())})
        reject(invalid("date_of_birth: " + format_date(dob) + " is in the future", "date_of_birth"));
    if (dob.year() < year{1900})
        reject(invalid("date_of_birth: " + format_date(dob) + " is before 1900; check the year",
                       "date_of_birth"));
}

/// Names hold no control characters (client_identity.h).
void check_names(const Payload& p)
{
    for (const char* field : {"first_name", "last_name", "preferred_name"})
        if (const auto name = p.optional_text(field))
            if (const auto problem = name_problem(field, *name))
                reject(invalid(*problem, field));
}

Result<json::value> create_client(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"first_name", "last_name", "preferred_name", "date_of_birth", "phone", "email", "address",
            "health_consent", "allow_duplicate"});
    const auto first = p.text("first_name");
    const auto last = p.text("last_name");
    const auto dob = p.date("date_of_birth");
    check_date_of_birth(dob, ctx);
    check_names(p);
    const auto phone = read_phone(p.optional_text("phone"), ctx.db);
    const auto email = read_email(p.optional_text("email"));
    if (!p.optional_boolean("allow_duplicate").value_or(false)) {
        // Names folded as search folds them: "zoe SMITH" is Zoë Smith.
        if (const auto same = client_with_name_and_birth(ctx.db, first, last, format_date(dob)))
            return conflict("a client called " + first + " " + last + " born " + format_date(dob)
                            + " already exists (" + *same
                            + "): open that file, or add allow_duplicate if this is someone else");
    }
    const std::string id = ctx.new_id();
    const std::string now = format_instant(ctx.now());
    const bool consent = p.optional_boolean("health_consent").value_or(false);
    const PhoneNumber number = phone.value_or(PhoneNumber{});
    ctx.db.query("INSERT INTO clients(id, first_name, last_name, preferred_name, date_of_birth, phone,"
                 " email, address, health_consent_at, health_consent_recorded_by, created_at,"
                 " updated_at, phone_e164, phone_tail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 id, first, last, p.optional_text("preferred_name").value_or(""), format_date(dob),
                 number.typed, email.value_or(""), p.optional_text("address").value_or(""),
                 consent ? std::optional(now) : std::nullopt,
                 consent ? std::optional(ctx.actor.username) : std::nullopt, now, now, number.e164,
                 phone_tail(number.e164))
        .run();
    ctx.touch("client", id);
    return json::value(json::object{{"id", id}});
}

Result<json::value> update_client(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "email",
            "address"});
    const auto id = p.text("id");
    const auto client = find_client(ctx.db, id);
    if (!client)
        return invalid("id: there is no client " + id + "; `fascia clients find NAME` looks one up", "id");
    if (client->merged_into)
        return refused("client " + id + " was merged into " + *client->merged_into
                           + ": change that record instead",
                       "client_merged");
    const auto phone = read_phone(p.optional_text("phone"), ctx.db);
    const auto email = read_email(p.optional_text("email"));
    auto dob = p.optional_date("date_of_birth");
    if (dob)
        check_date_of_birth(*dob, ctx);
    check_names(p);
    for (const char* required : {"first_name", "last_name"})
        if (p.has(required))
            (void)p.text(required); // present means non-empty
    ctx.db.query("UPDATE clients SET"
                 " first_name = coalesce(?, first_name), last_name = coalesce(?, last_name),"
                 " preferred_name = coalesce(?, preferred_name),"
                 " date_of_birth = coalesce(?, date_of_birth), phone = coalesce(?, phone),"
                 " phone_e164 = coalesce(?, phone_e164), phone_tail = coalesce(?, phone_tail),"
                 " email = coalesce(?, email), address = coalesce(?, address), updated_at = ?"
                 " WHERE id = ?",
                 p.optional_text("first_name"), p.optional_text("last_name"),
                 p.optional_text("preferred_name"),
                 dob ? std::optional(format_date(*dob)) : std::nullopt,
                 phone ? std::optional(phone->typed) : std::nullopt,
                 phone ? std::optional(phone->e164) : std::nullopt,
                 phone ? std::optional(phone_tail(phone->e164)) : std::nullopt, email,
                 p.optional_text("address"), format_instant(ctx.now()), id)
        .run();
    ctx.touch("client", id);
    return json::value(json::object{{"id", id}});
}

Result<json::value> record_consent(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"client_id", "given"});
    const auto id = p.text("client_id");
    const bool given = p.boolean("given");
    if (!find_client(ctx.db, id))
        return invalid("client_id: there is no client " + id + "; `fascia clients find NAME` looks one up",
                       "client_id");
    const std::string now = format_instant(ctx.now());
    ctx.db.query("UPDATE clients SET health_consent_at = ?, health_consent_recorded_by = ?,"
                 " updated_at = ? WHERE id = ?",
                 given ? std::optional(now) : std::nullopt,
                 given ? std::optional(ctx.actor.username) : std::nullopt, now, id)
        .run();
    ctx.touch("client", id);
    return json::value(json::object{{"id", id}, {"health_consent", given}});
}

/// clients.merge: `other` becomes a merged record pointing at `keep`, after
/// every module has moved its records of `other` to `keep` in this transaction.
Result<json::value> merge_clients(CommandContext& ctx, const Extensions& extensions)
{
    const Payload p(ctx.command.payload);
    p.only({"keep", "other"});
    const auto keep_id = p.text("keep");
    const auto other_id = p.text("other");
    if (keep_id == other_id)
        return invalid("other: a client cannot be merged into itself; give two different ids", "other");
    std::optional<Client> records[2] = {find_client(ctx.db, keep_id), find_client(ctx.db, other_id)};
    for (int i = 0; i < 2; ++i) {
        const auto& id = i == 0 ? keep_id : other_id;
        // An id that names nobody is a mistyped argument (exit 2), not a rule's refusal.
        if (!records[i])
            return invalid(std::string(i == 0 ? "keep" : "other") + ": there is no client " + id
                               + "; `fascia clients find NAME` looks one up",
                           i == 0 ? "keep" : "other");
        if (records[i]->merged_into)
            return refused("client " + id + " was already merged into " + *records[i]->merged_into
                               + "; merge into that record instead",
                           "client_merged");
    }
    json::object moved;
    for (const auto& step : extensions.client_merge_steps) {
        auto n = step.run(ctx, keep_id, other_id);
        if (!n)
            return n.error();
        moved[step.name] = *n;
    }
    // What only the other record knew fills the kept one's empty fields.
    const auto& other = *records[1];
    ctx.db.query("UPDATE clients SET"
                 " phone = CASE WHEN phone = '' THEN ?1 ELSE phone END,"
                 " phone_e164 = CASE WHEN phone = '' THEN ?2 ELSE phone_e164 END,"
                 " phone_tail = CASE WHEN phone = '' THEN ?3 ELSE phone_tail END,"
                 " email = CASE WHEN email = '' THEN ?4 ELSE email END,"
                 " address = CASE WHEN address = '' THEN ?5 ELSE address END,"
                 " preferred_name = CASE WHEN preferred_name = '' THEN ?6 ELSE preferred_name END,"
                 " updated_at = ?7 WHERE id = ?8",
                 other.phone, other.phone_e164, phone_tail(other.phone_e164), other.email, other.address,
                 other.preferred_name, format_instant(ctx.now()), keep_id)
        .run();
    ctx.db.query("UPDATE clients SET merged_into = ?, updated_at = ? WHERE id = ?", keep_id,
                 format_instant(ctx.now()), other_id)
        .run();
    ctx.touch("client", keep_id);
    return json::value(json::object{{"kept", keep_id}, {"merged", other_id}, {"moved", moved}});
}

bool valid_username(std::string_view name)
{
    if (name.size() < 2 || name.size() > 32)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))
               || c == '.' || c == '_' || c == '-';
    });
}

Role role_field(const Payload& p)
{
    const auto text = p.text("role");
    const auto role = parse_role(text);
    if (!role)
        reject(invalid("role: '" + text + "' is not a role; use owner, admin, front_desk or therapist",
                       "role"));
    return *role;
}

Result<json::value> create_staff(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"username", "display_name", "role"});
    const auto username = p.text("username");
    if (!valid_username(username))
        return invalid("username: '" + username
                           + "' must be 2–32 lower-case letters, digits, '.', '_' or '-'",
                       "username");
    const Role role = role_field(p);
    if (role == Role::owner && ctx.actor.role != Role::owner)
        return forbidden("only an owner may create another owner");
    if (find_staff(ctx.db, username))
        return conflict("there is already a staff user called " + username);
    const std::string id = ctx.new_id();
    const std::string now = format_instant(ctx.now());
    ctx.db.query("INSERT INTO staff(id, username, display_name, role, active, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, 1, ?, ?)",
                 id, username, p.optional_text("display_name").value_or(username),
                 to_string(role), now, now)
        .run();
    ctx.touch("staff", id);
    return json::value(json::object{{"id", id}, {"username", username}});
}

Result<json::value> update_staff(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"username", "display_name", "role", "active"});
    const auto username = p.text("username");
    const auto member = find_staff(ctx.db, username);
    if (!member)
        return not_found("there is no staff user " + username);
    const auto role = p.has("role") ? std::optional(role_field(p)) : std::nullopt;
    const auto active = p.optional_boolean("active");
    if ((role == Role::owner || member->role == Role::owner) && ctx.actor.role != Role::owner)
        return forbidden("only an owner may change an owner's account");
    const bool stops_being_owner = member->role == Role::owner && member->active
                                   && ((role && *role != Role::owner) || active == false);
    if (stops_being_owner) {
        auto owners = ctx.db.query("SELECT count(*) FROM staff WHERE role = 'owner' AND active = 1");
        owners.step();
        if (owners.integer(0) <= 1)
            return refused(username + " is the clinic's only active owner: make someone else an "
                                      "owner first");
    }
    ctx.db.query("UPDATE staff SET display_name = coalesce(?, display_name), role = coalesce(?, role),"
                 " active = coalesce(?, active), updated_at = ? WHERE id = ?",
                 p.optional_text("display_name"),
                 role ? std::optional(std::string(to_string(*role))) : std::nullopt,
                 active ? std::optional<std::int64_t>(*active ? 1 : 0) : std::nullopt,
                 format_instant(ctx.now()), member->id)
        .run();
    ctx.touch("staff", member->id);
    return json::value(json::object{{"id", member->id}, {"username", json::string(member->username)}});
}

Result<json::value> upsert_service(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"id", "name", "modality", "duration_minutes", "price", "currency", "active"});
    const auto name = p.text("name");
    const auto modality = p.text("modality");
    const auto& known = known_modalities();
    if (std::find(known.begin(), known.end(), modality) == known.end()) {
        std::string list;
        for (const auto& m : known)
            list += (list.empty() ? "" : ", ") + m;
        return invalid("modality: '" + modality + "' is not one of " + list, "modality");
    }
    const auto minutes = p.integer("duration_minutes", 5, 480);
    const auto currency = p.optional_text("currency").value_or(setting(ctx.db, "currency"));
    auto price = Money::parse(p.text("price"), currency);
    if (!price)
        return price.error();
    const bool active = p.optional_boolean("active").value_or(true);
    const std::string now = format_instant(ctx.now());
    auto id = p.optional_text("id");
    if (id) {
        if (!find_service(ctx.db, *id))
            return not_found("there is no service " + *id);
    } else {
        auto same = ctx.db.query("SELECT id FROM services WHERE name = ? COLLATE NOCASE", name);
        if (same.step())
            return conflict("there is already a service called '" + name + "' (" + same.text(0)
                            + "): pass its id to change it");
        id = ctx.new_id();
        ctx.db.query("INSERT INTO services(id, name, modality, duration_minutes, price_minor, currency,"
                     " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     *id, name, modality, minutes, price->minor, price->currency, active ? 1 : 0, now,
                     now)
            .run();
        ctx.touch("service", *id);
        return json::value(json::object{{"id", *id}});
    }
    ctx.db.query("UPDATE services SET name = ?, modality = ?, duration_minutes = ?, price_minor = ?,"
                 " currency = ?, active = ?, updated_at = ? WHERE id = ?",
                 name, modality, minutes, price->minor, price->currency, active ? 1 : 0, now, *id)
        .run();
    ctx.touch("service", *id);
    return json::value(json::object{{"id", *id}});
}

/// {"mon": ["09:00", "17:30"], "sun": null, ...}: every day named, times HH:MM, open before close.
void check_opening_hours(const json::value& hours)
{
    const auto bad = [](const std::string& why) {
        reject(invalid("opening_hours: " + why, "opening_hours"));
    };
    if (!hours.is_object())
        bad("expected an object with a key per day, mon to sun");
    static const std::vector<std::string> days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const auto& [day, value] : hours.as_object())
        if (std::find(days.begin(), days.end(), std::string(day)) == days.end())
            bad("'" + std::string(day) + "' is not a day; use mon, tue, wed, thu, fri, sat, sun");
    const auto minutes = [&](const json::value& v, const std::string& day) {
        if (!v.is_string() || v.as_string().size() != 5 || v.as_string()[2] != ':')
            bad(day + ": times are written HH:MM");
        const std::string t(v.as_string());
        if (!std::isdigit(static_cast<unsigned char>(t[0])) || !std::isdigit(static_cast<unsigned char>(t[1]))
            || !std::isdigit(static_cast<unsigned char>(t[3])) || !std::isdigit(static_cast<unsigned char>(t[4])))
            bad(day + ": times are written HH:MM");
        const int h = std::stoi(t.substr(0, 2)), m = std::stoi(t.substr(3, 2));
        if (h > 23 || m > 59)
            bad(day + ": '" + t + "' is not a time of day");
        return h * 60 + m;
    };
    for (const auto& day : days) {
        const auto* v = hours.as_object().if_contains(day);
        if (!v)
            bad(day + " is missing (use null for a day the clinic is closed)");
        if (v->is_null())
            continue;
        if (!v->is_array() || v->as_array().size() != 2)
            bad(day + ": expected [\"opens\", \"closes\"] or null");
        if (minutes(v->as_array()[0], day) >= minutes(v->as_array()[1], day))
            bad(day + ": the clinic must open before it closes");
    }
}

Result<json::value> update_settings(CommandContext& ctx, const Extensions& extensions)
{
    const Payload p(ctx.command.payload);
    p.only({"name", "time_zone", "currency", "address", "opening_hours", "modules", "country"});
    const auto name = p.optional_text("name");
    auto country = p.optional_text("country");
    if (country) {
        std::transform(country->begin(), country->end(), country->begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (!is_known_country(*country))
            return invalid("country: '" + *country
                               + "' is not a two-letter country code (ISO 3166-1, like GB, AU, NZ, US, IE, CA)",
                           "country");
    }
    const auto zone = p.optional_text("time_zone");
    const auto currency = p.optional_text("currency");
    const auto address = p.optional_text("address");
    if (name && name->empty())
        return invalid("name: the clinic needs a name", "name");
    if (zone && !is_known_time_zone(*zone))
        return invalid("time_zone: '" + *zone
                           + "' is not an IANA time zone (like Europe/London or Australia/Sydney)",
                       "time_zone");
    if (currency && currency_exponent(*currency) < 0)
        return invalid("currency: '" + *currency + "' is not a supported ISO 4217 code", "currency");
    std::vector<std::pair<std::string, std::string>> changes;
    for (const auto& [key, value] : {std::pair{"name", name}, {"time_zone", zone}, {"currency", currency},
                                     {"address", address}, {"country", country}})
        if (value)
            changes.emplace_back(key, *value);
    if (const auto* hours = ctx.command.payload.if_contains("opening_hours"); hours && !hours->is_null()) {
        check_opening_hours(*hours);
        changes.emplace_back("opening_hours", json::serialize(*hours));
    }
    if (const auto* modules = ctx.command.payload.if_contains("modules")) {
        if (!modules->is_object())
            return invalid("modules: expected an object of setting keys and whole numbers", "modules");
        for (const auto& [key, value] : modules->as_object()) {
            const auto* def = extensions.setting(key);
            if (!def)
                return invalid("modules: there is no setting '" + std::string(key) + "'", std::string(key));
            const std::string k(key);
            const auto n = Payload(modules->as_object()).integer(k, def->minimum, def->maximum);
            const auto rule = def->country_rule ? def->country_rule(country.value_or(clinic_country(ctx.db)))
                                                : std::nullopt;
            if (rule && n < rule->minimum)
                return refused(k + ": " + std::to_string(n) + " is below " + std::to_string(rule->minimum)
                                   + ", the least allowed in " + country.value_or(clinic_country(ctx.db))
                                   + ": " + rule->reason,
                               "country_minimum");
            changes.emplace_back(k, std::to_string(n));
        }
    }
    if (changes.empty())
        return invalid("nothing to change: give at least one setting");
    for (const auto& [key, value] : changes)
        ctx.db.query("INSERT INTO clinic_settings(key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     key, value)
            .run();
    ctx.touch("settings", "clinic");
    return json::value(json::object{{"updated", changes.size()}});
}

Result<json::value> set_password(CommandContext& ctx)
{
    const Payload p(ctx.command.payload);
    p.only({"username", "password_hash", "signing_key"});
    const auto username = p.text("username");
    const auto hash = p.text("password_hash");
    if (!is_password_hash(hash))
        return invalid("password_hash: expected an Argon2id hash within Fascia's parameters; commands never "
                       "carry a password itself",
                       "password_hash");
    // The user's new signing key, its secret sealed under the new password (signing.h).
    std::optional<SealedSigningKey> key;
    if (const auto* k = ctx.command.payload.if_contains("signing_key"); k && !k->is_null()) {
        const auto* o = k->if_object();
        const auto* pk = o ? o->if_contains("public_key") : nullptr;
        const auto* sealed = o ? o->if_contains("sealed") : nullptr;
        const auto raw = pk && pk->is_string() ? sync::from_base64(pk->get_string()) : std::nullopt;
        if (!raw || raw->size() != 32 || !sealed || !sealed->is_string() || sealed->get_string().size() > 400)
            return invalid("signing_key: expected {\"public_key\", \"sealed\"} from new_signing_key", "signing_key");
        key = SealedSigningKey{std::string(pk->get_string()), std::string(sealed->get_string())};
    }
    const auto member = find_staff(ctx.db, username);
    if (!member)
        return not_found("there is no staff user " + username);
    const bool self = member->id == ctx.actor.user_id;
    const bool manager = ctx.actor.role == Role::owner || ctx.actor.role == Role::admin;
    if (!self && !manager)
        return forbidden("only an owner or admin may set someone else's password");
    if (!self && member->role == Role::owner && ctx.actor.role != Role::owner)
        return forbidden("only an owner may set an owner's password");
    ctx.db.query("UPDATE staff SET password_hash = ?, updated_at = ? WHERE id = ?", hash,
                 format_instant(ctx.now()), member->id)
        .run();
    if (key)
        ctx.db.query("INSERT INTO staff_keys(public_key, staff_id, sealed_secret, created_at) VALUES (?, ?, ?, ?)",
                     key->public_key, member->id, key->sealed, format_instant(ctx.now()))
            .run();
    ctx.touch("staff", member->id);
    return json::value(json::object{{"id", member->id}});
}

} // namespace

void register_core(Extensions& extensions)
{
    auto add = [&](std::string type, std::string summary, std::vector<Role> roles, CommandHandler h) {
        (void)extensions.commands.add({std::move(type), std::move(summary), std::move(roles), std::move(h)});
    };
    add("clients.create", "Add a client", desk_roles, create_client);
    add("clients.update", "Change a client's details", desk_roles, update_client);
    add("clients.record_consent", "Record or withdraw consent to store health data", everyone,
        record_consent);
    add("clients.merge", "Merge two records of the same client into one", management_roles,
        [&extensions](CommandContext& ctx) { return merge_clients(ctx, extensions); });
    add("staff.create", "Add a staff user", management_roles, create_staff);
    add("staff.update", "Change a staff user's name, role or active state", management_roles,
        update_staff);
    add("services.upsert", "Add or change a service in the catalogue", management_roles,
        upsert_service);
    add("staff.set_password", "Set a staff user's password (as an Argon2id hash)", everyone,
        set_password);
    add("settings.update", "Change the clinic's settings and the modules' settings", management_roles,
        [&extensions](CommandContext& ctx) { return update_settings(ctx, extensions); });
    extensions.settings.push_back({"desk.lock_after_minutes",
                                   "Lock an idle desk after this many minutes", 5, 1, 240, "core"});
    // The sync server's trust in a desk's clock (docs/PROTOCOL.md, "Time the server believes").
    extensions.settings.push_back({"sync.clock_ahead_minutes",
                                   "Refuse a synced command stamped more than this many minutes ahead of the server",
                                   5, 1, 60, "core"});
    extensions.settings.push_back({"sync.offline_window_hours",
                                   "Judge a synced command older than this many hours at the server's time",
                                   72, 1, 24 * 30, "core"});
    for (auto& m : core_migrations()) {
        // 0005 adds phone_e164; the numbers already stored are read by libphonenumber,
        // which SQL cannot call, in the migration's own transaction (not a command:
        // it is the schema change completing, on every copy of the clinic alike).
        if (m.component == "core" && m.number == 5)
            m.then = [](Database& db) { (void)derive_missing_phone_keys(db); };
        extensions.migrations.push_back(std::move(m));
    }
}

} // namespace fascia
