# Warnings and sanitizers as INTERFACE targets, linked by every Fascia target.
add_library(fascia_warnings INTERFACE)
add_library(fascia::warnings ALIAS fascia_warnings)
target_compile_options(fascia_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  $<$<BOOL:${FASCIA_WARNINGS_AS_ERRORS}>:-Werror>
  # GCC 12 reports false -Wrestrict overlaps inside std::string at -O3 (GCC bug 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

option(FASCIA_WARNINGS_AS_ERRORS "Treat warnings as errors" OFF)
option(FASCIA_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

# Global, not per target: the core, every plugin and every test must agree,
# or a plugin loaded into a sanitized host reports false positives.
if(FASCIA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
