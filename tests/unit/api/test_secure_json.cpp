// The one reader for JSON from outside hush: what it accepts and how it types it (checked against
// nlohmann's own parser), the depth bound, and secret_text.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/common/secure_json.hpp"

using hush::JsonStatus;
using hush::read_json;
using hush::SecureJson;

namespace {

JsonStatus status_of(std::string_view text, std::size_t depth = hush::max_json_depth) {
  SecureJson out;
  return read_json(text, out, depth);
}

std::string dumped(const SecureJson& json) {
  const auto text = json.dump();
  return {text.data(), text.size()};
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("secure json: reads what nlohmann reads, to the same values and types", "[json]") {
  const std::vector<std::string> documents = {
      R"({"a": 1, "b": [true, false, null], "c": {"d": "e"}})",
      "  [ ]  ",
      "{}",
      R"("just a string")",
      "0",
      "-0",
      "-12",
      "18446744073709551615",  // uint64 max stays unsigned
      "-9223372036854775808",  // int64 min stays signed
      "18446744073709551616",  // one more: a double, as in nlohmann
      "-9223372036854775809",
      "1.5e3",
      "-0.000125",
      "1E-2",
      "1e-400",  // underflows to zero, as strtod does
      R"(["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20ac\ud83d\ude00", "caf\u00e9"])",
      "[\"na\xc3\xafve \xe2\x82\xac \xf0\x9f\x98\x80\"]",
      "\xEF\xBB\xBF{\"bom\": true}",
      R"({"k": 1, "k": 2})",  // the last of a repeated key wins
      "[\"\x7f\"]",
  };
  for (const auto& text : documents) {
    CAPTURE(text);
    SecureJson ours;
    REQUIRE(read_json(text, ours) == JsonStatus::ok);
    const auto theirs = nlohmann::json::parse(text);
    CHECK(dumped(ours) == theirs.dump());
    CHECK(ours.type() == static_cast<nlohmann::json::value_t>(theirs.type()));
  }
}

TEST_CASE("secure json: rejects what nlohmann rejects", "[json]") {
  const std::vector<std::string> documents = {
      "",
      " ",
      "{",
      "[1,]",
      "{\"a\":}",
      "{\"a\" 1}",
      "{a: 1}",
      "[1 2]",
      "01",
      "1.",
      ".5",
      "-",
      "+1",
      "1e",
      "1e+",
      "tru",
      "nulls",
      "[] []",
      "\"unterminated",
      "\"tab\there\"",
      "\"\\x\"",
      "\"\\u12\"",
      "\"\\ud800\"",
      "\"\\udc00\"",
      "\"\\ud800\\u0041\"",
      "\"\xc0\xaf\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"\xe2\x82\"",
      "\"\x80\"",
      "1e400",
      "-1e400",
      "[1] x",
      "// comment\n1",
      "NaN",
      "[Infinity]",
  };
  for (const auto& text : documents) {
    CAPTURE(text);
    CHECK(status_of(text) == JsonStatus::malformed);
    CHECK(nlohmann::json::parse(text, nullptr, false).is_discarded());
  }
}

TEST_CASE("secure json: nesting is bounded while reading", "[json]") {
  CHECK(status_of(nested_arrays(hush::max_json_depth)) == JsonStatus::ok);
  CHECK(status_of(nested_arrays(hush::max_json_depth + 1)) == JsonStatus::too_deep);
  // What crashed hush before: 80,000 levels, in an array and under object members.
  CHECK(status_of(nested_arrays(80000)) == JsonStatus::too_deep);
  std::string members;
  for (int i = 0; i < 80000; ++i) members += "{\"a\":";
  members += "1" + std::string(80000, '}');
  CHECK(status_of(members) == JsonStatus::too_deep);
  // Depth counts open containers, not values: a long flat array is fine.
  std::string flat = "[";
  for (int i = 0; i < 100000; ++i) flat += i == 0 ? "[]" : ",[]";
  CHECK(status_of(flat + "]") == JsonStatus::ok);
  CHECK(status_of("[[1]]", 1) == JsonStatus::too_deep);
  CHECK(status_of("[1]", 1) == JsonStatus::ok);
  CHECK(hush::json_status_text(JsonStatus::too_deep) == "JSON nested deeper than 128 levels");
}

TEST_CASE("secure json: a failed read leaves null, never a partial document", "[json]") {
  SecureJson out = SecureJson::object();
  CHECK(read_json(R"({"a": [1, 2, {"b": "secret-part)", out) == JsonStatus::malformed);
  CHECK(out.is_null());
  out = SecureJson::array();
  CHECK(read_json(nested_arrays(500), out) == JsonStatus::too_deep);
  CHECK(out.is_null());
}

TEST_CASE("secure json: secret_text gives strings as they are and other values as JSON", "[json]") {
  SecureJson doc;
  REQUIRE(read_json(R"({"s": "p@ss \"w\"", "n": 42, "o": {"x": [1, "y"]}, "b": false})", doc) == JsonStatus::ok);
  CHECK(hush::secret_text(doc["s"]).view() == "p@ss \"w\"");
  CHECK(hush::secret_text(doc["n"]).view() == "42");
  CHECK(hush::secret_text(doc["o"]).view() == R"({"x":[1,"y"]})");
  CHECK(hush::secret_text(doc["b"]).view() == "false");
}
