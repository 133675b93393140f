#pragma once
// Secret references: the URI-like strings that name one secret in a store, and the bulk sources
// that import every secret under a path. Grammar (documented in the README, "hush run"):
//   vault://MOUNT/PATH#KEY[?version=N]      KV v1 or v2, detected per mount
//   ssm:///PARAMETER/NAME                   SSM Parameter Store (SecureStrings decrypted)
//   secretsmanager://NAME[#JSON.KEY]        Secrets Manager; the key selects from a JSON object
//   file://PATH.ejson#KEY                   the encrypted file store; KEY may be dotted
// Bulk sources (--from): vault:MOUNT/PATH, ssm:/PATH/[?recursive], secretsmanager:NAME,
// file:PATH.ejson; any of them may end in ?prefix=APP_ (combined with & after ?recursive).
#include <optional>
#include <string>
#include <string_view>

namespace hush::injector {

enum class Backend { vault, ssm, secrets_manager, file };

[[nodiscard]] const char* backend_name(Backend backend) noexcept;

struct Reference {
  Backend backend = Backend::vault;
  std::string path;  // vault: MOUNT/PATH; ssm: /NAME; secretsmanager: NAME; file: PATH
  std::string key;   // vault and file: required; secretsmanager: optional JSON key
  std::optional<int> version;
  std::string text;  // the reference as written, for messages (it names, never holds, a secret)
};

// nullopt when `value` is not a reference (an ordinary environment value). A value that starts
// like a reference but is malformed is a usage error naming it.
[[nodiscard]] std::optional<Reference> parse_reference(std::string_view value);

struct BulkSource {
  Backend backend = Backend::vault;
  std::string path;
  bool recursive = false;  // ssm only
  std::string prefix;      // prepended to every variable name
  std::string text;
};

[[nodiscard]] BulkSource parse_bulk_source(std::string_view spec);

// The one naming rule for bulk imports: the key's last path segment, every character outside
// [A-Za-z0-9_] replaced by '_', upper-cased, with `prefix` in front; a leading digit gets '_'.
[[nodiscard]] std::string variable_name_for(std::string_view key, std::string_view prefix);

// The one rule for the names hush sets: [A-Za-z_][A-Za-z0-9_]*, the names a POSIX shell can
// assign. Anything else could break out of `export NAME=...` or a .env line, or reach the child
// as a name no program expects.
[[nodiscard]] bool is_valid_variable_name(std::string_view name) noexcept;
// "'<name>' is not a valid variable name (...)", the name made printable.
[[nodiscard]] std::string invalid_variable_name(std::string_view name);
// Throws hush::Error(usage) "<where> <invalid_variable_name>" unless the name is valid.
void require_variable_name(std::string_view name, std::string_view where);

}  // namespace hush::injector
