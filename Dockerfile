# hush as a container image: `docker build -t hush .` builds it from this checkout; the runtime
# stage is a slim Debian with hush installed from its own Debian package, so libcurl (for Vault and
# AWS) and the CA certificates come from the distribution with its security updates.
#
# The entrypoint is `hush run --`: as a base image (`FROM hush`, then your program as CMD), hush is
# PID 1, resolves the references in the environment (`DB_PASSWORD=vault://secret/app#password`)
# and supervises the program. To scan instead:
#   docker run --rm --entrypoint hush -v "$PWD:/src" hush scan /src

FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake ninja-build g++ pkg-config libhyperscan-dev libpcre2-dev \
      libgit2-dev libdeflate-dev zlib1g-dev libarchive-dev libisal-dev libsodium-dev libcurl4-openssl-dev nlohmann-json3-dev \
      libtomlplusplus-dev dpkg-dev file \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHUSH_BUILD_TESTS=OFF -DHUSH_BUILD_BENCH=OFF \
 && cmake --build /build --target hush \
 && cd /build && cpack -G DEB

FROM debian:12-slim AS runtime
COPY --from=build /build/hush_*.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates /tmp/hush_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/hush_*.deb
ENTRYPOINT ["hush", "run", "--"]
CMD ["hush", "version"]
