#pragma once
// A gzip stream inflated a piece at a time by ISA-L, for libarchive to read the tar inside as an
// uncompressed one: nothing is held whole, and the stream's limits apply to what it hands over.
#include <memory>
#include <optional>
#include <string_view>

#include "archive/isal_api.hpp"

namespace hush::scanner::archive {

class GzipStream {
 public:
  // A stream over `bytes` (which must outlive it) when ISA-L is loaded and `bytes` inflates to
  // something that begins with a tar header; nullopt otherwise, and libarchive's own gzip filter
  // reads them.
  [[nodiscard]] static std::optional<GzipStream> of_tar(std::string_view bytes);

  // The next inflated bytes, valid until the next call; empty after the last gzip member (bytes
  // after it that start no member are ignored, as gzip -d does). False when the data is damaged or
  // ends early; what was handed before was inflated correctly.
  [[nodiscard]] bool next(std::string_view& piece);

 private:
  GzipStream(const IsalApi& api, std::string_view bytes);

  const IsalApi* api_;
  std::unique_ptr<inflate_state> state_;
  std::unique_ptr<unsigned char[]> out_;
  bool finished_ = false;
  bool failed_ = false;
};

}  // namespace hush::scanner::archive
