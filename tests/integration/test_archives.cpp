// Archives in every source `hush scan` reads: directories, standard input, Git history (both
// readers), ranges and staged changes, and container images (docker save tarballs, OCI layouts).
#include <set>

#include "archive_builder.hpp"
#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;
using namespace hush::test;  // the archive builder

namespace {

std::string properties(const std::string& token) { return "# settings\ngithub.token=" + token + "\n"; }

std::set<std::string> paths_of(const nlohmann::json& report) {
  std::set<std::string> paths;
  for (const auto& f : report["findings"]) paths.insert(f["path"].get<std::string>());
  return paths;
}

std::uint64_t gap_count(const nlohmann::json& report, const std::string& starting) {
  for (const auto& g : report["summary"]["not_scanned"])
    if (g["what"].get<std::string>().starts_with(starting)) return g["count"].get<std::uint64_t>();
  return 0;
}

std::string jar_with(const std::string& token) {
  const std::string nested = build_archive({{"c.properties", properties(token)}});
  return build_archive({{"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"},
                        {"BOOT-INF/classes/application.properties", properties(token)},
                        {"BOOT-INF/lib/b.zip", nested}});
}

}  // namespace

TEST_CASE("a jar in a directory: members and a nested zip, in JSON, text and SARIF", "[archive]") {
  TempDir dir;
  const std::string token = make_github_token(1701);
  write_file(dir / "dist/app.jar", jar_with(token));
  const auto report = scan_json({"scan", dir.str()}, 1);
  CHECK(paths_of(report) == std::set<std::string>{"dist/app.jar!BOOT-INF/classes/application.properties",
                                                  "dist/app.jar!BOOT-INF/lib/b.zip!c.properties"});
  CHECK(report["findings"][0]["line"] == 2);
  CHECK(report["summary"]["archives"] == 2);
  CHECK(report["summary"]["files_scanned"] == 3);
  CHECK(report["findings"][0]["fingerprint"] == report["findings"][1]["fingerprint"]);

  const RunResult text = run_hush({"scan", dir.str()});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("dist/app.jar!BOOT-INF/lib/b.zip!c.properties") != std::string::npos);
  CHECK(text.out.find("2 archives opened") != std::string::npos);

  const RunResult sarif = run_hush({"scan", "--format", "sarif", dir.str()});
  const auto log = parse_json(sarif.out);
  std::set<std::string> uris;
  for (const auto& r : log["runs"][0]["results"])
    uris.insert(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>());
  CHECK(uris.count("dist/app.jar!BOOT-INF/classes/application.properties") == 1);

  for (const char* format : {"csv", "junit", "html", "jsonl"}) {
    const RunResult r = run_hush({"scan", "--format", format, dir.str()});
    INFO(format);
    CHECK(r.out.find("app.jar!BOOT-INF/lib/b.zip!c.properties") != std::string::npos);
  }

  // A baseline written from this scan knows these findings the next time.
  const fs::path baseline = dir / "baseline.json";
  REQUIRE(run_hush({"scan", "--write-baseline", baseline.string(), dir.str()}).exit_code == 0);
  const RunResult again = run_hush({"scan", "--baseline", baseline.string(), "--exclude", "baseline.json", dir.str()});
  CHECK(again.exit_code == 0);
}

TEST_CASE("scan --no-archives and --max-archive-depth 0 leave archives as binary files", "[archive]") {
  TempDir dir;
  write_file(dir / "app.jar", jar_with(make_github_token(1702)));
  for (const auto& flag : std::vector<std::vector<std::string>>{{"--no-archives"}, {"--max-archive-depth", "0"}}) {
    std::vector<std::string> args{"scan"};
    args.insert(args.end(), flag.begin(), flag.end());
    args.push_back(dir.str());
    const auto report = scan_json(args, 0);
    CHECK(report["summary"]["skipped_binary"] == 1);
    CHECK(report["summary"]["archives"] == 0);
  }
  write_file(dir / ".hush.toml", "[limits]\nmax_archive_depth = 1\n");
  const auto shallow = scan_json({"scan", dir.str()}, 1);
  CHECK(paths_of(shallow) == std::set<std::string>{"app.jar!BOOT-INF/classes/application.properties"});
  CHECK(gap_count(shallow, "archives nested deeper than --max-archive-depth") == 1);
  const RunResult text = run_hush({"scan", "-q", dir.str()});
  CHECK(text.out.find("not scanned (1): archives nested deeper than --max-archive-depth") != std::string::npos);
  CHECK(run_hush({"scan", "--no-archives", "--max-archive-depth", "2", dir.str()}).exit_code == 2);
}

TEST_CASE("a tar.gz on standard input", "[archive][stdin]") {
  const std::string token = make_github_token(1703);
  const std::string tgz = build_archive({{"./etc/app.conf", properties(token)}}, ArchiveFormat::pax, Compression::gzip);
  RunOptions o;
  o.stdin_data = tgz;
  const RunResult r = run_hush({"scan", "--format", "json", "-"}, o);
  REQUIRE(r.exit_code == 1);
  const auto report = parse_json(r.out);
  CHECK(paths_of(report) == std::set<std::string>{"-!etc/app.conf"});
  CHECK(report["findings"][0]["line"] == 2);
}

TEST_CASE("limits and damage are counted in the summary, and the scan goes on", "[archive]") {
  TempDir dir;
  const std::string token = make_github_token(1704);
  write_file(dir / "bomb.zip", build_archive({{"zeros.txt", std::string(32u << 20, 'z')}}));
  const std::string good =
      build_archive({{"a.conf", properties(token)}, {"b.txt", std::string(3000, 'b')}}, ArchiveFormat::pax);
  write_file(dir / "cut.tar", good.substr(0, 1800));
  write_file(dir / "plain.env", "GITHUB_TOKEN=" + make_github_token(1705) + "\n");
  const auto report = scan_json({"scan", dir.str()}, 1);
  CHECK(paths_of(report) == std::set<std::string>{"cut.tar!a.conf", "plain.env"});
  CHECK(gap_count(report, "archives that expand past --max-archive-ratio") == 1);
  CHECK(gap_count(report, "damaged archives") == 1);
  // Raising the ratio (and the member size) lets the bomb through to the byte limit, which then stops it.
  const auto raised = scan_json(
      {"scan", "--max-archive-ratio", "100000", "--max-file-size", "64MiB", "--max-archive-bytes", "1MiB", dir.str()},
      1);
  CHECK(gap_count(raised, "archive members past --max-archive-bytes") == 1);
  CHECK(gap_count(raised, "archives that expand past") == 0);
  const auto few = scan_json({"scan", "--max-archive-members", "1", dir.str()}, 1);
  CHECK(gap_count(few, "archives with members past --max-archive-members") == 1);
}

// Bytes deflate cannot shrink, with a NUL first: a binary file no compression ratio limit stops.
std::string noise(std::size_t size, std::uint32_t seed) {
  std::string out(size, '\0');
  for (std::size_t i = 1; i < size; ++i) {
    seed = seed * 1664525u + 1013904223u;
    out[i] = static_cast<char>(seed >> 24);
  }
  return out;
}

TEST_CASE("a large binary member is passed over after its first bytes, UTF-16 and nested archives are read whole",
          "[archive]") {
  TempDir dir;
  const std::string token = make_github_token(1706);
  std::string utf16 = "\xFF\xFE";
  for (const char c : std::string(20000, '#') + "\n" + properties(token)) utf16 += {c, '\0'};
  const std::string nested =
      build_archive({{"padding.bin", noise(64 * 1024, 3)}, {"deep.properties", properties(token)}});
  write_file(dir / "app.zip", build_archive({{"lib/one.bin", noise(1u << 20, 1)},
                                             {"lib/two.bin", noise(1u << 20, 2)},
                                             {"conf/windows.ini", utf16},
                                             {"lib/nested.zip", nested},
                                             {"conf/app.properties", properties(token)}}));
  // 1.5 MiB of extracted bytes: enough for the members after the two binary ones only when those
  // are not inflated past their first bytes.
  const auto report = scan_json({"scan", "--max-archive-bytes", "1572864", dir.str()}, 1);
  CHECK(paths_of(report) == std::set<std::string>{"app.zip!conf/app.properties", "app.zip!conf/windows.ini",
                                                  "app.zip!lib/nested.zip!deep.properties"});
  CHECK(report["summary"]["skipped_binary"] == 3);
  CHECK(gap_count(report, "archive members past --max-archive-bytes") == 0);
  // Binary members wanted whole are read whole, and the same budget no longer covers them all.
  const auto whole = scan_json({"scan", "--include-binary", "--max-archive-bytes", "1572864", dir.str()}, 1);
  CHECK(gap_count(whole, "archive members past --max-archive-bytes") >= 1);
}

TEST_CASE("history: a zip blob's member is attributed to the commit that added the zip", "[archive][git]") {
  for (const char* format : {"sha1", "sha256"}) {  // libgit2, then the git command
    INFO(format);
    Repo repo(format);
    const std::string token = make_github_token(1706);
    repo.write("README.md", "hello\n");
    repo.commit_all("initial");
    repo.write("lib/config.zip", build_archive({{"conf/app.properties", properties(token)}}));
    const std::string added = repo.commit_all("add bundle");
    repo.git({"rm", "-q", "lib/config.zip"});
    repo.commit_all("remove bundle");
    const auto report = scan_json({"scan", "--git", repo.str()}, 1);
    const auto found = by_rule(report, "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["path"] == "lib/config.zip!conf/app.properties");
    CHECK(found[0]["commit"] == added);
    CHECK(found[0]["line"] == 2);
    scan_json({"scan", "--git", "--no-archives", repo.str()}, 0);
  }
}

TEST_CASE("range and staged: a member's secret counts as added once, not again when the archive changes",
          "[archive][range][staged]") {
  for (const char* format : {"sha1", "sha256"}) {  // libgit2, then the git command
    INFO(format);
    Repo repo(format);
    const std::string token = make_github_token(1707);
    repo.write("a.txt", "a\n");
    const std::string base = repo.commit_all("base");
    repo.write("bundle.zip", build_archive({{"app.properties", properties(token)}}));
    repo.git({"add", "bundle.zip"});
    const auto staged = scan_json({"scan", "--staged", repo.str()}, 1);
    CHECK(paths_of(staged) == std::set<std::string>{"bundle.zip!app.properties"});
    const std::string added = repo.commit_all("add bundle");
    repo.write("bundle.zip", build_archive({{"app.properties", properties(token)}, {"other.txt", "more\n"}}));
    repo.commit_all("change bundle, same secret");
    const auto range = scan_json({"scan", "--range", base + "..HEAD", repo.str()}, 1);
    const auto found = by_rule(range, "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["path"] == "bundle.zip!app.properties");
    CHECK(found[0]["commit"] == added);
  }
}

namespace {

// Digests of the test image's pieces: well-formed, not the content's (hush does not check them).
std::string digest(char c) { return "sha256:" + std::string(64, c); }

std::string image_config(const std::vector<std::string>& diff_ids, const std::string& token) {
  nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"}};
  config["config"] = {{"Env", {"PATH=/usr/bin", "GITHUB_TOKEN=" + token}}, {"Labels", {{"maintainer", "ops"}}}};
  config["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
  config["history"] = {{{"created_by", "/bin/sh -c #(nop) ADD file:abc in /"}},
                       {{"created_by", "RUN rm /app/app.conf"}}};
  return config.dump();
}

struct TestImage {
  std::string layer1, layer2;
  std::string token_in_file, token_in_env;
};

TestImage make_layers() {
  TestImage image;
  image.token_in_file = make_github_token(1708);
  image.token_in_env = make_github_token(1709);
  image.layer1 = build_archive({{"app", "", ArchiveEntry::Kind::directory},
                                {"app/app.conf", properties(image.token_in_file)},
                                {"usr/lib/libone.so", noise(1u << 20, 4)},
                                {"usr/lib/libtwo.so", noise(1u << 20, 5)},
                                {"bin/sh", "/bin/busybox", ArchiveEntry::Kind::symlink}},
                               ArchiveFormat::pax);
  // The second layer deletes the file: still a leak, reported at the layer that added it.
  image.layer2 = build_archive({{"app/.wh.app.conf", ""}, {"app/readme.txt", "nothing here\n"}}, ArchiveFormat::pax,
                               Compression::gzip);
  return image;
}

}  // namespace

TEST_CASE("scan --image: a docker save tarball", "[archive][image]") {
  const TestImage image = make_layers();
  const std::string config = image_config({digest('1'), digest('2')}, image.token_in_env);
  const nlohmann::json manifest = nlohmann::json::array({{{"Config", std::string(64, 'c') + ".json"},
                                                          {"RepoTags", {"app:1"}},
                                                          {"Layers", {"aaaa/layer.tar", "bbbb/layer.tar"}}}});
  TempDir dir;
  write_file(dir / "app.tar", build_archive({{"manifest.json", manifest.dump()},
                                             {std::string(64, 'c') + ".json", config},
                                             {"aaaa/layer.tar", image.layer1},
                                             {"bbbb/layer.tar", image.layer2}},
                                            ArchiveFormat::pax));
  const auto report = scan_json({"scan", "--image", (dir / "app.tar").string()}, 1);
  const std::string base = (dir / "app.tar").string();
  CHECK(paths_of(report) == std::set<std::string>{base + "!" + digest('1') + "/app/app.conf", base + "!config"});
  for (const auto& f : report["findings"])
    if (f["path"] == base + "!config") CHECK(f["line"] == 2);
  CHECK(report["summary"]["skipped_binary"] == 2);
  // A layer's binary files stop at their first bytes, so they leave its extracted-bytes budget to
  // the files after them.
  const auto budgeted = scan_json({"scan", "--image", base, "--max-archive-bytes", "1572864"}, 1);
  CHECK(budgeted["summary"]["skipped_binary"] == 2);
  CHECK(gap_count(budgeted, "archive members past --max-archive-bytes") == 0);

  // Gzip-compressed, as `docker save | gzip` writes it: the same findings.
  write_file(dir / "app.tar.gz", build_archive({{"manifest.json", manifest.dump()},
                                                {std::string(64, 'c') + ".json", config},
                                                {"aaaa/layer.tar", image.layer1},
                                                {"bbbb/layer.tar", image.layer2}},
                                               ArchiveFormat::pax, Compression::gzip));
  CHECK(scan_json({"scan", "--image", (dir / "app.tar.gz").string()}, 1)["findings"].size() == 2);
  CHECK(run_hush({"scan", "--image", (dir / "app.tar").string(), "--git"}).exit_code == 2);
}

TEST_CASE("scan --image: an OCI image layout directory", "[archive][image]") {
  const TestImage image = make_layers();
  TempDir dir;
  const auto blob = [&](const std::string& d, const std::string& bytes) {
    write_file(dir / ("blobs/sha256/" + d.substr(7)), bytes);
  };
  blob(digest('1'), image.layer1);
  blob(digest('2'), image.layer2);
  blob(digest('c'), image_config({digest('e'), digest('f')}, image.token_in_env));
  const nlohmann::json manifest = {
      {"schemaVersion", 2},
      {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", digest('c')}}},
      {"layers",
       {{{"mediaType", "application/vnd.oci.image.layer.v1.tar"}, {"digest", digest('1')}},
        {{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"}, {"digest", digest('2')}}}}};
  blob(digest('d'), manifest.dump());
  write_file(dir / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  write_file(dir / "index.json",
             nlohmann::json({{"schemaVersion", 2}, {"manifests", {{{"digest", digest('d')}}}}}).dump());
  const auto report = scan_json({"scan", "--image", dir.str()}, 1);
  CHECK(paths_of(report) ==
        std::set<std::string>{dir.str() + "!" + digest('1') + "/app/app.conf", dir.str() + "!config"});
  CHECK(report["summary"]["archive_links"] == 1);

  TempDir empty;
  const RunResult none = run_hush({"scan", "--image", empty.str()});
  CHECK(none.exit_code == 2);
}

TEST_CASE("libarchive is loaded on the first archive, never by a scan without one", "[archive]") {
  TempDir plain;
  write_file(plain / "gh.env", "GITHUB_TOKEN=" + make_github_token(1702) + "\n");
  const RunResult without = run_hush_traced({"scan", "--no-cache", plain.str()});
  CHECK(without.exit_code == 1);
  CHECK_FALSE(contains(without.err, "file=libarchive"));

  TempDir with;
  write_file(with / "dist/app.jar", jar_with(make_github_token(1703)));
  const RunResult opened = run_hush_traced({"scan", "--no-cache", with.str()});
  CHECK(opened.exit_code == 1);
  CHECK(contains(opened.err, "file=libarchive"));
}
