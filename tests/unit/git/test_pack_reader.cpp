// The pack reader against git itself: real repositories built with the git CLI, packed with long
// OFS_DELTA chains and with REF_DELTA, every object compared byte for byte with
// `git cat-file --batch-all-objects --batch`.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/git/pack_reader.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hush::git;
using hush::test::TempDir;

namespace {

struct RefObject {
  std::string type;
  std::string data;
};
using Reference = std::map<std::string, RefObject>;  // hex id -> object

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

// Isolated from the user's and system's git configuration, so hooks, signing or packing settings
// there cannot change what the tests build. `args` may chain further git commands with &&.
int git(const fs::path& repo, const std::string& args) {
  const std::string cmd =
      "cd " + quote(repo) +
      " && export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=hush"
      " GIT_AUTHOR_EMAIL=hush@example.com GIT_COMMITTER_NAME=hush GIT_COMMITTER_EMAIL=hush@example.com"
      " && git " +
      args + " >/dev/null 2>&1";
  return std::system(cmd.c_str());
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string random_bytes(std::mt19937& rng, std::size_t n) {
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// A history whose files change a little in every commit, so repacking builds long delta chains:
// text files, a binary file with NULs, an empty blob, a > 1 MiB blob that also changes, nested
// trees and annotated tags.
void make_history(const fs::path& repo, int commits) {
  REQUIRE(git(repo.parent_path(), "init -q " + quote(repo)) == 0);
  std::mt19937 rng(1234);
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i)
    lines.push_back("line " + std::to_string(i) + " of the config: value=" + std::to_string(rng()));
  std::string binary = random_bytes(rng, 40000);
  for (std::size_t i = 0; i < binary.size(); i += 7) binary[i] = '\0';
  std::string large = random_bytes(rng, 700 * 1024);
  for (int i = 0; i < 20000; ++i) large += "repetitive text " + std::to_string(i % 97) + "\n";
  write_file(repo / "empty.txt", "");
  for (int c = 0; c < commits; ++c) {
    for (int k = 0; k < 5; ++k)
      lines[rng() % lines.size()] = "changed in commit " + std::to_string(c) + " " + std::to_string(rng());
    lines.push_back("appended " + std::to_string(c));
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    write_file(repo / "a.txt", text);
    write_file(repo / "src/deep/b.txt", text.substr(text.size() / 3) + std::to_string(c));
    if (c % 3 == 0) {
      binary[rng() % binary.size()] = static_cast<char>(rng());
      write_file(repo / "data/blob.bin", binary);
    }
    if (c % 10 == 0) {
      large[rng() % large.size()] = static_cast<char>(rng());
      large += "tail " + std::to_string(c) + "\n";
      write_file(repo / "large.bin", large);
    }
    write_file(repo / ("files/f" + std::to_string(c % 7) + ".txt"),
               "version " + std::to_string(c) + "\n" + text.substr(0, 500));
    std::string step = "add -A && git commit -q -m 'commit " + std::to_string(c) + "'";
    if (c % 20 == 0) step += " && git tag -a v" + std::to_string(c) + " -m 'tag " + std::to_string(c) + "'";
    REQUIRE(git(repo, step) == 0);
  }
}

// The repository "repo" in `dir`, holding such a history of `commits` commits.
fs::path history_in(const TempDir& dir, int commits) {
  const fs::path repo = dir.path() / "repo";
  make_history(repo, commits);
  return repo;
}

// Every object, as git reads it.
Reference reference_objects(const fs::path& repo, const fs::path& scratch) {
  const fs::path out = scratch / "cat-file.out";
  REQUIRE(std::system(("git -C " + quote(repo) + " cat-file --batch-all-objects --batch > " + quote(out)).c_str()) ==
          0);
  const std::string all = read_file(out);
  Reference ref;
  std::size_t pos = 0;
  while (pos < all.size()) {
    const std::size_t nl = all.find('\n', pos);
    REQUIRE(nl != std::string::npos);
    std::istringstream header(all.substr(pos, nl - pos));
    std::string id;
    std::string type;
    std::size_t size = 0;
    header >> id >> type >> size;
    REQUIRE(nl + 1 + size < all.size() + 1);
    ref[id] = RefObject{type, all.substr(nl + 1, size)};
    pos = nl + 1 + size + 1;
  }
  return ref;
}

struct Collector final : PackVisitor {
  void visit(const PackObject& object) override {
    const std::string id = oid_hex(object.oid);
    ++visits[id];
    objects[id] = RefObject{std::string(type_name(object.type)), std::string(object.data)};
  }
  std::map<std::string, int> visits;
  Reference objects;
};

// Reads every pack of `repo` in `parts` parts (one reader each) and checks the result is exactly
// what git reads, each object delivered once. Returns how many bases had to be rebuilt.
std::uint64_t check_against_git(const fs::path& repo, const Reference& ref, unsigned parts,
                                PackReaderOptions options = {}) {
  Collector all;
  std::uint64_t rebuilds = 0;
  for (const auto& path : list_packs(repo / ".git" / "objects")) {
    const PackFile pack(path);
    for (unsigned part = 0; part < parts; ++part) {
      PackReader reader(pack, options);
      reader.for_each_object(part, parts, all);
      rebuilds += reader.stats().base_rebuilds;
    }
  }
  CHECK(all.objects.size() == ref.size());
  for (const auto& [id, count] : all.visits) CHECK(count == 1);
  std::size_t mismatches = 0;
  for (const auto& [id, object] : ref) {
    const auto it = all.objects.find(id);
    if (it == all.objects.end() || it->second.type != object.type || it->second.data != object.data) ++mismatches;
  }
  CHECK(mismatches == 0);
  return rebuilds;
}

fs::path only_pack(const fs::path& repo) {
  const auto packs = list_packs(repo / ".git" / "objects");
  REQUIRE(packs.size() == 1);
  return packs[0];
}

}  // namespace

namespace {

// Each part on its own thread with its own reader, all sharing one PackFile.
void check_threads(const fs::path& repo, const Reference& ref, unsigned threads) {
  const PackFile pack(only_pack(repo));
  std::vector<Collector> collectors(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      PackReader(pack, PackReaderOptions{16 * 1024, 10000}).for_each_object(t, threads, collectors[t]);
    });
  for (auto& w : workers) w.join();
  std::size_t total = 0;
  std::size_t mismatches = 0;
  for (const auto& c : collectors) {
    total += c.objects.size();
    for (const auto& [id, object] : c.objects) {
      const auto it = ref.find(id);
      if (it == ref.end() || it->second.type != object.type || it->second.data != object.data) ++mismatches;
    }
  }
  CHECK(total == ref.size());
  CHECK(mismatches == 0);
}

// Blobs only, and only small ones: the skipped trees, commits and large blobs cost nothing, and
// a skipped object that is a wanted blob's delta base is still rebuilt.
void check_filters(const fs::path& repo, const Reference& ref) {
  struct SmallBlobs final : PackVisitor {
    bool wants_type(ObjectType type) override { return type == ObjectType::blob; }
    bool wants(ObjectType, std::uint64_t size) override { return size <= 30000; }
    void visit(const PackObject& object) override {
      if (object.type != ObjectType::blob || object.data.size() > 30000) ++unwanted;
      got[oid_hex(object.oid)] = std::string(object.data);
    }
    std::size_t unwanted = 0;
    std::map<std::string, std::string> got;
  } visitor;
  const PackFile pack(only_pack(repo));
  for (unsigned part = 0; part < 2; ++part) PackReader(pack).for_each_object(part, 2, visitor);
  std::size_t expected = 0;
  std::size_t mismatches = 0;
  for (const auto& [id, object] : ref) {
    if (object.type != "blob" || object.data.size() > 30000) continue;
    ++expected;
    const auto it = visitor.got.find(id);
    if (it == visitor.got.end() || it->second != object.data) ++mismatches;
  }
  CHECK(visitor.unwanted == 0);
  CHECK(visitor.got.size() == expected);
  CHECK(mismatches == 0);
  CHECK(expected > 50);
}

// What PackObject says of a delta's family: its base is the object delivered last one level up,
// and every copied run holds the base's bytes. Returns how many deltas were checked that way.
std::size_t check_derivations(const fs::path& repo, unsigned parts) {
  struct Derivations final : PackVisitor {
    void visit(const PackObject& object) override {
      if (object.base_entry == PackFile::no_base) {
        CHECK(object.depth == 0);
        CHECK(object.copies.empty());
      } else {
        CHECK(object.depth > 0);
        std::uint64_t previous_end = 0;
        for (const DeltaCopy& c : object.copies) {
          CHECK(c.target >= previous_end);
          CHECK(c.target + c.length <= object.data.size());
          previous_end = c.target + c.length;
        }
        if (object.depth <= held.size() && held[object.depth - 1].first == object.base_entry) {
          const std::string& base = held[object.depth - 1].second;
          for (const DeltaCopy& c : object.copies)
            if (base.compare(c.source, c.length, object.data.substr(c.target, c.length)) != 0) ++wrong;
          ++checked;
        }
      }
      if (object.is_base) {
        if (held.size() <= object.depth) held.resize(object.depth + 1);
        held[object.depth] = {object.entry, std::string(object.data)};
      }
    }
    std::vector<std::pair<std::uint32_t, std::string>> held;
    std::size_t checked = 0, wrong = 0;
  } visitor;
  const PackFile pack(only_pack(repo));
  for (unsigned part = 0; part < parts; ++part) PackReader(pack).for_each_object(part, parts, visitor);
  CHECK(visitor.wrong == 0);
  return visitor.checked;
}

}  // namespace

// One history, packed twice; no SECTIONs, so the history is built once.
TEST_CASE("pack reader matches git on a repacked history with OFS and REF deltas", "[git][pack]") {
  TempDir dir;
  const fs::path repo = history_in(dir, 60);

  // Deep OFS_DELTA chains (git's default delta encoding).
  REQUIRE(git(repo, "repack -adf -q --depth=50 --window=50") == 0);
  const auto ref = reference_objects(repo, dir.path());
  REQUIRE(ref.size() > 200);
  {
    const PackFile pack(only_pack(repo));
    CHECK(pack.object_count() == ref.size());
    CHECK(pack.stats().ofs_deltas > 100);
    CHECK(pack.stats().ref_deltas == 0);
    CHECK(pack.stats().max_delta_depth >= 20);
    CHECK(pack.stats().objects_by_type[static_cast<unsigned>(ObjectType::tag)] == 3);
    const bool has_large =
        std::any_of(ref.begin(), ref.end(), [](const auto& o) { return o.second.data.size() > 1024 * 1024; });
    CHECK(has_large);
    CHECK(ref.count("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391") == 1);  // the empty blob
  }
  CHECK(check_against_git(repo, ref, 1) == 0);  // every base built once
  check_against_git(repo, ref, 3);
  // More parts than objects: most parts are empty, still each object exactly once.
  check_against_git(repo, ref, static_cast<unsigned>(ref.size()) + 7);
  // Without room for the bases of a chain, they are dropped and rebuilt from the pack.
  CHECK(check_against_git(repo, ref, 2, PackReaderOptions{4096, 10000}) > 0);
  CHECK(check_against_git(repo, ref, 1, PackReaderOptions{0, 10000}) > 0);
  // Chains deeper than the limit are refused, not followed.
  CHECK_THROWS_AS(check_against_git(repo, ref, 1, PackReaderOptions{0, 5}), hush::Error);
  check_threads(repo, ref, 3);
  check_filters(repo, ref);
  CHECK(check_derivations(repo, 1) > 100);
  CHECK(check_derivations(repo, 3) > 100);

  // REF_DELTA: bases named by id instead of by offset.
  REQUIRE(git(repo, "-c repack.useDeltaBaseOffset=false repack -adf -q --depth=50 --window=50") == 0);
  const auto ref2 = reference_objects(repo, dir.path());
  CHECK(ref2.size() == ref.size());
  {
    const PackFile pack(only_pack(repo));
    CHECK(pack.stats().ref_deltas > 100);
    CHECK(pack.stats().ofs_deltas == 0);
  }
  check_against_git(repo, ref2, 1);
  check_against_git(repo, ref2, 3);
  check_against_git(repo, ref2, 1, PackReaderOptions{4096, 10000});
  check_threads(repo, ref2, 2);
  CHECK(check_derivations(repo, 2) > 100);

  // Several packs: an incremental repack packs only the new objects, with its own deltas.
  for (int c = 0; c < 5; ++c) {
    write_file(repo / "a.txt", read_file(repo / "a.txt") + "more " + std::to_string(c) + "\n");
    REQUIRE(git(repo, "add -A && git commit -q -m 'more " + std::to_string(c) + "'") == 0);
  }
  REQUIRE(git(repo, "repack -d -q") == 0);
  REQUIRE(list_packs(repo / ".git" / "objects").size() == 2);
  const auto ref3 = reference_objects(repo, dir.path());
  CHECK(ref3.size() == ref.size() + 15);
  check_against_git(repo, ref3, 1);
  check_against_git(repo, ref3, 2);
}

TEST_CASE("list_packs finds packs that have an index", "[git][pack]") {
  TempDir dir;
  CHECK(list_packs(dir.path() / "nothing-here").empty());
  dir.write("objects/pack/pack-a.pack", "x");
  dir.write("objects/pack/pack-a.idx", "x");
  dir.write("objects/pack/pack-b.pack", "x");  // being written: no index yet
  dir.write("objects/pack/pack-c.idx", "x");
  const auto packs = list_packs(dir.path() / "objects");
  REQUIRE(packs.size() == 1);
  CHECK(packs[0].filename() == "pack-a.pack");
}

namespace {

struct Copy {
  fs::path pack;
  fs::path idx;
};

Copy copy_pack(const fs::path& from, const fs::path& to_dir) {
  fs::create_directories(to_dir);
  Copy c{to_dir / from.filename(), to_dir / fs::path(from).replace_extension(".idx").filename()};
  fs::copy_file(from, c.pack, fs::copy_options::overwrite_existing);
  fs::copy_file(fs::path(from).replace_extension(".idx"), c.idx, fs::copy_options::overwrite_existing);
  return c;
}

// Reads everything; returns the number of objects reported as unreadable. Only hush::Error may
// escape: anything else (or a crash) is a bug.
struct Tolerant final : PackVisitor {
  void visit(const PackObject& object) override {
    ++delivered;
    if (ref) {
      const auto it = ref->find(oid_hex(object.oid));
      if (it != ref->end() && it->second.type == type_name(object.type) && it->second.data != object.data) ++wrong;
    }
  }
  bool keep_going(OidView oid, const hush::Error& error) override {
    ++errors;
    last_message = error.what();
    last_oid = oid_hex(oid);
    return true;
  }
  const Reference* ref = nullptr;
  std::size_t delivered = 0;
  std::size_t errors = 0;
  std::size_t wrong = 0;
  std::string last_message;
  std::string last_oid;
};

}  // namespace

TEST_CASE("corrupt or truncated packs are errors, not crashes or garbage", "[git][pack]") {
  TempDir dir;
  const fs::path repo = history_in(dir, 20);
  REQUIRE(git(repo, "repack -adf -q --depth=50") == 0);
  const fs::path original = only_pack(repo);
  const auto ref = reference_objects(repo, dir.path());

  {  // truncated pack
    const auto c = copy_pack(original, dir.path() / "trunc");
    fs::resize_file(c.pack, fs::file_size(c.pack) / 2);
    CHECK_THROWS_AS(PackFile(c.pack), hush::Error);
    try {
      PackFile pack(c.pack);
    } catch (const hush::Error& e) {
      CHECK(std::string(e.what()).find(c.pack.filename().string()) != std::string::npos);
    }
    fs::resize_file(c.pack, 10);
    CHECK_THROWS_AS(PackFile(c.pack), hush::Error);
  }

  {  // truncated or mismatched index
    auto c = copy_pack(original, dir.path() / "trunc-idx");
    fs::resize_file(c.idx, fs::file_size(c.idx) - 30);
    CHECK_THROWS_AS(PackFile(c.pack), hush::Error);
    fs::resize_file(c.idx, 0);
    CHECK_THROWS_AS(PackFile(c.pack), hush::Error);
    fs::remove(c.idx);
    CHECK_THROWS_AS(PackFile(c.pack), hush::Error);
  }

  {  // a corrupt byte inside an object's data names the object
    const auto c = copy_pack(original, dir.path() / "flip");
    std::uint32_t victim = 0;
    std::uint64_t flip_at = 0;
    {
      const PackFile pack(c.pack);
      std::size_t longest = 0;
      for (std::uint32_t e = 0; e < pack.object_count(); ++e) {
        if (pack.compressed(e).size() > longest) {
          longest = pack.compressed(e).size();
          victim = e;
        }
      }
      const auto& entry = pack.entries()[victim];
      flip_at = entry.offset + entry.header_size + longest / 2;
    }
    std::string bytes = read_file(c.pack);
    bytes[flip_at] = static_cast<char>(bytes[flip_at] ^ 0x5a);
    write_file(c.pack, bytes);

    const PackFile pack(c.pack);
    const std::string victim_id = oid_hex(pack.oid(victim));
    struct Strict final : PackVisitor {
      void visit(const PackObject&) override {}
    } strict;
    try {
      PackReader(pack).for_each_object(0, 1, strict);
      FAIL("corruption went unnoticed");
    } catch (const hush::Error& e) {
      const std::string message = e.what();
      CHECK(message.find(victim_id) != std::string::npos);
      CHECK(message.find(c.pack.filename().string()) != std::string::npos);
    }
    // --keep-going: the rest is still read, and correctly.
    Tolerant tolerant;
    tolerant.ref = &ref;
    PackReader(pack).for_each_object(0, 1, tolerant);
    CHECK(tolerant.errors >= 1);
    CHECK(tolerant.wrong == 0);
    CHECK(tolerant.delivered + tolerant.errors <= ref.size());
    CHECK(tolerant.delivered > ref.size() / 2);
  }

  {  // flipped bytes anywhere in the pack or index never crash
    const auto c = copy_pack(original, dir.path() / "fuzz");
    const std::string pack_bytes = read_file(c.pack);
    const std::string idx_bytes = read_file(c.idx);
    std::mt19937 rng(99);
    std::size_t open_errors = 0;
    std::size_t read_errors = 0;
    for (int round = 0; round < 160; ++round) {
      const bool in_idx = round % 4 == 3;
      std::string bytes = in_idx ? idx_bytes : pack_bytes;
      // Mostly in the first part of the pack, where headers and delta chains are dense.
      const std::size_t limit = in_idx || round % 2 ? bytes.size() : std::min<std::size_t>(bytes.size(), 20000);
      const std::size_t at = rng() % limit;
      bytes[at] = static_cast<char>(bytes[at] ^ (1u << (rng() % 8)));
      write_file(in_idx ? c.idx : c.pack, bytes);
      write_file(in_idx ? c.pack : c.idx, in_idx ? pack_bytes : idx_bytes);
      try {
        const PackFile pack(c.pack);
        Tolerant tolerant;
        for (unsigned part = 0; part < 2; ++part)
          PackReader(pack, PackReaderOptions{8192, 10000}).for_each_object(part, 2, tolerant);
        if (tolerant.errors > 0) ++read_errors;
      } catch (const hush::Error&) {
        ++open_errors;
      }
    }
    // The pack checksum is only compared with the index, so most flips surface when reading.
    CHECK(open_errors + read_errors > 80);
  }
}
