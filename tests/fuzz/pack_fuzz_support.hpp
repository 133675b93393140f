#pragma once
// What the pack fuzz targets share: a scratch X.pack / X.idx pair and the reading of it, whole, in
// parts and by id, with the three required to agree.
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "hush/common/error.hpp"
#include "hush/git/pack_reader.hpp"

namespace hush_fuzz {

using namespace hush::git;

// Pack and index are read from files named X.pack and X.idx: one scratch pair for the whole run.
inline std::filesystem::path scratch_pack() {
  static const std::filesystem::path path = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "hush-fuzz-pack-XXXXXX").string();
    if (!::mkdtemp(dir.data())) std::abort();
    return std::filesystem::path(dir) / "fuzz.pack";
  }();
  return path;
}

inline void write_bytes(const std::filesystem::path& path, const unsigned char* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

class Collect final : public PackVisitor {
 public:
  explicit Collect(bool tolerant) : tolerant_(tolerant) {}
  void visit(const PackObject& object) override { objects.emplace(oid_hex(object.oid), std::string(object.data)); }
  bool keep_going(OidView, const hush::Error&) override { return tolerant_; }
  std::map<std::string, std::string> objects;

 private:
  bool tolerant_;
};

// Opens the pair and reads it as the history scan does, in one part and in three: both ways of
// reading must deliver the same bytes per id.
inline void read_pack(const std::filesystem::path& pack_path, bool tolerant) {
  std::optional<PackFile> pack;
  try {
    pack.emplace(pack_path);
  } catch (const hush::Error&) {
    return;
  }
  std::map<std::string, std::string> whole, parts;
  bool whole_ok = true, parts_ok = true;
  try {
    Collect c(tolerant);
    PackReader(*pack, PackReaderOptions{4096, 64}).for_each_object(0, 1, c);
    whole = std::move(c.objects);
  } catch (const hush::Error&) {
    whole_ok = false;
  }
  try {
    Collect c(tolerant);
    for (unsigned part = 0; part < 3; ++part)
      PackReader(*pack, PackReaderOptions{4096, 64}).for_each_object(part, 3, c);
    parts = std::move(c.objects);
  } catch (const hush::Error&) {
    parts_ok = false;
  }
  if (whole_ok && parts_ok && !tolerant && whole != parts) {
    std::fprintf(stderr, "whole and split reads disagree\n");
    std::abort();
  }
}

}  // namespace hush_fuzz
