#include <array>
#include <cstdint>
#include <vector>

#include "hush/common/text.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client {
namespace {

using std::chrono::milliseconds;

bool parse_int(std::string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

int month_index(std::string_view name) {
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (months[i] == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parse_clock(std::string_view s, int& h, int& m, int& sec) {
  return s.size() == 8 && s[2] == ':' && s[5] == ':' && parse_int(s.substr(0, 2), h) && parse_int(s.substr(3, 2), m) &&
         parse_int(s.substr(6, 2), sec) && h < 24 && m < 60 && sec <= 60;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Seconds since the epoch of an HTTP-date, or -1.
std::int64_t parse_http_date(std::string_view s) {
  const auto parts = split_spaces(s);
  int day = 0, month = 0, year = 0, h = 0, m = 0, sec = 0;
  if (parts.size() == 6 && parts[0].size() == 4 && parts[0][3] == ',' && parts[5] == "GMT") {
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    if (!parse_int(parts[1], day) || (month = month_index(parts[2])) == 0 || parts[3].size() != 4 ||
        !parse_int(parts[3], year) || !parse_clock(parts[4], h, m, sec)) {
      return -1;
    }
  } else if (parts.size() == 4 && !parts[0].empty() && parts[0].back() == ',' && parts[3] == "GMT") {
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    const std::string_view date = parts[1];
    if (date.size() != 9 || date[2] != '-' || date[6] != '-' || !parse_int(date.substr(0, 2), day) ||
        (month = month_index(date.substr(3, 3))) == 0 || !parse_int(date.substr(7, 2), year) ||
        !parse_clock(parts[2], h, m, sec)) {
      return -1;
    }
    year += year < 70 ? 2000 : 1900;
  } else if (parts.size() == 5) {
    // asctime: Sun Nov  6 08:49:37 1994
    if ((month = month_index(parts[1])) == 0 || !parse_int(parts[2], day) || !parse_clock(parts[3], h, m, sec) ||
        parts[4].size() != 4 || !parse_int(parts[4], year)) {
      return -1;
    }
  } else {
    return -1;
  }
  if (day < 1 || day > 31) return -1;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + h * 3600 + m * 60 +
         sec;
}

}  // namespace

std::optional<milliseconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    std::int64_t seconds = 0;
    for (const char c : value) {
      if (c < '0' || c > '9') return std::nullopt;
      seconds = std::min<std::int64_t>(seconds * 10 + (c - '0'), 365LL * 24 * 3600);
    }
    return milliseconds(seconds * 1000);
  }
  const std::int64_t at = parse_http_date(value);
  if (at < 0) return std::nullopt;
  const auto now_ms = std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::int64_t delta = at * 1000 - now_ms;
  return milliseconds(delta > 0 ? delta : 0);
}

}  // namespace hush::vault_client
