#pragma once
// The masker's own Hyperscan handles, beside the shared set (hush/common/hyperscan_handles.hpp):
// its database and stream state hold value bytes (the literals, and the stream's history of
// recent input), so both are wiped before they are freed: hs_database_size and hs_stream_size
// give the extent of each contiguous allocation.
#include <hs.h>

#include <memory>

#include "hush/common/hyperscan_handles.hpp"

namespace hush::injector {

struct MaskDatabaseFree {
  void operator()(hs_database_t* p) const noexcept;
};

using MaskDatabase = std::unique_ptr<hs_database_t, MaskDatabaseFree>;

// A stream that knows its database (for its size) and closes without reporting: pure literals
// never match at end of data, so nothing is lost by closing silently.
class MaskStream {
 public:
  MaskStream() = default;
  MaskStream(hs_stream_t* stream, const hs_database_t* db) noexcept : stream_(stream), db_(db) {}
  ~MaskStream() { reset(); }
  MaskStream(MaskStream&& other) noexcept;
  MaskStream& operator=(MaskStream&& other) noexcept;
  MaskStream(const MaskStream&) = delete;
  MaskStream& operator=(const MaskStream&) = delete;

  [[nodiscard]] hs_stream_t* get() const noexcept { return stream_; }
  void reset() noexcept;  // wipes and closes

 private:
  hs_stream_t* stream_ = nullptr;
  const hs_database_t* db_ = nullptr;
};

}  // namespace hush::injector
