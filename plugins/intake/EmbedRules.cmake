# Script mode helper: writes the rules files into one .cpp as string literals,
# so the plugin never looks for them at run time. Called by CMakeLists.txt.
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
