#include "hush/vault_client/aws/sigv4.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include "hush/common/codec.hpp"
#include "hush/common/secret.hpp"
#include "hush/vault_client/aws/credentials.hpp"

namespace hush::vault_client::aws {
namespace {

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void hmac(const unsigned char* key, std::size_t key_size, std::string_view message, unsigned char out[32]) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key, key_size);
  crypto_auth_hmacsha256_update(&state, bytes_of(message), message.size());
  crypto_auth_hmacsha256_final(&state, out);
  sodium_memzero(&state, sizeof state);
}

// The query as sent may already be percent-encoded; decode it so encoding once gives the canonical form.
std::string uri_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
    pairs.emplace_back(percent_encode(uri_decode(key)), percent_encode(uri_decode(value)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out.push_back('=');
    out += value;
  }
  return out;
}

// Trims and collapses runs of spaces, as the canonical form requires.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes_of(data), data.size());
  return to_hex(digest);
}

std::string format_amz_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf, n);
}

std::string canonical_request(const SignableRequest& request, std::string* signed_headers) {
  // Header values may include the session token: every scratch copy is sized up front (so no
  // reallocation leaves a stray copy behind) and wiped before it is released.
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : request.headers) header_bytes += name.size() + value.size() + 2;
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) headers.emplace_back(lower(name), canonical_header_value(value));
  std::stable_sort(headers.begin(), headers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  std::string path = request.path.empty() ? std::string("/") : percent_encode(request.path, "/");
  std::string query = canonical_query(request.query);
  std::string names;
  std::string out;
  out.reserve(request.method.size() + path.size() + query.size() + 2 * header_bytes + 80);
  out += request.method;
  out += '\n';
  out += path;
  out += '\n';
  out += query;
  out += '\n';
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].first == headers[i - 1].first) {
      // Repeated headers are joined with commas under one name.
      out.back() = ',';
    } else {
      out += headers[i].first;
      out += ':';
      if (!names.empty()) names.push_back(';');
      names += headers[i].first;
    }
    out += headers[i].second;
    out += '\n';
  }
  for (auto& header : headers) secure_wipe(header.second.data(), header.second.size());
  out += '\n';
  out += names;
  out += '\n';
  out += sha256_hex(request.payload);
  if (signed_headers != nullptr) *signed_headers = names;
  return out;
}

std::string credential_scope(const SigningScope& scope) {
  if (scope.amz_date.size() < 8) throw std::invalid_argument("X-Amz-Date must be YYYYMMDDTHHMMSSZ");
  std::string out(scope.amz_date.substr(0, 8));
  out += '/';
  out += scope.region;
  out += '/';
  out += scope.service;
  out += "/aws4_request";
  return out;
}

std::string string_to_sign(const SigningScope& scope, std::string_view canonical) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out += scope.amz_date;
  out += '\n';
  out += credential_scope(scope);
  out += '\n';
  out += sha256_hex(canonical);
  return out;
}

std::array<unsigned char, 32> signing_key(std::string_view secret_access_key, const SigningScope& scope) {
  ensure_sodium();
  if (scope.amz_date.size() < 8) throw std::invalid_argument("X-Amz-Date must be YYYYMMDDTHHMMSSZ");
  SecretBuffer seed("AWS4");
  seed.append(secret_access_key);
  unsigned char k_date[32];
  unsigned char k_region[32];
  unsigned char k_service[32];
  std::array<unsigned char, 32> k_signing{};
  hmac(bytes_of(seed.view()), seed.size(), scope.amz_date.substr(0, 8), k_date);
  hmac(k_date, sizeof k_date, scope.region, k_region);
  hmac(k_region, sizeof k_region, scope.service, k_service);
  hmac(k_service, sizeof k_service, "aws4_request", k_signing.data());
  sodium_memzero(k_date, sizeof k_date);
  sodium_memzero(k_region, sizeof k_region);
  sodium_memzero(k_service, sizeof k_service);
  return k_signing;
}

namespace {

std::string signature_of(std::string_view canonical, std::string_view secret_access_key, const SigningScope& scope) {
  std::array<unsigned char, 32> key = signing_key(secret_access_key, scope);
  unsigned char mac[32];
  hmac(key.data(), key.size(), string_to_sign(scope, canonical), mac);
  sodium_memzero(key.data(), key.size());
  return to_hex(mac);
}

}  // namespace

std::string signature(const SignableRequest& request, std::string_view secret_access_key, const SigningScope& scope) {
  return signature_of(canonical_request(request), secret_access_key, scope);
}

std::string authorization_header(const SignableRequest& request, std::string_view access_key_id,
                                 std::string_view secret_access_key, const SigningScope& scope) {
  std::string names;
  std::string canonical = canonical_request(request, &names);
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out += access_key_id;
  out += '/';
  out += credential_scope(scope);
  out += ", SignedHeaders=";
  out += names;
  out += ", Signature=";
  out += signature_of(canonical, secret_access_key, scope);
  secure_wipe(canonical.data(), canonical.size());
  return out;
}

std::string sign_request(SignableRequest& request, const Credentials& credentials, std::string_view region,
                         std::string_view service, std::chrono::system_clock::time_point now) {
  const std::string date = format_amz_date(now);
  request.headers.emplace_back("x-amz-date", date);
  const SigningScope scope{region, service, date};
  if (!credentials.temporary()) {
    return authorization_header(request, credentials.access_key_id, credentials.secret_access_key.view(), scope);
  }
  request.headers.emplace_back("x-amz-security-token", std::string(credentials.session_token.view()));
  std::string authorization =
      authorization_header(request, credentials.access_key_id, credentials.secret_access_key.view(), scope);
  std::string& token = request.headers.back().second;
  secure_wipe(token.data(), token.size());
  request.headers.pop_back();
  return authorization;
}

}  // namespace hush::vault_client::aws
