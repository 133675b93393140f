// The encrypted file store's readers over arbitrary bytes: decrypting a document (with no key
// available, so sealed values fail to open) and sealing one. Each returns or throws hush::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hush/common/error.hpp"
#include "hush/vault_client/file_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)hush::vault_client::EjsonDocument::parse(text, "fuzz.ejson", {"/nonexistent-hush-fuzz-keydir", ""});
  } catch (const hush::Error&) {}
  try {
    (void)hush::vault_client::encrypt_ejson_text(text, "fuzz.ejson");
  } catch (const hush::Error&) {}
  return 0;
}
