#include <string>

#include "catch.hpp"
#include "hush/common/secret.hpp"

TEST_CASE("SecretBuffer grows without losing bytes and compares in constant time", "[secret]") {
  hush::SecretBuffer buffer;
  CHECK(buffer.empty());
  std::string expected;
  for (int i = 0; i < 500; ++i) {
    const std::string piece = "chunk-" + std::to_string(i) + ";";
    buffer.append(piece);
    expected += piece;
  }
  CHECK(buffer.view() == expected);
  CHECK(buffer.equals(expected));
  CHECK_FALSE(buffer.equals(expected + "x"));
  expected.back() = '!';
  CHECK_FALSE(buffer.equals(expected));
}

TEST_CASE("SecretBuffer moves and clones own separate storage", "[secret]") {
  hush::SecretBuffer a("s3cr3t-value");
  hush::SecretBuffer b = std::move(a);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): a moved-from buffer is defined as empty
  CHECK(b.view() == "s3cr3t-value");
  hush::SecretBuffer c = b.clone();
  CHECK(c.data() != b.data());
  b.clear();
  CHECK(b.empty());
  CHECK(c.view() == "s3cr3t-value");
}
