// `hush completion SHELL` and `hush manpage`: generated from the same option tables as --help,
// they must name every option each command's --help lists, parse in their shell, and complete.
#include <regex>
#include <set>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

// The long options a command's --help lists.
std::set<std::string> help_options(const std::string& command) {
  const RunResult help = run_hush({command, "--help"});
  REQUIRE(help.exit_code == 0);
  std::set<std::string> out;
  const std::regex option(R"((?:^|\s)(--[a-z][a-z0-9-]*))");
  for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), option); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    // Mentions inside help texts ("same as --range") are options too, of the same command.
    out.insert(name);
  }
  REQUIRE(!out.empty());
  return out;
}

bool have(const std::string& program) { return run_program("sh", {"-c", "command -v " + program}).exit_code == 0; }

std::string run_output(const std::string& program, const std::vector<std::string>& args) {
  const RunResult r = run_program(program, args);
  INFO(program << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("completion scripts and the manual page name every option of every command", "[cli][completion]") {
  const RunResult man = run_hush({"manpage"});
  REQUIRE(man.exit_code == 0);
  CHECK(man.out.rfind(".TH HUSH 1", 0) == 0);
  std::map<std::string, std::string> scripts;
  for (const std::string shell : {"bash", "zsh", "fish"}) {
    const RunResult r = run_hush({"completion", shell});
    REQUIRE(r.exit_code == 0);
    scripts[shell] = r.out;
  }
  for (const std::string command : {"scan", "rules", "hook", "run", "env", "get", "keygen"}) {
    for (const auto& option : help_options(command)) {
      INFO(command << " " << option);
      std::string roff;  // the manual page escapes hyphens
      for (char c : option) roff += c == '-' ? std::string("\\-") : std::string(1, c);
      CHECK(man.out.find(roff) != std::string::npos);
      CHECK(scripts["bash"].find(option) != std::string::npos);
      CHECK(scripts["zsh"].find(option) != std::string::npos);
      CHECK(scripts["fish"].find("-l " + option.substr(2)) != std::string::npos);
    }
  }
  const RunResult other = run_hush({"completion", "tcsh"});
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("bash, zsh or fish") != std::string::npos);
}

TEST_CASE("the bash completion completes commands, options, choices and subcommands", "[cli][completion]") {
  TempDir dir;
  write_file(dir / "hush.bash", run_hush({"completion", "bash"}).out);
  REQUIRE(run_program("bash", {"-n", (dir / "hush.bash").string()}).exit_code == 0);
  auto complete = [&](const std::string& words, int index) {
    return run_output(
        "bash", {"-c", "source '" + (dir / "hush.bash").string() + "'; COMP_WORDS=(" + words +
                           "); COMP_CWORD=" + std::to_string(index) + "; _hush; printf '%s\\n' \"${COMPREPLY[@]}\""});
  };
  CHECK(complete("hush sc", 1) == "scan\n");
  CHECK(complete("hush scan --min-c", 2) == "--min-confidence\n");
  CHECK(complete("hush scan --format s", 3) == "sarif\n");
  CHECK(complete("hush scan --min-confidence ''", 3) == "low\nmedium\nhigh\n");
  CHECK(complete("hush rules ''", 2) == "list\ntest\nexplain\n");
  CHECK(complete("hush env --format ''", 3) == "dotenv\njson\nshell\n");
}

TEST_CASE("the zsh and fish completions parse, and fish completes from them", "[cli][completion]") {
  TempDir dir;
  if (have("zsh")) {
    write_file(dir / "_hush", run_hush({"completion", "zsh"}).out);
    CHECK(run_program("zsh", {"-n", (dir / "_hush").string()}).exit_code == 0);
  } else {
    WARN("zsh is not installed: its completion was not parsed");
  }
  if (!have("fish")) {
    WARN("fish is not installed: its completion was not tried");
    return;
  }
  write_file(dir / "hush.fish", run_hush({"completion", "fish"}).out);
  REQUIRE(run_program("fish", {"-n", (dir / "hush.fish").string()}).exit_code == 0);
  const std::string source = "source '" + (dir / "hush.fish").string() + "'; ";
  CHECK(run_output("fish", {"-c", source + "complete -C 'hush sca'"}).rfind("scan\t", 0) == 0);
  CHECK(run_output("fish", {"-c", source + "complete -C 'hush scan --format sa'"}).rfind("sarif", 0) == 0);
  CHECK(run_output("fish", {"-c", source + "complete -C 'hush hook '"}) == "install\nuninstall\n");
}

TEST_CASE("the manual page renders without warnings", "[cli][completion]") {
  if (!have("groff")) {
    WARN("groff is not installed: the manual page was not rendered");
    return;
  }
  TempDir dir;
  write_file(dir / "hush.1", run_hush({"manpage"}).out);
  const RunResult rendered = run_program("groff", {"-man", "-ww", "-Tascii", (dir / "hush.1").string()});
  CHECK(rendered.exit_code == 0);
  CHECK(rendered.err.empty());
  // Bold and italics are overstrikes on a terminal device ("x\bx"): drop them to read the text.
  std::string text;
  for (char c : rendered.out) {
    if (c == '\b') {
      if (!text.empty()) text.pop_back();
      continue;
    }
    text += c;
  }
  CHECK(text.find("--min-confidence low|medium|high") != std::string::npos);
}
