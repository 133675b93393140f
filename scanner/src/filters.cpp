#include "hush/scanner/filters.hpp"

#include "hush/common/text.hpp"

#include <array>
#include <cmath>
#include <cstring>

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

bool has_inline_ignore(std::string_view line) noexcept {
  return line.find("hush:allow") != std::string_view::npos || line.find("gitleaks:allow") != std::string_view::npos;
}

bool contains_stopword(std::string_view secret, const std::vector<std::string>& lowered_stopwords) {
  if (lowered_stopwords.empty()) return false;
  const std::string lowered = ascii_lower(std::string(secret));
  for (const auto& word : lowered_stopwords)
    if (!word.empty() && lowered.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace hush::scanner
