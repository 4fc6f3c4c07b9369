# Debian packages with CPack (`packaging/dev package` → build/packages/*.deb):
#   fascia        the CLI, the core library and the module plugins
#   fascia-desk   the desktop app, its plugins, .desktop file, icon, AppStream metainfo
#   fascia-syncd  the sync server and its hardened systemd unit
# Paths follow the FHS when configured with CMAKE_INSTALL_PREFIX=/usr (every
# preset does): /usr/bin, /usr/lib/<multiarch>/fascia/plugins. Dependencies on
# Debian libraries come from dpkg-shlibdeps; on each other, exact versions.
set(fascia_packaging_dir ${PROJECT_SOURCE_DIR}/packaging)
set(fascia_packages fascia fascia-desk fascia-syncd)

# Debian wants a copyright file and a changelog (gzip -n: no timestamp) in each package's doc folder.
set(fascia_changelog_gz ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
execute_process(COMMAND gzip -9nc ${fascia_packaging_dir}/debian/changelog
                OUTPUT_FILE ${fascia_changelog_gz} COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${fascia_packaging_dir}/debian/changelog)
foreach(package IN LISTS fascia_packages)
  install(FILES ${fascia_packaging_dir}/debian/copyright ${fascia_changelog_gz}
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${package})
endforeach()

# fascia-desk: found by desktop menus and software centres.
install(FILES ${fascia_packaging_dir}/desktop/org.fascia.Desk.desktop
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/applications COMPONENT fascia-desk)
install(FILES ${fascia_packaging_dir}/desktop/org.fascia.Desk.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/metainfo COMPONENT fascia-desk)
install(FILES ${fascia_packaging_dir}/desktop/org.fascia.Desk.svg
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps COMPONENT fascia-desk)

# fascia-syncd: the unit where Debian 12 keeps packaged units, its user, its settings.
install(FILES ${fascia_packaging_dir}/systemd/fascia-syncd.service
        DESTINATION /lib/systemd/system COMPONENT fascia-syncd)
install(FILES ${fascia_packaging_dir}/systemd/fascia-syncd.sysusers
        DESTINATION lib/sysusers.d RENAME fascia-syncd.conf COMPONENT fascia-syncd)
install(FILES ${fascia_packaging_dir}/systemd/fascia-syncd.toml
        DESTINATION /etc/fascia-syncd COMPONENT fascia-syncd)
install(FILES ${fascia_packaging_dir}/debian/README.Debian
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/fascia-syncd COMPONENT fascia-syncd)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME fascia)
set(CPACK_PACKAGE_VENDOR "Fascia")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty, so each package's synopsis is the first line of its own description.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_CONTACT "Fascia developers <packaging@fascia.invalid>")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL ${fascia_packages})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libfascia_core ships in `fascia`, which is not installed while the packages are
# made: dpkg-shlibdeps finds it in the build tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/lib)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_FASCIA_PACKAGE_NAME fascia)
set(CPACK_DEBIAN_FASCIA_DESCRIPTION
  "practice management for massage and myotherapy clinics (CLI)
Fascia keeps a clinic's clients, intake screening with red-flag triage,
therapists' credentials, bookings by condition type, session notes and gift
vouchers in an SQLite database, with a hash-chained audit log.
.
This package holds the fascia command-line tool (including encrypted
backups and checked restores), the shared core library and the modules.")
# libfascia_core.so.0 is in the public library folder: a shlibs file and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_FASCIA_PACKAGE_CONTROL_EXTRA ${fascia_packaging_dir}/debian/fascia/triggers)

set(CPACK_DEBIAN_FASCIA-DESK_PACKAGE_NAME fascia-desk)
set(CPACK_DEBIAN_FASCIA-DESK_PACKAGE_DEPENDS "fascia (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_FASCIA-DESK_DESCRIPTION
  "practice management for massage and myotherapy clinics (desktop app)
The Fascia desk for the front desk, the treatment room and the owner: the
calendar, client files with the intake screen, course booking, notes,
gift vouchers and reports. It works offline and syncs with fascia-syncd.")

set(CPACK_DEBIAN_FASCIA-SYNCD_PACKAGE_NAME fascia-syncd)
set(CPACK_DEBIAN_FASCIA-SYNCD_PACKAGE_DEPENDS "fascia (= ${PROJECT_VERSION}), adduser")
set(CPACK_DEBIAN_FASCIA-SYNCD_DESCRIPTION
  "practice management for massage and myotherapy clinics (sync server)
fascia-syncd holds a clinic's authoritative database: it re-runs every
desk's commands against it over TLS and hands back what it accepted. It runs
as a hardened systemd service with its own user and takes a nightly backup.")
set(CPACK_DEBIAN_FASCIA-SYNCD_PACKAGE_CONTROL_EXTRA
  ${fascia_packaging_dir}/debian/fascia-syncd/postinst
  ${fascia_packaging_dir}/debian/fascia-syncd/prerm
  ${fascia_packaging_dir}/debian/fascia-syncd/postrm
  ${fascia_packaging_dir}/debian/fascia-syncd/conffiles)

include(CPack)
