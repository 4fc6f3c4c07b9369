# Script mode helper for fascia_embed_migrations: writes one .cpp file.
string(REPLACE "|" ";" FILES "${FILES}")
list(SORT FILES)
string(REGEX MATCH "^(.*)::([^:]+)$" _ "${FUNCTION}")
set(ns "${CMAKE_MATCH_1}")
set(fn "${CMAKE_MATCH_2}")
set(body "")
foreach(f IN LISTS FILES)
  get_filename_component(base "${f}" NAME_WE)
  if(NOT base MATCHES "^([0-9][0-9][0-9][0-9])_([a-z0-9_]+)$")
    message(FATAL_ERROR "Migration ${f}: name must be NNNN_name.sql")
  endif()
  math(EXPR number "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  file(READ "${f}" sql)
  string(APPEND body "        {\"${COMPONENT}\", ${number}, \"${name}\", R\"fascia_sql(${sql})fascia_sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${COMPONENT} migrations; do not edit.
#include <fascia/migrations.h>
namespace ${ns} {
std::vector<fascia::Migration> ${fn}()
{
    return {
${body}    };
}
}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
