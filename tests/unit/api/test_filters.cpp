#include "catch.hpp"
#include "hush/scanner/filters.hpp"

using namespace hush::scanner;

TEST_CASE("Shannon entropy of byte distributions") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaaaaaa") == 0.0);
  CHECK(shannon_entropy("abababab") == Approx(1.0));
  CHECK(shannon_entropy("abcdefgh") == Approx(3.0));
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(shannon_entropy(all) == Approx(8.0));
}

TEST_CASE("inline ignore markers") {
  CHECK(has_inline_ignore("token = abc # hush:allow"));
  CHECK(has_inline_ignore("token = abc // gitleaks:allow"));
  CHECK_FALSE(has_inline_ignore("token = abc # hush: allow"));
  CHECK_FALSE(has_inline_ignore(""));
  // The usual spellings, in any case.
  CHECK(has_inline_ignore("token = abc # HUSH:ALLOW"));
  CHECK(has_inline_ignore("token = abc // Gitleaks:Allow"));
  CHECK(has_inline_ignore("secret = 'abc'  # pragma: allowlist secret"));
  CHECK(has_inline_ignore("x: 1, y: 2, z: 'abc' /* pragma: Allowlist Secret */"));
  CHECK_FALSE(has_inline_ignore("pragma: allowlist"));
  CHECK_FALSE(has_inline_ignore(":allow"));
  CHECK_FALSE(has_inline_ignore("hush:"));
  // The next-line form is a marker of its own: a plain marker does not reach the next line.
  CHECK(has_next_line_ignore("// hush:allow-next-line"));
  CHECK(has_next_line_ignore("# pragma: allowlist nextline secret"));
  CHECK_FALSE(has_next_line_ignore("# hush:allow"));
  CHECK_FALSE(has_next_line_ignore("# pragma: allowlist secret"));
}

TEST_CASE("stopwords match case-insensitively inside the secret") {
  const std::vector<std::string> words = {"example", "changeme"};
  CHECK(contains_stopword("AKIAIOSFODNN7EXAMPLE", words));
  CHECK(contains_stopword("xxChangeMexx", words));
  CHECK_FALSE(contains_stopword("r7Gq2xLp9vTz4WkM", words));
  CHECK_FALSE(contains_stopword("anything", {}));
}
