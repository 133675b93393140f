// Reads every object of every pack of a repository with hush's pack reader on N threads, then
// times the floor it has to match in the same run: `git cat-file --batch-all-objects --batch
// --unordered > /dev/null`, which reads every object once. Loose objects are not read by the pack
// reader (libgit2 handles those); after `git gc` there are next to none.
//
//   hush_pack_read_bench REPO [--threads N] [--cache-mib M] [--blobs-only] [--max-size BYTES]
//                             [--repeat R] [--no-floor]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "hush/common/error.hpp"
#include "hush/git/pack_reader.hpp"

extern char** environ;

namespace fs = std::filesystem;
using namespace hush::git;

namespace {

struct Options {
  fs::path repo;
  unsigned threads = 2;
  std::size_t cache_mib = 128;
  bool blobs_only = false;
  std::uint64_t max_size = 0;  // 0: no limit
  unsigned repeat = 1;
  bool floor = true;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: hush_pack_read_bench REPO [--threads N] [--cache-mib M] [--blobs-only] [--max-size BYTES]\n"
               "                            [--repeat R] [--no-floor]\n");
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--threads") o.threads = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--cache-mib") o.cache_mib = std::stoul(value());
    else if (a == "--blobs-only") o.blobs_only = true;
    else if (a == "--max-size") o.max_size = std::stoull(value());
    else if (a == "--repeat") o.repeat = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--no-floor") o.floor = false;
    else if (!a.empty() && a[0] == '-') usage();
    else if (o.repo.empty()) o.repo = a;
    else usage();
  }
  if (o.repo.empty() || o.threads == 0 || o.repeat == 0) usage();
  return o;
}

// A bare repository is its own git dir; a work tree has .git.
fs::path git_dir_of(const fs::path& repo) { return fs::exists(repo / "objects") ? repo : repo / ".git"; }

class CountingVisitor final : public PackVisitor {
 public:
  CountingVisitor(bool blobs_only, std::uint64_t max_size) : blobs_only_(blobs_only), max_size_(max_size) {}
  bool wants_type(ObjectType type) override { return !blobs_only_ || type == ObjectType::blob; }
  bool wants(ObjectType, std::uint64_t size) override { return max_size_ == 0 || size <= max_size_; }
  void visit(const PackObject& object) override {
    ++objects[static_cast<unsigned>(object.type)];
    bytes[static_cast<unsigned>(object.type)] += object.data.size();
    // Touch the data the way a scanner would start to, so nothing is skipped unseen.
    if (!object.data.empty()) checksum += static_cast<unsigned char>(object.data.back());
  }
  std::uint64_t objects[5] = {};
  std::uint64_t bytes[5] = {};
  std::uint64_t checksum = 0;

 private:
  bool blobs_only_;
  std::uint64_t max_size_;
};

struct Totals {
  std::uint64_t objects[5] = {};
  std::uint64_t bytes[5] = {};
  std::uint64_t checksum = 0;
  PackReaderStats reader;
  std::size_t packs = 0;
  unsigned max_depth = 0;
  double open_seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Totals read_all(const Options& o, const std::vector<fs::path>& packs) {
  Totals t;
  for (const auto& path : packs) {
    const auto open_start = std::chrono::steady_clock::now();
    const PackFile pack(path);
    t.open_seconds += seconds_since(open_start);
    ++t.packs;
    t.max_depth = std::max(t.max_depth, pack.stats().max_delta_depth);
    std::vector<CountingVisitor> visitors(o.threads, CountingVisitor(o.blobs_only, o.max_size));
    std::vector<PackReaderStats> stats(o.threads);
    std::vector<std::exception_ptr> errors(o.threads);
    std::vector<double> seconds(o.threads);
    std::vector<std::thread> workers;
    for (unsigned part = 0; part < o.threads; ++part) {
      workers.emplace_back([&, part] {
        try {
          const auto start = std::chrono::steady_clock::now();
          PackReader reader(pack, PackReaderOptions{o.cache_mib * 1024 * 1024, 10000});
          reader.for_each_object(part, o.threads, visitors[part]);
          stats[part] = reader.stats();
          seconds[part] = seconds_since(start);
        } catch (...) {
          errors[part] = std::current_exception();
        }
      });
    }
    for (auto& w : workers) w.join();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    if (o.threads > 1) {
      std::printf("    %s parts:", path.filename().c_str());
      for (unsigned part = 0; part < o.threads; ++part) std::printf(" %.2f s", seconds[part]);
      std::printf("\n");
    }
    for (unsigned part = 0; part < o.threads; ++part) {
      for (unsigned k = 0; k < 5; ++k) {
        t.objects[k] += visitors[part].objects[k];
        t.bytes[k] += visitors[part].bytes[k];
      }
      t.checksum += visitors[part].checksum;
      t.reader.inflated_bytes += stats[part].inflated_bytes;
      t.reader.base_hits += stats[part].base_hits;
      t.reader.base_rebuilds += stats[part].base_rebuilds;
      t.reader.peak_cache_bytes = std::max(t.reader.peak_cache_bytes, stats[part].peak_cache_bytes);
    }
  }
  return t;
}

// Wall time of the floor command, stdout to /dev/null; also reports its peak RSS.
double time_floor(const fs::path& git_dir, long& child_rss_kib) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string dir_arg = "--git-dir=" + git_dir.string();
  std::vector<std::string> args = {"git", dir_arg, "cat-file", "--batch-all-objects", "--batch", "--unordered"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw hush::Error(hush::ErrorKind::runtime, "cannot run git");
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw hush::Error(hush::ErrorKind::runtime, "git cat-file failed");
  child_rss_kib = usage.ru_maxrss;
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    const fs::path git_dir = git_dir_of(o.repo);
    const auto packs = list_packs(git_dir / "objects");
    std::printf("repository %s: %zu pack(s), %u thread(s), cache %zu MiB per thread%s\n", git_dir.c_str(), packs.size(),
                o.threads, o.cache_mib, o.blobs_only ? ", blobs only" : "");
    double best = 0;
    Totals t;
    for (unsigned r = 0; r < o.repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      t = read_all(o, packs);
      const double s = seconds_since(start);
      best = r == 0 ? s : std::min(best, s);
      std::printf("  run %u: %.3f s\n", r + 1, s);
    }
    std::uint64_t objects = 0;
    std::uint64_t bytes = 0;
    for (unsigned k = 1; k < 5; ++k) {
      objects += t.objects[k];
      bytes += t.bytes[k];
      std::printf("  %-6s %10llu objects %16llu bytes\n", std::string(type_name(static_cast<ObjectType>(k))).c_str(),
                  static_cast<unsigned long long>(t.objects[k]), static_cast<unsigned long long>(t.bytes[k]));
    }
    struct rusage self {};
    ::getrusage(RUSAGE_SELF, &self);
    std::printf("hush pack reader: %llu objects, %.3f GB in %.3f s (open %.3f s) = %.2f GB/s, peak RSS %.0f MiB\n",
                static_cast<unsigned long long>(objects), static_cast<double>(bytes) / 1e9, best, t.open_seconds,
                static_cast<double>(bytes) / 1e9 / best, static_cast<double>(self.ru_maxrss) / 1024.0);
    std::printf(
        "  inflated %.3f GB, base cache hits %llu, bases rebuilt %llu, peak cache %.0f MiB/thread, max depth %u, "
        "checksum %llu\n",
        static_cast<double>(t.reader.inflated_bytes) / 1e9, static_cast<unsigned long long>(t.reader.base_hits),
        static_cast<unsigned long long>(t.reader.base_rebuilds),
        static_cast<double>(t.reader.peak_cache_bytes) / 1048576.0, t.max_depth,
        static_cast<unsigned long long>(t.checksum));
    if (o.floor) {
      long child_rss = 0;
      const double floor = time_floor(git_dir, child_rss);
      std::printf("floor (git cat-file --batch-all-objects --batch --unordered): %.3f s, peak RSS %.0f MiB\n", floor,
                  static_cast<double>(child_rss) / 1024.0);
      std::printf("ratio hush/floor: %.2fx\n", best / floor);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 3;
  }
  return 0;
}
