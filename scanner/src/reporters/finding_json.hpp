#pragma once
// Private interface of the reporters: the per-format writers write_report() dispatches to, and the
// pieces more than one format shares.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/report.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::scanner::detail {

// One finding in the documented key order (DESIGN.md, "Finding (JSON output)"); the baseline and
// any other JSON producer reuse it so every format agrees on field names.
[[nodiscard]] nlohmann::ordered_json finding_to_json(const Finding& finding, bool reveal);

// Paths, contexts and secrets are arbitrary bytes: dumping with `replace` turns invalid UTF-8 into
// U+FFFD instead of throwing halfway through a report.
[[nodiscard]] std::string dump_json(const nlohmann::ordered_json& value, int indent);

// Decodes `text` as UTF-8 and keeps each well-formed code point that `keep` accepts; every other
// code point, and every byte of a malformed sequence, becomes one '?'.
using CodePointFilter = bool (*)(char32_t) noexcept;
[[nodiscard]] std::string sanitize_utf8(std::string_view text, CodePointFilter keep);

// XML and HTML text: the code points `keep` accepts (others become '?'), with & < > " ' as
// references. In an attribute (`attribute`) tab, newline and CR become references too, since a
// parser normalises them away there; in content only CR does, which it would fold into LF.
[[nodiscard]] std::string escape_markup(std::string_view raw, CodePointFilter keep, bool attribute);

// Fixed-point decimal that ignores the process locale, so reports stay byte-identical everywhere.
[[nodiscard]] std::string format_fixed(double value, int decimals);

// "base64 > hex" for a finding decoded from base64 and then hex; empty for a plain finding.
[[nodiscard]] std::string decoding_note(const Finding& finding);

using Findings = std::vector<Finding>;
using Rules = std::vector<Rule>;

void write_text(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out);
void write_json(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out);
void write_jsonl(const Findings& findings, const ReportOptions& options, std::ostream& out);
void write_sarif(const Findings& findings, const Rules& rules, const ReportSummary& summary,
                 const ReportOptions& options, std::ostream& out);
void write_junit(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                 std::ostream& out);
void write_csv(const Findings& findings, const ReportOptions& options, std::ostream& out);
void write_html(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out);

}  // namespace hush::scanner::detail
