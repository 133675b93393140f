#include "hush/scanner/report.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "hush/common/enum_names.hpp"
#include "reporters/finding_json.hpp"

namespace hush::scanner {
namespace {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;  // 0 = malformed at this byte
};

bool is_continuation(unsigned char byte, unsigned char low = 0x80, unsigned char high = 0xBF) noexcept {
  return byte >= low && byte <= high;
}

// Strict UTF-8 (RFC 3629): overlong forms, surrogates and values past U+10FFFF are malformed, so
// nothing downstream ever sees a code point a terminal or XML parser would choke on.
Decoded decode_one(std::string_view text, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[pos + k]); };
  const std::size_t left = text.size() - pos;
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    if (left < 2 || !is_continuation(byte(1))) return {};
    return {static_cast<char32_t>(((lead & 0x1Fu) << 6) | (byte(1) & 0x3Fu)), 2};
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    if (left < 3 || !is_continuation(byte(1), low, high) || !is_continuation(byte(2))) return {};
    return {static_cast<char32_t>(((lead & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu)), 3};
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    if (left < 4 || !is_continuation(byte(1), low, high) || !is_continuation(byte(2)) || !is_continuation(byte(3)))
      return {};
    return {static_cast<char32_t>(((lead & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
                                  (byte(3) & 0x3Fu)),
            4};
  }
  return {};
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept {
  constexpr EnumName<ReportFormat> names[] = {{ReportFormat::text, "text"},   {ReportFormat::json, "json"},
                                              {ReportFormat::jsonl, "jsonl"}, {ReportFormat::sarif, "sarif"},
                                              {ReportFormat::junit, "junit"}, {ReportFormat::csv, "csv"},
                                              {ReportFormat::html, "html"}};
  return value_named(names, name);
}

void write_report(ReportFormat format, const std::vector<Finding>& findings, const std::vector<Rule>& rules,
                  const ReportSummary& summary, const ReportOptions& options, std::ostream& out) {
  switch (format) {
    case ReportFormat::text:
      detail::write_text(findings, summary, options, out);
      break;
    case ReportFormat::json:
      detail::write_json(findings, summary, options, out);
      break;
    case ReportFormat::jsonl:
      detail::write_jsonl(findings, options, out);
      break;
    case ReportFormat::sarif:
      detail::write_sarif(findings, rules, summary, options, out);
      break;
    case ReportFormat::junit:
      detail::write_junit(findings, summary, options, out);
      break;
    case ReportFormat::csv:
      detail::write_csv(findings, options, out);
      break;
    case ReportFormat::html:
      detail::write_html(findings, summary, options, out);
      break;
  }
  out.flush();
}

namespace detail {

std::string escape_markup(std::string_view raw, CodePointFilter keep, bool attribute) {
  const std::string text = sanitize_utf8(raw, keep);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string sanitize_utf8(std::string_view text, CodePointFilter keep) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const Decoded d = decode_one(text, pos);
    if (d.length == 0 || !keep(d.code_point)) {
      out.push_back('?');
      pos += d.length == 0 ? 1 : d.length;
      continue;
    }
    out.append(text.substr(pos, d.length));
    pos += d.length;
  }
  return out;
}

std::string format_fixed(double value, int decimals) {
  if (!std::isfinite(value)) value = 0;
  // Large enough for any finite double in fixed notation (DBL_MAX has 309 integer digits).
  std::array<char, 400> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  return std::string(buffer.data(), result.ptr);
}

std::string decoding_note(const Finding& finding) {
  std::string note;
  for (const std::string& step : finding.decoded) note += (note.empty() ? "" : " > ") + step;
  return note;
}

}  // namespace detail
}  // namespace hush::scanner
