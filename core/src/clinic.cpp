#include <fascia/clinic.h>

#include <fascia/clients.h>
#include <fascia/locale.h>

#include <algorithm>
#include <cstdlib>

namespace fascia {

Clinic::Clinic(std::unique_ptr<Database> db, const Extensions& extensions, const Clock& clock)
    : db_(std::move(db)), extensions_(extensions), clock_(clock)
{
}

Result<std::unique_ptr<Clinic>> Clinic::finish_open(std::unique_ptr<Database> db,
                                                    const Extensions& extensions, const Clock& clock)
{
    try {
        auto migrated = migrate(*db, extensions.migrations, clock);
        if (!migrated)
            return migrated.error();
        std::unique_ptr<Clinic> clinic(new Clinic(std::move(db), extensions, clock));
        auto q = clinic->db().query("SELECT node_id FROM node_identity");
        if (!q.step())
            return io_error("the clinic database has no node identity; it was damaged");
        clinic->node_id_ = q.text(0);
        clinic->bus_ = std::make_unique<CommandBus>(clinic->db(), extensions.commands, clock,
                                                    clinic->node_id_);
        return clinic;
    } catch (const Failure& f) {
        return f.error();
    }
}

Result<std::unique_ptr<Clinic>> Clinic::open(const std::filesystem::path& path,
                                             const Extensions& extensions, const Clock& clock,
                                             OpenMode mode)
{
    auto db = Database::open(path, mode);
    if (!db)
        return db.error();
    return finish_open(std::move(*db), extensions, clock);
}

Result<std::unique_ptr<Clinic>> Clinic::open_in_memory(const Extensions& extensions, const Clock& clock)
{
    return finish_open(Database::open_in_memory(), extensions, clock);
}

ClinicSettings Clinic::settings()
{
    ClinicSettings s;
    auto q = db_->query("SELECT key, value FROM clinic_settings");
    while (q.step()) {
        const auto key = q.text(0);
        if (key == "name")
            s.name = q.text(1);
        else if (key == "time_zone")
            s.time_zone = q.text(1);
        else if (key == "currency")
            s.currency = q.text(1);
        else if (key == "address")
            s.address = q.text(1);
        else if (key == "opening_hours")
            s.opening_hours = q.text(1);
    }
    s.country = clinic_country(*db_);
    return s;
}

std::int64_t Clinic::setting(std::string_view key)
{
    const auto* definition = extensions_.setting(key);
    std::int64_t value = definition ? definition->default_value : 0;
    auto q = db_->query("SELECT value FROM clinic_settings WHERE key = ?", key);
    if (q.step()) {
        try {
            value = std::stoll(q.text(0));
        } catch (const std::exception&) {
            // A value nobody could have set through settings.update: use the default.
        }
    }
    // A value set before the clinic's country was (or changed) still obeys its law.
    if (definition && definition->country_rule)
        if (const auto rule = definition->country_rule(clinic_country(*db_)))
            value = std::max(value, rule->minimum);
    return value;
}

bool Clinic::has_staff()
{
    auto q = db_->query("SELECT 1 FROM staff LIMIT 1");
    return q.step();
}

std::filesystem::path default_database_path()
{
    if (const char* db = std::getenv("FASCIA_DB"); db && *db)
        return db;
    std::filesystem::path data;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        data = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        data = std::filesystem::path(home) / ".local" / "share";
    else
        data = ".";
    return data / "fascia" / "clinic.db";
}

} // namespace fascia
