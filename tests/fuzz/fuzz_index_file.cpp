// Fuzzes the Git index reader of the pre-commit path: any file ends in entries, "not for this
// reader" (nullopt) or hush::Error, never a crash, an over-read or an allocation the file's size
// does not justify.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "hush/common/error.hpp"
#include "hush/git/index_file.hpp"

namespace {

// One scratch file for the whole run: the reader maps a path.
const std::filesystem::path& scratch() {
  static const std::filesystem::path path = [] {
    std::string dir = (std::filesystem::temp_directory_path() / "hush-fuzz-index-XXXXXX").string();
    if (!::mkdtemp(dir.data())) std::abort();
    return std::filesystem::path(dir) / "index";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(scratch(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const auto index = hush::git::read_index_file(scratch());
    if (index) {
      for (const auto& entry : index->entries)
        if (entry.path.empty()) std::abort();  // the reader rejects empty paths
    }
  } catch (const hush::Error&) {}
  return 0;
}
