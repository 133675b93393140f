#include "hush/git/object_parse.hpp"

#include <algorithm>
#include <string>

namespace hush::git {
namespace {

bool parse_hex_oid(std::string_view line, std::string_view keyword, git_oid& out) {
  if (line.size() < keyword.size() + 1 + GIT_OID_HEXSZ || line.compare(0, keyword.size(), keyword) != 0 ||
      line[keyword.size()] != ' ')
    return false;
  return git_oid_fromstrn(&out, line.data() + keyword.size() + 1, GIT_OID_HEXSZ) == 0;
}

}  // namespace

bool parse_commit(std::string_view data, ParsedCommit& out) {
  out.parents.clear();
  std::size_t pos = 0;
  bool have_tree = false;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    const std::string_view line = data.substr(pos, end - pos);
    if (line.empty()) {  // end of the header
      out.message = data.substr(std::min(data.size(), end + 1));
      return have_tree;
    }
    git_oid id;
    if (!have_tree && parse_hex_oid(line, "tree", id)) {
      out.tree = id;
      have_tree = true;
    } else if (parse_hex_oid(line, "parent", id)) {
      out.parents.push_back(id);
    }
    pos = end + 1;
  }
  out.message = {};
  return have_tree;
}

bool parse_tag(std::string_view data, ParsedTag& out) {
  out = ParsedTag{};
  bool have_object = false;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    const std::string_view line = data.substr(pos, end - pos);
    if (line.empty()) {
      out.message = data.substr(std::min(data.size(), end + 1));
      break;
    }
    git_oid id;
    if (!have_object && parse_hex_oid(line, "object", id)) {
      out.target = id;
      have_object = true;
    } else if (line.starts_with("type ")) {
      out.target_type = git_object_string2type(std::string(line.substr(5)).c_str());
    } else if (line.starts_with("tag ")) {
      out.name = line.substr(4);
    } else if (line.starts_with("tagger ")) {
      out.tagger = line.substr(7);
    }
    pos = end + 1;
  }
  return have_object && out.target_type != GIT_OBJECT_INVALID;
}

std::string_view header_field(std::string_view data, std::string_view keyword) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    const std::string_view line = data.substr(pos, end - pos);
    if (line.empty()) break;
    if (line.size() > keyword.size() && line.starts_with(keyword) && line[keyword.size()] == ' ')
      return line.substr(keyword.size() + 1);
    pos = end + 1;
  }
  return {};
}

}  // namespace hush::git
