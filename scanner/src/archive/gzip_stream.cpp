#include "archive/gzip_stream.hpp"

namespace hush::scanner::archive {
namespace {

// Pieces of this size bound how far one piece can go past a limit before it is noticed, as the
// members' own chunks do.
constexpr std::uint32_t piece_size = 256 * 1024;
constexpr std::size_t tar_header = 512;

bool gzip_magic(const unsigned char* p, std::uint32_t n) noexcept { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

void start(const IsalApi& api, inflate_state& state, const unsigned char* in, std::uint32_t n) {
  api.inflate_init(&state);
  state.crc_flag = ISAL_GZIP;  // the member's header is parsed, its CRC-32 and length checked
  state.next_in = const_cast<unsigned char*>(in);
  state.avail_in = n;
}

}  // namespace

GzipStream::GzipStream(const IsalApi& api, std::string_view bytes)
    : api_(&api), state_(std::make_unique<inflate_state>()), out_(std::make_unique<unsigned char[]>(piece_size)) {
  start(api, *state_, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<std::uint32_t>(bytes.size()));
}

std::optional<GzipStream> GzipStream::of_tar(std::string_view bytes) {
  // ISA-L counts input in 32 bits; larger inputs are left to libarchive.
  if (bytes.size() > UINT32_MAX ||
      !gzip_magic(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<std::uint32_t>(bytes.size())))
    return std::nullopt;
  const IsalApi* api = isal_api();
  if (!api) return std::nullopt;
  GzipStream stream(*api, bytes);
  unsigned char head[tar_header];
  stream.state_->next_out = head;
  stream.state_->avail_out = tar_header;
  while (stream.state_->avail_out > 0 && stream.state_->block_state != ISAL_BLOCK_FINISH) {
    const std::uint32_t had_in = stream.state_->avail_in, had_out = stream.state_->avail_out;
    if (api->inflate(stream.state_.get()) < 0 ||
        (stream.state_->avail_in == had_in && stream.state_->avail_out == had_out))
      return std::nullopt;
  }
  if (stream.state_->avail_out != 0) return std::nullopt;
  const std::string_view magic(reinterpret_cast<const char*>(head) + 257, 6);
  if (magic != std::string_view("ustar\0", 6) && magic != std::string_view("ustar ", 6)) return std::nullopt;
  return GzipStream(*api, bytes);
}

bool GzipStream::next(std::string_view& piece) {
  piece = {};
  inflate_state& state = *state_;
  while (!finished_ && !failed_) {
    if (state.block_state == ISAL_BLOCK_FINISH) {
      // `gzip -c a b > ab` is one stream of two members; anything else after a member is not gzip.
      if (!gzip_magic(state.next_in, state.avail_in)) {
        finished_ = true;
        break;
      }
      start(*api_, state, state.next_in, state.avail_in);
      continue;
    }
    state.next_out = out_.get();
    state.avail_out = piece_size;
    const std::uint32_t had = state.avail_in;
    failed_ = api_->inflate(&state) < 0;
    const std::uint32_t made = piece_size - state.avail_out;
    if (made > 0) {
      piece = {reinterpret_cast<const char*>(out_.get()), made};
      return true;  // a failure after these bytes is reported at the next call
    }
    // Nothing made, nothing read and the member not finished: the input ended early.
    if (state.avail_in == had && state.block_state != ISAL_BLOCK_FINISH) failed_ = true;
  }
  return !failed_;
}

}  // namespace hush::scanner::archive
