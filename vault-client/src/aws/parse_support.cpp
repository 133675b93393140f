#include "aws/parse_support.hpp"

#include <utility>

#include "hush/common/codec.hpp"

namespace hush::vault_client::aws::detail {

bool base64_decode(std::string_view text, SecretBuffer& out) {
  SecretBuffer decoded;  // decoded in guarded memory, so no scratch copy is left behind
  decoded.resize(base64_decoded_capacity(text.size()));
  const auto size = hush::base64_decode(text, {decoded.bytes(), decoded.size()}, " \t\r\n");
  if (!size) return false;
  decoded.resize(*size);
  out = std::move(decoded);
  return true;
}

}  // namespace hush::vault_client::aws::detail
