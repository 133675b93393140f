#pragma once
// The temporary directory of every test suite (unit, stores, integration): made by mkdtemp under
// $TMPDIR (or /tmp), removed with everything in it on destruction, even what a test made
// unreadable.
#include <stdlib.h>

#include <cerrno>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace hush_test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hush-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Give back permissions a test took away, so everything can be removed.
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code ignored;
      if (!it->is_symlink(ignored)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::string str() const { return path_.string(); }
  std::filesystem::path operator/(const std::string& relative) const { return path_ / relative; }
  // The path of `relative` inside, as a string (for environment variables and options).
  [[nodiscard]] std::string file(const std::string& relative) const { return (path_ / relative).string(); }

  // Writes `content` to `relative`, creating its directories; returns the file's path.
  std::string write(const std::string& relative, const std::string& content) const {
    const auto target = path_ / relative;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + target.string());
    return target.string();
  }
  [[nodiscard]] std::string read(const std::string& relative) const {
    std::ifstream in(path_ / relative, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace hush_test
