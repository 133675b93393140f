#include "hush/scanner/filters.hpp"

#include "hush/common/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <initializer_list>

namespace hush::scanner {

double shannon_entropy(std::string_view bytes) noexcept {
  if (bytes.empty()) return 0.0;
  std::array<std::size_t, 256> counts{};
  for (unsigned char c : bytes) ++counts[c];
  const double n = static_cast<double>(bytes.size());
  double h = 0.0;
  for (std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    h -= p * std::log2(p);
  }
  return h;
}

namespace {

std::size_t alphabet_size(std::string_view bytes) noexcept {
  bool digit = false, lower = false, upper = false, punct = false, high = false, beyond_hex = false;
  for (unsigned char c : bytes) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c >= 'a' && c <= 'z') {
      lower = true;
      beyond_hex |= c > 'f';
    } else if (c >= 'A' && c <= 'Z') {
      upper = true;
      beyond_hex |= c > 'F';
    } else if (c >= 0x80) {
      high = true;
    } else {
      punct = true;
    }
  }
  // Hex digests are common and their alphabet is small: judging them as alphanumeric would ask
  // more entropy of them than random hex ever has.
  const bool hex = digit && !beyond_hex && (lower != upper) && !punct && !high;
  std::size_t size = hex ? 16 : 0;
  if (!hex) size = (digit ? 10 : 0) + (lower ? 26 : 0) + (upper ? 26 : 0);
  return size + (punct ? 32 : 0) + (high ? 128 : 0);
}

}  // namespace

double random_string_entropy(std::string_view bytes) noexcept {
  // A 0x prefix marks hex digits; its 'x' says nothing about the alphabet of the rest.
  const std::string_view digits =
      bytes.size() > 2 && bytes[0] == '0' && (bytes[1] == 'x' || bytes[1] == 'X') ? bytes.substr(2) : bytes;
  // Each symbol's count in n draws is Binomial(n, 1/A); the expected plug-in entropy is
  // A * sum_k P(count = k) * -(k/n) log2(k/n). Exact, and cheap for the lengths secrets have.
  const std::size_t n = std::min<std::size_t>(bytes.size(), 1024);
  const std::size_t alphabet = alphabet_size(digits.substr(0, n));
  if (n < 2 || alphabet < 2) return 0.0;
  const double p = 1.0 / static_cast<double>(alphabet);
  const double nn = static_cast<double>(n);
  double sum = 0.0;
  // log of the binomial probability, updated term by term to stay within double range.
  double log_pk = nn * std::log1p(-p);  // k = 0
  for (std::size_t k = 1; k <= n; ++k) {
    const double kk = static_cast<double>(k);
    log_pk += std::log((nn - kk + 1) / kk) + std::log(p) - std::log1p(-p);
    const double q = kk / nn;
    sum += std::exp(log_pk) * q * std::log2(q);
  }
  return -static_cast<double>(alphabet) * sum;
}

namespace {

// Whether `line` holds any of `markers`, ignoring ASCII case. Every marker has a ':', so only the
// colons of the line are tried (found with memchr): a long minified line costs what a plain
// search did.
bool has_marker(std::string_view line, std::initializer_list<std::string_view> markers) noexcept {
  for (std::size_t at = line.find(':'); at != std::string_view::npos; at = line.find(':', at + 1)) {
    for (const std::string_view marker : markers) {
      const std::size_t colon = marker.find(':');
      if (at < colon || line.size() - (at - colon) < marker.size()) continue;
      if (ascii_iequals(line.substr(at - colon, marker.size()), marker)) return true;
    }
  }
  return false;
}

}  // namespace

bool has_inline_ignore(std::string_view line) noexcept {
  return has_marker(line, {"hush:allow", "gitleaks:allow", "pragma: allowlist secret"});
}

bool has_next_line_ignore(std::string_view line) noexcept {
  return has_marker(line, {"hush:allow-next-line", "pragma: allowlist nextline secret"});
}

bool published_example(std::string_view secret) noexcept {
  // RFC 6749: access and refresh tokens (5.1), authorization code (4.1.2), client secret and the
  // client password of its Basic example (2.3.1), resource owner password (4.3.2), MAC (7.1);
  // RFC 6750: the bearer token of every example.
  static constexpr std::string_view values[] = {
      "2YotnFZFEjr1zCsicMWpAA",
      "tGzv3JOkF0XG5Qx2TlKWIA",
      "SplxlOBeZQQYbYS6WxSbIA",
      "7Fjfp0ZBr1KtDRbnfVdmIw",
      "gX1fBat3bV",
      "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
      "A3ddj3w",
      "kDZvddkndxvhGRXZhvuDjEWhGeE=",
      "mF_9.B5f-4.1JqM",
  };
  for (const std::string_view v : values)
    if (secret == v) return true;
  return false;
}

bool contains_stopword(std::string_view secret, const std::vector<std::string>& lowered_stopwords) {
  if (lowered_stopwords.empty()) return false;
  const std::string lowered = ascii_lower(std::string(secret));
  for (const auto& word : lowered_stopwords)
    if (!word.empty() && lowered.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace hush::scanner
