# fascia_add_plugin(NAME <id> SOURCES <src>... [DEPENDS <plugin id>...]
#                   [MIGRATIONS <sql>...] [LIBRARIES <target>...]
#                   [MANIFEST <plugin.json>] [OUTPUT_DIR <dir>] [NO_INSTALL])
#
# Builds plugins/<id>/module into <plugins dir>/<id>/<id>.so with its plugin.json
# beside it. MIGRATIONS are compiled in as <id>_plugin::migrations().
# DEPENDS gives access to the public headers (plugins/<dep>/include) of the
# modules this one declares in its plugin.json; it never links them.
function(fascia_add_plugin)
  cmake_parse_arguments(ARG "NO_INSTALL" "NAME;MANIFEST;OUTPUT_DIR"
                        "SOURCES;DEPENDS;MIGRATIONS;LIBRARIES" ${ARGN})
  if(NOT ARG_NAME)
    message(FATAL_ERROR "fascia_add_plugin: NAME is required")
  endif()
  set(target fascia_plugin_${ARG_NAME})
  if(NOT ARG_MANIFEST)
    set(ARG_MANIFEST ${CMAKE_CURRENT_SOURCE_DIR}/plugin.json)
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR ${FASCIA_PLUGIN_OUTPUT_DIR}/${ARG_NAME})
  endif()

  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME ${ARG_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR}
    # <prefix>/lib/fascia/plugins/<id>/<id>.so finds <prefix>/lib/libfascia_core.so
    BUILD_RPATH "$ORIGIN/../../.." INSTALL_RPATH "$ORIGIN/../../..")
  target_link_libraries(${target} PRIVATE fascia::core fascia::warnings ${ARG_LIBRARIES})
  if("fascia::desk_api" IN_LIST ARG_LIBRARIES)
    set_target_properties(${target} PROPERTIES AUTOMOC ON) # a desk (Qt) plugin
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  foreach(dep IN LISTS ARG_DEPENDS)
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/plugins/${dep}/include)
    if(TARGET fascia_plugin_${dep})
      add_dependencies(${target} fascia_plugin_${dep})
    endif()
  endforeach()
  if(ARG_MIGRATIONS)
    fascia_embed_migrations(${target} COMPONENT ${ARG_NAME}
                            FUNCTION ${ARG_NAME}_plugin::migrations FILES ${ARG_MIGRATIONS})
  endif()
  configure_file(${ARG_MANIFEST} ${ARG_OUTPUT_DIR}/plugin.json COPYONLY)
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${FASCIA_PLUGIN_INSTALL_DIR}/${ARG_NAME})
    install(FILES ${ARG_MANIFEST} DESTINATION ${FASCIA_PLUGIN_INSTALL_DIR}/${ARG_NAME})
  endif()
  set_property(GLOBAL APPEND PROPERTY FASCIA_PLUGINS ${target})
endfunction()

# fascia_add_module(NAME <id> SOURCES <src>... [PLUGIN_SOURCES <src>...]
#                   [MIGRATIONS_DIR <dir>] [DEPENDS <module id>...]
#                   [LIBRARIES <target>...] [EXTRA_SOURCES <src>...])
#
# A module in the usual layout (docs/MODULES.md), in one call:
# - fascia_<id>_module (alias fascia::<id>_module): a static library of SOURCES
#   (and EXTRA_SOURCES, e.g. generated files) with include/ and module/ public,
#   linking fascia::core, CLI11 and LIBRARIES. The tests link it, so they run
#   exactly the code the plugin runs, in-process.
# - The *.sql files in MIGRATIONS_DIR (default schema/<id>, relative to the
#   project) compiled in as <id>_plugin::migrations(), in file-name order.
# - The plugin <id> (fascia_add_plugin) from PLUGIN_SOURCES (default
#   module/plugin.cpp): the entry point only, linking the library.
# - The desk plugin in ui/, when ui/CMakeLists.txt exists.
# DEPENDS: modules this one declares in plugin.json; their public headers only.
function(fascia_add_module)
  cmake_parse_arguments(ARG "" "NAME;MIGRATIONS_DIR"
                        "SOURCES;PLUGIN_SOURCES;DEPENDS;LIBRARIES;EXTRA_SOURCES" ${ARGN})
  if(NOT ARG_NAME OR NOT ARG_SOURCES)
    message(FATAL_ERROR "fascia_add_module: NAME and SOURCES are required")
  endif()
  set(lib fascia_${ARG_NAME}_module)
  add_library(${lib} STATIC ${ARG_SOURCES} ${ARG_EXTRA_SOURCES})
  add_library(fascia::${ARG_NAME}_module ALIAS ${lib})
  target_include_directories(${lib} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR}/module)
  foreach(dep IN LISTS ARG_DEPENDS)
    target_include_directories(${lib} PUBLIC ${PROJECT_SOURCE_DIR}/plugins/${dep}/include)
  endforeach()
  target_link_libraries(${lib} PUBLIC fascia::core CLI11::CLI11 ${ARG_LIBRARIES} PRIVATE fascia::warnings)

  if(NOT ARG_MIGRATIONS_DIR)
    set(ARG_MIGRATIONS_DIR schema/${ARG_NAME})
  endif()
  get_filename_component(migrations_dir ${ARG_MIGRATIONS_DIR} ABSOLUTE BASE_DIR ${PROJECT_SOURCE_DIR})
  file(GLOB migrations CONFIGURE_DEPENDS ${migrations_dir}/*.sql)
  if(migrations)
    fascia_embed_migrations(${lib} COMPONENT ${ARG_NAME}
                            FUNCTION ${ARG_NAME}_plugin::migrations FILES ${migrations})
  endif()

  if(NOT ARG_PLUGIN_SOURCES)
    set(ARG_PLUGIN_SOURCES module/plugin.cpp)
  endif()
  fascia_add_plugin(NAME ${ARG_NAME} SOURCES ${ARG_PLUGIN_SOURCES} DEPENDS ${ARG_DEPENDS}
                    LIBRARIES fascia::${ARG_NAME}_module)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/ui/CMakeLists.txt)
    add_subdirectory(ui)
  endif()
endfunction()

# fascia_add_desk_plugin(MODULE <id> SOURCES <src>... [LIBRARIES <target>...])
#
# The desk (Qt Widgets) plugin of module <id>: <id>-desk, built from ui/ with
# its ui/plugin.json, against the desk interface (fascia::desk_api, which
# brings the shared desk helpers) and the module's public headers. It changes
# data only through the module's commands; LIBRARIES may add the module's own
# library (fascia::<id>_module) for its readers.
function(fascia_add_desk_plugin)
  cmake_parse_arguments(ARG "" "MODULE" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_MODULE OR NOT ARG_SOURCES)
    message(FATAL_ERROR "fascia_add_desk_plugin: MODULE and SOURCES are required")
  endif()
  fascia_add_plugin(NAME ${ARG_MODULE}-desk SOURCES ${ARG_SOURCES} DEPENDS ${ARG_MODULE}
                    LIBRARIES fascia::desk_api ${ARG_LIBRARIES})
endfunction()
