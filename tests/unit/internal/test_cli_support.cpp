// The CLI's argument parser and progress line (cli/, built as hush_cli_support).
#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "args.hpp"
#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "progress.hpp"
#include "test_support.hpp"

using hush::test::read_all;

TEST_CASE("argument parsing") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {
      {"format", 'f', true, "", ""}, {"reveal", 0, false, "", ""}, {"rules", 'r', true, "", ""}};
  const auto args =
      hush::cli::parse_args({"-f", "json", "--rules=a.toml", "dir", "-rb.toml", "--reveal", "--", "--odd"}, specs);
  CHECK(args.value("format") == "json");
  CHECK(args.values("rules") == std::vector<std::string>{"a.toml", "b.toml"});
  CHECK(args.has("reveal"));
  CHECK(args.positional == std::vector<std::string>{"dir", "--odd"});
  CHECK_THROWS_AS(hush::cli::parse_args({"--nope"}, specs), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_args({"--format"}, specs), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_args({"--reveal=yes"}, specs), hush::Error);
  CHECK(hush::cli::parse_size_arg("max-file-size", "10MiB") == 10u * 1024 * 1024);
  CHECK(hush::cli::parse_size_arg("max-file-size", "512k") == 512u * 1024);
  CHECK(hush::cli::parse_size_arg("max-file-size", "4096") == 4096u);
  CHECK_THROWS_AS(hush::cli::parse_size_arg("max-file-size", "lots"), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_unsigned_arg("threads", "-1", 10), hush::Error);
  CHECK(hush::cli::parse_unsigned_arg("threads", "4", 10) == 4u);
}

TEST_CASE("short flags combine as in getopt, a value-taking letter takes the rest") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {
      {"quiet", 'q', false, "", ""}, {"verbose", 'v', false, "", ""}, {"threads", 'j', true, "", ""}};
  auto args = hush::cli::parse_args({"-qv", "dir"}, specs);
  CHECK(args.has("quiet"));
  CHECK(args.has("verbose"));
  CHECK(args.positional == std::vector<std::string>{"dir"});
  args = hush::cli::parse_args({"-qj4"}, specs);
  CHECK(args.has("quiet"));
  CHECK(args.value("threads") == "4");
  args = hush::cli::parse_args({"-vj", "2"}, specs);
  CHECK(args.has("verbose"));
  CHECK(args.value("threads") == "2");
  CHECK_THROWS_WITH(hush::cli::parse_args({"-qx"}, specs), Catch::Contains("unknown option -x"));
  CHECK_THROWS_AS(hush::cli::parse_args({"-qj"}, specs), hush::Error);  // -j needs its value
}

TEST_CASE("unknown options, commands and keys suggest the nearest known one") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {{"baseline", 0, true, "", ""}, {"staged", 0, false, "", ""}};
  CHECK_THROWS_WITH(hush::cli::parse_args({"--basline", "x"}, specs), Catch::Contains("did you mean --baseline?"));
  CHECK_THROWS_WITH(hush::cli::parse_args({"--stagde"}, specs), Catch::Contains("did you mean --staged?"));
  CHECK_THROWS_WITH(hush::cli::parse_args({"--colour"}, specs), !Catch::Contains("did you mean"));
  const std::vector<std::string> commands = {"scan", "run", "rules", "env", "get"};
  CHECK(hush::closest_match("scna", commands) == "scan");  // a swap of neighbours is one edit
  CHECK(hush::closest_match("Rules", commands) == "rules");
  CHECK(hush::closest_match("rum", commands) == "run");
  CHECK_FALSE(hush::closest_match("deploy", commands).has_value());
  CHECK_FALSE(hush::closest_match("x", commands).has_value());  // one letter is never a typo of a word
  CHECK(hush::closest_match("aws-acess-key-id", {"aws-access-key-id", "aws-secret-access-key"}) == "aws-access-key-id");
  CHECK(hush::did_you_mean("refersh", {"refresh", "timeout"}) == " (did you mean 'refresh'?)");
  CHECK(hush::did_you_mean("zzz", {"refresh"}).empty());
}

TEST_CASE("the progress line draws after its delay and erases itself") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  std::promise<void> drawn;
  bool first = true;
  {
    hush::ProgressLine line(
        true,
        [&] {
          if (first) {
            first = false;
            drawn.set_value();
          }
          return std::string("scanning 3 files");
        },
        sink, std::chrono::milliseconds(0));
    drawn.get_future().wait();
    line.stop();
  }
  const std::string out = read_all(sink);
  std::fclose(sink);
  CHECK(out.find("scanning 3 files") != std::string::npos);
  CHECK(out.size() >= 4);
  CHECK(out.substr(out.size() - 5) == "\r\x1b[2K");
}

TEST_CASE("a quick operation never shows progress") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  int renders = 0;
  {
    hush::ProgressLine line(
        true,
        [&] {
          ++renders;
          return std::string("x");
        },
        sink, std::chrono::hours(1));
  }
  CHECK(renders == 0);
  CHECK(read_all(sink).empty());
  std::fclose(sink);
}
