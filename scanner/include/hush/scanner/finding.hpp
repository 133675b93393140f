#pragma once
// One reported secret. `secret` is the raw value: reporters print it only when asked to reveal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hush/scanner/confidence.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::scanner {

struct GitProvenance {
  std::string commit;
  std::string author;
  std::string email;
  std::string date;
  std::string blob;
  std::string message;
  std::string ref;  // the ref that reaches the finding directly (a tag of a blob or tree, a tag message)
};

struct Finding {
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::medium;
  Confidence confidence = Confidence::high;
  std::string path;          // relative to the scanned root; "-" for stdin
  std::uint64_t line = 0;    // 1-based
  std::uint64_t column = 0;  // 1-based, in bytes
  std::uint64_t end_line = 0;
  std::uint64_t end_column = 0;  // exclusive: the column just past the secret's last byte
  // The same two in UTF-16 code units, as SARIF counts them; 0 where unknown (use the above).
  std::uint64_t column_utf16 = 0;
  std::uint64_t end_column_utf16 = 0;
  std::uint64_t offset = 0;  // byte offset of the secret in its file
  std::optional<GitProvenance> git;
  // Scans of several repositories (--repos, an organisation, a remote URL): the repository's URL
  // without user info, or its path as listed; empty for a scan of one local source.
  std::string repository;
  std::string fingerprint;
  std::string secret;
  std::string redacted;
  std::string validation;  // empty when the rule has no validator; with --verify the provider's verdict
  std::vector<NamedText> validation_detail;  // with --verify: what the provider said that is safe to show
  std::string context;                       // the secret's line, bounded, with the secret redacted
  // With --verify, for a rule whose verifier names a partner: its value nearest to the secret in
  // the same file or blob (RuleVerifier::partner). Never reported.
  std::string partner;
  // How the secret was decoded from the file's text, outermost first ("base64", "hex", "percent",
  // "escape"); empty when it stood there as is. Its location is then the encoded text's.
  std::vector<std::string> decoded;
  Evidence evidence;  // what `confidence` is decided from (not reported)
  // --list-suppressed: what kept it out of the report ("inline marker", "allowlist: stopword",
  // ".hushignore", ...); empty for a reported finding.
  std::string suppressed_by;
};

// Keeps enough of a secret to recognise it, never enough to use it: prefix and suffix of long
// secrets only.
[[nodiscard]] std::string redact(std::string_view secret);

// Content-based identity: keyed BLAKE2b over rule id and secret, stable across moves and rebases.
[[nodiscard]] std::string fingerprint(std::string_view rule_id, std::string_view secret);

// "login octocat, scopes repo": validation_detail for a line of text; empty when there is none.
[[nodiscard]] std::string validation_detail_text(const Finding& finding);

// Total order used for every report: repository, path, line, column, rule.
[[nodiscard]] bool finding_less(const Finding& a, const Finding& b) noexcept;

}  // namespace hush::scanner
