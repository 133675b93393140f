#pragma once
// Checksum and structure checks that turn a regex match into a confident finding. A rule names
// its validator; a secret that fails it is not reported. A validator may also give no verdict
// (none): the finding is then weighed like one of a rule without a validator.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hush::scanner {

enum class Validation { none, passed, failed };

using ValidatorFn = Validation (*)(std::string_view secret);

struct ValidatorInfo {
  std::string_view name;
  ValidatorFn fn;
  std::string_view passed_label;  // what a passing finding's "validation" field says
  std::string_view description;
};

[[nodiscard]] const ValidatorInfo* find_validator(std::string_view name) noexcept;
[[nodiscard]] std::span<const ValidatorInfo> all_validators() noexcept;

// Building blocks, public for tests and for the token generators in bench/.
[[nodiscard]] std::uint32_t crc32(std::string_view bytes) noexcept;
[[nodiscard]] std::string base62_encode(std::uint64_t value, std::size_t width);
// The 8 hex digits Grafana appends to a service-account token: `key` is everything before them
// and their '_' ("glsa_" + 32 random characters).
[[nodiscard]] std::string grafana_checksum(std::string_view key);

}  // namespace hush::scanner
