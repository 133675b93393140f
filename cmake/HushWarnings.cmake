# Applied per target so third-party headers (included as SYSTEM) stay quiet.
function(hush_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                                           -Wcast-align -Woverloaded-virtual -Wpedantic -Wimplicit-fallthrough)
  # GCC 12 reports -Wrestrict inside libstdc++'s own std::string concatenation at -O2
  # (GCC bug 105329), a false positive that no user code can avoid.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(HUSH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
