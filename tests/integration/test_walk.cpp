// What the directory walk reads and skips: .git, symlinks, binary and large files, excludes,
// unreadable files.
#include <sys/stat.h>
#include <unistd.h>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

TEST_CASE(".git directories are never scanned", "[walk]") {
  TempDir dir;
  const std::string tok = make_github_token(41);
  write_file(dir / ".git/config", "[remote]\n url = https://x:" + tok + "@github.com/a/b\n");
  // Only ".git" itself is special: not .github, not .gitignore.
  for (const char* path : {".git/objects/ab/loose", "vendor/lib/.git/HEAD", ".github/workflow.yml", "src/.gitignore"})
    write_file(dir / path, "gh " + tok + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  CHECK(finding_values(doc, "path") == std::vector<std::string>{".github/workflow.yml", "src/.gitignore"});
  CHECK(doc["summary"]["files_scanned"] == 2);
}

TEST_CASE("symlinks are not followed by default and followed with --follow-symlinks", "[walk]") {
  TempDir tmp;
  const fs::path root = tmp / "root";
  const fs::path outside = tmp / "outside";
  const std::string tok = make_github_token(42);
  write_file(outside / "secret.env", "gh = " + tok + "\n");
  write_file(root / "plain.txt", "nothing\n");
  fs::create_symlink(outside / "secret.env", root / "link.env");
  fs::create_symlink(outside, root / "linkdir");
  fs::create_symlink(root, root / "loop");  // a loop must not hang the walk
  fs::create_symlink(tmp / "missing", root / "dangling");

  SECTION("default: not followed") {
    const auto doc = scan_json({"scan", root.string()}, 0);
    CHECK(doc["findings"].empty());
    CHECK(doc["summary"]["files_scanned"] == 1);
  }
  SECTION("--follow-symlinks") {
    const auto doc = scan_json({"scan", "--follow-symlinks", root.string()}, 1);
    CHECK(finding_values(doc, "path") == std::vector<std::string>{"link.env", "linkdir/secret.env"});
  }
}

TEST_CASE("binary files are skipped and counted, --include-binary scans them", "[walk]") {
  TempDir dir;
  const std::string tok = make_github_token(43);
  write_file(dir / "blob.bin", std::string("\x7f"
                                           "ELF\0\0\0",
                                           7) +
                                   " gh " + tok + "\n");
  write_file(dir / "text.txt", "clean\n");
  const auto doc = scan_json({"scan", dir.str()}, 0);
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["skipped_binary"] == 1);
  CHECK(doc["summary"]["files_scanned"] == 1);

  const auto doc2 = scan_json({"scan", "--include-binary", dir.str()}, 1);
  CHECK(finding_values(doc2, "path") == std::vector<std::string>{"blob.bin"});
  CHECK(doc2["summary"]["skipped_binary"] == 0);
}

TEST_CASE("files over --max-file-size are skipped and counted", "[walk]") {
  TempDir dir;
  const std::string big_tok = make_github_token(44);
  const std::string small_tok = make_github_token(45);
  write_file(dir / "big.txt", std::string(200, '#') + "\ngh " + big_tok + "\n");
  write_file(dir / "small.txt", "gh " + small_tok + "\n");
  const auto doc = scan_json({"scan", "--max-file-size", "100", dir.str()}, 1);
  CHECK(finding_values(doc, "path") == std::vector<std::string>{"small.txt"});
  CHECK(doc["summary"]["skipped_size"] == 1);
  CHECK(doc["summary"]["files_scanned"] == 1);

  const auto kib = run_hush({"scan", "--format", "json", "--max-file-size", "1KiB", dir.str()});
  CHECK(parse_json(kib.out)["summary"]["skipped_size"] == 0);
  CHECK(parse_json(kib.out)["findings"].size() == 2);
}

TEST_CASE("scan --exclude globs skip files and directories", "[walk]") {
  TempDir dir;
  const std::string tok = make_github_token(46);
  for (const char* path : {"app.log", "logs/deep/old.log", "vendor/pkg/x.env", "src/keep.env"})
    write_file(dir / path, "gh " + tok + "\n");
  const auto r = run_hush({"scan", "--format", "json", "--exclude", "*.log", "-e", "vendor/", dir.str()});
  INFO(r.out);
  CHECK(r.exit_code == 1);
  const auto doc = parse_json(r.out);
  CHECK(finding_values(doc, "path") == std::vector<std::string>{"src/keep.env"});
  CHECK(doc["summary"]["skipped_excluded"] == 3);  // two .log files, and vendor/ once: it is not entered
}

TEST_CASE("an unreadable file is counted and does not decide the exit code", "[walk]") {
  if (running_as_root()) {
    WARN("running as root: a chmod 000 file stays readable, check skipped");
    SUCCEED("skipped");
    return;
  }
  TempDir dir;
  write_file(dir / "locked.env", "gh " + make_github_token(47) + "\n");
  write_file(dir / "clean.txt", "clean\n");
  fs::permissions(dir / "locked.env", fs::perms::none);
  const auto clean = run_hush({"scan", "--format", "json", dir.str()});
  CHECK(clean.exit_code == 0);
  CHECK(parse_json(clean.out)["summary"]["unreadable"] == 1);
  CHECK(clean.err.find("locked.env") != std::string::npos);

  write_file(dir / "open.env", "gh " + make_github_token(48) + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  CHECK(doc["summary"]["unreadable"] == 1);
  CHECK(finding_values(doc, "path") == std::vector<std::string>{"open.env"});
}
