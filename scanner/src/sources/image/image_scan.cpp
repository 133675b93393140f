#include <algorithm>
#include <filesystem>
#include <map>

#include "archive/members.hpp"
#include "archive/skips.hpp"
#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/log.hpp"
#include "hush/common/mapped_file.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/image.hpp"
#include "sources/image/image_layout.hpp"

namespace fs = std::filesystem;

namespace hush::scanner {
namespace {

// Manifests, indexes and configurations are small; anything larger is no such document.
constexpr std::uint64_t small_file_limit = 16ull * 1024 * 1024;

std::string normal_name(std::string_view name) {
  while (name.starts_with("./")) name.remove_prefix(2);
  return std::string(name);
}

class ImageScan {
 public:
  ImageScan(const Scanner& scanner, const std::string& image, const FsScanOptions& options, ScanCounters& counters,
            Logger& log)
      : scanner_(scanner),
        matcher_(scanner.rules()),
        image_(image),
        options_(options),
        counters_(counters),
        log_(log) {}

  void directory() {
    const auto parts =
        image::find_parts([&](const std::string& file) { return read_small_file(fs::path(image_) / file); });
    if (!parts)
      throw Error(ErrorKind::usage,
                  image_ + " is no OCI image layout (index.json) nor docker save directory (manifest.json)");
    scan_configs(*parts, [&](const std::string& file) { return read_small_file(fs::path(image_) / file); });
    for (const auto& layer : parts->layers) {
      const fs::path file = fs::path(image_) / layer.file;
      try {
        const MappedFile mapped(file);
        scan_layer_bytes({reinterpret_cast<const char*>(mapped.data()), mapped.size()}, layer);
      } catch (const Error& e) {
        ++counters_.unreadable;
        log_.warn("cannot read image layer, skipped", {{"path", file.string()}, {"error", e.what()}});
      }
    }
  }

  void tarball() {
    const MappedFile mapped{fs::path(image_)};
    const std::string_view bytes(reinterpret_cast<const char*>(mapped.data()), mapped.size());
    // First the documents (and layers small enough to keep), then, only when needed, the layers
    // that were not kept, one at a time.
    std::map<std::string, std::string, std::less<>> small;
    walk(bytes, small_file_limit,
         [&](std::string_view name, std::string_view member) { small.emplace(normal_name(name), member); });
    const auto read = [&](const std::string& file) -> std::optional<std::string> {
      const auto it = small.find(file);
      return it == small.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    const auto parts = image::find_parts(read);
    if (!parts)
      throw Error(ErrorKind::usage,
                  image_ + " is no docker save tarball (manifest.json) nor OCI image layout (index.json)");
    scan_configs(*parts, read);
    std::map<std::string, const image::Layer*, std::less<>> pending;
    for (const auto& layer : parts->layers) {
      const auto it = small.find(layer.file);
      if (it != small.end()) scan_layer_bytes(it->second, layer);
      else pending.emplace(layer.file, &layer);
    }
    if (pending.empty()) return;
    walk(bytes, scanner_.archive_limits().max_bytes, [&](std::string_view name, std::string_view member) {
      const auto it = pending.find(normal_name(name));
      if (it == pending.end()) return;
      scan_layer_bytes(member, *it->second);
      pending.erase(it);
    });
    for (const auto& [file, layer] : pending)
      archive::record_skip(archive::Skip::over_bytes, image_ + "!" + layer->digest,
                           "image layer missing or larger than --max-archive-bytes", counters_, log_);
  }

  std::vector<Finding> findings;

 private:
  // The image's own container: no limit on its size or members, only on each member's.
  void walk(std::string_view bytes, std::uint64_t member_limit, const archive::MemberVisitor& visit) {
    ArchiveLimits unbounded;
    unbounded.max_bytes = UINT64_MAX;
    unbounded.max_members = UINT64_MAX;
    archive::Budget budget(unbounded);
    ScanCounters uncounted;  // the image's files are not the scan's files; its layers' are
    // Bytes that are no archive give no manifest, which the callers report as no image.
    static_cast<void>(archive::walk_members(bytes, image_, {member_limit, UINT64_MAX}, budget, uncounted, log_, visit));
  }

  std::optional<std::string> read_small_file(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > small_file_limit || ec) return std::nullopt;
    return read_file_bytes(file);
  }

  template <typename Read>
  void scan_configs(const image::ImageParts& parts, const Read& read) {
    for (std::size_t i = 0; i < parts.configs.size(); ++i) {
      const auto json = read(parts.configs[i]);
      if (!json) {
        ++counters_.unreadable;
        log_.warn("image configuration missing, not scanned", {{"path", image_}, {"file", parts.configs[i]}});
        continue;
      }
      const std::string text = image::config_text(*json);
      const std::string path = image_ + "!config" + (parts.configs.size() > 1 ? "[" + std::to_string(i + 1) + "]" : "");
      ScanTarget target;
      target.bytes = text;
      target.path = path;
      scanner_.scan(target, matcher_, findings, counters_);
      ++counters_.files_scanned;
      counters_.bytes_scanned += text.size();
    }
  }

  void scan_layer_bytes(std::string_view bytes, const image::Layer& layer) {
    const std::string path = image_ + "!" + layer.digest;
    const ArchiveInput input{bytes, path, options_.max_file_size, options_.include_binary};
    // An empty layer is an empty tar (or nothing at all): no archive to open, nothing to scan.
    if (!scan_layer(scanner_, matcher_, input, findings, counters_, log_) &&
        bytes.find_first_not_of('\0') != std::string_view::npos)
      archive::record_skip(archive::Skip::damaged, path, "image layer is no tar", counters_, log_);
  }

  const Scanner& scanner_;
  Matcher matcher_;
  const std::string& image_;
  const FsScanOptions& options_;
  ScanCounters& counters_;
  Logger& log_;
};

}  // namespace

std::vector<Finding> scan_image(const Scanner& scanner, const std::string& image, const FsScanOptions& options,
                                ScanCounters& counters, Logger& log, ScanProgress* progress) {
  std::error_code ec;
  const auto status = fs::status(image, ec);
  if (ec || !fs::exists(status)) throw Error(ErrorKind::usage, "no such file or directory: " + image);
  ImageScan scan(scanner, image, options, counters, log);
  if (fs::is_directory(status)) scan.directory();
  else scan.tarball();
  if (progress) ++progress->files;
  std::sort(scan.findings.begin(), scan.findings.end(), finding_less);
  return std::move(scan.findings);
}

}  // namespace hush::scanner
