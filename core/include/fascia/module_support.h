#pragma once
/// What every module repeats around its own code: the plugin entry point of a
/// module that only contributes, and the guard that keeps exceptions inside a
/// service (ARCHITECTURE.md, "The plugin contract": no exception crosses the
/// boundary; other plugins get error values). See docs/MODULES.md.
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/plugin.h>

#include <charconv>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace fascia {

/// Runs body (returning a Result) and turns a Failure it throws into that
/// Failure's error value. Other exceptions pass (for code whose callers catch them).
template <class Body>
auto guarded(Body&& body) -> decltype(body())
{
    try {
        return body();
    } catch (const Failure& f) {
        return f.error();
    }
}

/// As guarded(body), and any other exception becomes an internal error
/// "<module>: <what>" (exit 3): what a service method does before it answers
/// another plugin.
template <class Body>
auto guarded(std::string_view module, Body&& body) -> decltype(body())
{
    try {
        return body();
    } catch (const Failure& f) {
        return f.error();
    } catch (const std::exception& e) {
        return internal_error(std::string(module) + ": " + e.what());
    }
}

/// A module's whole-number clinic setting read straight from clinic_settings (e.g.
/// "scheduling.buffer_minutes" = "10"), or `fallback` when the key is not set or its value
/// is not written as a whole number ("", "10 min"). For a module's own tuning values; a
/// setting registered with a default and a country rule is read with Clinic::setting.
inline std::int64_t integer_setting(Database& db, std::string_view key, std::int64_t fallback)
{
    auto q = db.query("SELECT value FROM clinic_settings WHERE key = ?", key);
    if (!q.step())
        return fallback;
    const auto text = q.text(0);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    return ec == std::errc() && end == text.data() + text.size() ? n : fallback;
}

/// The entry point of a module whose plugin only contributes: initialize calls
/// Contribute(context) (commands, migrations, services, CLI, settings, demo
/// step) and succeeds; nothing to do after. Use as
/// FASCIA_PLUGIN(fascia::ContributingPlugin<&fascia::vouchers::contribute>).
template <void (*Contribute)(PluginContext&)>
class ContributingPlugin final : public Plugin {
public:
    bool initialize(PluginContext& context, std::string&) override
    {
        Contribute(context);
        return true;
    }
    void extensions_initialized(PluginContext&) override {}
    void about_to_shutdown() override {}
};

} // namespace fascia
