// `hush report merge`: shards' reports merged into one, each occurrence once, summaries added up.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "archive_builder.hpp"
#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

std::multiset<std::string> occurrences(const nlohmann::json& findings) {
  std::multiset<std::string> out;
  for (const auto& f : findings)
    out.insert(f.value("repository", std::string()) + " " + f["commit"].get<std::string>() + " " +
               f["path"].get<std::string>() + ":" + std::to_string(f["line"].get<int>()) + " " +
               f["fingerprint"].get<std::string>());
  return out;
}

// A TCP port nothing listens on right now, for a server that cannot be told to pick its own.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

// `git daemon` serving every repository under `base` over git://, ready once it says so.
struct GitDaemon {
  int port = free_port();
  Spawned process;
  explicit GitDaemon(const fs::path& base)
      : process("git", {"daemon", "--reuseaddr", "--verbose", "--export-all", "--base-path=" + base.string(),
                        "--listen=127.0.0.1", "--port=" + std::to_string(port), base.string()}) {
    REQUIRE(process.err_line_with({"Ready to rumble"}));
  }
};

}  // namespace

TEST_CASE("report merge: shards run side by side over git:// and file:// merge into what one unsharded run reports") {
  std::vector<std::unique_ptr<Repo>> repos;
  TempDir work;
  TempDir served;  // what git daemon serves: bare clones of half the repositories
  std::string list;
  const std::string shared_token = make_github_token(401);
  for (std::uint32_t i = 0; i < 5; ++i) {
    repos.push_back(std::make_unique<Repo>());
    Repo& repo = *repos.back();
    // The same secret in two repositories stays two findings: each place needs cleaning.
    repo.write("app.env", "GITHUB_TOKEN=" + (i < 2 ? shared_token : make_github_token(410 + i)) + "\n");
    repo.commit_all("add settings");
  }
  GitDaemon daemon(served.path());
  for (std::size_t i = 0; i < repos.size(); ++i) {
    if (i % 2 == 0) {
      list += "file://" + repos[i]->str() + "\n";
      continue;
    }
    const std::string name = "repo-" + std::to_string(i) + ".git";
    git_in(served.path(), {"clone", "-q", "--bare", repos[i]->str(), name});
    list += "git://127.0.0.1:" + std::to_string(daemon.port) + "/" + name + "\n";
  }
  write_file(work / "repos.txt", list);
  const std::vector<std::string> base = {
      "scan", "--repos", (work / "repos.txt").string(), "--clone-dir", (work / "clones").string(), "-f", "json"};
  const RunResult whole = run_hush(base);
  REQUIRE(whole.exit_code == 1);
  const auto unsharded = parse_json(whole.out);
  REQUIRE(unsharded["findings"].size() == 5);

  // The shards as separate processes at the same time, each with its own clone directory, as the
  // pods of an Indexed Job without a shared volume would run.
  std::vector<std::string> merge_args = {"report", "merge"};
  std::vector<std::unique_ptr<Spawned>> shards;
  for (int i = 0; i < 3; ++i) {
    const std::string report = (work / ("shard-" + std::to_string(i) + ".json")).string();
    RunOptions indexed;
    indexed.env = {{"JOB_COMPLETION_INDEX", std::to_string(i)}};
    shards.push_back(std::make_unique<Spawned>(
        HUSH_BINARY,
        std::vector<std::string>{"scan", "--repos", (work / "repos.txt").string(), "--clone-dir",
                                 (work / ("clones-" + std::to_string(i))).string(), "--shards", "3", "--exit-code", "0",
                                 "-f", "json", "-o", report},
        indexed));
    merge_args.push_back(report);
  }
  for (auto& shard : shards) {
    const int code = shard->wait();
    INFO(shard->err_seen());
    REQUIRE(code == 0);
  }
  const RunResult merged_run = run_hush(merge_args);
  INFO(merged_run.err);
  CHECK(merged_run.exit_code == 1);
  const auto merged = parse_json(merged_run.out);
  CHECK(occurrences(merged["findings"]) == occurrences(unsharded["findings"]));
  CHECK(merged["summary"]["findings"] == 5);
  CHECK(merged["summary"]["files_scanned"] == unsharded["summary"]["files_scanned"]);
  CHECK(merged["summary"]["bytes_scanned"] == unsharded["summary"]["bytes_scanned"]);
  CHECK(merged["summary"]["repositories"].size() == 5);
  // Sorted as a scan sorts: the merged findings come in the unsharded report's order.
  for (std::size_t i = 0; i < 5; ++i)
    CHECK(merged["findings"][i]["repository"] == unsharded["findings"][i]["repository"]);

  // A report merged twice adds nothing; JSON Lines merge too; SARIF comes out valid-looking.
  const std::string jsonl = (work / "whole.jsonl").string();
  auto jsonl_args = base;
  jsonl_args.back() = "jsonl";
  jsonl_args.insert(jsonl_args.end(), {"-o", jsonl});
  REQUIRE(run_hush(jsonl_args).exit_code == 1);
  auto again = merge_args;
  again.insert(again.end(), {merge_args[2], jsonl});
  const RunResult twice = run_hush(again);
  INFO(twice.err);
  CHECK(parse_json(twice.out)["findings"].size() == 5);
  // Dropped: the first shard's findings a second time, and every finding of the JSON Lines report.
  const std::size_t first_shard = parse_json(read_file(merge_args[2]))["findings"].size();
  CHECK(twice.err.find(std::to_string(first_shard + 5) + " duplicate(s)") != std::string::npos);
  auto sarif_args = merge_args;
  sarif_args.insert(sarif_args.end(), {"-f", "sarif"});
  const auto sarif = parse_json(run_hush(sarif_args).out);
  CHECK(sarif["runs"][0]["results"].size() == 5);
  CHECK(sarif["runs"][0]["versionControlProvenance"].size() == 5);
  CHECK(sarif["runs"][0]["tool"]["driver"]["rules"].size() == 1);
  CHECK(sarif["runs"][0]["results"][0]["partialFingerprints"]["hush/v1"].is_string());
}

TEST_CASE("report merge: a shard's unscanned repository keeps the merged report from reading clean") {
  Repo clean;
  clean.write("README.md", "nothing\n");
  clean.commit_all("initial");
  TempDir work;
  write_file(work / "repos.txt", clean.str() + "\n" + (work / "missing").string() + "\n");
  const std::string report = (work / "shard.json").string();
  REQUIRE(run_hush({"scan", "--repos", (work / "repos.txt").string(), "-f", "json", "-o", report}).exit_code == 3);
  const RunResult merged = run_hush({"report", "merge", report});
  CHECK(merged.exit_code == 3);
  const auto doc = parse_json(merged.out);
  REQUIRE(doc["summary"]["not_scanned"].size() == 1);
  CHECK(doc["summary"]["not_scanned"][0]["count"] == 1);
  const RunResult junit = run_hush({"report", "merge", "-f", "junit", report});
  CHECK(junit.exit_code == 3);
  // SARIF names the repository that was not scanned among the run's notifications.
  const auto sarif = parse_json(run_hush({"report", "merge", "-f", "sarif", report}).out);
  const auto& notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  CHECK(sarif["runs"][0]["invocations"][0]["executionSuccessful"] == false);
  CHECK(std::any_of(notes.begin(), notes.end(), [&](const nlohmann::json& n) {
    return n["message"]["text"].get<std::string>().find("repository not scanned: file://" +
                                                        (work / "missing").string()) != std::string::npos;
  }));
  CHECK(sarif["runs"][0]["versionControlProvenance"].size() == 1);
}

TEST_CASE("report merge: every counter of the summaries is added up, the archive counters included") {
  TempDir work;
  std::vector<std::string> merge_args = {"report", "merge"};
  for (int shard = 0; shard < 2; ++shard) {
    const fs::path dir = work / ("shard" + std::to_string(shard));
    hush::test::ArchiveEntry link{"lib/current", "lib/v1.txt"};
    link.kind = hush::test::ArchiveEntry::Kind::symlink;
    write_file(dir / "app.zip", hush::test::build_archive({{"lib/v1.txt", "plain text\n"}, link}));
    write_file(dir / "notes.txt", "nothing here\n");
    const std::string report = (work / ("shard" + std::to_string(shard) + ".json")).string();
    REQUIRE(run_hush({"scan", dir.string(), "-f", "json", "-o", report}).exit_code == 0);
    merge_args.push_back(report);
  }
  const auto one = parse_json(read_file(work / "shard0.json"))["summary"];
  const RunResult merged = run_hush(merge_args);
  REQUIRE(merged.exit_code == 0);
  const auto summary = parse_json(merged.out)["summary"];
  for (const char* counter : {"files_scanned", "bytes_scanned", "archives", "archive_links"}) {
    INFO(counter);
    CHECK(one[counter].get<std::uint64_t>() > 0);
    CHECK(summary[counter] == 2 * one[counter].get<std::uint64_t>());
  }
}

TEST_CASE("report merge: what is not a hush report is a configuration error naming the file") {
  TempDir work;
  write_file(work / "bad.jsonl", "{\"rule_id\": \"x\", \"fingerprint\": \"ab\"}\nnot json\n");
  const RunResult r = run_hush({"report", "merge", (work / "bad.jsonl").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.jsonl") != std::string::npos);
  CHECK(run_hush({"report", "merge"}).exit_code == 2);
  CHECK(run_hush({"report"}).exit_code == 2);
}
