// Fuzzes the pack reader of the history scan together with its .idx reader. The input is a
// 4-byte big-endian index length, the index, then the pack. Any pair ends in objects or
// hush::Error, never a crash, an over-read, or an endless delta loop; and the ways of reading
// one pack agree on every object.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "pack_fuzz_support.hpp"

using namespace hush_fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const std::size_t idx_size =
      (std::size_t{data[0]} << 24) | (std::size_t{data[1]} << 16) | (std::size_t{data[2]} << 8) | data[3];
  if (idx_size > size - 4) return 0;
  const std::filesystem::path pack_path = scratch_pack();
  std::filesystem::path idx_path = pack_path;
  idx_path.replace_extension(".idx");
  write_bytes(idx_path, data + 4, idx_size);
  write_bytes(pack_path, data + 4 + idx_size, size - 4 - idx_size);
  read_pack(pack_path, (size & 1) != 0);
  return 0;
}
