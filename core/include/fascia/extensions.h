#pragma once
/// What the core and the plugins contribute to a process: command handlers,
/// migrations, services, CLI subcommands and demo-data steps.
#include <fascia/commands.h>
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/migrations.h>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia {

class Clinic;

/// What a CLI subcommand gets when `fascia <name> ...` runs it.
class FASCIA_CORE_EXPORT CliInvocation {
public:
    virtual ~CliInvocation() = default;
    /// The program name and the words after the subcommand's name ("fascia intake", "evaluate", "-").
    virtual const std::vector<std::string>& args() const = 0;
    /// True when the user asked for machine-readable output.
    virtual bool json() const = 0;
    virtual std::ostream& out() = 0;
    virtual std::ostream& err() = 0;
    virtual std::istream& in() = 0;
    /// Opens the clinic database (which must exist) on first call.
    virtual Result<Clinic*> clinic() = 0;
    /// The username writes are attributed to (--as, FASCIA_USER, or the clinic's owner).
    virtual Result<std::string> actor() = 0;
    /// The process clock.
    virtual const Clock& clock() const = 0;
};

/// A `fascia <name>` subcommand contributed by a module.
struct CliCommand {
    std::string name;    ///< "intake"; "clients balance" adds a subcommand to a core command
    std::string summary; ///< one line for `fascia --help`
    std::function<int(CliInvocation&)> run; ///< returns the exit code
    std::string contributed_by = "core";
};

/// Options of `fascia demo`, handed to every demo step.
struct DemoOptions {
    int clients = 40;        ///< how many clients the core generates
    unsigned seed = 20261122; ///< fixed by default so the demo clinic is the same each time
};

/// A module's addition to the demo clinic, run after the core's own data.
struct DemoStep {
    std::string name;
    std::function<Result<void>(Clinic&, const DemoOptions&)> run;
    std::string contributed_by = "core";
};

/// A clinic setting a module (or the core) offers: shown on the desk's settings
/// page, changed through `settings.update`, stored in clinic_settings under key.
struct SettingDefinition {
    std::string key;         ///< "intake.screening_valid_days" (module id first)
    std::string label;       ///< "Days a screening stays current"
    std::int64_t default_value = 0;
    std::int64_t minimum = 0;
    std::int64_t maximum = 0;
    std::string contributed_by = "core";
    /// A law of the clinic's country on this setting: the least value allowed there.
    struct CountryRule {
        std::int64_t minimum = 0; ///< in the setting's unit
        std::string reason;       ///< why, with its source ("Australian Consumer Law ...")
    };
    /// The rule for a country (ISO 3166-1 alpha-2), or nullopt where none applies.
    /// The effective value is never below its minimum, and settings.update refuses
    /// a lower one with the reason (issue 12: AU gift vouchers, three years).
    std::function<std::optional<CountryRule>(std::string_view country)> country_rule = {};
};

/// A module's part of `clients.merge`: moves the module's records of the client
/// `other` to `keep`. Runs inside the merge command's transaction (so a failure
/// undoes the whole merge) and returns how many records it moved.
struct ClientMergeStep {
    std::string name; ///< what it moves, for the command's result ("intake.screenings")
    std::function<Result<std::int64_t>(CommandContext&, std::string_view keep, std::string_view other)> run;
    std::string contributed_by = "core";
};

/// Services looked up by a versioned string id ("fascia.intake/1"), not by typeid,
/// so a plugin built separately finds another's interface.
class FASCIA_CORE_EXPORT ServiceRegistry {
public:
    /// Adds a service; refused when the id is taken.
    Result<void> add(std::string id, std::shared_ptr<void> service);
    /// The service under id, or nullptr. The caller knows its interface from the id.
    std::shared_ptr<void> find(std::string_view id) const;
    template <class T>
    T* get(std::string_view id) const { return static_cast<T*>(find(id).get()); }
    std::vector<std::string> ids() const;
    void clear() { services_.clear(); }

private:
    std::map<std::string, std::shared_ptr<void>, std::less<>> services_;
};

/// Everything contributed to this process, core first, then plugins in load order.
class FASCIA_CORE_EXPORT Extensions {
public:
    CommandRegistry commands;
    ServiceRegistry services;
    std::vector<Migration> migrations;
    std::vector<CliCommand> cli_commands;
    std::vector<DemoStep> demo_steps;
    std::vector<SettingDefinition> settings;
    std::vector<ClientMergeStep> client_merge_steps;

    /// The setting definition for key, or nullptr.
    const SettingDefinition* setting(std::string_view key) const;
    /// Moves a plugin's staged contributions in; refused (nothing moved) on a clash.
    Result<void> merge(Extensions&& staged);
    /// The CLI subcommand called name, or nullptr.
    const CliCommand* cli_command(std::string_view name) const;
};

/// Registers the core's own commands, migrations and demo step.
FASCIA_CORE_EXPORT void register_core(Extensions& extensions);

} // namespace fascia
