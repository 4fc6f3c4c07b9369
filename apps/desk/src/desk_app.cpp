#include "desk_app.h"

namespace fascia::desk {

DeskApp::DeskApp(std::vector<std::filesystem::path> folders, std::unique_ptr<Clock> clock)
    : clock_(std::move(clock)), host_(std::move(folders), true)
{
}

Result<std::unique_ptr<DeskApp>> DeskApp::open(const std::filesystem::path& db,
                                               std::vector<std::filesystem::path> folders,
                                               std::unique_ptr<Clock> clock)
{
    std::unique_ptr<DeskApp> app(new DeskApp(std::move(folders), std::move(clock)));
    register_core(app->host_.extensions());
    app->host_.load_all();
    auto clinic = Clinic::open(db, app->host_.extensions(), *app->clock_, OpenMode::existing);
    if (!clinic)
        return clinic.error();
    app->clinic_ = std::move(*clinic);
    return app;
}

} // namespace fascia::desk
