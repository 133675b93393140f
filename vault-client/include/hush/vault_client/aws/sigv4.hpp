#pragma once
// AWS Signature Version 4, computed with libsodium's SHA-256 and HMAC-SHA256, apart from the
// transport: hush must sign the session-token header, keep the port in `host`, and be able to
// sign a body it does not send itself.
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hush::vault_client::aws {

struct Credentials;

// The parts of an HTTP request that the signature covers.
struct SignableRequest {
  std::string method;                                        // "GET", "POST"
  std::string path;                                          // unencoded path, "/" when empty
  std::string query;                                         // the query string as sent, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // must include "host"
  std::string_view payload;
};

struct SigningScope {
  std::string_view region;
  std::string_view service;
  std::string_view amz_date;  // "YYYYMMDDTHHMMSSZ"
};

[[nodiscard]] std::string sha256_hex(std::string_view data);

// "YYYYMMDDTHHMMSSZ" for the given instant (UTC).
[[nodiscard]] std::string format_amz_date(std::chrono::system_clock::time_point when);

// The canonical request; `signed_headers` (if given) receives "a;b;c".
[[nodiscard]] std::string canonical_request(const SignableRequest& request, std::string* signed_headers = nullptr);

// "YYYYMMDD/region/service/aws4_request"
[[nodiscard]] std::string credential_scope(const SigningScope& scope);

[[nodiscard]] std::string string_to_sign(const SigningScope& scope, std::string_view canonical);

// The derived key; the caller should wipe it after use.
[[nodiscard]] std::array<unsigned char, 32> signing_key(std::string_view secret_access_key, const SigningScope& scope);

// The hex signature of a request under the given secret.
[[nodiscard]] std::string signature(const SignableRequest& request, std::string_view secret_access_key,
                                    const SigningScope& scope);

// The full Authorization header value.
[[nodiscard]] std::string authorization_header(const SignableRequest& request, std::string_view access_key_id,
                                               std::string_view secret_access_key, const SigningScope& scope);

// Adds x-amz-date to request.headers and returns the Authorization value. The request must
// already carry host and every other header to be signed. For temporary credentials the
// x-amz-security-token header is signed as well, but not added: the caller sends it with
// credentials.session_token as a sensitive header, so the token never sits in plain strings.
[[nodiscard]] std::string sign_request(SignableRequest& request, const Credentials& credentials,
                                       std::string_view region, std::string_view service,
                                       std::chrono::system_clock::time_point now);

}  // namespace hush::vault_client::aws
