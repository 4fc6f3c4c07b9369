// Records: clients, staff and the services catalogue.
#include "commands.h"

#include <fascia/catalogue.h>
#include <fascia/cli_support.h>
#include <fascia/client_import.h>
#include <fascia/clients.h>
#include <fascia/locale.h>
#include <fascia/passwords.h>
#include <fascia/signing.h>
#include <fascia/staff.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>

#include <termios.h>
#include <unistd.h>

namespace fascia::cli {

namespace json = boost::json;

namespace {

/// Copies an option into the payload when it was given.
void put(json::object& p, std::string_view key, const std::optional<std::string>& value)
{
    if (value)
        p[key] = *value;
}

struct ClientOptions {
    std::string id;
    std::optional<std::string> first_name, last_name, preferred_name, dob, phone, email, address, key;
    bool consent = false;
    bool allow_duplicate = false;
};

void client_fields(CLI::App* cmd, ClientOptions& o, bool names_required)
{
    auto* first = cmd->add_option("--first-name", o.first_name, "First name");
    auto* last = cmd->add_option("--last-name", o.last_name, "Last name");
    auto* dob = cmd->add_option("--dob", o.dob, "Date of birth, YYYY-MM-DD");
    if (names_required) {
        first->required();
        last->required();
        dob->required();
    }
    cmd->add_option("--preferred-name", o.preferred_name, "Name the client goes by");
    cmd->add_option("--phone", o.phone,
                    "Phone number, written any usual way (read with the clinic's country)");
    cmd->add_option("--email", o.email, "Email address");
    cmd->add_option("--address", o.address, "Postal address");
    cmd->add_option("--key", o.key, "Idempotency key: sending the same key again changes nothing");
}

json::object client_payload(const ClientOptions& o)
{
    json::object p;
    put(p, "first_name", o.first_name);
    put(p, "last_name", o.last_name);
    put(p, "preferred_name", o.preferred_name);
    put(p, "date_of_birth", o.dob);
    put(p, "phone", o.phone);
    put(p, "email", o.email);
    put(p, "address", o.address);
    return p;
}

/// The phone as the clinic's country writes it ("07700 900123"), else as typed.
std::string shown_phone(const Client& c, const std::string& country)
{
    return c.phone_e164.empty() ? c.phone : format_phone(c.phone_e164, country);
}

void print_client_line(Session& s, const Client& c, const std::string& country)
{
    s.out() << c.id << "  " << c.display_name() << "  " << c.date_of_birth;
    if (!c.phone.empty())
        s.out() << "  " << shown_phone(c, country);
    if (!c.email.empty())
        s.out() << "  " << c.email;
    s.out() << '\n';
}

void add_client_import(CLI::App& clients, Session& session, Action& action)
{
    struct Import {
        std::string file, map, encoding, date_format;
        bool dry_run = false;
    };
    auto o = std::make_shared<Import>();
    auto* cmd = clients.add_subcommand(
        "import", "Import clients from another system's CSV export (nothing is written if a row is wrong)");
    cmd->add_option("file", o->file, "The CSV file")->required();
    cmd->add_option("--map", o->map,
                    "Columns to fields, e.g. \"Given=first_name,Notes=\" (an empty field skips a column); "
                    "common headers are recognised without it");
    cmd->add_option("--encoding", o->encoding, "utf-8 or windows-1252 (default: detected)");
    cmd->add_option("--date-format", o->date_format,
                    "dmy, mdy or ymd (default: the clinic's country's, e.g. dmy for GB and AU)");
    cmd->add_flag("--dry-run", o->dry_run, "Report what would happen to each row; change nothing");
    cmd->callback([&, o] {
        action = [&, o]() -> int {
            ImportOptions options;
            options.explicit_map = o->map;
            options.dry_run = o->dry_run;
            if (!o->encoding.empty() && !(options.encoding = parse_text_encoding(o->encoding)))
                return fail(session, invalid("--encoding: '" + o->encoding + "' is not utf-8 or windows-1252",
                                             "encoding"));
            if (!o->date_format.empty() && !(options.date_order = parse_date_order(o->date_format)))
                return fail(session, invalid("--date-format: '" + o->date_format + "' is not dmy, mdy or ymd",
                                             "date_format"));
            std::ifstream in(o->file, std::ios::binary);
            if (!in)
                return fail(session, invalid("cannot read " + o->file + ": check the path", "file"));
            const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            auto actor = session.actor();
            if (!actor)
                return fail(session, actor.error());
            options.actor = *actor;
            if (!session.json())
                options.progress = [&](std::size_t done, std::size_t total) {
                    if (total >= 2000)
                        session.err() << "imported " << done << " of " << total << " rows\r" << std::flush;
                    return true;
                };
            auto report = import_clients(**clinic, bytes, options);
            if (!report)
                return fail(session, report.error());
            const auto errors = report->count(ImportOutcome::error);
            if (session.json()) {
                print_json(session, report->to_json());
                return errors ? 2 : 0;
            }
            auto& out = errors ? session.err() : session.out();
            if (const auto ignored = report->ignored_columns(); !ignored.empty()) {
                std::string names;
                for (const auto& name : ignored)
                    names += (names.empty() ? "'" : ", '") + name + "'";
                out << "Not imported: the column" << (ignored.size() > 1 ? "s " : " ") << names
                    << " (no client field); to import one, give --map \"" << ignored.front() << "=FIELD\"\n";
            }
            for (const auto& r : report->rows) {
                // A dry run shows what would happen to every row (that is what it is
                // for); an import lists only rows that need a look, the summary
                // counts the rest.
                if (!report->dry_run
                    && (r.outcome == ImportOutcome::created || r.outcome == ImportOutcome::present))
                    continue;
                out << "row " << r.row << "  "
                    << (report->dry_run && r.outcome == ImportOutcome::created ? "to create"
                                                                               : to_string(r.outcome))
                    << "  " << r.name;
                if (!r.client_id.empty())
                    out << "  " << r.client_id;
                if (!r.reason.empty())
                    out << "  (" << r.reason << ")";
                out << '\n';
            }
            out << (report->dry_run ? "Dry run, nothing changed: " : errors ? "Nothing imported: " : "Imported: ")
                << report->count(ImportOutcome::created) << (report->dry_run || errors ? " to create, " : " created, ")
                << report->count(ImportOutcome::review) << " for review, "
                << report->count(ImportOutcome::matched) << " matched existing clients, "
                << report->count(ImportOutcome::present) << " already present (imported by an earlier run of "
                << "this file), " << errors << " rows with errors (" << to_string(report->encoding) << ", dates "
                << to_string(report->date_order) << ")\n";
            if (errors)
                out << "Fix the rows above (or give --map, --date-format or --encoding) and run it again.\n";
            return errors ? 2 : 0;
        };
    });
}

void add_client_merge(CLI::App& clients, Session& session, Action& action)
{
    struct Merge {
        std::string keep, other;
        std::optional<std::string> key;
    };
    auto o = std::make_shared<Merge>();
    auto* cmd = clients.add_subcommand(
        "merge", "Merge two records of one client: OTHER's screenings, vouchers and the rest move to KEEP");
    cmd->add_option("keep", o->keep, "Id of the record to keep")->required();
    cmd->add_option("other", o->other, "Id of the duplicate; it stays, marked as merged into KEEP")->required();
    cmd->add_option("--key", o->key, "Idempotency key: sending the same key again changes nothing");
    cmd->callback([&, o] {
        action = [&, o]() -> int {
            auto r = session.execute("clients.merge", {{"keep", o->keep}, {"other", o->other}},
                                     o->key.value_or(""));
            std::string sentence;
            if (r) {
                sentence = "Merged " + o->other + " into " + o->keep;
                for (const auto& [what, n] : r->result.at("moved").as_object())
                    sentence += "; " + std::string(what) + ": " + std::to_string(n.to_number<std::int64_t>()) + " moved";
            }
            return finish(session, r, sentence);
        };
    });
}

void add_clients(CLI::App& app, Session& session, Action& action)
{
    auto* clients = app.add_subcommand("clients", "Add, change, find and show clients");
    clients->require_subcommand(1, 1);

    auto add = std::make_shared<ClientOptions>();
    auto* add_cmd = clients->add_subcommand("add", "Add a client");
    client_fields(add_cmd, *add, true);
    add_cmd->add_flag("--consent", add->consent,
                      "The client consents to the clinic storing their health data");
    add_cmd->add_flag("--allow-duplicate", add->allow_duplicate,
                      "Add even if a client with this name and date of birth exists");
    add_cmd->callback([&, add] {
        action = [&, add]() -> int {
            auto p = client_payload(*add);
            if (add->consent)
                p["health_consent"] = true;
            if (add->allow_duplicate)
                p["allow_duplicate"] = true;
            auto r = session.execute("clients.create", p, add->key.value_or(""));
            if (!r) { // the core names the payload field; here it is an option
                auto e = r.error();
                if (const auto at = e.message.find("allow_duplicate"); at != std::string::npos)
                    e.message.replace(at, std::string_view("allow_duplicate").size(), "--allow-duplicate");
                return fail(session, e);
            }
            return finish(session, r, r ? "Added client " + std::string(r->result.at("id").as_string())
                                        : "");
        };
    });

    auto update = std::make_shared<ClientOptions>();
    auto* update_cmd = clients->add_subcommand("update", "Change a client's details");
    update_cmd->add_option("id", update->id, "Client id")->required();
    client_fields(update_cmd, *update, false);
    update_cmd->callback([&, update] {
        action = [&, update]() -> int {
            auto p = client_payload(*update);
            if (p.empty())
                return fail(session, invalid("nothing to change: give at least one field, e.g. --phone"));
            p["id"] = update->id;
            return finish(session, session.execute("clients.update", p, update->key.value_or("")),
                          "Updated client " + update->id);
        };
    });

    struct Consent {
        std::string id;
        bool withdraw = false;
    };
    auto consent = std::make_shared<Consent>();
    auto* consent_cmd =
        clients->add_subcommand("consent", "Record (or withdraw) consent to store health data");
    consent_cmd->add_option("id", consent->id, "Client id")->required();
    consent_cmd->add_flag("--withdraw", consent->withdraw, "Record that consent was withdrawn");
    consent_cmd->callback([&, consent] {
        action = [&, consent]() -> int {
            return finish(session,
                          session.execute("clients.record_consent",
                                          {{"client_id", consent->id}, {"given", !consent->withdraw}}),
                          consent->withdraw ? "Consent withdrawn." : "Consent recorded.");
        };
    });

    struct Find {
        std::vector<std::string> words;
        int limit = 20;
    };
    auto find = std::make_shared<Find>();
    auto* find_cmd = clients->add_subcommand("find", "Find clients by name, phone or email prefix");
    find_cmd->add_option("query", find->words, "What to look for, e.g. smi or 07700")->required();
    find_cmd->add_option("--limit", find->limit, "At most this many")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    find_cmd->callback([&, find] {
        action = [&, find]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            std::string query;
            for (const auto& w : find->words)
                query += (query.empty() ? "" : " ") + w;
            // Nothing to look for ("", spaces, "%") would list whoever comes first.
            if (std::none_of(query.begin(), query.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
                }))
                return fail(session, invalid("query: give part of a name, a phone number or an email", "query"));
            const auto found = search_clients((*clinic)->db(), query, find->limit);
            if (session.json()) {
                json::array list;
                for (const auto& c : found)
                    list.push_back(c.to_json());
                print_json(session, json::object{{"query", query}, {"clients", list}});
                return 0;
            }
            if (found.empty())
                session.out() << "No client matches '" << query << "'.\n";
            const auto country = clinic_country((*clinic)->db());
            for (const auto& c : found)
                print_client_line(session, c, country);
            return 0;
        };
    });

    auto show_id = std::make_shared<std::string>();
    auto* show_cmd = clients->add_subcommand("show", "Show one client");
    show_cmd->add_option("id", *show_id, "Client id")->required();
    show_cmd->callback([&, show_id] {
        action = [&, show_id]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            const auto c = find_client((*clinic)->db(), *show_id);
            if (!c)
                return fail(session, invalid("there is no client " + *show_id
                                             + ": `fascia clients find NAME` looks one up",
                                             "id"));
            if (session.json()) {
                print_json(session, c->to_json());
                return 0;
            }
            auto& out = session.out();
            const auto country = clinic_country((*clinic)->db());
            out << c->display_name();
            if (!c->preferred_name.empty()) // "Jim Smith (James Smith)"; otherwise the two are the same
                out << " (" << c->first_name << ' ' << c->last_name << ")";
            out << '\n' << "  id              " << c->id << '\n';
            if (c->merged_into)
                out << "  merged into     " << *c->merged_into << " (that record is the one kept)\n";
            out << "  date of birth   "
                << (parse_date(c->date_of_birth)
                        ? format_date_in_order(*parse_date(c->date_of_birth), date_order_for(country))
                        : c->date_of_birth)
                << '\n'
                << "  phone           " << shown_phone(*c, country) << '\n'
                << "  email           " << c->email << '\n'
                << "  address         " << c->address << '\n'
                << "  health consent  "
                << (c->health_consent_at ? "recorded " + *c->health_consent_at + " by "
                                               + c->health_consent_recorded_by.value_or("")
                                         : std::string("not recorded"))
                << '\n';
            return 0;
        };
    });

    add_client_import(*clients, session, action);
    add_client_merge(*clients, session, action);
}

void add_staff(CLI::App& app, Session& session, Action& action)
{
    auto* staff = app.add_subcommand("staff", "Add, change and list staff users");
    staff->require_subcommand(1, 1);
    struct Options {
        std::string username;
        std::optional<std::string> role, name;
        bool deactivate = false, activate = false;
    };
    auto add = std::make_shared<Options>();
    auto* add_cmd = staff->add_subcommand("add", "Add a staff user");
    add_cmd->add_option("username", add->username, "Sign-in name, e.g. priya")->required();
    add_cmd->add_option("--role", add->role, "owner, admin, front_desk or therapist")->required();
    add_cmd->add_option("--name", add->name, "Full name");
    add_cmd->callback([&, add] {
        action = [&, add]() -> int {
            json::object p{{"username", add->username}, {"role", *add->role}};
            put(p, "display_name", add->name);
            return finish(session, session.execute("staff.create", p),
                          "Added " + add->username + " (" + *add->role + ").");
        };
    });

    auto update = std::make_shared<Options>();
    auto* update_cmd = staff->add_subcommand("update", "Change a staff user's role, name or access");
    update_cmd->add_option("username", update->username, "Sign-in name")->required();
    update_cmd->add_option("--role", update->role, "owner, admin, front_desk or therapist");
    update_cmd->add_option("--name", update->name, "Full name");
    auto* off = update_cmd->add_flag("--deactivate", update->deactivate, "Stop this user signing in");
    update_cmd->add_flag("--activate", update->activate, "Let this user sign in again")->excludes(off);
    update_cmd->callback([&, update] {
        action = [&, update]() -> int {
            json::object p{{"username", update->username}};
            put(p, "role", update->role);
            put(p, "display_name", update->name);
            if (update->deactivate || update->activate)
                p["active"] = update->activate;
            if (p.size() == 1)
                return fail(session, invalid("nothing to change: give --role, --name, --deactivate or --activate"));
            return finish(session, session.execute("staff.update", p), "Updated " + update->username + ".");
        };
    });

    struct Password {
        std::string username;
        bool from_stdin = false;
    };
    auto password = std::make_shared<Password>();
    auto* password_cmd = staff->add_subcommand("password", "Set a staff user's password (for the desk)");
    password_cmd->add_option("username", password->username, "Sign-in name")->required();
    password_cmd->add_flag("--password-stdin", password->from_stdin,
                           "Read the password from the first line of standard input");
    password_cmd->callback([&, password] {
        action = [&, password]() -> int {
            // On an enrolled desk the actor's own password follows (session.cpp), to sign
            // this change: each prompt says which password it wants (README, "Sync").
            const std::string typed = read_password("New password for " + password->username
                                                        + " (the password being set): ",
                                                    password->from_stdin);
            auto hash = hash_password(typed);
            if (!hash)
                return fail(session, hash.error());
            // A new signing key with the new password (signing.h): the sync server then
            // accepts this user's commands only when signed with it.
            auto key = new_signing_key(typed);
            if (!key)
                return fail(session, key.error());
            return finish(session,
                          session.execute("staff.set_password",
                                          {{"username", password->username},
                                           {"password_hash", *hash},
                                           {"signing_key", {{"public_key", key->public_key}, {"sealed", key->sealed}}}}),
                          "Password set for " + password->username + ".");
        };
    });

    staff->add_subcommand("list", "List staff users")->callback([&] {
        action = [&]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            json::array list;
            for (const auto& m : list_staff((*clinic)->db())) {
                if (session.json())
                    list.push_back(m.to_json());
                else
                    session.out() << m.username << "  " << m.display_name << "  " << to_string(m.role)
                                  << (m.active ? "" : "  (deactivated)") << '\n';
            }
            if (session.json())
                print_json(session, json::object{{"staff", list}});
            return 0;
        };
    });
}

void add_services(CLI::App& app, Session& session, Action& action)
{
    auto* services = app.add_subcommand("services", "The services catalogue");
    services->require_subcommand(1, 1);
    struct Options {
        std::optional<std::string> id, currency;
        std::string name, modality, price;
        int minutes = 0;
        bool all = false;
    };
    auto add = std::make_shared<Options>();
    auto* add_cmd = services->add_subcommand("add", "Add a service (or change one with --id)");
    add_cmd->add_option("--id", add->id, "Change this existing service instead");
    add_cmd->add_option("--name", add->name, "e.g. \"60-minute remedial massage\"")->required();
    add_cmd->add_option("--modality", add->modality,
                        "swedish, deep_tissue, remedial, myofascial_release, trigger_point, "
                        "dry_needling or prenatal")
        ->required();
    add_cmd->add_option("--minutes", add->minutes, "Duration in minutes")->required();
    add_cmd->add_option("--price", add->price, "Price, e.g. 75.00")->required();
    add_cmd->add_option("--currency", add->currency, "ISO 4217 code (default: the clinic's)");
    add_cmd->callback([&, add] {
        action = [&, add]() -> int {
            json::object p{{"name", add->name}, {"modality", add->modality},
                           {"duration_minutes", add->minutes}, {"price", add->price}};
            put(p, "id", add->id);
            put(p, "currency", add->currency);
            auto r = session.execute("services.upsert", p);
            return finish(session, r, r ? "Saved service " + std::string(r->result.at("id").as_string())
                                        : "");
        };
    });
    auto list = std::make_shared<Options>();
    auto* list_cmd = services->add_subcommand("list", "List the services catalogue");
    list_cmd->add_flag("--all", list->all, "Include services no longer offered");
    list_cmd->callback([&, list] {
        action = [&, list]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            json::array out;
            for (const auto& s : list_services((*clinic)->db(), list->all)) {
                if (session.json())
                    out.push_back(s.to_json());
                else
                    session.out() << s.id << "  " << s.name << "  " << s.duration_minutes << " min  "
                                  << s.price.to_string() << (s.active ? "" : "  (not offered)") << '\n';
            }
            if (session.json())
                print_json(session, json::object{{"services", out}});
            return 0;
        };
    });
}

} // namespace

void add_record_commands(CLI::App& app, Session& session, Action& action)
{
    add_clients(app, session, action);
    add_staff(app, session, action);
    add_services(app, session, action);
}

} // namespace fascia::cli
