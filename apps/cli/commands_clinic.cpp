// Clinic-wide commands: init, demo, status, plugins, audit, settings.
#include "commands.h"

#include <fascia/locale.h>

#include <fascia/audit.h>
#include <fascia/catalogue.h>
#include <fascia/cli_support.h>
#include <fascia/clients.h>
#include <fascia/demo.h>
#include <fascia/staff.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace fascia::cli {

namespace json = boost::json;

namespace {

json::object clinic_summary(Session& session, Clinic& clinic)
{
    const auto settings = clinic.settings();
    const auto staff = list_staff(clinic.db());
    int therapists = 0;
    for (const auto& m : staff)
        therapists += m.role == Role::therapist && m.active;
    auto audit = clinic.db().query("SELECT count(*) FROM audit_log");
    audit.step();
    int plugins_running = 0;
    for (const auto& p : session.host().plugins())
        plugins_running += p.state == PluginState::running;
    return {{"database", session.database_path().string()},
            {"clinic", settings.name},
            {"time_zone", settings.time_zone},
            {"currency", settings.currency},
            {"staff", staff.size()},
            {"therapists", therapists},
            {"services", list_services(clinic.db()).size()},
            {"clients", count_clients(clinic.db())},
            {"audit_entries", audit.integer(0)},
            {"plugins_running", plugins_running}};
}

int print_summary(Session& session, Clinic& clinic)
{
    const auto s = clinic_summary(session, clinic);
    if (session.json()) {
        print_json(session, s);
        return 0;
    }
    auto& out = session.out();
    out << s.at("clinic").as_string().c_str() << " (" << s.at("database").as_string().c_str() << ")\n"
        << "  time zone " << s.at("time_zone").as_string().c_str() << ", currency "
        << s.at("currency").as_string().c_str() << '\n'
        << "  " << s.at("staff").to_number<int>() << " staff (" << s.at("therapists").to_number<int>()
        << " therapists), " << s.at("services").to_number<int>() << " services, "
        << s.at("clients").to_number<int>() << " clients\n"
        << "  " << s.at("audit_entries").to_number<int>() << " audit entries, "
        << s.at("plugins_running").to_number<int>() << " modules running\n";
    return 0;
}

void add_init(CLI::App& app, Session& session, Action& action)
{
    struct Options {
        std::string owner = "owner";
        std::string owner_name = "Clinic Owner";
        std::string clinic_name, time_zone, currency, country;
    };
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("init", "Create a new clinic database with its first owner");
    cmd->add_option("--owner", o->owner, "Username of the clinic's owner")->capture_default_str();
    cmd->add_option("--owner-name", o->owner_name, "The owner's full name")->capture_default_str();
    cmd->add_option("--clinic-name", o->clinic_name, "The clinic's name");
    cmd->add_option("--time-zone", o->time_zone, "IANA time zone, e.g. Europe/London");
    cmd->add_option("--currency", o->currency, "ISO 4217 currency, e.g. GBP");
    cmd->add_option("--country", o->country,
                    "ISO 3166 country (GB, AU, NZ, US, IE, CA...): phone numbers, date order and local "
                    "law; default: the time zone's country");
    cmd->callback([&, o] {
        action = [&, o]() -> int {
            // Checked before the database is made, so a typo leaves nothing behind.
            if (!o->country.empty() && !is_known_country(o->country))
                return fail(session, invalid("--country: '" + o->country
                                                 + "' is not a two-letter country code (GB, AU, NZ, US, IE, CA...)",
                                             "country"));
            auto clinic = session.open(OpenMode::create_if_missing);
            if (!clinic)
                return fail(session, clinic.error());
            if ((*clinic)->has_staff())
                return fail(session, refused("the clinic at " + session.database_path().string()
                                             + " is already set up; nothing was changed"));
            std::vector<Command> setup{{"staff.create",
                                        {{"username", o->owner}, {"display_name", o->owner_name},
                                         {"role", "owner"}},
                                        ""}};
            json::object settings;
            if (!o->clinic_name.empty())
                settings["name"] = o->clinic_name;
            if (!o->time_zone.empty())
                settings["time_zone"] = o->time_zone;
            if (!o->currency.empty())
                settings["currency"] = o->currency;
            if (!o->country.empty())
                settings["country"] = o->country;
            auto& bus = (*clinic)->bus();
            if (auto r = bus.execute(std::move(setup.front())); !r)
                return fail(session, r.error());
            if (!settings.empty())
                if (auto r = bus.execute({"settings.update", settings, o->owner}); !r)
                    return fail(session, r.error());
            if (session.json())
                print_json(session, json::object{{"database", session.database_path().string()},
                                                 {"owner", o->owner}});
            else
                session.out() << "Created a new clinic at " << session.database_path().string()
                              << " with owner '" << o->owner << "'.\n";
            return 0;
        };
    });
}

void add_demo(CLI::App& app, Session& session, Action& action)
{
    auto options = std::make_shared<DemoOptions>();
    auto scale = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("demo", "Create a demo clinic: staff, services and clients");
    auto* scale_option = cmd->add_option("--scale", *scale,
                    "How many clients the demo clinic has, from 40 (the standard demo) to 10000000; beyond 40, "
                    "generated clients and up to two years of booking history, for benchmarks")
                                 ->type_name("N");
    cmd->add_option("--seed", options->seed, "Random seed (the same seed makes the same clinic)");
    cmd->callback([&, options, scale, scale_option] {
        action = [&, options, scale, scale_option]() -> int {
            // Checked before any database is made: bad input changes nothing.
            if (scale_option->count() > 0) {
                constexpr int most = 10'000'000;
                const auto n = whole_number(*scale);
                if (!n)
                    return fail(session, invalid("--scale: '" + *scale + "' is not a number; give how many "
                                                 "clients the demo clinic has, e.g. --scale 100000"));
                // Fewer than the standard demo's own clients would leave its screenings,
                // courses and notes without the clients they are for.
                if (*n < DemoOptions{}.clients || *n > most)
                    return fail(session, invalid("--scale: " + *scale + " is outside "
                                                     + std::to_string(DemoOptions{}.clients) + " to " + std::to_string(most)
                                                     + ": the demo clinic has at least the standard demo's "
                                                     + std::to_string(DemoOptions{}.clients)
                                                     + " clients (leave --scale out for just those)"));
                options->clients = *n;
            }
            auto clinic = session.open(OpenMode::create_if_missing);
            if (!clinic)
                return fail(session, clinic.error());
            auto made = build_demo_clinic(**clinic, *options);
            if (!made)
                return fail(session, made.error());
            if (!session.json())
                session.out() << "Demo clinic ready. Staff sign in as owner, frontdesk, priya, tom, "
                                 "aroha or liam, password '"
                              << demo_password << "'.\n";
            return print_summary(session, **clinic);
        };
    });
}

void add_status(CLI::App& app, Session& session, Action& action)
{
    auto* cmd = app.add_subcommand("status", "Summarise the clinic: staff, services, clients, modules");
    cmd->callback([&] {
        action = [&]() -> int {
            auto clinic = session.clinic();
            return clinic ? print_summary(session, **clinic) : fail(session, clinic.error());
        };
    });
}

void add_plugins(CLI::App& app, Session& session, Action& action)
{
    auto* cmd = app.add_subcommand("plugins", "List the modules found, their state and any load error");
    cmd->callback([&] {
        action = [&]() -> int {
            const auto& extensions = session.host().extensions();
            json::array list;
            for (const auto& p : session.host().plugins()) {
                json::array commands;
                for (const auto* def : extensions.commands.all())
                    if (def->contributed_by == p.id)
                        commands.push_back(json::value(def->type));
                json::array deps;
                for (const auto& d : p.dependencies)
                    deps.push_back(json::object{{"id", d.id}, {"required", d.required}});
                list.push_back(json::object{{"id", p.id},
                                            {"version", p.version},
                                            {"state", to_string(p.state)},
                                            {"error", p.error},
                                            {"directory", p.directory.string()},
                                            {"dependencies", deps},
                                            {"commands", commands}});
            }
            if (session.json()) {
                print_json(session, json::object{{"plugins", list}});
                return 0;
            }
            if (list.empty())
                session.out() << "No modules found. Modules are looked for in "
                                 "<install>/lib/fascia/plugins and $FASCIA_PLUGIN_PATH.\n";
            for (const auto& v : list) {
                const auto& p = v.as_object();
                session.out() << p.at("id").as_string().c_str() << ' '
                              << p.at("version").as_string().c_str() << "  "
                              << p.at("state").as_string().c_str();
                if (!p.at("error").as_string().empty())
                    session.out() << "  — " << p.at("error").as_string().c_str();
                session.out() << '\n';
            }
            return 0;
        };
    });
}

void add_audit(CLI::App& app, Session& session, Action& action)
{
    auto* audit = app.add_subcommand("audit", "Check and read the audit log");
    audit->require_subcommand(1, 1);
    auto* verify = audit->add_subcommand("verify", "Check the audit log's hash chain is unbroken");
    verify->callback([&] {
        action = [&]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            const auto v = verify_audit_log((*clinic)->db());
            if (session.json()) {
                json::object o{{"ok", v.ok()}, {"entries_checked", v.entries_checked}};
                if (!v.ok()) {
                    o["first_broken_entry"] = *v.first_broken;
                    o["reason"] = v.reason;
                }
                print_json(session, o);
            } else if (v.ok()) {
                session.out() << "Audit log ok: " << v.entries_checked << " entries, chain unbroken.\n";
            } else {
                session.out() << "Audit log BROKEN at entry " << *v.first_broken << ": " << v.reason
                              << ".\n";
            }
            return v.ok() ? 0 : 1;
        };
    });
    auto limit = std::make_shared<int>(20);
    auto* list = audit->add_subcommand("list", "Show the newest audit entries");
    list->add_option("--limit", *limit, "How many")->check(CLI::Range(1, 100000))->capture_default_str();
    list->callback([&, limit] {
        action = [&, limit]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            json::array entries;
            for (const auto& e : recent_audit_entries((*clinic)->db(), *limit)) {
                if (session.json())
                    entries.push_back(json::object{{"sequence", e.sequence}, {"at", e.at},
                                                   {"actor", e.actor},       {"command", e.command},
                                                   {"record_type", e.record_type},
                                                   {"record_id", e.record_id}, {"hash", e.hash}});
                else
                    session.out() << e.sequence << "  " << e.at << "  " << e.actor << "  " << e.command
                                  << "  " << e.record_type << ' ' << e.record_id << '\n';
            }
            if (session.json())
                print_json(session, json::object{{"entries", entries}});
            return 0;
        };
    });
}

constexpr std::array<std::string_view, 7> week_days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/// The clinic's opening hours as stored ({"mon": ["09:00", "19:00"], "sun": null}); every
/// day closed when none are set.
json::object opening_hours_of(const ClinicSettings& s)
{
    boost::system::error_code ec;
    auto v = json::parse(s.opening_hours.empty() ? "{}" : s.opening_hours, ec);
    json::object hours;
    for (const auto day : week_days) {
        const auto* d = !ec && v.is_object() ? v.as_object().if_contains(day) : nullptr;
        hours[day] = d ? *d : json::value(nullptr);
    }
    return hours;
}

/// "mon 09:00–19:00, ..., sun closed".
std::string opening_hours_text(const json::object& hours)
{
    std::string out;
    for (const auto day : week_days) {
        const auto& d = hours.at(day);
        out += (out.empty() ? "" : ", ") + std::string(day) + " ";
        out += d.is_array() ? std::string(d.as_array()[0].as_string()) + "–" + std::string(d.as_array()[1].as_string())
                            : std::string("closed");
    }
    return out;
}

/// Applies `--opening-hours DAY[-DAY]=HH:MM-HH:MM|closed` to `hours`, the days it does not
/// name kept. The times themselves are checked by settings.update (HH:MM, open before close).
void set_opening_hours(json::object& hours, const std::string& given)
{
    const auto bad = [&] {
        throw Failure(invalid("--opening-hours: '" + given + "' is not DAY=HH:MM-HH:MM or DAY=closed (days mon to sun,"
                              " a range like mon-fri; e.g. --opening-hours mon-fri=09:00-19:00 --opening-hours"
                              " sun=closed)",
                              "opening_hours"));
    };
    const auto eq = given.find('=');
    if (eq == std::string::npos)
        bad();
    auto lower = given;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto days = lower.substr(0, eq), times = lower.substr(eq + 1);
    const auto index = [&](std::string_view day) {
        const auto it = std::find(week_days.begin(), week_days.end(), day);
        if (it == week_days.end())
            bad();
        return static_cast<std::size_t>(it - week_days.begin());
    };
    const auto dash = days.find('-');
    const auto first = index(days.substr(0, dash));
    const auto last = dash == std::string::npos ? first : index(days.substr(dash + 1));
    if (last < first)
        bad();
    json::value value = nullptr;
    if (times != "closed") {
        const auto to = times.find('-');
        if (to == std::string::npos)
            bad();
        value = json::array{json::string(times.substr(0, to)), json::string(times.substr(to + 1))};
    }
    for (auto i = first; i <= last; ++i)
        hours[week_days[i]] = value;
}

void add_settings(CLI::App& app, Session& session, Action& action)
{
    auto* settings = app.add_subcommand("settings", "Show or change the clinic's settings");
    settings->require_subcommand(1, 1);
    settings->add_subcommand("show", "Show the clinic's name, time zone, currency, opening hours and module settings")->callback([&] {
        action = [&]() -> int {
            auto clinic = session.clinic();
            if (!clinic)
                return fail(session, clinic.error());
            const auto s = (*clinic)->settings();
            json::object modules;
            for (const auto& d : session.host().extensions().settings)
                modules[d.key] = (*clinic)->setting(d.key);
            if (session.json()) {
                print_json(session, json::object{{"name", s.name}, {"time_zone", s.time_zone},
                                                 {"currency", s.currency}, {"address", s.address},
                                                 {"country", s.country}, {"opening_hours", opening_hours_of(s)},
                                                 {"modules", modules}});
                return 0;
            }
            session.out() << s.name << "\n  time zone " << s.time_zone << "\n  country   " << s.country
                          << "\n  currency " << s.currency
                          << "\n  address   " << s.address
                          << "\n  opening hours " << opening_hours_text(opening_hours_of(s)) << '\n';
            for (const auto& d : session.host().extensions().settings)
                session.out() << "  " << d.key << " = " << (*clinic)->setting(d.key) << "  (" << d.label
                              << ")\n";
            return 0;
        };
    });
    struct Options {
        std::optional<std::string> name, time_zone, currency, address, country;
        std::vector<std::string> modules, opening_hours;
    };
    auto o = std::make_shared<Options>();
    auto* set = settings->add_subcommand("set", "Change settings (owner or admin)");
    set->add_option("--name", o->name, "The clinic's name");
    set->add_option("--time-zone", o->time_zone, "IANA time zone, e.g. Australia/Sydney");
    set->add_option("--currency", o->currency, "ISO 4217 currency code");
    set->add_option("--address", o->address, "Postal address");
    set->add_option("--country", o->country, "ISO 3166 country, e.g. AU: phone numbers, date order, local law");
    set->add_option("--module", o->modules, "A module's setting, KEY=NUMBER (repeatable)");
    set->add_option("--opening-hours", o->opening_hours,
                    "DAY=HH:MM-HH:MM or DAY=closed, DAY mon..sun or a range (mon-fri); repeatable, days not named"
                    " keep their hours. Bookings must fall inside them; the busiest-hours report uses them");
    set->callback([&, o] {
        action = [&, o]() -> int {
            json::object p;
            if (o->name)
                p["name"] = *o->name;
            if (o->time_zone)
                p["time_zone"] = *o->time_zone;
            if (o->currency)
                p["currency"] = *o->currency;
            if (o->address)
                p["address"] = *o->address;
            if (o->country)
                p["country"] = *o->country;
            json::object modules;
            for (const auto& kv : o->modules) {
                const auto eq = kv.find('=');
                long long n = 0;
                try {
                    n = eq == std::string::npos ? throw std::invalid_argument(kv) : std::stoll(kv.substr(eq + 1));
                } catch (const std::exception&) {
                    return fail(session, invalid("--module expects KEY=NUMBER, got '" + kv + "'", "module"));
                }
                modules[kv.substr(0, eq)] = n;
            }
            if (!modules.empty())
                p["modules"] = modules;
            if (!o->opening_hours.empty()) {
                // The command takes the whole week: the days not named keep what they had.
                auto clinic = session.clinic();
                if (!clinic)
                    return fail(session, clinic.error());
                auto hours = opening_hours_of((*clinic)->settings());
                for (const auto& given : o->opening_hours)
                    set_opening_hours(hours, given);
                p["opening_hours"] = hours;
            }
            if (p.empty())
                return fail(session, invalid("give at least one setting, e.g. --name, --time-zone or --opening-hours"));
            return finish(session, session.execute("settings.update", p), "Settings saved.");
        };
    });
}

} // namespace

void add_clinic_commands(CLI::App& app, Session& session, Action& action)
{
    for (const auto add : {add_init, add_demo, add_status, add_plugins, add_audit, add_settings})
        add(app, session, action);
}

} // namespace fascia::cli
