#include "module_desk_test.h"

#include <QDir>
#include <QImage>
#include <QLineEdit>
#include <QPixmap>
#include <QSet>

#include <algorithm>

namespace fascia::test {

std::filesystem::path plugin_folder_of(const std::string& plugin_file)
{
    return std::filesystem::path(plugin_file).parent_path().parent_path();
}

ModuleDeskTest::ModuleDeskTest(std::string module_plugin, std::string desk_plugin, QSize size)
    : host({plugin_folder_of(module_plugin)}, true), module_plugin_(std::move(module_plugin)),
      desk_plugin_(std::move(desk_plugin)), size_(size)
{
}

void ModuleDeskTest::SetUp()
{
    ASSERT_EQ(plugin_folder_of(module_plugin_), plugin_folder_of(desk_plugin_));
    const std::string desk_id = std::filesystem::path(desk_plugin_).stem().string();
    dir = make_temp_dir(desk_id);
    register_core(host.extensions());
    host.load_all();
    for (const auto& id : {std::filesystem::path(module_plugin_).stem().string(), desk_id}) {
        const auto& plugins = host.plugins();
        const auto it = std::find_if(plugins.begin(), plugins.end(), [&](const PluginSpec& p) { return p.id == id; });
        ASSERT_NE(it, plugins.end()) << id << " was not found in " << plugin_folder_of(module_plugin_);
        ASSERT_EQ(it->state, PluginState::running) << id << ": " << it->error;
    }
    auto opened = Clinic::open(dir + "/clinic.db", host.extensions(), clock, OpenMode::create_if_missing);
    ASSERT_TRUE(opened) << opened.error().message;
    clinic = std::move(*opened);
    auto demo = build_demo_clinic(*clinic, DemoOptions{});
    ASSERT_TRUE(demo) << demo.error().message;
    window = std::make_unique<desk::MainWindow>(*clinic, clock);
    window->resize(size_);
    window->show();
}

void ModuleDeskTest::TearDown()
{
    window.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    clinic.reset();
    std::filesystem::remove_all(dir);
}

void ModuleDeskTest::sign_in_as(const QString& user, const QString& password)
{
    window->lock();
    auto* screen = window->sign_in_screen();
    screen->username_field()->setText(user);
    screen->password_field()->setText(password);
    screen->submit();
    ASSERT_FALSE(window->locked()) << screen->error_text().toStdString();
}

void save_screenshot(QWidget& widget, const QString& name)
{
    QDir().mkpath(FASCIA_SCREENSHOT_DIR);
    const QString path = QString(FASCIA_SCREENSHOT_DIR) + "/" + name + ".png";
    QApplication::processEvents(); // lay out what changed, as a person would see it
    const QPixmap shot = widget.grab();
    ASSERT_TRUE(shot.save(path)) << path.toStdString();
    // A blank capture is one colour; a drawn screen has text and edges.
    const QImage image = shot.toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    EXPECT_GT(colours.size(), 8) << name.toStdString() << " looks blank";
}

} // namespace fascia::test
