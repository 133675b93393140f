#include "hush/scanner/finding.hpp"

#include <tuple>

#include "hush/common/hash.hpp"

namespace hush::scanner {

std::string redact(std::string_view secret) {
  constexpr std::string_view ellipsis = "\xE2\x80\xA6";
  // A PEM block: its armour line names the key type, and the first four characters of the body
  // encode the ASN.1 header (MIIE...) or the format's magic (b3Bl... is "openssh-key-v1"), none of
  // it key material. That tells a reader what leaked; the dashes alone did not.
  if (secret.starts_with("-----BEGIN ")) {
    const std::size_t armour_end = secret.find("-----", 11);
    const std::size_t body =
        armour_end == std::string_view::npos ? armour_end : secret.find_first_not_of(" \t\r\n", armour_end + 5);
    if (body != std::string_view::npos && body + 4 <= secret.size() && armour_end - 11 <= 64)
      return std::string(secret.substr(0, armour_end + 5)) + " " + std::string(secret.substr(body, 4)) +
             std::string(ellipsis);
  }
  // Token prefixes (ghp_, AKIA, xoxb-) identify the type and carry no entropy, so showing four
  // leading bytes of a long secret costs nothing; short secrets show nothing at all.
  if (secret.size() >= 16)
    return std::string(secret.substr(0, 4)).append(ellipsis).append(secret.substr(secret.size() - 3));
  if (secret.size() >= 10) return std::string(secret.substr(0, 2)).append(ellipsis);
  return std::string(ellipsis);
}

std::string fingerprint(std::string_view rule_id, std::string_view secret) {
  return Blake2b("hush.fingerprint.v1", 16).update_field(rule_id).update_field(secret).hex_digest();
}

bool finding_less(const Finding& a, const Finding& b) noexcept {
  const std::string_view commit_a = a.git ? std::string_view(a.git->commit) : std::string_view();
  const std::string_view commit_b = b.git ? std::string_view(b.git->commit) : std::string_view();
  return std::tie(a.repository, a.path, a.line, a.column, a.rule_id, commit_a) <
         std::tie(b.repository, b.path, b.line, b.column, b.rule_id, commit_b);
}

std::string validation_detail_text(const Finding& finding) {
  std::string text;
  for (const auto& item : finding.validation_detail) text += (text.empty() ? "" : ", ") + item.name + " " + item.text;
  return text;
}

}  // namespace hush::scanner
