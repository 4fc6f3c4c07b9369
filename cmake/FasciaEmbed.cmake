# fascia_embed_migrations(<target> COMPONENT <name> FUNCTION <qualified::name> FILES <sql>...)
# Compiles the migration files into <target> as a function returning
# std::vector<fascia::Migration>, so binaries never look for .sql files at run time.
function(fascia_embed_migrations target)
  cmake_parse_arguments(ARG "" "COMPONENT;FUNCTION" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cpp)
  list(JOIN ARG_FILES "|" files_arg)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DCOMPONENT=${ARG_COMPONENT}
            -DFUNCTION=${ARG_FUNCTION} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding ${ARG_COMPONENT} migrations"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
