#pragma once
// What the desk runs on: the plugins (modules and desk pages), the clock and
// the open clinic. main() and the start-up benchmark make one; tests may too.
#include <fascia/clinic.h>
#include <fascia/plugin_host.h>

#include <filesystem>
#include <memory>
#include <vector>

namespace fascia::desk {

class DeskApp {
public:
    /// Loads every plugin in folders (desk plugins included) and opens the clinic at db.
    static Result<std::unique_ptr<DeskApp>> open(const std::filesystem::path& db,
                                                 std::vector<std::filesystem::path> folders,
                                                 std::unique_ptr<Clock> clock);
    PluginHost& host() { return host_; }
    Clinic& clinic() { return *clinic_; }
    const Clock& clock() const { return *clock_; }

private:
    DeskApp(std::vector<std::filesystem::path> folders, std::unique_ptr<Clock> clock);
    std::unique_ptr<Clock> clock_;
    PluginHost host_; // before clinic_: the clinic uses what the plugins contributed
    std::unique_ptr<Clinic> clinic_;
};

} // namespace fascia::desk
