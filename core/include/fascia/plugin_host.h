#pragma once
/// Finds, orders, loads and runs plugins. A plugin that fails takes its
/// dependents down with a clear error; every other plugin keeps working.
#include <fascia/extensions.h>
#include <fascia/export.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fascia {

/// Read → Resolved → Loaded → Initialized → Running → Stopped; Failed from any step.
enum class PluginState { read, resolved, loaded, initialized, running, stopped, failed };
FASCIA_CORE_EXPORT const char* to_string(PluginState state);

struct PluginDependency {
    std::string id;
    bool required = true;
};

/// One plugin as the host sees it: its plugin.json and how far it got.
struct PluginSpec {
    std::string id;
    std::string version;
    int api_version = 0;
    std::string description;
    std::string library;  ///< file name beside plugin.json ("<id>.so" unless given)
    std::vector<PluginDependency> dependencies;
    std::filesystem::path directory;
    PluginState state = PluginState::read;
    std::string error;    ///< why it failed, for a person
    bool desk = false;    ///< a desktop (Qt) plugin: "desk": true in plugin.json
};

class FASCIA_CORE_EXPORT PluginHost {
public:
    /// folders: each holds one sub-folder per plugin (`<id>/plugin.json`).
    /// Desktop plugins (Qt pages) are loaded only by a host made with with_desk_plugins,
    /// so the CLI and the daemon never pull in Qt.
    explicit PluginHost(std::vector<std::filesystem::path> folders, bool with_desk_plugins = false);
    /// Calls about_to_shutdown and destroys plugins (in reverse) if not done yet.
    /// Libraries stay loaded until the host itself goes.
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    /// The build tree's or installed plugin folder next to the executable
    /// (`<exe>/../lib/fascia/plugins`), the compiled-in install folder, then
    /// every folder in FASCIA_PLUGIN_PATH (colon-separated).
    static std::vector<std::filesystem::path> default_folders();

    /// The core's contributions plus those of every plugin that loaded.
    Extensions& extensions();
    /// Discovers, orders, loads and initializes every plugin. Never throws.
    void load_all();
    /// Every plugin found, in load order (failed ones included).
    const std::vector<PluginSpec>& plugins() const;
    /// about_to_shutdown (dependents first), then destroy in reverse load order.
    void shutdown();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fascia
