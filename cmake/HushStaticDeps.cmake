# Link hush's libraries (Hyperscan, PCRE2, libgit2 and its TLS/SSH stack, libdeflate, libsodium)
# from their static archives when the -dev packages ship them. Every shared library is work for
# the dynamic loader at every start, before main (cost in bench/README.md), which a pre-commit
# hook and a container entrypoint pay on every run. libcurl is not here: vault-client
# loads it on first use (vault-client/src/http/curl_api.hpp).
#
# Falls back to the shared libraries, with a message, when an archive is missing or a test link
# against the archives fails (another distribution's build may need dependencies its .pc omits).
option(HUSH_STATIC_DEPS "Link Hyperscan, PCRE2, libgit2, libdeflate and libsodium statically when possible" ON)

include(CheckCXXSourceCompiles)
include(CMakePushCheckState)

# System libraries stay shared. The compiler driver links the C and C++ runtimes itself (the
# C++ one statically with -static-libstdc++ below), so those are dropped from the lists.
set(HUSH_SHARED_ONLY_LIBS dl rt pthread)
set(HUSH_RUNTIME_LIBS c m gcc gcc_s stdc++)

# Archives for NAMES (pkg-config library names); empty OUT when one has no archive.
function(hush_find_archives out)
  set(archives)
  foreach(name IN LISTS ARGN)
    if(name IN_LIST HUSH_RUNTIME_LIBS)
      continue()
    endif()
    if(name IN_LIST HUSH_SHARED_ONLY_LIBS)
      list(APPEND archives ${name})
      continue()
    endif()
    string(MAKE_C_IDENTIFIER "HUSH_ARCHIVE_${name}" var)
    find_library(${var} NAMES lib${name}.a)
    if(NOT ${var})
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    list(APPEND archives ${${var}})
  endforeach()
  set(${out} ${archives} PARENT_SCOPE)
endfunction()

# Points PkgConfig::<PREFIX> at the archives when a program calling SYMBOL links against them.
# Libraries named in HUSH_STATIC_ON_DEMAND are left out: forwarders stand in for them.
function(hush_prefer_static prefix symbol header)
  set(names ${${prefix}_STATIC_LIBRARIES} ${ARGN})
  if(HUSH_STATIC_ON_DEMAND)
    list(REMOVE_ITEM names ${HUSH_STATIC_ON_DEMAND})
  endif()
  hush_find_archives(archives ${names})
  if(NOT archives)
    message(STATUS "hush: ${prefix} linked shared (no static archive for every library it needs)")
    return()
  endif()
  cmake_push_check_state(RESET)
  set(CMAKE_REQUIRED_INCLUDES ${${prefix}_INCLUDE_DIRS})
  set(CMAKE_REQUIRED_DEFINITIONS -DPCRE2_CODE_UNIT_WIDTH=8)
  set(CMAKE_REQUIRED_LIBRARIES ${archives} ${HUSH_STATIC_EXTRA_SHARED} Threads::Threads)
  set(CMAKE_REQUIRED_QUIET ON)
  check_cxx_source_compiles("#include <${header}>\nint main() { return reinterpret_cast<long>(&${symbol}) == 1; }"
                            HUSH_STATIC_LINKS_${prefix})
  cmake_pop_check_state()
  if(HUSH_STATIC_LINKS_${prefix})
    set_property(TARGET PkgConfig::${prefix} PROPERTY INTERFACE_LINK_LIBRARIES ${archives} ${HUSH_STATIC_LINK_INSTEAD})
    foreach(archive IN LISTS archives)
      if(archive MATCHES "\\.a$")
        get_filename_component(name ${archive} NAME)
        set_property(GLOBAL APPEND PROPERTY HUSH_STATIC_ARCHIVE_NAMES ${name})
      endif()
    endforeach()
    message(STATUS "hush: ${prefix} linked statically")
  else()
    message(STATUS "hush: ${prefix} linked shared (a test link against its archives failed)")
  endif()
endfunction()

if(HUSH_STATIC_DEPS)
  # Debian's libgit2.pc lists neither libssh2's libcrypto nor the GSSAPI library behind its
  # Negotiate authentication. The latter has no archive, so it stays shared (by its SONAME when
  # the unversioned -dev link is absent); --as-needed drops it wherever it is not needed.
  # The test link uses the real GSSAPI library; hush itself links forwarders that load it on
  # first call, which never comes (link/gssapi_on_demand.c).
  find_library(HUSH_GSSAPI_LIBRARY NAMES gssapi_krb5 libgssapi_krb5.so.2)
  set(HUSH_STATIC_EXTRA_SHARED)
  set(HUSH_STATIC_LINK_INSTEAD)
  if(HUSH_GSSAPI_LIBRARY)
    set(HUSH_STATIC_EXTRA_SHARED ${HUSH_GSSAPI_LIBRARY})
    add_library(hush_gssapi_on_demand OBJECT ${PROJECT_SOURCE_DIR}/link/gssapi_on_demand.c)
    set(HUSH_STATIC_LINK_INSTEAD $<TARGET_OBJECTS:hush_gssapi_on_demand> Threads::Threads ${CMAKE_DL_LIBS})
  endif()
  # With mbedTLS, libgit2 parses the system CA bundle at init for TLS hush never uses; the wrap
  # leaves its CA chain empty instead (link/no_ca_bundle.c).
  if("mbedx509" IN_LIST LIBGIT2_STATIC_LIBRARIES)
    add_library(hush_no_ca_bundle OBJECT ${PROJECT_SOURCE_DIR}/link/no_ca_bundle.c)
    list(APPEND HUSH_STATIC_LINK_INSTEAD $<TARGET_OBJECTS:hush_no_ca_bundle>
         -Wl,--wrap=mbedtls_x509_crt_parse_file -Wl,--wrap=mbedtls_x509_crt_parse_path)
  endif()
  # libssh2 (libgit2's SSH transport) would bring a static libcrypto: forwarders load the system's
  # libssh2 on the first SSH call instead (link/ssh_on_demand.c), so OpenSSL
  # reaches hush only as the system's shared library, through libcurl.
  find_library(HUSH_SSH2_LIBRARY NAMES ssh2 libssh2.so.1)
  find_path(HUSH_SSH2_INCLUDE_DIR libssh2.h)
  set(HUSH_STATIC_ON_DEMAND)
  set(libgit2_extra crypto)
  if(HUSH_SSH2_LIBRARY AND HUSH_SSH2_INCLUDE_DIR)
    set(HUSH_STATIC_ON_DEMAND ssh2 crypto)
    list(APPEND HUSH_STATIC_EXTRA_SHARED ${HUSH_SSH2_LIBRARY})
    add_library(hush_ssh_on_demand OBJECT ${PROJECT_SOURCE_DIR}/link/ssh_on_demand.c)
    target_include_directories(hush_ssh_on_demand PRIVATE ${HUSH_SSH2_INCLUDE_DIR})
    list(APPEND HUSH_STATIC_LINK_INSTEAD $<TARGET_OBJECTS:hush_ssh_on_demand> Threads::Threads ${CMAKE_DL_LIBS})
  endif()
  hush_prefer_static(LIBGIT2 git_libgit2_init git2.h ${libgit2_extra})
  set(HUSH_STATIC_ON_DEMAND)
  set(HUSH_STATIC_EXTRA_SHARED)
  set(HUSH_STATIC_LINK_INSTEAD)
  hush_prefer_static(HS hs_scan hs.h)
  hush_prefer_static(PCRE2 pcre2_compile_8 pcre2.h)
  hush_prefer_static(DEFLATE libdeflate_alloc_decompressor libdeflate.h)
  hush_prefer_static(ZLIB inflateInit_ zlib.h)
  hush_prefer_static(SODIUM sodium_init sodium.h)
  # Symbols of these archives stay out of hush's dynamic symbol table, so a shared library loaded
  # later (GSSAPI on demand, with its own crypto) never binds to the static copies. Named one
  # by one, not ALL: a sanitizer runtime is an archive too, and hiding its malloc and operator
  # new from libstdc++.so makes every allocation made there a bad free here.
  get_property(static_archives GLOBAL PROPERTY HUSH_STATIC_ARCHIVE_NAMES)
  if(static_archives)
    list(REMOVE_DUPLICATES static_archives)
    list(JOIN static_archives ":" static_archives)
    add_link_options(LINKER:--exclude-libs,${static_archives})
  endif()
  add_link_options(LINKER:--as-needed)
  # The C++ runtime too (sanitizer builds keep it shared, as their runtimes expect).
  if(NOT HUSH_SANITIZE AND NOT HUSH_FUZZ)
    add_link_options(-static-libstdc++ -static-libgcc)
  endif()
endif()
