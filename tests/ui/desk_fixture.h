#pragma once
// A demo clinic in a temp folder, the fixture desk plugin, a pinned clock and
// a main window — what every UI test starts from.
#include "module_desk_test.h"
#include "process.h"

#include "main_window.h"

#include <fascia/demo.h>
#include <fascia/plugin_host.h>

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>

namespace fascia::test {

class DeskTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = make_temp_dir("desk");
        register_core(host.extensions());
        host.load_all();
        auto opened = open_demo_clinic(host, dir, clock);
        ASSERT_TRUE(opened) << opened.error().message;
        clinic = std::move(*opened);
        window = std::make_unique<desk::MainWindow>(*clinic, clock);
    }
    void TearDown() override
    {
        window.reset();
        clinic.reset();
        std::filesystem::remove_all(dir);
    }

    /// Signs in through the sign-in screen, as a person would.
    void sign_in(const QString& user, const QString& password = demo_password)
    {
        auto* screen = window->sign_in_screen();
        screen->username_field()->setText(user);
        screen->password_field()->setText(password);
        screen->submit();
    }

    template <class W>
    W* current() const
    {
        return qobject_cast<W*>(window->current_page()) ? static_cast<W*>(window->current_page())
                                                        : dynamic_cast<W*>(window->current_page());
    }

    std::string dir;
    FixedClock clock{*parse_instant("2026-11-22T09:00:00Z")};
    PluginHost host{{FASCIA_DESK_FIXTURE_DIR}, true};
    std::unique_ptr<Clinic> clinic;
    std::unique_ptr<desk::MainWindow> window;
};

} // namespace fascia::test
