#pragma once
// Helpers shared by unit tests: temporary directories and token generators.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "hush/scanner/validators.hpp"

namespace hush::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hush-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  void write(const std::string& rel, const std::string& content) const {
    const auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

 private:
  std::filesystem::path path_;
};

// A GitHub-format token with a valid checksum, built from the published format.
inline std::string github_token(const std::string& prefix, unsigned seed) {
  static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937 rng(seed);
  std::string random;
  for (int i = 0; i < 30; ++i) random += alphabet[rng() % 62];
  return prefix + random + scanner::base62_encode(scanner::crc32(random), 6);
}

}  // namespace hush::test
