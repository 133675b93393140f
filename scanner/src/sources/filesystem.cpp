#include "hush/scanner/sources/filesystem.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/mapped_file.hpp"
#include "hush/common/unique_fd.hpp"
#include "hush/git/ignored_paths.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "sources/chunked.hpp"

namespace fs = std::filesystem;

namespace hush::scanner {
namespace {

// Files up to this size are read whole; larger ones are scanned in overlapping windows.
constexpr std::uint64_t whole_read_limit = 64ull * 1024 * 1024;

struct FileJob {
  std::string full_path;
  std::string display_path;            // what findings report
  bool named_on_command_line = false;  // a path the user typed is opened even through a symlink
};

// A bounded queue: the walker blocks when workers fall behind, so memory stays flat on huge trees.
class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : capacity_(capacity) {}

  void push(FileJob job) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return jobs_.size() < capacity_; });
    jobs_.push_back(std::move(job));
    not_empty_.notify_one();
  }

  bool pop(FileJob& job) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !jobs_.empty() || closed_; });
    if (jobs_.empty()) return false;
    job = std::move(jobs_.front());
    jobs_.pop_front();
    not_full_.notify_one();
    return true;
  }

  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<FileJob> jobs_;
  std::size_t capacity_;
  bool closed_ = false;
};

class Worker {
 public:
  Worker(const Scanner& scanner, const FsScanOptions& options, Logger& log, ScanProgress* progress)
      : scanner_(scanner), matcher_(scanner.rules()), options_(options), log_(log), progress_(progress) {}

  void run(JobQueue& queue) {
    FileJob job;
    while (queue.pop(job)) {
      try {
        scan_file(job);
      } catch (...) {
        // Keep draining so the walker never blocks on a full queue; report after the join.
        if (!failure) failure = std::current_exception();
      }
    }
  }

  std::vector<Finding> findings;
  ScanCounters counters;
  std::exception_ptr failure;

 private:
  void unreadable(const FileJob& job, const char* what) {
    ++counters.unreadable;
    log_.warn("cannot read file, skipped", {{"path", job.display_path}, {"error", what}});
  }

  void scan_file(const FileJob& job) {
    const bool follow = options_.follow_symlinks || job.named_on_command_line;
    const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (follow ? 0 : O_NOFOLLOW);
    const UniqueFd fd(::open(job.full_path.c_str(), flags));
    if (fd.get() < 0) return unreadable(job, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return unreadable(job, std::strerror(errno));
    if (!S_ISREG(st.st_mode)) return;  // fifos, devices, sockets: never block on them
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // An archive is bounded by what it extracts, not by its own size: a 50 MiB jar is opened even
    // when a 50 MiB text file would be skipped.
    if ((size > options_.max_file_size || size > whole_read_limit) && large_archive(fd.get(), job, size)) return;
    if (size > options_.max_file_size) {
      ++counters.skipped_size;
      log_.debug("file over size limit, skipped", {{"path", job.display_path}, {"size", std::to_string(size)}});
      return;
    }
    if (progress_) ++progress_->files;
    if (size > whole_read_limit) {
      WindowOptions wo;
      wo.include_binary = options_.include_binary;
      switch (scan_fd_windows(scanner_, matcher_, fd.get(), job.display_path, wo, findings, counters, progress_)) {
        case ReadOutcome::scanned:
          break;
        case ReadOutcome::binary:
          ++counters.skipped_binary;
          break;
        case ReadOutcome::unreadable:
          unreadable(job, std::strerror(errno));
          break;
      }
      return;
    }
    // A file can grow between fstat and read: read one byte more than expected to notice, and
    // scan what was there rather than looping forever on a log being written.
    if (buffer_capacity_ < size + 1) {
      // Grown, never shrunk, and not zero-filled: read() writes every byte that is then looked at.
      buffer_capacity_ = std::max<std::size_t>(size + 1, buffer_capacity_ * 2);
      buffer_ = std::make_unique_for_overwrite<char[]>(buffer_capacity_);
    }
    const long got = read_full(fd.get(), buffer_.get(), size + 1);
    if (got < 0) return unreadable(job, std::strerror(errno));
    const std::string_view bytes(buffer_.get(), static_cast<std::size_t>(got));
    if (scan_archive(scanner_, matcher_, archive_input(bytes, job), findings, counters, log_)) return;
    ScanTarget target;
    target.bytes = bytes;
    target.path = job.display_path;
    const bool utf16 = scan_utf16(scanner_, target, matcher_, findings, counters);
    if (!utf16 && !options_.include_binary && looks_binary(bytes)) {
      ++counters.skipped_binary;
      return;
    }
    ++counters.files_scanned;
    counters.bytes_scanned += bytes.size();
    if (progress_) progress_->bytes += bytes.size();
    if (!utf16) scanner_.scan(target, matcher_, findings, counters);
  }

  ArchiveInput archive_input(std::string_view bytes, const FileJob& job) const {
    return {bytes, job.display_path, options_.max_file_size, options_.include_binary};
  }

  // True when the file is an archive of at most --max-archive-bytes, now scanned from a mapping.
  bool large_archive(int fd, const FileJob& job, std::uint64_t size) {
    const ArchiveLimits& limits = scanner_.archive_limits();
    if (limits.max_depth == 0 || size > limits.max_bytes) return false;
    std::array<char, 512> head{};
    const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
    if (got <= 0 || !looks_like_archive({head.data(), static_cast<std::size_t>(got)})) return false;
    if (progress_) ++progress_->files;
    try {
      const MappedFile mapped(fd, job.full_path);
      const std::string_view bytes(reinterpret_cast<const char*>(mapped.data()), mapped.size());
      return scan_archive(scanner_, matcher_, archive_input(bytes, job), findings, counters, log_);
    } catch (const Error& e) {
      unreadable(job, e.what());
      return true;
    }
  }

  const Scanner& scanner_;
  Matcher matcher_;
  const FsScanOptions& options_;
  Logger& log_;
  ScanProgress* progress_;
  std::unique_ptr<char[]> buffer_;
  std::size_t buffer_capacity_ = 0;
};

std::string join_display(const std::string& prefix, const std::string& rel) {
  if (prefix.empty()) return rel;
  if (prefix.back() == '/') return prefix + rel;
  return prefix + "/" + rel;
}

class Walker {
 public:
  Walker(const Scanner& scanner, const FsScanOptions& options, JobQueue& queue, ScanCounters& counters, Logger& log)
      : scanner_(scanner), options_(options), queue_(queue), counters_(counters), log_(log) {}

  void walk_root(const ScanRoot& scan_root, bool root_is_file) {
    const std::string& root = scan_root.path;
    const std::string& display_prefix = scan_root.display;
    if (root_is_file) {
      const std::string display = display_prefix.empty() ? root : display_prefix;
      if (!scanner_.path_allowlisted(display)) queue_.push({root, display, true});
      else ++counters_.skipped_excluded;
      return;
    }
    std::error_code ec;
    auto opts = fs::directory_options::skip_permission_denied;
    if (options_.follow_symlinks) opts |= fs::directory_options::follow_directory_symlink;
    fs::recursive_directory_iterator it(root, opts, ec), end;
    if (ec) {
      ++counters_.unreadable;
      log_.warn("cannot read directory, skipped", {{"path", root}, {"error", ec.message()}});
      return;
    }
    remember_directory(root);
    const auto ignored = options_.respect_gitignore ? read_ignored_paths(root) : std::nullopt;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        ++counters_.unreadable;
        log_.warn("cannot read directory entry, skipped", {{"path", root}, {"error", ec.message()}});
        ec.clear();
        continue;
      }
      const fs::directory_entry& entry = *it;
      const std::string rel = entry.path().lexically_relative(root).generic_string();
      const std::string display = join_display(display_prefix, rel);
      const std::string& excludable = scan_root.display_from_project_root ? display : rel;
      std::error_code type_ec;
      const bool is_link = entry.is_symlink(type_ec);
      if (is_link && !options_.follow_symlinks) continue;
      if (entry.is_directory(type_ec)) {
        const std::string name = entry.path().filename().string();
        if (name == ".git" || (options_.follow_symlinks && !remember_directory(entry.path().string()))) {
          it.disable_recursion_pending();
        } else if (options_.exclude.excludes(excludable, true)) {
          // Not entered, so its files cannot be counted: the directory counts once.
          it.disable_recursion_pending();
          ++counters_.skipped_excluded;
        } else if (ignored && ignored->ignores(rel, true)) {
          it.disable_recursion_pending();
          ++counters_.skipped_gitignored;
        }
        continue;
      }
      if (!entry.is_regular_file(type_ec)) continue;
      if (options_.exclude.excludes(excludable, false) || scanner_.path_allowlisted(display)) {
        ++counters_.skipped_excluded;
        continue;
      }
      if (ignored && ignored->ignores(rel, false)) {
        ++counters_.skipped_gitignored;
        continue;
      }
      queue_.push({entry.path().string(), display});
    }
  }

 private:
  // Without an answer from git the directory is scanned whole, and the user is told why.
  std::optional<git::IgnoredPaths> read_ignored_paths(const std::string& root) {
    std::string why;
    auto ignored = git::read_ignored_paths(root, why);
    if (!ignored)
      log_.warn("--gitignore: nothing skipped, the directory is scanned whole", {{"path", root}, {"reason", why}});
    return ignored;
  }

  // Symlink loops would recurse forever: each real directory is entered once.
  bool remember_directory(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    return seen_.insert({st.st_dev, st.st_ino}).second;
  }

  const Scanner& scanner_;
  const FsScanOptions& options_;
  JobQueue& queue_;
  ScanCounters& counters_;
  Logger& log_;
  std::set<std::pair<dev_t, ino_t>> seen_;
};

// Reads the rest of an archive from `fd` after `bytes` (its first bytes) and scans it; false when
// it is larger than --max-archive-bytes, which is then warned about and counted.
bool scan_stream_archive(const Scanner& scanner, Matcher& matcher, int fd, std::string bytes,
                         const std::string& display_path, bool include_binary, std::vector<Finding>& findings,
                         ScanCounters& counters, Logger& log, ScanProgress* progress) {
  const std::uint64_t limit = scanner.archive_limits().max_bytes;
  constexpr std::size_t step = 1024 * 1024;
  for (;;) {
    const std::size_t used = bytes.size();
    bytes.resize(used + step);
    const long got = read_full(fd, bytes.data() + used, step);
    if (got < 0) throw Error(ErrorKind::runtime, "cannot read " + display_path + ": " + std::strerror(errno));
    bytes.resize(used + static_cast<std::size_t>(got));
    if (progress) progress->bytes += static_cast<std::uint64_t>(got);
    if (bytes.size() > limit) {
      log.warn("archive on standard input larger than --max-archive-bytes, not scanned", {{"path", display_path}});
      counters.add_gap(
          {"archives on standard input larger than --max-archive-bytes", 1, "raise --max-archive-bytes", false});
      // Drained so that a writer into the pipe is not killed by SIGPIPE.
      while (read_full(fd, bytes.data(), bytes.size()) > 0) {}
      return true;
    }
    if (static_cast<std::size_t>(got) < step) break;
  }
  const ArchiveInput input{bytes, display_path, limit, include_binary};
  return scan_archive(scanner, matcher, input, findings, counters, log);
}

}  // namespace

std::vector<ScanRoot> roots_as_given(const std::vector<std::string>& paths) {
  std::vector<ScanRoot> roots;
  for (const auto& path : paths) {
    std::error_code ec;
    const bool single_dir = paths.size() == 1 && fs::is_directory(path, ec);
    roots.push_back({path, single_dir ? std::string() : path});
  }
  return roots;
}

std::vector<Finding> scan_paths(const Scanner& scanner, const std::vector<ScanRoot>& roots,
                                const FsScanOptions& options, ScanCounters& counters, Logger& log,
                                ScanProgress* progress) {
  std::vector<bool> is_file;
  for (const auto& root : roots) {
    std::error_code ec;
    const auto status = fs::status(root.path, ec);
    if (ec || !fs::exists(status)) throw Error(ErrorKind::usage, "no such file or directory: " + root.path);
    is_file.push_back(!fs::is_directory(status));
  }

  const unsigned thread_count = std::max(1u, options.threads);
  JobQueue queue(thread_count * 64);
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < thread_count; ++i)
    workers.push_back(std::make_unique<Worker>(scanner, options, log, progress));
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&queue, worker = w.get()] { worker->run(queue); });

  ScanCounters walk_counters;
  try {
    Walker walker(scanner, options, queue, walk_counters, log);
    for (std::size_t i = 0; i < roots.size(); ++i) walker.walk_root(roots[i], is_file[i]);
  } catch (...) {
    queue.close();
    for (auto& t : threads) t.join();
    throw;
  }
  queue.close();
  for (auto& t : threads) t.join();

  for (auto& w : workers)
    if (w->failure) std::rethrow_exception(w->failure);

  std::vector<Finding> findings;
  counters.merge(walk_counters);
  for (auto& w : workers) {
    counters.merge(w->counters);
    std::move(w->findings.begin(), w->findings.end(), std::back_inserter(findings));
  }
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

std::vector<Finding> scan_stream(const Scanner& scanner, int fd, const std::string& display_path, bool include_binary,
                                 ScanCounters& counters, Logger& log, ScanProgress* progress) {
  Matcher matcher(scanner.rules());
  std::vector<Finding> findings;
  WindowOptions options;
  options.include_binary = include_binary;
  // The first bytes tell an archive, which is read whole (a pipe cannot be mapped) up to the
  // archive limit; anything else is scanned window by window as it arrives.
  std::string head(512, '\0');
  const long head_size = read_full(fd, head.data(), head.size());
  if (head_size < 0) throw Error(ErrorKind::runtime, "cannot read " + display_path + ": " + std::strerror(errno));
  head.resize(static_cast<std::size_t>(head_size));
  if (scanner.archive_limits().max_depth > 0 && looks_like_archive(head)) {
    if (scan_stream_archive(scanner, matcher, fd, head, display_path, include_binary, findings, counters, log,
                            progress)) {
      std::sort(findings.begin(), findings.end(), finding_less);
      return findings;
    }
  }
  const ReadOutcome outcome =
      scan_fd_windows(scanner, matcher, fd, display_path, options, findings, counters, progress, head);
  if (outcome == ReadOutcome::unreadable)
    throw Error(ErrorKind::runtime, "cannot read " + display_path + ": " + std::strerror(errno));
  if (outcome == ReadOutcome::binary) ++counters.skipped_binary;
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

}  // namespace hush::scanner
