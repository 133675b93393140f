#pragma once
// One hush.toml can hold both what `hush scan` reads and what `hush run`, `env` and `get` read,
// so a project keeps one file and HUSH_CONFIG names it for every command. Each reader skips the
// other's top-level keys and still refuses a key that is nobody's.
#include <string_view>
#include <vector>

namespace hush {

inline const std::vector<std::string_view>& scan_config_keys() {
  static const std::vector<std::string_view> keys = {
      "builtin_rules", "disabled_rules", "exclude", "gitignore", "min_confidence", "limits", "verify", "allow", "rule"};
  return keys;
}

inline const std::vector<std::string_view>& run_config_keys() {
  static const std::vector<std::string_view> keys = {"env", "from", "run", "vault", "aws", "file"};
  return keys;
}

}  // namespace hush
