#include <fascia/extensions.h>
#include <fascia/plugin.h>

#include <algorithm>

namespace fascia {

Result<void> ServiceRegistry::add(std::string id, std::shared_ptr<void> service)
{
    if (!service)
        return invalid("service " + id + " is empty");
    if (services_.count(id))
        return conflict("service " + id + " is already provided");
    services_.emplace(std::move(id), std::move(service));
    return {};
}

std::shared_ptr<void> ServiceRegistry::find(std::string_view id) const
{
    const auto it = services_.find(id);
    return it == services_.end() ? nullptr : it->second;
}

std::vector<std::string> ServiceRegistry::ids() const
{
    std::vector<std::string> out;
    for (const auto& [id, service] : services_)
        out.push_back(id);
    return out;
}

Result<void> Extensions::merge(Extensions&& staged)
{
    // Check every clash first, so a refused plugin leaves nothing behind.
    for (const auto* def : staged.commands.all())
        if (const auto* existing = commands.find(def->type))
            return conflict("command " + def->type + " is already provided by "
                            + existing->contributed_by);
    for (const auto& id : staged.services.ids())
        if (services.find(id))
            return conflict("service " + id + " is already provided");
    for (const auto& d : staged.settings)
        if (setting(d.key))
            return conflict("setting " + d.key + " is already defined");
    for (const auto& c : staged.cli_commands)
        if (const auto* existing = cli_command(c.name))
            return conflict("the `fascia " + c.name + "` command is already provided by "
                            + existing->contributed_by);
    for (const auto* def : staged.commands.all())
        (void)commands.add(*def);
    for (const auto& id : staged.services.ids())
        (void)services.add(id, staged.services.find(id));
    std::move(staged.migrations.begin(), staged.migrations.end(), std::back_inserter(migrations));
    std::move(staged.cli_commands.begin(), staged.cli_commands.end(), std::back_inserter(cli_commands));
    std::move(staged.demo_steps.begin(), staged.demo_steps.end(), std::back_inserter(demo_steps));
    std::move(staged.settings.begin(), staged.settings.end(), std::back_inserter(settings));
    std::move(staged.client_merge_steps.begin(), staged.client_merge_steps.end(),
              std::back_inserter(client_merge_steps));
    staged = Extensions{};
    return {};
}

const CliCommand* Extensions::cli_command(std::string_view name) const
{
    const auto it = std::find_if(cli_commands.begin(), cli_commands.end(),
                                 [&](const CliCommand& c) { return c.name == name; });
    return it == cli_commands.end() ? nullptr : &*it;
}

const SettingDefinition* Extensions::setting(std::string_view key) const
{
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const SettingDefinition& d) { return d.key == key; });
    return it == settings.end() ? nullptr : &*it;
}

PluginContext::PluginContext(std::string plugin_id, const Extensions& committed)
    : plugin_id_(std::move(plugin_id)), committed_(committed)
{
}

void PluginContext::add_command(CommandDefinition definition)
{
    definition.contributed_by = plugin_id_;
    if (auto added = staged_.commands.add(std::move(definition)); !added)
        throw Failure(added.error());
}

void PluginContext::add_migrations(std::vector<Migration> migrations)
{
    for (auto& m : migrations) {
        if (m.component != plugin_id_)
            throw Failure(invalid("migration " + m.id() + " belongs to another component than "
                                  + plugin_id_));
        staged_.migrations.push_back(std::move(m));
    }
}

void PluginContext::add_cli_command(CliCommand command)
{
    command.contributed_by = plugin_id_;
    staged_.cli_commands.push_back(std::move(command));
}

void PluginContext::add_service(std::string id, std::shared_ptr<void> service)
{
    if (auto added = staged_.services.add(std::move(id), std::move(service)); !added)
        throw Failure(added.error());
}

void PluginContext::add_setting(SettingDefinition definition)
{
    if (definition.key.rfind(plugin_id_ + ".", 0) != 0)
        throw Failure(invalid("setting " + definition.key + " must start with \"" + plugin_id_ + ".\""));
    definition.contributed_by = plugin_id_;
    staged_.settings.push_back(std::move(definition));
}

void PluginContext::add_demo_step(DemoStep step)
{
    step.contributed_by = plugin_id_;
    staged_.demo_steps.push_back(std::move(step));
}

void PluginContext::add_client_merge_step(ClientMergeStep step)
{
    step.contributed_by = plugin_id_;
    staged_.client_merge_steps.push_back(std::move(step));
}

std::shared_ptr<void> PluginContext::service(std::string_view id) const
{
    if (auto own = staged_.services.find(id))
        return own;
    return committed_.services.find(id);
}

} // namespace fascia
