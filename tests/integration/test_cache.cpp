// The compiled rule database cache ($HUSH_CACHE_DIR): reused, and rebuilt silently when damaged.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

struct Tree {
  TempDir dir;
  TempDir cache;
  Tree() {
    write_file(dir / "a.env", "gh " + make_github_token(91) + "\n");
    write_file(dir / "b.yml", "x: " + make_github_token(92, "ghu_") + "\n");
  }
  RunResult scan() const {
    RunOptions o;
    o.cache_dir = cache.path();
    return run_hush({"scan", "--format", "json", dir.str()}, o);
  }
};

}  // namespace

TEST_CASE("a second run reuses the cache", "[cache]") {
  Tree t;
  const auto first = t.scan();
  REQUIRE(first.exit_code == 1);
  CHECK(first.err.empty());
  const auto files = cache_files(t.cache.path());
  REQUIRE(files.size() == 1);
  const auto written = fs::last_write_time(files[0]);
  const std::string bytes = read_file(files[0]);
  CHECK(bytes.rfind("HUSHHSDB", 0) == 0);

  const auto second = t.scan();
  REQUIRE(second.exit_code == 1);
  CHECK(second.err.empty());
  CHECK(parse_json(second.out)["findings"] == parse_json(first.out)["findings"]);
  CHECK(cache_files(t.cache.path()).size() == 1);
  CHECK(read_file(files[0]) == bytes);
  CHECK(fs::last_write_time(files[0]) == written);  // loaded, not rewritten
}

TEST_CASE("a corrupted cache file is rebuilt silently", "[cache]") {
  Tree t;
  const auto first = t.scan();
  REQUIRE(first.exit_code == 1);
  const auto files = cache_files(t.cache.path());
  REQUIRE(files.size() == 1);
  const std::string good = read_file(files[0]);
  const auto expected = parse_json(first.out)["findings"];

  auto check_recovers = [&](const std::string& damaged) {
    write_file(files[0], damaged);
    const auto r = t.scan();
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    CHECK(parse_json(r.out)["findings"] == expected);
    CHECK(read_file(files[0]) == good);  // rewritten with a valid database
  };

  SECTION("garbage") { check_recovers(std::string(4096, '\x5a')); }
  SECTION("empty") { check_recovers(""); }
  SECTION("truncated") { check_recovers(good.substr(0, good.size() / 2)); }
  SECTION("one flipped payload byte") {
    std::string flipped = good;
    flipped[flipped.size() - 100] = static_cast<char>(flipped[flipped.size() - 100] ^ 0x40);
    check_recovers(flipped);
  }
  SECTION("right header, wrong format number") {
    std::string wrong = good;
    wrong[8] = static_cast<char>(wrong[8] + 1);
    check_recovers(wrong);
  }
}

TEST_CASE("an unusable cache directory does not break the scan", "[cache]") {
  Tree t;
  write_file(t.cache / "not-a-dir", "x");
  RunOptions o;
  o.cache_dir = t.cache / "not-a-dir";
  const auto r = run_hush({"scan", "--format", "json", t.dir.str()}, o);
  CHECK(r.exit_code == 1);
  CHECK(r.err.empty());
  CHECK(parse_json(r.out)["findings"].size() == 2);

  RunOptions o2;
  o2.cache_dir = t.cache.path();
  const auto nc = run_hush({"scan", "--no-cache", "--format", "json", t.dir.str()}, o2);
  CHECK(nc.exit_code == 1);
  CHECK(cache_files(t.cache.path()).empty());
}
