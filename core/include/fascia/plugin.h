#pragma once
/// The plugin contract. A plugin is a shared library built with hidden
/// visibility that exports, through FASCIA_PLUGIN(Class), the API version it
/// was built against, its layout fingerprint and a factory. Nothing else crosses the boundary.
#include <fascia/extensions.h>
#include <fascia/export.h>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fascia {

/// Bumped whenever anything a plugin sees changes incompatibly. 2: Extensions grew
/// (a fascia-syncd beside plugins built for 1 crashed in PluginHost::initialize), and
/// plugins export their layout fingerprint (plugin_abi_fingerprint) beside it.
inline constexpr int plugin_api_version = 2;

/// A fingerprint of the layout of every type that crosses the plugin boundary
/// (sizeof and alignof of Extensions, PluginContext, the command types, the standard
/// and Boost.JSON types inside them) and of plugin_api_version, as seen by the code that
/// includes this header. FASCIA_PLUGIN exports the plugin's own; the host refuses a
/// plugin whose fingerprint differs from its own, so a struct that changed size without
/// a version bump is a clear refusal, not a crash. FNV-1a, 64 bits. It cannot see a
/// change that keeps every size (two members of one type swapped): bump the version.
constexpr std::uint64_t plugin_abi_fingerprint()
{
    constexpr std::size_t layout[] = {
        static_cast<std::size_t>(plugin_api_version),
        sizeof(Extensions), alignof(Extensions), sizeof(CommandRegistry), sizeof(ServiceRegistry),
        sizeof(CommandDefinition), alignof(CommandDefinition), sizeof(Command), sizeof(CommandContext),
        sizeof(CommandOutcome), sizeof(Actor), sizeof(Error), sizeof(Migration), sizeof(CliCommand),
        sizeof(SettingDefinition), sizeof(DemoStep), sizeof(DemoOptions), sizeof(ClientMergeStep),
        sizeof(std::string), sizeof(std::function<void()>), sizeof(std::shared_ptr<void>), sizeof(std::vector<int>),
        sizeof(std::optional<std::string>), sizeof(boost::json::value), sizeof(boost::json::object),
    };
    std::uint64_t hash = 14695981039346656037ull;
    for (std::size_t part : layout)
        for (int byte = 0; byte < 8; ++byte) {
            hash ^= (static_cast<std::uint64_t>(part) >> (8 * byte)) & 0xFF;
            hash *= 1099511628211ull;
        }
    return hash;
}

/// What a plugin contributes to, while it initializes. Contributions are
/// staged and only take effect when initialize succeeds.
class FASCIA_CORE_EXPORT PluginContext {
public:
    PluginContext(std::string plugin_id, const Extensions& committed);
    const std::string& plugin_id() const { return plugin_id_; }

    /// Adds a command handler (with its permitted roles).
    void add_command(CommandDefinition definition);
    /// Adds this plugin's migrations; their component must be the plugin id.
    void add_migrations(std::vector<Migration> migrations);
    /// Adds a `fascia <name>` subcommand.
    void add_cli_command(CliCommand command);
    /// Offers a service under a versioned id ("fascia.intake/1").
    void add_service(std::string id, std::shared_ptr<void> service);
    /// Adds a whole-number clinic setting; its key must start with "<plugin id>.".
    void add_setting(SettingDefinition definition);
    /// Adds a step to `fascia demo`.
    void add_demo_step(DemoStep step);
    /// Adds this module's part of merging two client records (clients.merge).
    void add_client_merge_step(ClientMergeStep step);
    /// A service of an already-initialized plugin (a dependency), or nullptr.
    std::shared_ptr<void> service(std::string_view id) const;

    /// The contributions staged so far (used by the host).
    Extensions& staged() { return staged_; }

private:
    std::string plugin_id_;
    const Extensions& committed_;
    Extensions staged_;
};

/// A module's entry point. Lifecycle, after Qt Creator: initialize (dependencies
/// first), extensions_initialized (dependents first), about_to_shutdown, then
/// destruction in reverse order.
class BOOST_SYMBOL_VISIBLE Plugin {
public:
    virtual ~Plugin() = default;
    /// Registers contributions; false (with error set) fails this plugin and its dependents.
    virtual bool initialize(PluginContext& context, std::string& error) = 0;
    /// Every plugin this one depends on is initialized; services may be looked up.
    virtual void extensions_initialized(PluginContext& context) = 0;
    /// The process is about to stop; release what the plugin holds.
    virtual void about_to_shutdown() = 0;
};

} // namespace fascia

/// Exports the two symbols the host looks for. Use once, in one source file.
#define FASCIA_PLUGIN(PluginClass)                                                            \
    namespace fascia_plugin_entry {                                                           \
    int api_version() { return ::fascia::plugin_api_version; }                                \
    std::uint64_t abi_fingerprint() { return ::fascia::plugin_abi_fingerprint(); }            \
    ::fascia::Plugin* create() { return new PluginClass(); }                                  \
    }                                                                                         \
    BOOST_DLL_ALIAS(fascia_plugin_entry::api_version, fascia_plugin_api_version)              \
    BOOST_DLL_ALIAS(fascia_plugin_entry::abi_fingerprint, fascia_plugin_abi_fingerprint)      \
    BOOST_DLL_ALIAS(fascia_plugin_entry::create, fascia_plugin_create)
