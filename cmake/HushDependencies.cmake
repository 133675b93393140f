# Every dependency comes from the distribution's packages; nothing is downloaded at build time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

if(HUSH_USE_VECTORSCAN)
  # Vectorscan ships the same API and the same pkg-config name on Debian/Ubuntu.
  pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs>=5.4)
  message(STATUS "hush: using Vectorscan (libhs ${HS_VERSION})")
else()
  pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs>=5.0)
  message(STATUS "hush: using Hyperscan (libhs ${HS_VERSION})")
endif()
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8>=10.34)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2>=1.1)
# HTTP and TLS for the store clients. Only its headers are used at build time: vault-client loads
# libcurl.so.4 when a network store is first used (vault-client/src/http/curl_api.hpp), so
# commands that talk to no store never load it. Requiring the -dev package here keeps libcurl a
# declared dependency of the build and of packages made from it.
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl>=7.68)
# Pack entries record their inflated size, so whole-buffer inflation (libdeflate) fits the
# history hot path better than zlib streaming.
pkg_check_modules(DEFLATE REQUIRED IMPORTED_TARGET libdeflate>=1.5)
# Loose objects do not record their inflated size before their header, so they are read by
# streaming zlib (git/src/loose_object.cpp), with bounds of hush's own.
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
# Archive members (zip, tar, gzip, bzip2, xz, zstd) are read in memory, under limits of hush's own.
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive>=3.4)
# Large tar.gz streams are inflated by ISA-L, loaded on demand like libarchive (headers only here).
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal>=2.25)
find_package(nlohmann_json 3.9 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)

include(HushStaticDeps)
