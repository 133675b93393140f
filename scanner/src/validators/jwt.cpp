#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "checks.hpp"
#include "codec.hpp"

namespace hush::scanner::detail {
namespace {

// Decoded sizes beyond these are not tokens anyone sends in a header; parsing them would only
// spend time on attacker-chosen input.
constexpr std::size_t max_header_bytes = 4 * 1024;
constexpr std::size_t max_payload_bytes = 64 * 1024;

std::optional<nlohmann::json> json_object(std::string_view segment, std::size_t max_bytes) {
  auto bytes = base64_decode(segment, Base64Alphabet::url);
  if (!bytes || bytes->empty() || bytes->size() > max_bytes) return std::nullopt;
  const auto first = bytes->find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (*bytes)[first] != '{') return std::nullopt;
  nlohmann::json doc = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  return doc;
}

// The signature length each registered algorithm produces (RFC 7518, RFC 8037), so a token cut
// short or padded out is not taken for a credential. 0: any length of at least 16 bytes.
struct SignatureSize {
  std::string_view alg;
  std::size_t min;
  std::size_t max;
};
constexpr SignatureSize signature_sizes[] = {
    {"HS256", 32, 32},   {"HS384", 48, 48},   {"HS512", 64, 64},   {"ES256", 64, 64},
    {"ES256K", 64, 64},  {"ES384", 96, 96},   {"ES512", 132, 132}, {"EdDSA", 64, 114},
    {"Ed25519", 64, 64}, {"Ed448", 114, 114}, {"RS256", 64, 1024}, {"RS384", 64, 1024},
    {"RS512", 64, 1024}, {"PS256", 64, 1024}, {"PS384", 64, 1024}, {"PS512", 64, 1024},
};

bool signature_fits(std::string_view alg, std::size_t size) {
  for (const auto& s : signature_sizes)
    if (s.alg == alg) return size >= s.min && size <= s.max;
  return size >= 16 && size <= 1024;
}

// A payload needs no registered claim (RFC 7519 section 4.1): services that mint their own tokens
// often sign only their own claims ({"role": "app_user"}), and such a token, signed with the
// service's key, grants that role as well as any. Labelled real code bears this out: tokens
// without a registered claim are labelled credentials almost every time. An empty payload
// names no one and grants nothing.
bool has_claim(const nlohmann::json& payload) { return !payload.empty(); }

}  // namespace

// A JWS in compact form: header.payload.signature, each base64url without padding. The header
// must be a JSON object naming a signing algorithm and the payload a JSON object holding at
// least one claim. Unsigned
// tokens (alg "none") are rejected: anyone can mint one, so holding one grants nothing.
Validation jwt_structure(std::string_view secret) try {
  const std::size_t dot1 = secret.find('.');
  if (dot1 == std::string_view::npos) return Validation::failed;
  const std::size_t dot2 = secret.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || secret.find('.', dot2 + 1) != std::string_view::npos) return Validation::failed;
  const std::string_view header_text = secret.substr(0, dot1);
  const std::string_view payload_text = secret.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_text = secret.substr(dot2 + 1);

  const auto header = json_object(header_text, max_header_bytes);
  if (!header) return Validation::failed;
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return Validation::failed;
  const auto& alg_name = alg->get_ref<const std::string&>();
  if (alg_name.empty() || alg_name == "none" || alg_name == "None" || alg_name == "NONE") return Validation::failed;
  if (const auto typ = header->find("typ"); typ != header->end() && !typ->is_string()) return Validation::failed;
  if (header->contains("enc")) return Validation::failed;  // a JWE header, which has five segments

  const auto payload = json_object(payload_text, max_payload_bytes);
  if (!payload || !has_claim(*payload)) return Validation::failed;

  const auto signature = base64_decode(signature_text, Base64Alphabet::url);
  if (!signature || !signature_fits(alg_name, signature->size())) return Validation::failed;
  return Validation::passed;
} catch (const std::exception&) {
  // nlohmann only throws here on allocation failure or a type error we have ruled out; either
  // way the input is not a token we can vouch for.
  return Validation::failed;
}

}  // namespace hush::scanner::detail
