#include <fascia/plugin.h>
#include <fascia/plugin_host.h>

#include <boost/dll/shared_library.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

namespace fascia {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr const char* api_version_symbol = "fascia_plugin_api_version";
constexpr const char* abi_symbol = "fascia_plugin_abi_fingerprint";

/// A fingerprint as 16 hex digits, for an error a person may compare or report.
std::string hex_of(std::uint64_t value)
{
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(value));
    return out;
}
constexpr const char* factory_symbol = "fascia_plugin_create";

void fail(PluginSpec& spec, std::string error)
{
    spec.state = PluginState::failed;
    spec.error = std::move(error);
}

/// Runs a call into a plugin; the message of whatever it threw, or nothing.
/// Every call into plugin code goes through here, so no exception crosses back.
template <class F>
std::optional<std::string> guarded(F&& call)
{
    try {
        std::forward<F>(call)();
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(e.what());
    } catch (...) {
        return std::string("an exception that is not a std::exception");
    }
}

/// Existing folders, each once (compared after weakly_canonical), in the order given.
std::vector<fs::path> distinct_existing(const std::vector<fs::path>& folders)
{
    std::vector<fs::path> out;
    for (const auto& folder : folders) {
        std::error_code ec;
        if (folder.empty() || !fs::is_directory(folder, ec))
            continue;
        fs::path canonical = fs::weakly_canonical(folder, ec);
        if (ec)
            canonical = folder;
        if (std::find(out.begin(), out.end(), canonical) == out.end())
            out.push_back(std::move(canonical));
    }
    return out;
}

// ---- plugin.json -------------------------------------------------------------

std::string manifest_where(const fs::path& dir) { return "plugin.json in " + dir.string(); }

Error manifest_problem(const fs::path& dir, const std::string& problem)
{
    return invalid(manifest_where(dir) + " " + problem);
}

/// "line 3, column 7" for a byte offset into text.
std::string position(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Result<json::value> parse_manifest(const fs::path& dir)
{
    std::ifstream in(dir / "plugin.json", std::ios::binary);
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.is_open() || in.bad())
        return io_error("cannot read " + manifest_where(dir));

    json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t consumed = parser.write(content.data(), content.size(), ec);
    if (!ec)
        parser.finish(ec);
    if (ec)
        return manifest_problem(dir, "is not valid JSON (" + position(content, consumed)
                                         + "): " + ec.message());
    return parser.release();
}

Result<void> string_field(const fs::path& dir, const json::object& object, std::string_view key,
                          bool required, std::string& out)
{
    const json::value* value = object.if_contains(key);
    if (!value) {
        if (required)
            return manifest_problem(dir, "has no \"" + std::string(key) + "\"");
        return {};
    }
    if (!value->is_string() || value->get_string().empty())
        return manifest_problem(dir, "has a \"" + std::string(key)
                                         + "\" that is not a non-empty string");
    out = std::string(value->get_string());
    return {};
}

Result<void> read_dependencies(const fs::path& dir, const json::object& object,
                               std::vector<PluginDependency>& out)
{
    const json::value* value = object.if_contains("dependencies");
    if (!value)
        return {};
    const auto bad = [&] {
        return manifest_problem(dir, "has \"dependencies\" that are not a list of "
                                     "{\"id\": \"<plugin id>\", \"required\": true|false}");
    };
    if (!value->is_array())
        return bad();
    for (const auto& entry : value->get_array()) {
        if (!entry.is_object())
            return bad();
        const auto& dep = entry.get_object();
        const json::value* id = dep.if_contains("id");
        if (!id || !id->is_string() || id->get_string().empty())
            return bad();
        PluginDependency dependency{std::string(id->get_string()), true};
        if (const json::value* required = dep.if_contains("required")) {
            if (!required->is_bool())
                return bad();
            dependency.required = required->get_bool();
        }
        out.push_back(std::move(dependency));
    }
    return {};
}

/// Fills spec from dir/plugin.json; spec.id stays the folder name until "id" is read.
Result<void> read_manifest(const fs::path& dir, PluginSpec& spec)
{
    auto parsed = parse_manifest(dir);
    if (!parsed)
        return parsed.error();
    if (!parsed->is_object())
        return manifest_problem(dir, "is not a JSON object");
    const auto& object = parsed->get_object();

    if (auto r = string_field(dir, object, "id", true, spec.id); !r)
        return r;
    if (auto r = string_field(dir, object, "version", true, spec.version); !r)
        return r;
    const json::value* api = object.if_contains("api_version");
    if (!api)
        return manifest_problem(dir, "has no \"api_version\"");
    if (!api->is_int64() || api->get_int64() < std::numeric_limits<int>::min()
        || api->get_int64() > std::numeric_limits<int>::max())
        return manifest_problem(dir, "has an \"api_version\" that is not a whole number");
    spec.api_version = static_cast<int>(api->get_int64());
    if (auto r = string_field(dir, object, "description", false, spec.description); !r)
        return r;
    spec.library = spec.id + ".so";
    if (auto r = string_field(dir, object, "library", false, spec.library); !r)
        return r;
    // Only a file beside plugin.json: a manifest must not point the loader elsewhere.
    if (fs::path(spec.library).filename() != fs::path(spec.library) || spec.library == ".."
        || spec.library == ".")
        return manifest_problem(dir, "has a \"library\" that is not a file name beside it");
    if (const auto* desk = object.if_contains("desk")) {
        if (!desk->is_bool())
            return manifest_problem(dir, "has a \"desk\" that is not true or false");
        spec.desk = desk->get_bool();
    }
    return read_dependencies(dir, object, spec.dependencies);
}

PluginSpec read_spec(const fs::path& dir)
{
    PluginSpec spec;
    spec.directory = dir;
    spec.id = dir.filename().string();
    if (auto read = read_manifest(dir, spec); !read)
        fail(spec, read.error().message);
    return spec;
}

/// What dlopen said, without Boost's wrapping ("... (dlerror system message: X): ...").
std::string loader_message(const std::exception& e)
{
    const std::string what = e.what();
    constexpr std::string_view marker = "dlerror system message: ";
    const auto begin = what.find(marker);
    const auto end = what.rfind("): ");
    if (begin == std::string::npos || end == std::string::npos || end < begin)
        return what;
    return what.substr(begin + marker.size(), end - begin - marker.size());
}

std::string not_a_plugin(std::string_view missing)
{
    return "does not export " + std::string(missing)
           + ": it is not a Fascia plugin or was built wrongly";
}

} // namespace

const char* to_string(PluginState state)
{
    switch (state) {
    case PluginState::read: return "read";
    case PluginState::resolved: return "resolved";
    case PluginState::loaded: return "loaded";
    case PluginState::initialized: return "initialized";
    case PluginState::running: return "running";
    case PluginState::stopped: return "stopped";
    case PluginState::failed: return "failed";
    }
    return "unknown";
}

struct PluginHost::Impl {
    // Members are destroyed bottom-up: plugin objects first, then the contexts and
    // contributions that hold their std::function and shared_ptr deleters, and the
    // libraries last, so no code is unloaded while something it made still exists.
    std::vector<boost::dll::shared_library> libraries; ///< by load order; never unloaded early
    Extensions extensions;
    std::vector<std::unique_ptr<PluginContext>> contexts; ///< by load order
    std::vector<std::unique_ptr<Plugin>> objects;         ///< by load order; set while it may run

    std::vector<fs::path> folders;
    std::vector<PluginSpec> specs;                             ///< discovery, then load order
    std::map<std::string, std::size_t, std::less<>> index_by_id; ///< first spec with each id
    bool with_desk_plugins = false;
    bool loaded = false;
    bool shut_down = false;

    void discover();
    void index();
    void resolve();
    void order();
    void load(std::size_t i);
    void initialize(std::size_t i);
    void extensions_initialized(std::size_t i);
    bool fail_if_requirement_failed(std::size_t i);
    std::vector<std::size_t> dependency_indexes(std::size_t i) const;
    std::optional<std::string> cycle_through(std::size_t start) const;
};

void PluginHost::Impl::discover()
{
    for (const auto& folder : distinct_existing(folders)) {
        std::vector<fs::path> dirs;
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code entry_ec;
            if (it->is_directory(entry_ec)
                && fs::is_regular_file(it->path() / "plugin.json", entry_ec))
                dirs.push_back(it->path());
        }
        std::sort(dirs.begin(), dirs.end());
        for (const auto& dir : dirs) {
            PluginSpec spec = read_spec(dir);
            if (spec.desk && !with_desk_plugins)
                continue; // another front end's plugin: not ours to load or list
            // The first folder wins, even when its copy is broken: that is the one the
            // person installed there and needs to hear about.
            const auto first = std::find_if(specs.begin(), specs.end(),
                                            [&](const PluginSpec& s) { return s.id == spec.id; });
            if (first != specs.end() && spec.state != PluginState::failed)
                fail(spec, "duplicate of " + first->directory.string());
            else if (first != specs.end())
                spec.error += " (and a duplicate of " + first->directory.string() + ")";
            specs.push_back(std::move(spec));
        }
    }
}

void PluginHost::Impl::index()
{
    index_by_id.clear();
    for (std::size_t i = 0; i < specs.size(); ++i)
        index_by_id.emplace(specs[i].id, i); // emplace keeps the first of a duplicated id
}

std::vector<std::size_t> PluginHost::Impl::dependency_indexes(std::size_t i) const
{
    std::vector<std::size_t> out;
    for (const auto& dep : specs[i].dependencies)
        if (const auto it = index_by_id.find(dep.id); it != index_by_id.end())
            out.push_back(it->second);
    return out;
}

/// "a → b → a" when start depends, through any chain, on itself (shortest such chain).
std::optional<std::string> PluginHost::Impl::cycle_through(std::size_t start) const
{
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> parent(specs.size(), none);
    std::deque<std::size_t> queue;
    for (auto next : dependency_indexes(start)) {
        if (next == start)
            return "dependency cycle: " + specs[start].id + " → " + specs[start].id;
        if (parent[next] == none) {
            parent[next] = start;
            queue.push_back(next);
        }
    }
    while (!queue.empty()) {
        const auto node = queue.front();
        queue.pop_front();
        for (auto next : dependency_indexes(node)) {
            if (next == start) {
                std::vector<std::size_t> chain{start};
                for (auto at = node; at != start; at = parent[at])
                    chain.push_back(at);
                std::string text = "dependency cycle: " + specs[start].id;
                for (auto it = chain.rbegin(); it != chain.rend(); ++it)
                    text += " → " + specs[*it].id;
                return text;
            }
            if (parent[next] == none) {
                parent[next] = node;
                queue.push_back(next);
            }
        }
    }
    return std::nullopt;
}

bool PluginHost::Impl::fail_if_requirement_failed(std::size_t i)
{
    for (const auto& dep : specs[i].dependencies) {
        if (!dep.required)
            continue;
        const auto it = index_by_id.find(dep.id);
        if (it != index_by_id.end() && specs[it->second].state == PluginState::failed) {
            fail(specs[i], "requires plugin '" + dep.id + "', which failed to load");
            return true;
        }
    }
    return false;
}

void PluginHost::Impl::resolve()
{
    index();
    for (auto& spec : specs) {
        if (spec.state == PluginState::failed || spec.api_version == plugin_api_version)
            continue;
        fail(spec, "built for plugin API " + std::to_string(spec.api_version)
                       + "; this Fascia supports API " + std::to_string(plugin_api_version)
                       + ": install a matching version of the plugin");
    }
    for (auto& spec : specs) {
        if (spec.state == PluginState::failed)
            continue;
        for (const auto& dep : spec.dependencies) {
            if (dep.required && !index_by_id.count(dep.id)) {
                fail(spec, "requires plugin '" + dep.id + "', which is not installed");
                break;
            }
        }
    }
    // Every member of a cycle names the cycle it is in (one that already failed keeps
    // its first reason); a plugin that merely depends on a cycle fails further down.
    for (std::size_t i = 0; i < specs.size(); ++i)
        if (specs[i].state != PluginState::failed)
            if (auto cycle = cycle_through(i))
                fail(specs[i], std::move(*cycle));

    order();
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].state == PluginState::failed || fail_if_requirement_failed(i))
            continue;
        specs[i].state = PluginState::resolved;
    }
}

/// Dependencies first; among plugins free to go, by id (then discovery order), so the
/// order never depends on the file system. A cycle (already failed) is broken the same way.
void PluginHost::Impl::order()
{
    std::vector<std::size_t> remaining(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i)
        remaining[i] = i;
    std::vector<bool> placed(specs.size(), false);
    std::vector<std::size_t> ordered;
    const auto before = [&](std::size_t a, std::size_t b) {
        return std::tie(specs[a].id, a) < std::tie(specs[b].id, b);
    };
    while (!remaining.empty()) {
        std::optional<std::size_t> pick;
        for (auto i : remaining) {
            const auto deps = dependency_indexes(i);
            const bool ready = std::all_of(deps.begin(), deps.end(),
                                           [&](std::size_t d) { return d == i || placed[d]; });
            if (ready && (!pick || before(i, *pick)))
                pick = i;
        }
        if (!pick)
            pick = *std::min_element(remaining.begin(), remaining.end(), before);
        placed[*pick] = true;
        ordered.push_back(*pick);
        remaining.erase(std::find(remaining.begin(), remaining.end(), *pick));
    }
    std::vector<PluginSpec> sorted;
    sorted.reserve(specs.size());
    for (auto i : ordered)
        sorted.push_back(std::move(specs[i]));
    specs = std::move(sorted);
    index();
}

void PluginHost::Impl::load(std::size_t i)
{
    auto& spec = specs[i];
    auto& library = libraries[i];
    const fs::path file = spec.directory / spec.library;
    try {
        // rtld_now: a plugin built against another core fails here, with a message,
        // rather than crashing at its first call of a missing symbol.
        library.load(file, boost::dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        fail(spec, "cannot load the plugin library: " + loader_message(e));
        return;
    } catch (...) {
        fail(spec, "cannot load the plugin library " + file.string());
        return;
    }

    if (!library.has(api_version_symbol)) {
        fail(spec, not_a_plugin("the plugin API version it was built against "
                                "(fascia_plugin_api_version)"));
        return;
    }
    int built_for = 0;
    if (auto error = guarded([&] { built_for = library.get_alias<int()>(api_version_symbol)(); })) {
        fail(spec, "fascia_plugin_api_version failed: " + *error);
        return;
    }
    if (built_for != plugin_api_version) {
        fail(spec, "was built against plugin API " + std::to_string(built_for)
                       + " (its plugin.json says " + std::to_string(spec.api_version)
                       + "); this Fascia supports API " + std::to_string(plugin_api_version)
                       + ": install a matching version of the plugin");
        return;
    }

    // The version alone missed a struct that grew without a bump: the layouts must match too.
    if (!library.has(abi_symbol)) {
        fail(spec, "was built against an older Fascia core (it does not export its type layout, "
                   "fascia_plugin_abi_fingerprint): install a version of the plugin built for this Fascia");
        return;
    }
    std::uint64_t layout = 0;
    if (auto error = guarded([&] { layout = library.get_alias<std::uint64_t()>(abi_symbol)(); })) {
        fail(spec, "fascia_plugin_abi_fingerprint failed: " + *error);
        return;
    }
    if (layout != plugin_abi_fingerprint()) {
        fail(spec, "was built against a different layout of the Fascia core's types (fingerprint "
                       + hex_of(layout) + "; this Fascia's is " + hex_of(plugin_abi_fingerprint())
                       + "): rebuild the plugin against this Fascia, or install a matching version");
        return;
    }

    if (!library.has(factory_symbol)) {
        fail(spec, not_a_plugin("the Fascia plugin factory (fascia_plugin_create)"));
        return;
    }
    Plugin* created = nullptr;
    if (auto error = guarded([&] { created = library.get_alias<Plugin*()>(factory_symbol)(); })) {
        fail(spec, "its factory (fascia_plugin_create) threw: " + *error);
        return;
    }
    if (!created) {
        fail(spec, "its factory (fascia_plugin_create) returned no plugin");
        return;
    }
    objects[i].reset(created);
    spec.state = PluginState::loaded;
}

void PluginHost::Impl::initialize(std::size_t i)
{
    auto& spec = specs[i];
    auto context = std::make_unique<PluginContext>(spec.id, extensions);
    bool ok = false;
    std::string error;
    if (auto thrown = guarded([&] { ok = objects[i]->initialize(*context, error); })) {
        ok = false;
        error = *thrown;
    } else if (!ok && error.empty()) {
        error = "initialize() failed without saying why";
    }
    if (ok) {
        if (auto merged = extensions.merge(std::move(context->staged())); !merged) {
            ok = false;
            error = merged.error().message;
        }
    }
    if (!ok) {
        fail(spec, std::move(error));
        // Its staged contributions go with the context while the library is still loaded;
        // the object never ran, so it is destroyed without about_to_shutdown.
        context.reset();
        objects[i].reset();
        return;
    }
    contexts[i] = std::move(context);
    spec.state = PluginState::initialized;
}

void PluginHost::Impl::extensions_initialized(std::size_t i)
{
    auto& spec = specs[i];
    auto& context = *contexts[i];
    if (auto thrown = guarded([&] { objects[i]->extensions_initialized(context); })) {
        // What it contributed in initialize stays registered; it still gets about_to_shutdown.
        context.staged() = Extensions{};
        fail(spec, "extensions_initialized() threw: " + *thrown);
        return;
    }
    // Anything added now (late, but allowed) takes effect like initialize's contributions.
    if (auto merged = extensions.merge(std::move(context.staged())); !merged) {
        context.staged() = Extensions{};
        fail(spec, merged.error().message);
        return;
    }
    spec.state = PluginState::running;
}

PluginHost::PluginHost(std::vector<std::filesystem::path> folders, bool with_desk_plugins)
    : impl_(std::make_unique<Impl>())
{
    impl_->folders = std::move(folders);
    impl_->with_desk_plugins = with_desk_plugins;
}

PluginHost::~PluginHost()
{
    shutdown();
}

std::vector<std::filesystem::path> PluginHost::default_folders()
{
    std::vector<fs::path> candidates;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    // A program run from a build tree uses that tree's plugins only, so an
    // installed package on the same machine does not add a second copy of
    // every module; an installed program finds none there and uses the
    // installed folder.
    fs::path beside = ec ? fs::path{} : exe.parent_path() / ".." / "lib" / "fascia" / "plugins";
    if (!beside.empty() && fs::is_directory(beside, ec))
        candidates.push_back(std::move(beside));
    else
        candidates.emplace_back(FASCIA_INSTALLED_PLUGIN_DIR);
    if (const char* env = std::getenv("FASCIA_PLUGIN_PATH")) {
        std::string_view rest = env;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const auto entry = rest.substr(0, colon);
            if (!entry.empty())
                candidates.emplace_back(entry);
            if (colon == std::string_view::npos)
                break;
            rest.remove_prefix(colon + 1);
        }
    }
    return distinct_existing(candidates);
}

Extensions& PluginHost::extensions()
{
    return impl_->extensions;
}

void PluginHost::load_all()
{
    auto& impl = *impl_;
    if (impl.loaded || impl.shut_down)
        return;
    impl.loaded = true;
    // Everything below already catches what plugins throw; this is for the host's own
    // failures (bad_alloc, a file system error), which must not escape either.
    const auto host_error = guarded([&] {
        impl.discover();
        impl.resolve();
        const auto count = impl.specs.size();
        impl.libraries.resize(count);
        impl.contexts.resize(count);
        impl.objects.resize(count);

        for (std::size_t i = 0; i < count; ++i)
            if (impl.specs[i].state == PluginState::resolved && !impl.fail_if_requirement_failed(i))
                impl.load(i);
        for (std::size_t i = 0; i < count; ++i) {
            if (impl.specs[i].state != PluginState::loaded)
                continue;
            if (impl.fail_if_requirement_failed(i))
                impl.objects[i].reset(); // never initialized: nothing to shut down
            else
                impl.initialize(i);
        }
        for (std::size_t i = count; i-- > 0;)
            if (impl.specs[i].state == PluginState::initialized)
                impl.extensions_initialized(i);
        // A dependency that failed in extensions_initialized ran after its dependents
        // (leaf to root), so they learn of it only now.
        for (std::size_t i = 0; i < count; ++i)
            if (impl.specs[i].state == PluginState::running)
                impl.fail_if_requirement_failed(i);
    });
    if (host_error) {
        for (std::size_t i = 0; i < impl.specs.size(); ++i) {
            auto& spec = impl.specs[i];
            if (spec.state == PluginState::loaded && i < impl.objects.size())
                impl.objects[i].reset(); // never initialized: nothing to shut down
            if (spec.state != PluginState::failed && spec.state != PluginState::running)
                fail(spec, "the plugin host failed: " + *host_error);
        }
    }
}

const std::vector<PluginSpec>& PluginHost::plugins() const
{
    return impl_->specs;
}

void PluginHost::shutdown()
{
    auto& impl = *impl_;
    if (impl.shut_down)
        return;
    impl.shut_down = true;
    auto& objects = impl.objects;
    for (std::size_t i = objects.size(); i-- > 0;) {
        if (!objects[i])
            continue;
        if (auto thrown = guarded([&] { objects[i]->about_to_shutdown(); }))
            fail(impl.specs[i], "about_to_shutdown() threw: " + *thrown);
    }
    for (std::size_t i = objects.size(); i-- > 0;) {
        objects[i].reset();
        if (impl.specs[i].state == PluginState::running)
            impl.specs[i].state = PluginState::stopped;
    }
}

} // namespace fascia
