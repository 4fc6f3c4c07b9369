# Writes the rules files (rules/*.json) into one .cpp as string literals, so
# the plugin never looks for them at run time. Included by CMakeLists.txt it
# defines intake_embed_rules(<out var>), the build step; run by that step (in
# script mode) it writes the file.
if(NOT CMAKE_SCRIPT_MODE_FILE)
  set(intake_embed_rules_script ${CMAKE_CURRENT_LIST_FILE})
  function(intake_embed_rules out_var)
    file(GLOB rules CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/rules/*.json)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/intake_rules.cpp)
    list(JOIN rules "|" rules_arg)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${rules_arg}" -P ${intake_embed_rules_script}
      DEPENDS ${rules} ${intake_embed_rules_script}
      COMMENT "Embedding intake rules files"
      VERBATIM)
    set(${out_var} ${out} PARENT_SCOPE)
  endfunction()
  return()
endif()

string(REPLACE "|" ";" FILES "${FILES}")
list(SORT FILES)
set(body "")
foreach(f IN LISTS FILES)
  file(READ "${f}" text)
  if(text MATCHES "\\)fascia_rules\"")
    message(FATAL_ERROR "${f} contains the raw string delimiter )fascia_rules\"")
  endif()
  get_filename_component(name "${f}" NAME)
  string(APPEND body "        // ${name}\n        R\"fascia_rules(${text})fascia_rules\",\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from plugins/intake/rules; do not edit.
#include \"screening_form.h\"
namespace fascia::intake {
std::vector<std::string_view> embedded_rules_files()
{
    return {
${body}    };
}
} // namespace fascia::intake
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
