#include "armour.hpp"

#include "codec.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner::detail {
namespace {

constexpr std::string_view begin_marker = "-----BEGIN ";
constexpr std::string_view dashes = "-----";
constexpr std::size_t max_label = 64;

// Blanks around a line of the body (line ends are split off before).
constexpr std::string_view line_blanks = " \t";

std::vector<std::string_view> split_lines(std::string_view body) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::size_t i = 0;
  const auto push = [&](std::size_t end) {
    const std::string_view line = trim(body.substr(start, end - start), line_blanks);
    if (!line.empty()) lines.push_back(line);
  };
  while (i < body.size()) {
    if (body[i] == '\n' || body[i] == '\r') {
      push(i);
      start = ++i;
    } else if (body[i] == '\\' && i + 1 < body.size() && (body[i + 1] == 'n' || body[i + 1] == 'r')) {
      push(i);
      i += 2;
      start = i;
    } else {
      ++i;
    }
  }
  push(body.size());
  return lines;
}

}  // namespace

std::optional<Armour> parse_armour(std::string_view text) {
  if (text.substr(0, begin_marker.size()) != begin_marker) return std::nullopt;
  const std::size_t label_end = text.find(dashes, begin_marker.size());
  if (label_end == std::string_view::npos) return std::nullopt;
  Armour armour;
  armour.label = text.substr(begin_marker.size(), label_end - begin_marker.size());
  if (armour.label.empty() || armour.label.size() > max_label) return std::nullopt;
  const std::string_view rest = text.substr(label_end + dashes.size());
  const std::string end_line = "-----END " + std::string(armour.label) + std::string(dashes);
  const std::size_t end = rest.find(end_line);
  if (end == std::string_view::npos) return std::nullopt;

  bool in_headers = true;
  for (const std::string_view line : split_lines(rest.substr(0, end))) {
    if (in_headers && line.find(':') != std::string_view::npos) {
      armour.headers.push_back(line);
      continue;
    }
    in_headers = false;
    armour.data.push_back(line);
  }
  return armour;
}

std::optional<std::string> decode_lines(std::span<const std::string_view> lines) {
  std::string joined;
  for (const std::string_view line : lines) joined += line;
  return base64_decode(joined, Base64Alphabet::standard);
}

}  // namespace hush::scanner::detail
