// Every Vault response parser over arbitrary bytes: each returns a value or throws StoreError,
// nothing else. The first byte picks the KV version for the secret parser; the second how deep
// the body is nested once more inside a KV answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hush/vault_client/store_error.hpp"
#include "vault/vault_response.hpp"

namespace {

template <class Parse>
void guarded(Parse&& parse) {
  try {
    parse();
  } catch (const hush::vault_client::StoreError&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hush::vault_client::detail;
  const int kv_version = size > 0 ? data[0] % 3 : 0;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)parse_errors(body);
  (void)parse_kv2_gone(body);
  guarded([&] { (void)parse_secret(body, kv_version); });
  guarded([&] { (void)parse_auth(body); });
  guarded([&] { (void)parse_token_lookup(body); });
  guarded([&] { (void)parse_lease(body); });
  guarded([&] { (void)parse_mount(body); });
  guarded([&] { (void)parse_list(body); });
  guarded([&] { (void)parse_health(body, 200); });
  hush::SecretBuffer out;
  append_json_string(out, body);
  // The body again, as a KV value nested around the reader's depth bound (122 to 137 levels).
  const std::size_t depth = 122 + (size > 1 ? data[1] % 16 : 0);
  std::string deep = R"({"data":{"data":{"k":)";
  for (std::size_t i = 0; i < depth; ++i) deep += "{\"a\":";
  deep.append(body.empty() ? std::string_view("0") : body);
  deep.append(depth + 3, '}');
  guarded([&] { (void)parse_secret(deep, 2); });
  return 0;
}
