# `cmake --install` and `cpack -G DEB`: the binary, the hook script and the CI templates under the
# usual prefixes, and a Debian package whose dependencies are computed on the build machine.
include(GNUInstallDirs)

install(TARGETS hush RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The hook `hush hook install` writes carries the same text; this copy is for hand installs and
# for hook managers that take a script path.
install(PROGRAMS ${PROJECT_SOURCE_DIR}/hooks/pre-commit DESTINATION ${CMAKE_INSTALL_DATADIR}/hush/hooks)
install(FILES ${PROJECT_SOURCE_DIR}/hooks/github-workflow.yml ${PROJECT_SOURCE_DIR}/hooks/gitlab-ci.yml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/hush/ci)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian package name and version that ship FILE (a library hush loads at run time, which
# dpkg-shlibdeps cannot see because hush does not link it). Empty when dpkg does not know it.
function(hush_debian_package_of file out)
  set(${out} "" PARENT_SCOPE)
  find_program(HUSH_DPKG_QUERY dpkg-query)
  if(NOT HUSH_DPKG_QUERY OR NOT file)
    return()
  endif()
  get_filename_component(real ${file} REALPATH)
  execute_process(COMMAND ${HUSH_DPKG_QUERY} --search ${real} OUTPUT_VARIABLE owner RESULT_VARIABLE rc
                  ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR owner STREQUAL "")
    return()
  endif()
  string(REGEX REPLACE ":.*" "" package "${owner}")  # "libcurl4:amd64: /usr/lib/..." -> libcurl4
  execute_process(COMMAND ${HUSH_DPKG_QUERY} --showformat=\${Version} --show ${package}:${CMAKE_LIBRARY_ARCHITECTURE}
                  OUTPUT_VARIABLE version RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR version STREQUAL "")
    execute_process(COMMAND ${HUSH_DPKG_QUERY} --showformat=\${Version} --show ${package}
                    OUTPUT_VARIABLE version ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
  # Upstream version only: the package works with any Debian revision of it.
  string(REGEX REPLACE "^[0-9]+:" "" version "${version}")
  string(REGEX REPLACE "-[^-]*$" "" version "${version}")
  if(version STREQUAL "")
    set(${out} "${package}" PARENT_SCOPE)
  else()
    set(${out} "${package} (>= ${version})" PARENT_SCOPE)
  endif()
endfunction()

# libcurl: every Vault and AWS request (loaded on first use, so not a link dependency).
# libssh2: libgit2's SSH transport (loaded on first call; local scans never make one).
find_library(HUSH_CURL_RUNTIME NAMES libcurl.so.4 curl)
hush_debian_package_of("${HUSH_CURL_RUNTIME}" hush_curl_package)
hush_debian_package_of("${HUSH_SSH2_LIBRARY}" hush_ssh2_package)

set(CPACK_PACKAGE_NAME hush)
set(CPACK_PACKAGE_VENDOR hush)
set(CPACK_PACKAGE_CONTACT "hush maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Keeps secrets out of Git and puts them into processes")
set(CPACK_PACKAGE_DESCRIPTION
    "hush scan finds secrets in Git history, staged changes, commit ranges and directories (pre-commit hook, CI gate). hush run fetches credentials from Vault, AWS SSM Parameter Store, AWS Secrets Manager or an encrypted file into a child process's environment and supervises it as a container's PID 1.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# The libraries hush links (libc, libm) come from dpkg-shlibdeps; the ones it loads at run time are
# named from the packages that provide them on this machine.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${hush_curl_package}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates, git")
if(hush_ssh2_package)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "${CPACK_DEBIAN_PACKAGE_RECOMMENDS}, ${hush_ssh2_package}")
endif()
set(CPACK_STRIP_FILES TRUE)
set(CPACK_GENERATOR DEB)
include(CPack)
