// STS answers in the query protocol's XML. Only a handful of leaf elements matter, so this reads
// them by name rather than building a tree; values are unescaped straight into their destination.
#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {
namespace {

using detail::malformed;

// The raw text between <tag> and </tag>, searched within `xml`; nullopt when absent.
std::optional<std::string_view> element(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  const auto body = start + open.size();
  const auto end = xml.find(close, body);
  if (end == std::string_view::npos) return std::nullopt;
  return xml.substr(body, end - body);
}

void append_utf8(SecretBuffer& out, unsigned long cp) {
  char bytes[4];
  std::size_t n = 0;
  if (cp < 0x80) {
    bytes[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    bytes[n++] = static_cast<char>(0xC0 | (cp >> 6));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    bytes[n++] = static_cast<char>(0xE0 | (cp >> 12));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    bytes[n++] = static_cast<char>(0xF0 | (cp >> 18));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  out.append(std::string_view(bytes, n));
}

// XML text with its five predefined entities and numeric references resolved.
bool unescape(std::string_view text, SecretBuffer& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto amp = text.find('&', i);
    out.append(text.substr(i, amp == std::string_view::npos ? std::string_view::npos : amp - i));
    if (amp == std::string_view::npos) break;
    const auto semi = text.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) return false;
    const std::string_view name = text.substr(amp + 1, semi - amp - 1);
    if (name == "amp") out.append("&");
    else if (name == "lt") out.append("<");
    else if (name == "gt") out.append(">");
    else if (name == "quot") out.append("\"");
    else if (name == "apos") out.append("'");
    else if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      if (digits.empty()) return false;
      unsigned long cp = 0;
      for (const char c : digits) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) return false;
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
        if (cp > 0x10FFFF) return false;
      }
      append_utf8(out, cp);
    } else {
      return false;
    }
    i = semi + 1;
  }
  return true;
}

std::string plain_text(std::string_view xml, std::string_view tag) {
  const auto raw = element(xml, tag);
  if (!raw) return {};
  SecretBuffer decoded;
  if (!unescape(*raw, decoded)) return {};
  return std::string(decoded.view());
}

}  // namespace

Credentials parse_sts_credentials(std::string_view xml, std::string source) {
  const auto block = element(xml, "Credentials");
  if (!block) malformed("STS answer without Credentials");
  Credentials out;
  out.source = std::move(source);
  out.access_key_id = plain_text(*block, "AccessKeyId");
  if (out.access_key_id.empty()) malformed("STS credentials without AccessKeyId");
  const auto secret = element(*block, "SecretAccessKey");
  if (!secret || !unescape(*secret, out.secret_access_key) || out.secret_access_key.empty()) {
    malformed("STS credentials without a usable SecretAccessKey");
  }
  const auto token = element(*block, "SessionToken");
  if (!token || !unescape(*token, out.session_token) || out.session_token.empty()) {
    malformed("STS credentials without a usable SessionToken");
  }
  const std::string expiration = plain_text(*block, "Expiration");
  if (!expiration.empty()) {
    out.expiration = parse_iso8601(expiration);
    if (!out.expiration) malformed("STS credentials with an unreadable Expiration");
  }
  return out;
}

AwsError parse_sts_error(std::string_view xml) {
  AwsError out;
  const auto block = element(xml, "Error");
  const std::string_view scope = block ? *block : xml;
  out.code = printable(plain_text(scope, "Code"), 100);
  out.message = printable(plain_text(scope, "Message"));
  return out;
}

}  // namespace hush::vault_client::aws
