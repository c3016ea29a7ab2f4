# platform/debian/packaging.cmake — what `cmake --install` puts where, and the Debian packages CPack makes of it.
# Included last by the top-level CMakeLists.txt (every target exists by then). `scripts/package` runs CPack on
# the build folder and lintian on the result; tests/ops/package_install_test.sh installs the packages into a
# fresh Debian 12 root and starts the aggregator there. docs/operations.md describes the packages for a county.
#
# Packages (one CMake install component each):
#   jiebang-data        (all)   /usr/share/jiebang/assets: forms, profiles, strings, print templates, fonts.json
#   jiebang-tools       (amd64) /usr/bin/jiebang, /usr/bin/jiebang-sync-agent
#   jiebang-aggregator  (amd64) /usr/bin/jiebang-aggregator, its unit, /etc/jiebang/aggregator.toml (conffile)
#   jiebang-kiosk       (amd64) /usr/bin/jiebang-kiosk, its unit, /etc/jiebang/terminal.env (conffile)
#   jiebang-console     (amd64) /usr/bin/jiebang-console, a desktop entry
# Invariants:
#  1. An installed program finds its assets at <bin>/../share/jiebang/assets with no setting
#     (shared/text/strings.cpp default_assets_directory), so the units carry no JIEBANG_ASSETS.
#  2. Library dependencies come from dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS); data packages the
#     programs read at run time (fonts, rime, zinnia models, espeak-ng's voices) are listed by hand below.
#  3. State lives in /var/lib/jiebang/<service>, 0700, owned by the service's system user, which the package's
#     postinst creates; `apt purge` removes both (platform/debian/maintainer/).
#  4. Files under /etc/jiebang are conffiles: an upgrade never overwrites a county's edits.

# `cmake --install` and CPack take what is built and do not build "all" first (tests included): scripts/package
# builds before it packages, and the package test runs after the build.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(JIEBANG_PACKAGE_SOURCE "${CMAKE_SOURCE_DIR}/platform/debian")
set(JIEBANG_PACKAGE_GENERATED "${CMAKE_BINARY_DIR}/debian-package")
file(MAKE_DIRECTORY "${JIEBANG_PACKAGE_GENERATED}")

# [SECTION] what is installed where

install(DIRECTORY "${CMAKE_SOURCE_DIR}/assets/" DESTINATION share/jiebang/assets COMPONENT data
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
install(TARGETS jiebang jiebang-sync-agent RUNTIME DESTINATION bin COMPONENT tools)
install(TARGETS jiebang-aggregator RUNTIME DESTINATION bin COMPONENT aggregator)
install(FILES "${CMAKE_SOURCE_DIR}/platform/systemd/jiebang-aggregator.service" DESTINATION /lib/systemd/system
        COMPONENT aggregator)
install(FILES "${CMAKE_SOURCE_DIR}/assets/config/aggregator.toml" DESTINATION /etc/jiebang COMPONENT aggregator)
set(JIEBANG_PACKAGE_COMPONENTS data tools aggregator)
if(JIEBANG_BUILD_KIOSK)
  install(TARGETS jiebang-kiosk RUNTIME DESTINATION bin COMPONENT kiosk)
  install(FILES "${CMAKE_SOURCE_DIR}/platform/systemd/jiebang-kiosk.service" DESTINATION /lib/systemd/system
          COMPONENT kiosk)
  install(FILES "${JIEBANG_PACKAGE_SOURCE}/terminal.env" DESTINATION /etc/jiebang COMPONENT kiosk)
  list(APPEND JIEBANG_PACKAGE_COMPONENTS kiosk)
endif()
if(JIEBANG_BUILD_CONSOLE)
  install(TARGETS jiebang-console RUNTIME DESTINATION bin COMPONENT console)
  install(FILES "${JIEBANG_PACKAGE_SOURCE}/jiebang-console.desktop" DESTINATION share/applications
          COMPONENT console)
  list(APPEND JIEBANG_PACKAGE_COMPONENTS console)
endif()

# Every package carries its copyright file and the (native) changelog, compressed as Debian policy asks.
set(JIEBANG_PACKAGE_CHANGELOG "${JIEBANG_PACKAGE_GENERATED}/changelog.gz")
execute_process(COMMAND gzip -9 -n -c "${JIEBANG_PACKAGE_SOURCE}/changelog"
                OUTPUT_FILE "${JIEBANG_PACKAGE_CHANGELOG}" RESULT_VARIABLE gzip_result)
if(NOT gzip_result EQUAL 0)
  message(FATAL_ERROR "packaging: gzip of platform/debian/changelog failed")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${JIEBANG_PACKAGE_SOURCE}/changelog")
foreach(component IN LISTS JIEBANG_PACKAGE_COMPONENTS)
  install(FILES "${JIEBANG_PACKAGE_SOURCE}/copyright" "${JIEBANG_PACKAGE_CHANGELOG}"
          DESTINATION share/doc/jiebang-${component} COMPONENT ${component})
endforeach()

# [SECTION] the Debian packages (CPack's DEB generator)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${JIEBANG_PACKAGE_COMPONENTS})
set(CPACK_PACKAGE_NAME jiebang)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "Jiebang")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Jiebang developers <jiebang@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/jiebang")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(JIEBANG_DATA_DEPENDENCY "jiebang-data (= ${PROJECT_VERSION})")

function(jiebang_package component name summary description depends)
  string(TOUPPER "${component}" upper)
  set(CPACK_DEBIAN_${upper}_PACKAGE_NAME "${name}" PARENT_SCOPE)
  set(CPACK_DEBIAN_${upper}_PACKAGE_DEPENDS "${depends}" PARENT_SCOPE)
  # The control file's Description: a summary line, then the long text (CPack indents continuation lines).
  set(CPACK_COMPONENT_${upper}_DESCRIPTION "${summary}\n${description}" PARENT_SCOPE)
  set(extra "")
  foreach(script postinst prerm postrm conffiles)
    if(EXISTS "${JIEBANG_PACKAGE_SOURCE}/maintainer/${name}.${script}")
      configure_file("${JIEBANG_PACKAGE_SOURCE}/maintainer/${name}.${script}"
                     "${JIEBANG_PACKAGE_GENERATED}/${name}/${script}" COPYONLY)
      list(APPEND extra "${JIEBANG_PACKAGE_GENERATED}/${name}/${script}")
    endif()
  endforeach()
  set(CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA "${extra}" PARENT_SCOPE)
endfunction()

jiebang_package(data jiebang-data "Jiebang - forms, city profiles and strings"
  "The data every Jiebang program reads: the demand and bid forms, the city\npolicy profiles, every user interface string in Chinese and English, the\nprint templates and the font lists."
  "")
set(CPACK_DEBIAN_DATA_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DATA_PACKAGE_SHLIBDEPS OFF)
jiebang_package(tools jiebang-tools "Jiebang - command-line tools"
  "The jiebang command (forms, receipts, policies, staff work on an aggregator\nover its staff channel, exports) and jiebang-sync-agent, the terminal's sync\nagent as a daemon of its own."
  "${JIEBANG_DATA_DEPENDENCY}")
jiebang_package(aggregator jiebang-aggregator "Jiebang - county and city aggregator"
  "The JBSP/1 sync server of a county or a city science and technology bureau:\nit receives what the hall terminals file, keeps it in SQLite, serves the\nstaff channel and forwards to the city."
  "${JIEBANG_DATA_DEPENDENCY}, adduser, systemd")
jiebang_package(kiosk jiebang-kiosk "Jiebang - service-hall touch terminal"
  "The touch terminal of a county service hall: applicants file technology\ndemands and bids against the city's board and leave with a signed QR receipt\nand the paper the bureau requires."
  "${JIEBANG_DATA_DEPENDENCY}, adduser, systemd, fonts-noto-cjk, librime-data, rime-data-luna-pinyin, rime-data-stroke, rime-essay, rime-prelude, tegaki-zinnia-simplified-chinese, espeak-ng-data")
jiebang_package(console jiebang-console "Jiebang - staff console"
  "The desktop application county and city bureau staff screen, forward,\npublish and follow projects in, over the aggregator's staff channel."
  "${JIEBANG_DATA_DEPENDENCY}, fonts-noto-cjk")

include(CPack)
