#include <cstring>
#include <string>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/environment_block.hpp"

using hush::injector::EnvironmentBlock;

TEST_CASE("environment block: entries back to back, as execve reads them", "[env]") {
  EnvironmentBlock block;
  block.reserve(3, 40);
  block.add("PATH", "/usr/bin:/bin");
  block.add("EMPTY", "");
  block.add("DB_URL=postgres://u:p@h/db?x=1");  // only the first '=' separates the name
  REQUIRE(block.size() == 3);
  CHECK(block.entry(0) == "PATH=/usr/bin:/bin");
  CHECK(block.entry(1) == "EMPTY=");
  CHECK(block.entry(2) == "DB_URL=postgres://u:p@h/db?x=1");
  CHECK(block.find("PATH") == "/usr/bin:/bin");
  CHECK(block.find("EMPTY") == "");
  CHECK(block.find("DB_URL") == "postgres://u:p@h/db?x=1");
  CHECK_FALSE(block.find("PAT").has_value());  // a prefix of a name is not the name
  CHECK_FALSE(block.find("DB").has_value());

  auto envp = block.pointers();
  REQUIRE(envp.size() == 4);
  CHECK(std::strcmp(envp[0], "PATH=/usr/bin:/bin") == 0);
  CHECK(std::strcmp(envp[1], "EMPTY=") == 0);
  CHECK(std::strcmp(envp[2], "DB_URL=postgres://u:p@h/db?x=1") == 0);
  CHECK(envp[3] == nullptr);

  block.wipe();
  CHECK(block.size() == 0);
  CHECK_FALSE(block.find("PATH").has_value());
}

TEST_CASE("environment block: growing past the reservation keeps every entry", "[env]") {
  EnvironmentBlock block;
  for (int i = 0; i < 200; ++i) block.add("V" + std::to_string(i), std::string(static_cast<std::size_t>(i), 'x'));
  REQUIRE(block.size() == 200);
  CHECK(block.entry(0) == "V0=");
  CHECK(block.find("V199") == std::string(199, 'x'));
  const auto envp = block.pointers();
  CHECK(std::string(envp[150]) == "V150=" + std::string(150, 'x'));
}

TEST_CASE("environment block: a NUL in a value is refused, naming the variable only", "[env]") {
  EnvironmentBlock block;
  try {
    block.add("API_TOKEN", std::string("abc\0def", 7));
    FAIL("a value with a NUL was accepted");
  } catch (const hush::Error& e) {
    const std::string message = e.what();
    CHECK(message.find("API_TOKEN") != std::string::npos);
    CHECK(message.find("abc") == std::string::npos);
  }
  CHECK_THROWS_AS(block.add("NO_EQUALS_SIGN"), hush::Error);
  CHECK(block.size() == 0);
}
