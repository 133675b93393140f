#include <string>

#include "../assignment.hpp"
#include "checks.hpp"
#include "codec.hpp"

namespace hush::scanner::detail {
namespace {

// user:password of a person or a service account; longer decoded values are data, not a header.
constexpr std::size_t max_pair_bytes = 512;

}  // namespace

// Basic credentials (RFC 7617) as an Authorization header and docker's config.json "auth" carry
// them: base64 of user ":" password, printable text. The user may be empty (a token sent as the
// password of no user); the password may not. Random bytes almost never decode to such a pair,
// so a pair is a validated structure, except when its password is a placeholder (user:password,
// admin:admin): that proves nothing either way, and the finding is weighed as its text instead.
Validation base64_user_password(std::string_view secret) {
  auto text = base64_decode(secret, Base64Alphabet::standard);
  if (!text || text->size() < 3 || text->size() > max_pair_bytes) return Validation::failed;
  // `echo user:pass | base64` keeps echo's newline.
  if (text->ends_with("\r\n")) text->resize(text->size() - 2);
  else if (text->ends_with('\n')) text->pop_back();
  if (!printable_text(*text)) return Validation::failed;
  const std::size_t colon = text->find(':');
  if (colon == std::string::npos || colon + 1 == text->size()) return Validation::failed;
  // A user id is a name, not markup: base64 of a JSON object ({"alg":"HS256"}) has a colon too.
  if (text->find_first_of("\"{}[]<>") < colon) return Validation::failed;
  if (placeholder_value(std::string_view(*text).substr(colon + 1))) return Validation::none;
  return Validation::passed;
}

}  // namespace hush::scanner::detail
