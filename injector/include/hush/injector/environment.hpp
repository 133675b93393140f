#pragma once
// Assembles the child's environment: the inherited variables, minus hush's own credentials,
// plus bulk imports, with every reference replaced by its secret. Fails closed: one unresolved
// reference (not allowed to be missing) fails the whole assembly, naming every failure.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/injector/reference.hpp"
#include "hush/injector/secret_store.hpp"

namespace hush::injector {

enum class Precedence { error, first_wins, last_wins };

struct EnvironmentSpec {
  std::vector<std::pair<std::string, std::string>> inherited;  // the process environment, in order
  std::vector<std::pair<std::string, std::string>> declared;   // hush.toml [env] and --env-file entries
  std::vector<BulkSource> bulk;                                // --from and [[from]], in order
  Precedence precedence = Precedence::error;                   // between bulk sources and declared values
  bool allow_missing_all = false;
  std::set<std::string> allow_missing;  // variable names whose reference may fail
  bool pass_auth_env = false;           // keep VAULT_TOKEN, AWS keys, ... for the child
  bool overwrite_env = false;           // let bulk imports replace inherited variables
};

struct EnvEntry {
  std::string name;
  SecretBuffer value;
  bool secret = false;  // came from a store (masked in `hush env`, masked in output)
  std::string origin;   // "inherited", a reference text or a bulk source text
  std::optional<LeaseInfo> lease;
};

struct ResolvedEnvironment {
  std::vector<EnvEntry> entries;      // sorted by name
  std::vector<std::string> warnings;  // allowed-missing references that failed (names, reasons)

  // Constant-time, order-independent comparison: did a refresh really change anything?
  [[nodiscard]] bool same_as(const ResolvedEnvironment& other) const;
  [[nodiscard]] const EnvEntry* find(std::string_view name) const;
};

// The variables that authenticate hush itself and are withheld from the child by default.
[[nodiscard]] bool is_auth_variable(std::string_view name);

// Variables that make the dynamic loader, the C library or a shell load, run or read what their
// value names (LD_*, GCONV_PATH, GLIBC_TUNABLES, BASH_ENV, ...). A bulk import never sets them:
// whoever can write a key into the store would decide what code the child runs.
[[nodiscard]] bool is_loader_variable(std::string_view name);

// Throws hush::Error(usage) for a declared name that is not a valid variable name or a malformed
// reference (before any store is asked), and hush::Error(runtime) listing each failed
// reference: "NAME (vault://...): permission denied: ...". Bulk imports fail when a key maps to
// no valid name or to a loader variable, and when it would replace an inherited variable
// without overwrite_env.
[[nodiscard]] ResolvedEnvironment resolve_environment(const EnvironmentSpec& spec, StoreProvider& stores,
                                                      Clock::time_point deadline);

}  // namespace hush::injector
