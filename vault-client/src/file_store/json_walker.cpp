#include "json_walker.hpp"

#include <nlohmann/json.hpp>

#include <vector>

#include "hush/common/error.hpp"

namespace hush::vault_client::ejson {

std::string collapse_multiline_strings(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (c == '\n') {
        out += "\\n";
        continue;
      } else if (c == '\r') {
        out += "\\r";
        continue;
      }
    } else if (c == '"') {
      in_string = true;
    }
    out += c;
  }
  return out;
}

std::string rewrite_encryptable_values(std::string_view text, const std::string& origin,
                                       const std::function<std::string(const std::string&)>& action) {
  if (!nlohmann::json::accept(text)) throw Error(ErrorKind::config, origin + ": not valid JSON");
  // The text is valid JSON from here on, so a small state machine suffices: a stack of container
  // kinds, and whether the next string in an object is a key.
  struct Frame {
    bool object;
    bool expecting_key;
  };
  std::vector<Frame> stack;
  bool last_key_private = false;
  std::string out;
  out.reserve(text.size() * 2);
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      std::size_t end = i + 1;
      while (text[end] != '"') end += text[end] == '\\' ? 2 : 1;
      const std::string_view literal = text.substr(i, end + 1 - i);
      const bool is_key = !stack.empty() && stack.back().object && stack.back().expecting_key;
      if (is_key) {
        last_key_private = literal.size() > 1 && literal[1] == '_';
        stack.back().expecting_key = false;
        out += literal;
      } else if (last_key_private) {
        out += literal;
      } else {
        const std::string plain = nlohmann::json::parse(literal).get<std::string>();
        out += nlohmann::json(action(plain)).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
      }
      i = end + 1;
      continue;
    }
    if (c == '{' || c == '[') stack.push_back({c == '{', c == '{'});
    if (c == '}' || c == ']') stack.pop_back();
    if (c == ',' && !stack.empty() && stack.back().object) stack.back().expecting_key = true;
    out += c;
    ++i;
  }
  return out;
}

}  // namespace hush::vault_client::ejson
