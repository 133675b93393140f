#include "sources/git/object_parse.hpp"

namespace hush::scanner::git {
namespace {

bool parse_hex_oid(std::string_view line, std::string_view keyword, git_oid& out) {
  if (line.size() < keyword.size() + 1 + GIT_OID_HEXSZ || line.compare(0, keyword.size(), keyword) != 0 || line[keyword.size()] != ' ')
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

}  // namespace hush::scanner::git
