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
    # Desk plugins go into the fascia-desk package, modules into fascia (FasciaPackaging.cmake).
    set(component fascia)
    if("fascia::desk_api" IN_LIST ARG_LIBRARIES)
      set(component fascia-desk)
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION ${FASCIA_PLUGIN_INSTALL_DIR}/${ARG_NAME} COMPONENT ${component})
    install(FILES ${ARG_MANIFEST} DESTINATION ${FASCIA_PLUGIN_INSTALL_DIR}/${ARG_NAME} COMPONENT ${component})
  endif()
  set_property(GLOBAL APPEND PROPERTY FASCIA_PLUGINS ${target})
endfunction()
