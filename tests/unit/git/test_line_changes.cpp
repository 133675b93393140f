// What counts as added in the range and staged scans, and git's rename similarity.
#include "catch.hpp"
#include "hush/git/line_changes.hpp"

using namespace hush::git;

namespace {

std::set<std::uint64_t> lines(std::initializer_list<std::uint64_t> l) { return l; }

}  // namespace

TEST_CASE("added lines: beyond the copies the earlier version has") {
  CHECK(added_lines("a\nb\nc\n", {}) == lines({1, 2, 3}));
  CHECK(added_lines("a\nb\nc\n", {"a\nc\n"}) == lines({2}));
  // A moved line is not added; a duplicated one is, once.
  CHECK(added_lines("c\na\nb\n", {"a\nb\nc\n"}).empty());
  CHECK(added_lines("a\na\n", {"a\n"}) == lines({2}));
  // Line endings and a missing final newline change no line.
  CHECK(added_lines("a\r\nb\r\n", {"a\nb"}).empty());
  CHECK(added_lines("", {"a\n"}).empty());
  CHECK(added_lines("x", {""}) == lines({1}));
}

TEST_CASE("added lines of a merge: beyond the copies of the richest parent") {
  const std::string ours = "base\nours\n";
  const std::string theirs = "base\ntheirs\n";
  CHECK(added_lines("base\nours\ntheirs\n", {ours, theirs}).empty());  // a clean merge
  CHECK(added_lines("base\nours\ntheirs\nevil\n", {ours, theirs}) == lines({4}));
  CHECK(added_lines("base\nbase\nours\n", {ours, theirs}) == lines({2}));  // no parent has base twice
  CHECK(added_lines("base\nbase\n", {ours, "base\nbase\n"}).empty());
}

TEST_CASE("similarity: the share of the larger version both have") {
  const std::string ten = "line 0\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n";
  CHECK(similarity(LineCounts(ten), LineCounts(ten)) == 100);
  std::string one_edit = ten;
  one_edit.replace(one_edit.find("line 4"), 6, "LINE 4");
  CHECK(similarity(LineCounts(ten), LineCounts(one_edit)) == 90);
  CHECK(similarity(LineCounts(ten), LineCounts("other\n")) == 0);
  CHECK(similarity(LineCounts("a\nb\n"), LineCounts("a\nb\nc\nd\n")) == 50);
  CHECK(similarity(LineCounts(ten), LineCounts(ten + ten)) == 50);
  CHECK(similarity(LineCounts(""), LineCounts("")) == 100);
  CHECK(similarity(LineCounts("x"), LineCounts("x")) == 100);  // no final newline: never above 100
}
