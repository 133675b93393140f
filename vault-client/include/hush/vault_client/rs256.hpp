#pragma once
// RS256 (RSASSA-PKCS1-v1_5 with SHA-256), as JWTs for OAuth token exchanges are signed. libsodium
// has no RSA, so the signing is done by the OpenSSL libcrypto that libcurl loads for its TLS:
// hush adds no crypto library of its own, and a run that never signs never loads it.
#include <string_view>

#include "hush/common/secret.hpp"

namespace hush::vault_client {

// Signs `data` with the PEM private key (PKCS#8 or PKCS#1, unencrypted). Throws hush::Error
// (runtime) when libcurl's TLS is not OpenSSL 3, and hush::Error(config) when the key does not
// parse or is not RSA; no message holds key material.
[[nodiscard]] SecretBuffer rs256_sign(std::string_view pem_private_key, std::string_view data);

}  // namespace hush::vault_client
