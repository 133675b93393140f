#include "provider_request.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "builtin_verifiers.hpp"
#include "hush/common/codec.hpp"
#include "hush/vault_client/aws/credentials.hpp"
#include "hush/vault_client/aws/sigv4.hpp"
#include "hush/vault_client/rs256.hpp"

namespace hush::verify::detail {
namespace {

constexpr std::string_view placeholder = "{secret}";
constexpr std::string_view path_placeholder = "{secret_path}";
constexpr std::string_view partner_placeholder = "{partner}";

bool carries_secret(std::string_view text) { return text.find(placeholder) != std::string_view::npos; }

// "Basic " and base64(user:password), all in guarded memory.
SecretBuffer basic_authorization(std::string_view user_template, std::string_view password_template,
                                 std::string_view secret, std::string_view partner) {
  SecretBuffer pair = fill_template(user_template, secret, partner);
  pair.append(":");
  const SecretBuffer password = fill_template(password_template, secret, partner);
  pair.append(password.view());
  const std::size_t encoded_size = sodium_base64_ENCODED_LEN(pair.size(), sodium_base64_VARIANT_ORIGINAL);
  SecretBuffer encoded;
  encoded.resize(encoded_size);
  sodium_bin2base64(encoded.mutable_data(), encoded_size, pair.bytes(), pair.size(), sodium_base64_VARIANT_ORIGINAL);
  SecretBuffer value("Basic ");
  value.append(std::string_view(encoded.data()));  // without the terminating NUL
  return value;
}

// The secret as one path segment: bytes that could end the segment or the path, or start a query,
// percent-encoded; ':' and '@' kept as RFC 3986 allows in a segment (a Telegram token has its ':'
// in the path as is).
std::string path_segment(std::string_view secret) { return percent_encode(secret, ":@"); }

// The secret as path segments: each encoded as path_segment does, its '/' kept; a "." or ".."
// segment encoded too, so that it cannot climb out of the verifier's path.
std::string path_segments(std::string_view secret) {
  std::string out;
  for (;;) {
    const std::size_t slash = secret.find('/');
    const std::string_view segment = secret.substr(0, slash);
    out += segment == "." ? "%2E" : segment == ".." ? "%2E%2E" : path_segment(segment);
    if (slash == std::string_view::npos) break;
    out += '/';
    secret.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

SecretBuffer fill_template(std::string_view text, std::string_view secret, std::string_view partner) {
  SecretBuffer out;
  out.reserve(text.size() + secret.size() + partner.size());
  // One pass, so that neither value's bytes are read as a placeholder.
  for (;;) {
    const std::size_t at_secret = text.find(placeholder), at_partner = text.find(partner_placeholder);
    const std::size_t at = std::min(at_secret, at_partner);
    out.append(text.substr(0, at));
    if (at == std::string_view::npos) break;
    const bool is_secret = at == at_secret;
    out.append(is_secret ? secret : partner);
    text.remove_prefix(at + (is_secret ? placeholder : partner_placeholder).size());
  }
  return out;
}

ProviderRequests::~ProviderRequests() {
  for (auto& request : http_)
    if (!request.log_url.empty()) secure_wipe(request.url.data(), request.url.size());
}

void ProviderRequests::add(const scanner::RuleVerifier& verifier, std::string_view url_template,
                           std::string_view secret, std::string_view partner) {
  vault_client::HttpRequest& http = http_.emplace_back();
  http.method = verifier.method;
  // The partner (an account id) is no secret: the URL shows it, and log lines with it.
  const std::string partner_in_path = path_segment(partner);
  const SecretBuffer partner_filled = fill_template(url_template, std::string_view(placeholder), partner_in_path);
  const std::string_view url = partner_filled.view();
  const std::size_t in_path = url.find(path_placeholder);
  if (in_path != std::string_view::npos || carries_secret(url)) {
    // The rule file checked that the placeholder is in the path: the template is what logs show.
    std::string encoded = in_path != std::string_view::npos ? path_segments(secret) : path_segment(secret);
    std::string with_placeholder(url);
    if (in_path != std::string_view::npos) with_placeholder.replace(in_path, path_placeholder.size(), placeholder);
    const SecretBuffer filled = fill_template(with_placeholder, encoded, {});
    secure_wipe(encoded.data(), encoded.size());
    http.url.assign(filled.view());
    http.log_url = url;
  } else {
    http.url = url;
  }
  // These requests only read: a kept connection may carry them, POST included.
  http.resend_safe = true;
  for (const auto& header : verifier.headers) {
    if (carries_secret(header.text))
      http.headers.add_sensitive(header.name, fill_template(header.text, secret, partner).view());
    else http.headers.add(header.name, fill_template(header.text, {}, partner).view());
  }
  if (verifier.basic_auth.size() == 2)
    http.headers.add_sensitive(
        "Authorization", basic_authorization(verifier.basic_auth[0], verifier.basic_auth[1], secret, partner).view());
  if (!verifier.body.empty()) {
    bodies_.push_back(fill_template(verifier.body, secret, partner));
    http.body = bodies_.back().view();
  }
}

void ProviderRequests::add_aws(std::string_view access_key_id, std::string_view secret_access_key,
                               std::chrono::system_clock::time_point now) {
  static constexpr std::string_view body = "Action=GetCallerIdentity&Version=2011-06-15";
  static constexpr std::string_view content_type = "application/x-www-form-urlencoded; charset=utf-8";
  const scanner::RuleVerifier& sts = builtin_verifier(aws_sts)->judge;
  vault_client::aws::SignableRequest signable;
  signable.method = sts.method;
  signable.path = "/";
  signable.headers = {{"host", "sts.amazonaws.com"}, {"content-type", std::string(content_type)}};
  signable.payload = body;
  vault_client::aws::Credentials credentials;
  credentials.access_key_id = access_key_id;
  credentials.secret_access_key = SecretBuffer(secret_access_key);
  const std::string authorization = vault_client::aws::sign_request(signable, credentials, "us-east-1", "sts", now);

  vault_client::HttpRequest& http = http_.emplace_back();
  http.method = sts.method;
  http.url = sts.url;
  http.resend_safe = true;
  http.headers.add("Content-Type", content_type);
  for (const auto& [name, value] : signable.headers)
    if (name == "x-amz-date") http.headers.add("X-Amz-Date", value);
  http.headers.add_sensitive("Authorization", authorization);
  http.body = body;
}

namespace {

// base64url without padding (RFC 7515), as a JWT's parts are written.
SecretBuffer base64url(std::string_view bytes) {
  const std::size_t size = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  SecretBuffer encoded;
  encoded.resize(size);
  sodium_bin2base64(encoded.mutable_data(), size, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(size - 1);  // the terminating NUL
  return encoded;
}

// The key as the JSON file holds it ("\n" between the PEM's lines) made PEM again.
SecretBuffer unescaped_pem(std::string_view escaped) {
  SecretBuffer pem;
  pem.reserve(escaped.size());
  for (std::size_t at = 0; at < escaped.size(); ++at) {
    if (escaped[at] == '\\' && at + 1 < escaped.size() && (escaped[at + 1] == 'n' || escaped[at + 1] == 'r')) {
      pem.append("\n");
      ++at;
    } else {
      pem.append(escaped.substr(at, 1));
    }
  }
  return pem;
}

}  // namespace

void ProviderRequests::add_gcp(std::string_view client_email, std::string_view private_key, std::string_view url,
                               std::chrono::system_clock::time_point now) {
  static constexpr std::string_view token_audience = "https://oauth2.googleapis.com/token";
  static constexpr std::string_view grant =
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
  const auto issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  // The narrowest scope there is: a token that can only tell who it belongs to, valid for minutes.
  const nlohmann::json claims = {{"iss", client_email},
                                 {"scope", "https://www.googleapis.com/auth/userinfo.email"},
                                 {"aud", token_audience},
                                 {"iat", issued},
                                 {"exp", issued + 300}};
  SecretBuffer signing_input = base64url(R"({"alg":"RS256","typ":"JWT"})");
  signing_input.append(".");
  signing_input.append(base64url(claims.dump()).view());
  const SecretBuffer signature = vault_client::rs256_sign(unescaped_pem(private_key).view(), signing_input.view());
  SecretBuffer body(grant);
  body.append(signing_input.view());
  body.append(".");
  body.append(base64url(signature.view()).view());

  vault_client::HttpRequest& http = http_.emplace_back();
  http.method = "POST";
  http.url = url;
  http.resend_safe = true;
  http.headers.add("Content-Type", "application/x-www-form-urlencoded");
  bodies_.push_back(std::move(body));
  http.body = bodies_.back().view();
}

}  // namespace hush::verify::detail
