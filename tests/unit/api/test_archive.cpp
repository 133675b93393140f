// The archive walker: members found and named, nesting, every compression, and hostile input
// (limits, bombs, damage, encryption, links, absolute paths, sparse members) warned and counted.
#include <algorithm>

#include "archive_builder.hpp"
#include "catch.hpp"
#include "hush/scanner/archive.hpp"
#include "scan_fixture.hpp"

using namespace hush::scanner;
using hush::test::ArchiveEntry;
using hush::test::ArchiveFormat;
using hush::test::build_archive;
using hush::test::Compression;

namespace {

using hush::test::token_rule;
constexpr std::string_view secret = hush::test::token_value;
const std::string config_line = "api_token = " + std::string(secret) + "\n";

struct Walker : hush::test::ScanFixture {
  explicit Walker(ArchiveLimits limits = {})
      : ScanFixture(token_rule, Allowlist{}, DecodeOptions{}, "src/app.cfg", limits) {}

  std::vector<Finding> scan_bytes(std::string_view bytes, std::string_view at,
                                  std::uint64_t max_member_size = 10u << 20, bool include_binary = false) {
    std::vector<Finding> out;
    counters = ScanCounters{};
    opened = scan_archive(scanner, matcher, {bytes, at, max_member_size, include_binary}, out, counters,
                          hush::Logger::null());
    return out;
  }

  [[nodiscard]] std::uint64_t gap(std::string_view starting) const {
    for (const auto& g : counters.gaps)
      if (g.what.starts_with(starting)) return g.count;
    return 0;
  }

  bool opened = false;
};

std::vector<std::string> paths_of(const std::vector<Finding>& found) {
  std::vector<std::string> paths;
  for (const auto& f : found) paths.push_back(f.path);
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST_CASE("a zip member's secret is found at archive!member with the member's line", "[archive]") {
  Walker w;
  const std::string jar = build_archive({{"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"},
                                         {"BOOT-INF/classes/application.properties", "# settings\n" + config_line}});
  const auto found = w.scan_bytes(jar, "dist/app.jar");
  REQUIRE(w.opened);
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == "dist/app.jar!BOOT-INF/classes/application.properties");
  CHECK(found[0].line == 2);
  CHECK(found[0].column == 13);
  CHECK(found[0].secret == secret);
  CHECK(w.counters.archives == 1);
  CHECK(w.counters.files_scanned == 2);
  CHECK(w.counters.gaps.empty());
}

TEST_CASE("tar in every compression, and a bare compressed file, are opened", "[archive]") {
  for (const Compression c :
       {Compression::none, Compression::gzip, Compression::bzip2, Compression::xz, Compression::zstd}) {
    Walker w;
    const std::string tar = build_archive({{"./etc/app.conf", config_line}}, ArchiveFormat::pax, c);
    REQUIRE(looks_like_archive(tar));
    CHECK(paths_of(w.scan_bytes(tar, "layer.tar")) == std::vector<std::string>{"layer.tar!etc/app.conf"});
    if (c == Compression::none) continue;
    // A compressed file that holds no archive is the file it compresses, under its own name.
    CHECK(paths_of(w.scan_bytes(hush::test::compress(config_line, c), "app.conf.x")) ==
          std::vector<std::string>{"app.conf.x"});
  }
}

TEST_CASE("nested archives are opened to the depth limit, then counted", "[archive]") {
  const std::string inner = build_archive({{"c.properties", config_line}});
  const std::string middle = build_archive({{"lib/b.zip", inner}}, ArchiveFormat::pax, Compression::gzip);
  const std::string outer = build_archive({{"lib/middle.tar.gz", middle}});
  {
    Walker w;
    CHECK(paths_of(w.scan_bytes(outer, "a.jar")) ==
          std::vector<std::string>{"a.jar!lib/middle.tar.gz!lib/b.zip!c.properties"});
    CHECK(w.counters.archives == 3);
  }
  {
    Walker w(ArchiveLimits{2});
    CHECK(w.scan_bytes(outer, "a.jar").empty());
    CHECK(w.gap("archives nested deeper") == 1);
    CHECK(w.counters.archives == 2);
  }
  {
    Walker off(ArchiveLimits{0});
    CHECK(off.scan_bytes(outer, "a.jar").empty());
    CHECK_FALSE(off.opened);
  }
}

TEST_CASE("the extracted-bytes budget skips members past it and counts them", "[archive]") {
  ArchiveLimits limits;
  limits.max_bytes = 4096;
  Walker w(limits);
  const std::string zip = build_archive({{"big.txt", std::string(8000, 'a') + "\n"}, {"small.conf", config_line}});
  const auto found = w.scan_bytes(zip, "x.zip");
  CHECK(w.gap("archive members past --max-archive-bytes") == 1);
  // The member after the one that did not fit still fits the rest of the budget.
  CHECK(paths_of(found) == std::vector<std::string>{"x.zip!small.conf"});
}

TEST_CASE("members past the member limit are not read, and say so", "[archive]") {
  ArchiveLimits limits;
  limits.max_members = 2;
  Walker w(limits);
  const std::string zip = build_archive({{"a.txt", "a\n"}, {"b.txt", "b\n"}, {"c.conf", config_line}});
  CHECK(w.scan_bytes(zip, "x.zip").empty());
  CHECK(w.gap("archives with members past --max-archive-members") == 1);
  CHECK(w.counters.files_scanned == 2);
}

TEST_CASE("a member over the file size limit is skipped as too large", "[archive]") {
  Walker w;
  const std::string zip = build_archive({{"huge.log", std::string(5000, 'x')}, {"c.conf", config_line}});
  CHECK(paths_of(w.scan_bytes(zip, "x.zip", 1000)) == std::vector<std::string>{"x.zip!c.conf"});
  CHECK(w.counters.skipped_size == 1);
}

TEST_CASE("a compression bomb is stopped without inflating it", "[archive]") {
  const std::string zeros(64u << 20, '\0');
  SECTION("declared size") {
    Walker w;
    const std::string bomb = build_archive({{"zeros.bin", zeros}, {"c.conf", config_line}});
    REQUIRE(bomb.size() < zeros.size() / 200);
    CHECK(w.scan_bytes(bomb, "bomb.zip").empty());
    CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
  }
  SECTION("no declared size: a bare gzip stream") {
    Walker w;
    const std::string gz = hush::test::compress(std::string(64u << 20, 'a'), Compression::gzip);
    CHECK(w.scan_bytes(gz, "a.txt.gz").empty());
    CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
    CHECK(w.counters.bytes_scanned == 0);
  }
  SECTION("zeros, which tar skips inside one header read") {
    Walker w;
    const std::string gz = hush::test::compress(zeros + config_line, Compression::gzip);
    CHECK(w.scan_bytes(gz, "zeros.gz").empty());
    CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
  }
}

TEST_CASE("a tar holding archives one after another is read to its last member", "[archive]") {
  // `cat a.tar b.tar`: the second archive follows the first one's end-of-archive zero blocks.
  const std::string first = build_archive({{"a.txt", "nothing here\n"}}, ArchiveFormat::pax);
  const std::string second = build_archive({{"b.conf", config_line}}, ArchiveFormat::pax);
  for (const Compression c : {Compression::none, Compression::gzip}) {
    Walker w;
    const std::string both = c == Compression::none ? first + second : hush::test::compress(first + second, c);
    CHECK(paths_of(w.scan_bytes(both, "both.tar")) == std::vector<std::string>{"both.tar!b.conf"});
    CHECK(w.counters.gaps.empty());
  }
}

TEST_CASE("a truncated or corrupt archive is scanned up to the damage and counted", "[archive]") {
  const std::string tar =
      build_archive({{"a.conf", config_line}, {"b.txt", std::string(4000, 'b')}}, ArchiveFormat::pax);
  {
    Walker w;
    const auto found = w.scan_bytes(std::string_view(tar).substr(0, 2500), "cut.tar");
    CHECK(paths_of(found) == std::vector<std::string>{"cut.tar!a.conf"});
    CHECK(w.gap("damaged archives") == 1);
  }
  {
    // Cut in the second member's data: the first is read from its local header.
    std::string noise;
    for (std::uint32_t x = 1; noise.size() < 20000; x = x * 1103515245 + 12345)
      noise += static_cast<char>('a' + (x >> 16) % 26);
    const std::string zip = build_archive({{"a.conf", config_line}, {"b.txt", noise}});
    Walker w;
    const auto found = w.scan_bytes(std::string_view(zip).substr(0, zip.size() / 2), "cut.zip");
    CHECK(paths_of(found) == std::vector<std::string>{"cut.zip!a.conf"});
    CHECK(w.gap("damaged archives") == 1);
  }
  {
    // Zip magic and then no zip at all: the bytes are scanned as a file, so starting a file with
    // "PK\3\4" does not hide what follows.
    Walker w;
    const std::string garbage = std::string("PK\x03\x04", 4) + std::string(300, '\x7f') + "\n" + config_line;
    CHECK(paths_of(w.scan_bytes(garbage, "junk.zip")) == std::vector<std::string>{"junk.zip"});
    CHECK(w.counters.archives == 0);
    CHECK(w.counters.gaps.empty());
  }
}

namespace {

// The first byte of a zip member's compressed data, found from its local header.
std::size_t member_data_offset(const std::string& zip, std::string_view name) {
  const std::string magic("PK\x03\x04", 4);
  for (std::size_t at = zip.find(magic); at != std::string::npos; at = zip.find(magic, at + 4)) {
    const auto u16 = [&](std::size_t i) {
      return static_cast<std::size_t>(static_cast<unsigned char>(zip[at + i]) |
                                      (static_cast<unsigned char>(zip[at + i + 1]) << 8));
    };
    if (zip.compare(at + 30, u16(26), name) == 0) return at + 30 + u16(26) + u16(28);
  }
  return std::string::npos;
}

}  // namespace

TEST_CASE("members named as a binary format are counted as binary without being inflated", "[archive]") {
  // Text under a class file's name: only a name says what it is, and the name is what is trusted.
  const std::string padding(20000, '#');
  const std::string jar = build_archive({{"com/acme/Main.class", padding + "\n" + config_line},
                                         {"com/acme/readme.classic", config_line},
                                         {"app.conf", config_line}});
  {
    Walker w;
    CHECK(paths_of(w.scan_bytes(jar, "x.jar")) ==
          std::vector<std::string>{"x.jar!app.conf", "x.jar!com/acme/readme.classic"});
    CHECK(w.counters.skipped_binary == 1);
    CHECK(w.counters.gaps.empty());
  }
  {
    Walker w;
    CHECK(paths_of(w.scan_bytes(jar, "x.jar", 10u << 20, true)) ==
          std::vector<std::string>{"x.jar!app.conf", "x.jar!com/acme/Main.class", "x.jar!com/acme/readme.classic"});
  }
  // A deflate block of the reserved type: inflating any of it fails, so the class member is passed
  // over without a byte of it inflated, and the members after it are still read.
  std::string broken = jar;
  const std::size_t data = member_data_offset(broken, "com/acme/Main.class");
  REQUIRE(data < broken.size());
  broken[data] = '\xff';
  {
    Walker w;
    CHECK(paths_of(w.scan_bytes(broken, "x.jar")) ==
          std::vector<std::string>{"x.jar!app.conf", "x.jar!com/acme/readme.classic"});
    CHECK(w.gap("damaged archives") == 0);
  }
  {
    Walker w;
    w.scan_bytes(broken, "x.jar", 10u << 20, true);
    CHECK(w.gap("damaged archives") == 1);
  }
}

TEST_CASE("encrypted zip members are counted, the rest scanned", "[archive]") {
  Walker w;
  const std::string zip = build_archive({{"secret.conf", config_line}}, ArchiveFormat::zip, Compression::none, "pass");
  CHECK(w.scan_bytes(zip, "locked.zip").empty());
  CHECK(w.gap("encrypted archive members") == 1);
}

TEST_CASE("links and absolute or parent paths in a tar are counted, never followed", "[archive]") {
  Walker w;
  const std::string tar = build_archive({{"etc/passwd-link", "/etc/passwd", ArchiveEntry::Kind::symlink},
                                         {"etc/app.conf", config_line},
                                         {"etc/again.conf", "etc/app.conf", ArchiveEntry::Kind::hardlink},
                                         {"/abs/app.conf", config_line},
                                         {"../up.conf", "plain\n"},
                                         {"dir", "", ArchiveEntry::Kind::directory}},
                                        ArchiveFormat::pax);
  const auto found = w.scan_bytes(tar, "t.tar");
  CHECK(paths_of(found) == std::vector<std::string>{"t.tar!/abs/app.conf", "t.tar!etc/app.conf"});
  CHECK(w.counters.archive_links == 2);
  CHECK(w.counters.archive_unsafe_paths == 2);
}

TEST_CASE("a 4 GiB sparse member is refused by its declared size, not read", "[archive]") {
  Walker w;
  ArchiveEntry sparse{"disk.img", "tail\n"};
  sparse.sparse_size = std::int64_t{4} << 30;
  const std::string tar = build_archive({sparse, {"c.conf", config_line}}, ArchiveFormat::pax);
  REQUIRE(tar.size() < 64 * 1024);
  CHECK(w.scan_bytes(tar, "sparse.tar").empty());
  CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
}

TEST_CASE("archive magic is told from text", "[archive]") {
  CHECK_FALSE(looks_like_archive("BZh9 is no bzip2 stream"));
  CHECK_FALSE(looks_like_archive("PK"));
  CHECK_FALSE(looks_like_archive(std::string(600, 'a')));
  CHECK(looks_like_archive(hush::test::compress("x", Compression::bzip2)));
  CHECK(looks_like_archive(build_archive({}, ArchiveFormat::zip)));
}

TEST_CASE("a tar.gz too large to inflate in one call is read as it inflates, under the same limits", "[archive]") {
  // More than the 16 MiB inflated in one call: the member after it is reached by streaming.
  ArchiveLimits roomy;
  roomy.max_ratio = 100000;
  constexpr std::uint64_t member_limit = 64u << 20;
  const std::string tgz =
      build_archive({{"a.conf", config_line}, {"zeros.bin", std::string(17u << 20, '\0')}, {"b.conf", config_line}},
                    ArchiveFormat::pax, Compression::gzip);
  {
    Walker w(roomy);
    CHECK(paths_of(w.scan_bytes(tgz, "big.tar.gz", member_limit)) ==
          std::vector<std::string>{"big.tar.gz!a.conf", "big.tar.gz!b.conf"});
    CHECK(w.counters.archives == 1);
    CHECK(w.counters.skipped_binary == 1);
    CHECK(w.counters.gaps.empty());
  }
  {
    // `cat one.tar.gz two.tar.gz`: two gzip members, two tars, one stream.
    Walker w(roomy);
    const std::string two = tgz + build_archive({{"c.conf", config_line}}, ArchiveFormat::pax, Compression::gzip);
    CHECK(paths_of(w.scan_bytes(two, "two.tar.gz", member_limit)) ==
          std::vector<std::string>{"two.tar.gz!a.conf", "two.tar.gz!b.conf", "two.tar.gz!c.conf"});
    CHECK(w.counters.gaps.empty());
  }
  {
    // Cut short: what came before the cut is read, and the archive is counted damaged.
    Walker w(roomy);
    CHECK(paths_of(w.scan_bytes(std::string_view(tgz).substr(0, tgz.size() / 2), "cut.tar.gz", member_limit)) ==
          std::vector<std::string>{"cut.tar.gz!a.conf"});
    CHECK(w.gap("damaged archives") == 1);
  }
  {
    // Its checksum wrong: every byte inflates, and the damage is still counted.
    std::string wrong = tgz;
    wrong[wrong.size() - 8] = static_cast<char>(wrong[wrong.size() - 8] ^ 0x5a);
    Walker w(roomy);
    const auto found = paths_of(w.scan_bytes(wrong, "crc.tar.gz", member_limit));
    CHECK(std::find(found.begin(), found.end(), "crc.tar.gz!a.conf") != found.end());
    CHECK(w.gap("damaged archives") == 1);
  }
  {
    // 17 MiB from a few kilobytes is past the default ratio: stopped as it inflates.
    Walker w;
    w.scan_bytes(tgz, "bomb.tar.gz", member_limit);
    CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
  }
}

TEST_CASE("gzip streams: truncated, concatenated, or holding a zip", "[archive]") {
  const std::string gz = hush::test::compress(config_line, Compression::gzip);
  {
    Walker w;
    CHECK(w.scan_bytes(std::string_view(gz).substr(0, gz.size() - 6), "cut.conf.gz").empty());
    CHECK(w.gap("damaged archives") == 1);
  }
  {
    // Two gzip members one after the other read as one stream, as gunzip reads them.
    Walker w;
    const std::string twice = hush::test::compress("first = 1\n", Compression::gzip) + gz;
    CHECK(paths_of(w.scan_bytes(twice, "two.gz")) == std::vector<std::string>{"two.gz"});
  }
  {
    Walker w;
    const std::string zip_gz = hush::test::compress(build_archive({{"a.conf", config_line}}), Compression::gzip);
    CHECK(paths_of(w.scan_bytes(zip_gz, "x.zip.gz")) == std::vector<std::string>{"x.zip.gz!a.conf"});
    CHECK(w.counters.archives == 2);
  }
  {
    // Past the ratio by its trailer's size: never inflated in one piece, stopped in chunks.
    Walker w;
    CHECK(w.scan_bytes(hush::test::compress(std::string(8u << 20, 'q'), Compression::gzip), "q.gz").empty());
    CHECK(w.gap("archives that expand past --max-archive-ratio") == 1);
  }
}
