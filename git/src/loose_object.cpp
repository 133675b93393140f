#include "hush/git/loose_object.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <string_view>

#include "hush/common/error.hpp"

namespace hush::git {
namespace {

// git's own limit for "<type> <size>\0": a type name and a 64-bit decimal size fit.
constexpr std::size_t max_header = 32;

[[noreturn]] void fail(const std::string& what, std::string_view why) {
  throw Error(ErrorKind::runtime, "corrupt loose object " + what + ": " + std::string(why));
}

class Inflater {
 public:
  Inflater(std::span<const unsigned char> in, const std::string& what) : what_(what) {
    // zlib reads its input through a non-const pointer but never writes it.
    stream_.next_in = const_cast<unsigned char*>(in.data());  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    // A loose object bigger than 4 GiB is beyond what this reader accepts, as it is for git's
    // own unpack-objects on 32-bit hosts; the input bound keeps avail_in exact.
    if (in.size() > std::numeric_limits<uInt>::max()) fail(what_, "file too large");
    stream_.avail_in = static_cast<uInt>(in.size());
    if (inflateInit(&stream_) != Z_OK) throw Error(ErrorKind::runtime, "cannot start zlib");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Fills out[0..n) as far as the stream goes; returns the bytes written. Every call of inflate()
  // either makes progress or ends the loop, so a truncated or looping stream cannot hang.
  std::size_t fill(unsigned char* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n && !ended_) {
      const std::size_t chunk = std::min<std::size_t>(n - done, std::numeric_limits<uInt>::max());
      stream_.next_out = out + done;
      stream_.avail_out = static_cast<uInt>(chunk);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      const std::size_t produced = chunk - stream_.avail_out;
      done += produced;
      if (rc == Z_STREAM_END) {
        ended_ = true;
      } else if (rc == Z_BUF_ERROR || (rc == Z_OK && produced == 0 && stream_.avail_in == 0)) {
        fail(what_, "truncated zlib stream");
      } else if (rc != Z_OK) {
        fail(what_, stream_.msg ? stream_.msg : "invalid zlib stream");
      }
    }
    return done;
  }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  [[nodiscard]] std::size_t input_left() const noexcept { return stream_.avail_in; }

 private:
  z_stream stream_{};
  bool ended_ = false;
  const std::string& what_;
};

struct ParsedHeader {
  LooseHeader header;
  std::size_t length;  // bytes up to and including the NUL
};

ParsedHeader parse_header(std::string_view bytes, const std::string& what) {
  const std::size_t nul = bytes.find('\0');
  if (nul == std::string_view::npos) fail(what, "no header");
  const std::string_view header = bytes.substr(0, nul);
  const std::size_t space = header.find(' ');
  if (space == std::string_view::npos) fail(what, "malformed header");
  const std::string_view name = header.substr(0, space), digits = header.substr(space + 1);
  const auto type = type_named(name);
  if (!type) fail(what, "unknown object type");
  std::uint64_t size = 0;
  // Decimal digits only, as git writes them: no sign, no spaces, no leading zeros.
  const bool leading_zero = digits.size() > 1 && digits.front() == '0';
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
  if (digits.empty() || leading_zero || ec != std::errc{} || end != digits.data() + digits.size())
    fail(what, "malformed size");
  return {{*type, size}, nul + 1};
}

}  // namespace

LooseHeader read_loose_header(std::span<const unsigned char> compressed, const std::string& what) {
  Inflater inflater(compressed, what);
  std::array<unsigned char, max_header> head{};
  const std::size_t got = inflater.fill(head.data(), head.size());
  return parse_header({reinterpret_cast<const char*>(head.data()), got}, what).header;
}

LooseHeader read_loose_object(std::span<const unsigned char> compressed, std::string& content,
                              const std::string& what) {
  Inflater inflater(compressed, what);
  std::array<unsigned char, max_header> head{};
  const std::size_t got = inflater.fill(head.data(), head.size());
  const ParsedHeader parsed = parse_header({reinterpret_cast<const char*>(head.data()), got}, what);
  const std::uint64_t size = parsed.header.size;
  const std::size_t early = got - parsed.length;  // content bytes that came with the header
  if (early > size) fail(what, "longer than its header says");
  // The declared size cannot exceed what the input could inflate to (zlib's best ratio is about
  // 1032:1), so a lying header cannot make hush allocate without bound.
  if (size > std::uint64_t{compressed.size()} * 1032 + max_header)
    fail(what, "declared size is impossible for its file");
  content.resize(static_cast<std::size_t>(size));
  std::memcpy(content.data(), head.data() + parsed.length, early);
  const std::size_t rest =
      inflater.fill(reinterpret_cast<unsigned char*>(content.data()) + early, content.size() - early);
  if (early + rest < size) fail(what, "shorter than its header says");
  if (!inflater.ended()) {
    unsigned char extra = 0;
    if (inflater.fill(&extra, 1) != 0) fail(what, "longer than its header says");
  }
  if (inflater.input_left() != 0) fail(what, "garbage after the zlib stream");
  return parsed.header;
}

std::filesystem::path loose_object_path(const std::filesystem::path& objects_dir, OidView oid) {
  const std::string hex = oid_hex(oid);
  return objects_dir / hex.substr(0, 2) / hex.substr(2);
}

}  // namespace hush::git
