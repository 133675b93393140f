#include "hush/scanner/path_excludes.hpp"

#include <fnmatch.h>

#include "hush/common/text.hpp"

namespace hush::scanner {
namespace {

constexpr std::string_view any_directories = "**";

// What is stripped around a pattern: not VT or FF, which a file name may hold.
constexpr std::string_view pattern_blanks = " \t\r\n";

// Components of `path` as C strings (fnmatch wants them), in `storage`, which they point into.
std::vector<const char*> split_components(std::string_view path, std::string& storage) {
  storage.assign(path);
  std::vector<const char*> components;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= storage.size(); ++i) {
    if (i < storage.size() && storage[i] != '/') continue;
    if (i < storage.size()) storage[i] = '\0';
    if (i > start && !(i - start == 1 && storage[start] == '.')) components.push_back(storage.data() + start);
    start = i + 1;
  }
  return components;
}

bool match_segments(const std::vector<std::string>& segments, std::size_t s, const std::vector<const char*>& components,
                    std::size_t c, std::size_t count) {
  for (; s < segments.size(); ++s, ++c) {
    if (segments[s] == any_directories) {
      // A trailing "/**" is what is inside, not the directory itself.
      if (s + 1 == segments.size()) return c < count;
      for (std::size_t skip = c; skip < count; ++skip)
        if (match_segments(segments, s + 1, components, skip, count)) return true;
      return false;
    }
    if (c == count || ::fnmatch(segments[s].c_str(), components[c], 0) != 0) return false;
  }
  return c == count;
}

}  // namespace

PathExcludes::PathExcludes(const std::vector<std::string>& patterns) {
  for (const auto& raw : patterns) {
    std::string_view text = trim(raw, pattern_blanks);
    Pattern pattern;
    if (text.starts_with('!')) {
      pattern.negated = true;
      text.remove_prefix(1);
    } else if (text.starts_with("\\!") || text.starts_with("\\#")) {
      text.remove_prefix(1);
    }
    // "./vendor/" is how people write "the vendor at the top": git would never match it, hush
    // reads it as the anchored "/vendor/".
    bool anchored = false;
    while (text.starts_with("./") || text.starts_with('/')) {
      anchored = true;
      text.remove_prefix(text.starts_with('/') ? 1 : 2);
    }
    while (text.ends_with('/')) {
      pattern.directory_only = true;
      text.remove_suffix(1);
    }
    if (text.find('/') != std::string_view::npos) anchored = true;
    std::vector<std::string> body;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t slash = std::min(text.find('/', start), text.size());
      const std::string_view segment = text.substr(start, slash - start);
      const bool repeated_any = segment == any_directories && !body.empty() && body.back() == any_directories;
      if (!segment.empty() && segment != "." && !repeated_any) body.emplace_back(segment);
      start = slash + 1;
    }
    if (body.empty()) continue;  // "", "/", "./": no path to match
    if (!anchored && body.front() != any_directories) pattern.segments.emplace_back(any_directories);
    pattern.segments.insert(pattern.segments.end(), body.begin(), body.end());
    patterns_.push_back(std::move(pattern));
  }
}

bool PathExcludes::decide(const std::vector<const char*>& components, std::size_t count, bool is_directory) const {
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (it->directory_only && !is_directory) continue;
    if (match_segments(it->segments, 0, components, 0, count)) return !it->negated;
  }
  return false;
}

bool PathExcludes::excludes(std::string_view path, bool is_directory) const {
  if (patterns_.empty()) return false;
  std::string storage;
  const auto components = split_components(path, storage);
  return !components.empty() && decide(components, components.size(), is_directory);
}

bool PathExcludes::excludes_file(std::string_view path) const {
  if (patterns_.empty()) return false;
  std::string storage;
  const auto components = split_components(path, storage);
  if (components.empty()) return false;
  for (std::size_t depth = 1; depth < components.size(); ++depth)
    if (decide(components, depth, true)) return true;
  return decide(components, components.size(), false);
}

}  // namespace hush::scanner
