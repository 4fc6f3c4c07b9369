#pragma once
// The real desk with a module's real plugins, offscreen: the build's plugin
// folder (where the module and its desk plugin were built), the demo clinic in
// a temp folder, a pinned clock and a main window. What every desk plugin's
// tests start from (docs/MODULES.md, "Tests"). The plugin's widgets are reached
// as a person's tools would reach them: by their names and their text (the
// plugin's own classes are hidden inside it).
#include "process.h"

#include "main_window.h"

#include <fascia/demo.h>
#include <fascia/plugin_host.h>

#include <QApplication>
#include <QObject>
#include <QSize>
#include <QString>
#include <QWidget>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace fascia::test {

/// The plugin folder a plugin file was built into (<folder>/<id>/<id>.so).
std::filesystem::path plugin_folder_of(const std::string& plugin_file);

class ModuleDeskTest : public ::testing::Test {
protected:
    /// module_plugin, desk_plugin: the two plugin files ($<TARGET_FILE:...>), which must
    /// be in one plugin folder; the window is shown at `size`.
    ModuleDeskTest(std::string module_plugin, std::string desk_plugin, QSize size);

    /// Loads every plugin of the folder (the module and its desk plugin must be
    /// running), builds the demo clinic, shows the window. Fatal failures: check
    /// HasFatalFailure() after calling it from a derived SetUp.
    void SetUp() override;
    /// The plugin's widgets go before the plugin does (the host unloads it after this).
    void TearDown() override;

    /// Locks the window and signs in through the sign-in screen, as a person would;
    /// fails the test when the window stays locked.
    void sign_in_as(const QString& user, const QString& password = demo_password);

    /// The service a plugin offers under a versioned id, or nullptr.
    template <class Service>
    Service* service_at(std::string_view id)
    {
        return host.extensions().services.template get<Service>(id);
    }

    /// parent's child of type W called name; a test failure when there is none.
    template <class W>
    static W* child(QObject* parent, const QString& name)
    {
        auto* w = parent ? parent->findChild<W*>(name) : nullptr;
        EXPECT_NE(w, nullptr) << "no " << name.toStdString();
        return w;
    }

    std::string dir;
    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    PluginHost host;
    std::unique_ptr<Clinic> clinic;
    std::unique_ptr<desk::MainWindow> window;

private:
    std::string module_plugin_, desk_plugin_;
    QSize size_;
};

/// Saves widget as <FASCIA_SCREENSHOT_DIR>/<name>.png after laying out what
/// changed, for a person to look at, and fails the test when the picture is
/// blank (8 colours or fewer, sampled every 4 pixels) or cannot be written.
void save_screenshot(QWidget& widget, const QString& name);

} // namespace fascia::test
