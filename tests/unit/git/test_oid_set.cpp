#include <random>
#include <set>
#include <string>

#include "catch.hpp"
#include "hush/git/oid_set.hpp"

using hush::git::OidSet;

namespace {

std::string key(const git_oid& id) { return std::string(reinterpret_cast<const char*>(id.id), sizeof id.id); }

}  // namespace

TEST_CASE("OidSet holds exactly the ids inserted, through growth", "[git]") {
  std::mt19937_64 random(7);
  OidSet set;
  std::set<std::string> expected;
  std::vector<git_oid> inserted;
  for (int i = 0; i < 5000; ++i) {
    git_oid id{};
    for (auto& byte : id.id) byte = static_cast<unsigned char>(random());
    // Ids sharing their first eight bytes land in one probe run: the comparison must use all 20.
    if (i % 10 == 1) {
      id = inserted.back();
      id.id[19] ^= 1;
    }
    if (i % 7 == 3) id = inserted[static_cast<std::size_t>(random() % inserted.size())];  // a repeat
    const bool fresh = expected.insert(key(id)).second;
    const auto [stored, added] = set.insert(id);
    CHECK(added == fresh);
    CHECK(key(*stored) == key(id));
    inserted.push_back(id);
  }
  CHECK(set.size() == expected.size());
  std::set<std::string> iterated;
  for (const git_oid& id : set) CHECK(iterated.insert(key(id)).second);
  CHECK(iterated == expected);
  for (const auto& id : inserted) CHECK(set.count(id) == 1);
  git_oid absent = inserted.front();
  absent.id[10] ^= 0x80;
  CHECK(set.count(absent) == expected.count(key(absent)));

  git_oid zero{};  // the all-zero id is a key like any other
  CHECK(set.count(zero) == 0);
  CHECK(set.insert(zero).second);
  CHECK(set.count(zero) == 1);
  CHECK_FALSE(set.insert(zero).second);
  CHECK(OidSet().count(zero) == 0);
  CHECK(OidSet().begin() == OidSet().end());
}

TEST_CASE("OidSet positions name each stored id once and lead back to it, absent ids have none", "[git]") {
  std::mt19937_64 random(11);
  OidSet set;
  std::vector<git_oid> stored;
  for (int i = 0; i < 3000; ++i) {
    git_oid id{};
    for (auto& byte : id.id) byte = static_cast<unsigned char>(random());
    set.insert(id);
    stored.push_back(id);
  }
  const git_oid zero{};
  set.insert(zero);  // kept aside from the slots, yet it has a position too
  stored.push_back(zero);
  std::set<std::size_t> positions;
  for (const auto& id : stored) {
    const std::size_t at = set.position(id);
    REQUIRE(at < set.positions());
    CHECK(positions.insert(at).second);
    CHECK(key(set.at(at)) == key(id));
  }
  git_oid absent = stored.front();
  absent.id[19] ^= 1;
  CHECK(set.position(absent) == OidSet::npos);
  CHECK(OidSet().position(zero) == OidSet::npos);
}
