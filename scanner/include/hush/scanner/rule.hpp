#pragma once
// A secret signature as written in a rule file (format: README, "Rules").
#include <optional>
#include <string>
#include <vector>

namespace hush::scanner {

enum class Severity { info, low, medium, high, critical };

[[nodiscard]] const char* severity_name(Severity s) noexcept;
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text) noexcept;

// How likely a finding is to be a live secret (README, "Confidence"): high for a validated
// checksum or structure and for a provider's token format, medium for a random-looking value
// assigned to a secret-named field, low when the evidence is weak (a dictionary word, a test
// fixture). Ordered, so that `c >= Confidence::medium` reads as "medium or more".
enum class Confidence { low, medium, high };

[[nodiscard]] const char* confidence_name(Confidence c) noexcept;

// The fields an assignment rule reads values of: passwords, or the other secrets (keys, tokens,
// client secrets), whose values look different.
enum class Field { none, password, secret };

[[nodiscard]] const char* field_name(Field f) noexcept;
[[nodiscard]] std::optional<Field> parse_field(std::string_view text) noexcept;
[[nodiscard]] std::optional<Confidence> parse_confidence(std::string_view text) noexcept;

// What a conditional allowlist's regexes look at.
enum class AllowTarget { secret, match, line };

// An allowlist as gitleaks writes them: its regexes may look at the whole match or line, and with
// `match_all` a finding is dropped only when every criterion it names holds (gitleaks' AND).
struct ConditionalAllowlist {
  bool match_all = false;
  AllowTarget target = AllowTarget::secret;
  std::vector<std::string> paths;
  std::vector<std::string> regexes;
  std::vector<std::string> stopwords;

  friend bool operator==(const ConditionalAllowlist&, const ConditionalAllowlist&) = default;
};

// Allowlist entries: a finding is dropped when its path matches one of `paths`, its secret matches
// one of `regexes`, its secret contains one of `stopwords` (case-insensitive), it was introduced
// by one of `commits` (full or abbreviated ids; Git scans only), or one of `conditional` holds.
struct Allowlist {
  std::vector<std::string> paths;
  std::vector<std::string> regexes;
  std::vector<std::string> stopwords;
  std::vector<std::string> commits;
  std::vector<ConditionalAllowlist> conditional;

  [[nodiscard]] bool empty() const noexcept {
    return paths.empty() && regexes.empty() && stopwords.empty() && commits.empty() && conditional.empty();
  }

  friend bool operator==(const Allowlist&, const Allowlist&) = default;
};

// A name and a text, in the order the rule file gives them (headers, reported details).
struct NamedText {
  std::string name;
  std::string text;

  friend bool operator==(const NamedText&, const NamedText&) = default;
};

// How to ask the provider whether a found secret is live (`[rule.verify]`, README
// "Verification"): a request that reads and changes nothing. `{secret}` in a header, the body or
// the basic-auth pair stands for the secret; in the URL it may appear only in the path, which
// log lines then show as the template.
struct RuleVerifier {
  std::string method;  // empty: the rule has no verifier
  // Names the provider for its limits and its --verify-endpoint; by default the rule id up to its
  // first '-' ("github-pat": github).
  std::string provider;
  // https only, or "{endpoint}/path" for a service only the user knows the host of (Vault,
  // Databricks, Grafana): then asked only when the provider's endpoint is given.
  std::string url;
  std::vector<NamedText> headers;       // values are templates
  std::vector<std::string> basic_auth;  // empty, or user and password templates
  std::string body;                     // template
  std::vector<int> live;                // statuses that mean the secret works
  std::vector<int> invalid;             // statuses that mean it does not
  std::string live_if;                  // JSON pointer a live answer must hold, not false or null; else invalid
  // What the answer says that is safe to show: name -> "/json/pointer", "header:NAME" or
  // "xml:ELEMENT" (the first such element of an XML answer).
  std::vector<NamedText> details;
  // Secrets of the rule starting with one of these are not asked about (a kind of token no
  // read-only request accepts): unknown, with skip_reason.
  std::vector<std::string> skip_prefixes;
  std::string skip_reason;
  // A pair's other half: a regex whose first group is the value the secret is verified with (a
  // Twilio account SID, an AWS access key id, a service account's email), taken from its match
  // nearest to the secret in the same file or blob. It fills {partner} in the request; a finding
  // without one is unknown, the reason naming `partner_name`.
  std::string partner;
  std::string partner_name;
  // A request hush builds in code, for signatures and token exchanges: "aws-sts" or
  // "gcp-service-account" (method and url then only say where it goes).
  std::string builtin;

  [[nodiscard]] bool empty() const noexcept { return method.empty(); }
  friend bool operator==(const RuleVerifier&, const RuleVerifier&) = default;
};

struct Rule {
  std::string id;
  std::string name;
  std::string regex;
  // Optional regex Hyperscan searches for instead of `regex`, for a rule whose own regex slows the
  // shared database down. It must match, ending at the same offset, wherever `regex` matches; it
  // may match more often, PCRE2 confirms every candidate with `regex` (README, "Rules").
  std::string prefilter;
  unsigned secret_group = 0;  // 0 = the whole match
  std::vector<std::string> keywords;
  std::optional<double> entropy;  // minimum Shannon entropy, bits per byte
  // Maximum shortfall, in bits per byte, of the secret's entropy below the average entropy of
  // random strings of its length and character classes (see random_string_entropy).
  std::optional<double> entropy_margin;
  std::string path;              // regex: when set, the rule applies only to matching paths
  bool path_only = false;        // the rule reports files whose path matches, whatever they hold
  bool require_keyword = false;  // report only in files that contain one of `keywords`
  std::string validator;         // empty = none
  Severity severity = Severity::medium;
  // What a finding of this rule is worth on its own; its context may lower it (never above this).
  Confidence confidence = Confidence::high;
  // The secret is a value given to a field of this kind: its name, quoting and shape are weighed
  // (confidence.hpp), and a value that is part of a longer string or an expression is dropped.
  Field assignment = Field::none;
  std::string family;  // provider family, defaults to the rule file's stem
  std::string description;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;
  std::vector<std::string> low_examples;  // must be found, at low confidence only
  Allowlist allow;
  RuleVerifier verify;

  // Where the rule came from, for error messages.
  std::string source_file;
  long source_line = 0;

  friend bool operator==(const Rule&, const Rule&) = default;
};

}  // namespace hush::scanner
