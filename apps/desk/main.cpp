// fascia-desk [--db PATH] [--user NAME --password-stdin]
#include "desk_app.h"
#include "formatting.h"
#include "main_window.h"

#include <fascia/staff.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTranslator>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    // Without a display there is nothing to show: say so, and what to run instead.
    const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY")
                             || std::getenv("QT_QPA_PLATFORM");
    if (!has_display) {
        std::cerr << "fascia-desk: there is no display here (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                     "  Run it on a desktop session, or under a virtual display:  xvfb-run fascia-desk\n"
                     "  Without a display, the command line does the same work:  fascia --help\n";
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("Fascia");
    QApplication::setOrganizationName("Fascia");
    QLocale::setDefault(fascia::desk::clinic_locale());

    QCommandLineParser parser;
    parser.setApplicationDescription("Fascia: practice management for massage, remedial and myotherapy clinics");
    parser.addHelpOption();
    QCommandLineOption db({"d", "db"}, "Clinic database (default $FASCIA_DB or $XDG_DATA_HOME/fascia/clinic.db).",
                          "path");
    QCommandLineOption user("user", "Sign in as this user (with --password-stdin).", "name");
    QCommandLineOption password_stdin("password-stdin", "Read the password from standard input.");
    parser.addOptions({db, user, password_stdin});
    parser.process(app);

    const std::filesystem::path path =
        parser.isSet(db) ? std::filesystem::path(parser.value(db).toStdString()) : fascia::default_database_path();
    auto desk = fascia::desk::DeskApp::open(path, fascia::PluginHost::default_folders(),
                                            std::make_unique<fascia::SystemClock>());
    if (!desk) {
        std::cerr << "fascia-desk: " << desk.error().message << '\n';
        QMessageBox::critical(nullptr, "Fascia", QString::fromStdString(desk.error().message));
        return fascia::exit_code(desk.error().kind);
    }
    fascia::desk::MainWindow window((*desk)->clinic(), (*desk)->clock());
    if (parser.isSet(user) && parser.isSet(password_stdin)) {
        std::string password;
        std::getline(std::cin, password);
        auto member = fascia::sign_in((*desk)->clinic().db(), parser.value(user).toStdString(), password);
        if (member)
            window.enter_as(*member);
        else
            std::cerr << "fascia-desk: " << member.error().message << '\n';
    }
    window.show();
    return app.exec();
}
