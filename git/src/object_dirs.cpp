#include "hush/git/object_dirs.hpp"

#include <cstdlib>
#include <fstream>
#include <string_view>

namespace hush::git {
namespace {

// git's limit on alternates of alternates.
constexpr int max_depth = 5;

// An alternates line in double quotes uses C escapes (git's unquote_c_style).
std::string unquote(std::string_view quoted) {
  std::string out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\' && i + 2 < quoted.size()) {
      c = quoted[++i];
      switch (c) {
        case 'n':
          c = '\n';
          break;
        case 't':
          c = '\t';
          break;
        case 'a':
          c = '\a';
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case 'r':
          c = '\r';
          break;
        case 'v':
          c = '\v';
          break;
        default:
          if (c >= '0' && c <= '3' && i + 2 < quoted.size()) {
            c = static_cast<char>(((c - '0') << 6) | ((quoted[i + 1] - '0') << 3) | (quoted[i + 2] - '0'));
            i += 2;
          }
      }
    }
    out.push_back(c);
  }
  return out;
}

class Collector {
 public:
  void add(const std::filesystem::path& dir, int depth) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(dir, ec);
    const std::filesystem::path& key = ec ? dir : canonical;
    for (const auto& known : out_.dirs)
      if (known == key) return;
    if (!std::filesystem::is_directory(key, ec)) {
      out_.problems.push_back("object directory " + key.string() +
                              " does not exist (named in objects/info/alternates)");
      return;
    }
    out_.dirs.push_back(key);
    std::ifstream in(key / "info" / "alternates");
    if (!in) return;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      if (depth >= max_depth) {
        out_.problems.push_back("alternates of " + key.string() + " are nested too deep; ignored, as git ignores them");
        return;
      }
      const std::filesystem::path named = line.front() == '"' ? unquote(line) : line;
      add(named.is_absolute() ? named : key / named, depth + 1);
    }
  }
  ObjectDirectories take() && { return std::move(out_); }

 private:
  ObjectDirectories out_;
};

}  // namespace

ObjectDirectories object_directories(const std::filesystem::path& objects_dir) {
  Collector collector;
  collector.add(objects_dir, 0);
  if (const char* env = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"); env && *env) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      const std::string_view entry = rest.substr(0, colon);
      if (!entry.empty()) collector.add(std::filesystem::path(std::string(entry)), 1);
      rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
  }
  return std::move(collector).take();
}

}  // namespace hush::git
