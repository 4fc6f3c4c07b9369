#pragma once
/// An open clinic database: storage, the command bus and the contributions
/// that act on it. Every front end works through one of these.
#include <fascia/clock.h>
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/extensions.h>

#include <filesystem>
#include <memory>
#include <string>

namespace fascia {

/// Clinic-wide settings (owner and admin change them through `settings.update`).
struct ClinicSettings {
    std::string name;          ///< "Fascia Demo Clinic"
    std::string time_zone;     ///< IANA zone for display ("Europe/London")
    std::string currency;      ///< ISO 4217 ("GBP")
    std::string address;       ///< postal address, printed on vouchers and letters
    std::string opening_hours; ///< JSON: {"mon": ["09:00", "18:00"], "sun": null, ...}
    std::string country;       ///< ISO 3166-1 alpha-2 ("GB"); derived from time_zone when not set
};

class FASCIA_CORE_EXPORT Clinic {
public:
    /// Opens (and with create_if_missing, creates) a clinic database and brings
    /// its schema up to date with the core's and the loaded plugins' migrations.
    static Result<std::unique_ptr<Clinic>> open(const std::filesystem::path& path,
                                                const Extensions& extensions,
                                                const Clock& clock, OpenMode mode);
    /// A throwaway clinic in memory (tests).
    static Result<std::unique_ptr<Clinic>> open_in_memory(const Extensions& extensions,
                                                          const Clock& clock);

    Database& db() { return *db_; }
    CommandBus& bus() { return *bus_; }
    const Clock& clock() const { return clock_; }
    const Extensions& extensions() const { return extensions_; }
    /// The current settings.
    ClinicSettings settings();
    /// A whole-number setting (core or module), or its registered default; never
    /// below the minimum the clinic's country sets for it (SettingDefinition::country_rule).
    std::int64_t setting(std::string_view key);
    /// This database's node id for hybrid logical clock stamps.
    const std::string& node_id() const { return node_id_; }
    /// Whether anyone has been set up yet (false right after `init` without an owner).
    bool has_staff();

private:
    Clinic(std::unique_ptr<Database> db, const Extensions& extensions, const Clock& clock);
    static Result<std::unique_ptr<Clinic>> finish_open(std::unique_ptr<Database> db,
                                                       const Extensions& extensions,
                                                       const Clock& clock);
    std::unique_ptr<Database> db_;
    const Extensions& extensions_;
    const Clock& clock_;
    std::string node_id_;
    std::unique_ptr<CommandBus> bus_;
};

/// Default database path: $FASCIA_DB, else $XDG_DATA_HOME/fascia/clinic.db
/// (XDG_DATA_HOME defaulting to ~/.local/share).
FASCIA_CORE_EXPORT std::filesystem::path default_database_path();

} // namespace fascia
