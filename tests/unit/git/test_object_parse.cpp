#include <string>

#include "catch.hpp"
#include "hush/git/object_parse.hpp"

using namespace hush::git;

namespace {

std::string raw_oid(unsigned char fill) { return std::string(20, static_cast<char>(fill)); }

std::string hex_of(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace

TEST_CASE("commit headers give tree, parents and message") {
  const std::string tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
  const std::string p1 = "1111111111111111111111111111111111111111";
  const std::string p2 = "2222222222222222222222222222222222222222";
  const std::string text =
      "tree " + tree + "\nparent " + p1 + "\nparent " + p2 +
      "\nauthor A <a@b> 1700000000 +0100\ncommitter A <a@b> 1700000000 +0100\ngpgsig -----BEGIN PGP SIGNATURE-----\n "
      "iQ\n -----END PGP SIGNATURE-----\n\nsubject line\n\nbody\n";
  ParsedCommit c;
  REQUIRE(parse_commit(text, c));
  CHECK(hex_of(c.tree) == tree);
  REQUIRE(c.parents.size() == 2);
  CHECK(hex_of(c.parents[1]) == p2);
  CHECK(c.message == "subject line\n\nbody\n");
  CHECK_FALSE(parse_commit("not a commit\n\nmessage", c));
  REQUIRE(parse_commit("tree " + tree + "\nauthor x\n", c));  // no message at all
  CHECK(c.message.empty());
}

TEST_CASE("tree entries: modes, names with spaces, binary ids") {
  const std::string data = std::string("100644 a file.txt") + '\0' + raw_oid(0xab) + "40000 dir" + '\0' +
                           raw_oid(0x01) + "120000 link" + '\0' + raw_oid(0x02) + "160000 sub" + '\0' + raw_oid(0x03);
  std::vector<std::pair<unsigned, std::string>> seen;
  REQUIRE(for_each_tree_entry(data, [&](unsigned mode, std::string_view name, const git_oid& oid) {
    seen.emplace_back(mode, std::string(name));
    if (name == "dir") CHECK(oid.id[0] == 0x01);
  }));
  REQUIRE(seen.size() == 4);
  CHECK(seen[0] == std::pair<unsigned, std::string>{0100644, "a file.txt"});
  CHECK(is_tree_mode(seen[1].first));
  CHECK(is_blob_mode(seen[2].first));
  CHECK_FALSE(is_blob_mode(seen[3].first));  // a submodule commit
  CHECK_FALSE(is_tree_mode(seen[3].first));
  CHECK_FALSE(for_each_tree_entry(std::string("100644 truncated") + '\0' + "short",
                                  [](unsigned, std::string_view, const git_oid&) {}));
  CHECK_FALSE(for_each_tree_entry("10x644 bad", [](unsigned, std::string_view, const git_oid&) {}));
}
