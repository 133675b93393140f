// Author, date and subject of commits as git log shows them, including commits fsck rejects.
#include "catch.hpp"
#include "sources/git/commit_provenance.hpp"

using namespace hush::scanner::git;

namespace {

const std::string tree_line = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";

}  // namespace

TEST_CASE("signatures: what git log reads") {
  const std::string commit = tree_line + "author Ada Dev <ada@example.com> 1709283600 +0100\ncommitter C <c@x> 1 -0230\n\nsubject\n";
  const auto author = parse_signature(commit, "author");
  REQUIRE(author);
  CHECK(author->name == "Ada Dev");
  CHECK(author->email == "ada@example.com");
  CHECK(author->time == 1709283600);
  CHECK(author->offset_minutes == 60);
  const auto committer = parse_signature(commit, "committer");
  REQUIRE(committer);
  CHECK(committer->offset_minutes == -150);
  CHECK_FALSE(parse_signature(commit, "tagger"));
  // A line in the message is not a header.
  CHECK_FALSE(parse_signature(tree_line + "\nauthor Eve <e@x> 1 +0000\n", "author"));
}

TEST_CASE("signatures fsck rejects keep what can be read") {
  const auto bad_date = parse_signature(tree_line + "author A <a@x> notadate +0000\n\nm\n", "author");
  REQUIRE(bad_date);
  CHECK(bad_date->name == "A");
  CHECK(bad_date->email == "a@x");
  CHECK_FALSE(bad_date->time);
  const auto overflow = parse_signature(tree_line + "author A <a@x> 99999999999999999999 +0000\n", "author");
  REQUIRE(overflow);
  CHECK_FALSE(overflow->time);
  const auto no_close = parse_signature(tree_line + "author A <a@x 1700000000 +0000\n", "author");
  REQUIRE(no_close);
  CHECK(no_close->name.empty());
  CHECK(no_close->email.empty());
  CHECK_FALSE(no_close->time);
  const auto bad_zone = parse_signature(tree_line + "author A <a@x> 1700000000 +01x0\n", "author");
  REQUIRE(bad_zone);
  CHECK(bad_zone->time == 1700000000);
  CHECK(bad_zone->offset_minutes == 0);
  const auto empty = parse_signature(tree_line + "author <> 0 +0000\n", "author");
  REQUIRE(empty);
  CHECK(empty->name.empty());
  CHECK(empty->time == 0);
}

TEST_CASE("dates in ISO 8601 with the author's offset") {
  CHECK(iso8601(1709283600, 60) == "2024-03-01T10:00:00+01:00");
  CHECK(iso8601(1709283600, -150) == "2024-03-01T06:30:00-02:30");
  CHECK(iso8601(0, 0) == "1970-01-01T00:00:00+00:00");
  CHECK(iso8601(INT64_MAX, 0).empty());
}

TEST_CASE("the subject is the first paragraph, as libgit2 and git log make it") {
  CHECK(commit_summary("subject\n\nbody\n") == "subject");
  CHECK(commit_summary("\n\nsubject\n") == "subject");
  CHECK(commit_summary("two\nlines\n\nbody") == "two lines");
  CHECK(commit_summary("spaced  out \t words  \n") == "spaced  out \t words");
  CHECK(commit_summary("a\n   \nb") == "a");
  CHECK(commit_summary("").empty());
}

TEST_CASE("provenance of a commit without an author, and of an ordinary one") {
  git_oid id{};
  const auto no_author = commit_provenance(id, tree_line + "committer C <c@x> 1700000000 +0000\n\nno author\n");
  CHECK(no_author.commit == std::string(40, '0'));
  CHECK(no_author.author.empty());
  CHECK(no_author.date.empty());
  CHECK(no_author.message == "no author");
  const auto ordinary = commit_provenance(id, tree_line + "author Ada <ada@x> 1709283600 +0100\ncommitter C <c@x> 1 +0000\n\nadd it\n\nwhy\n");
  CHECK(ordinary.author == "Ada");
  CHECK(ordinary.email == "ada@x");
  CHECK(ordinary.date == "2024-03-01T10:00:00+01:00");
  CHECK(ordinary.message == "add it");
  CHECK(commit_provenance(id, tree_line).message.empty());
}
