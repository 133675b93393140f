#include "aws/parse_support.hpp"

#include <sodium.h>

#include <vector>

namespace hush::vault_client::aws::detail {

bool base64_decode(std::string_view text, SecretBuffer& out) {
  if (sodium_init() < 0) return false;
  std::vector<unsigned char> scratch(text.size() / 4 * 3 + 3);
  std::size_t decoded = 0;
  const char* end = nullptr;
  const int rc = sodium_base642bin(scratch.data(), scratch.size(), text.data(), text.size(), " \t\r\n", &decoded, &end,
                                   sodium_base64_VARIANT_ORIGINAL);
  const bool ok = rc == 0 && end == text.data() + text.size();
  if (ok) out = SecretBuffer(std::string_view(reinterpret_cast<const char*>(scratch.data()), decoded));
  sodium_memzero(scratch.data(), scratch.size());
  return ok;
}

}  // namespace hush::vault_client::aws::detail
