#pragma once
// An enum's names in one table, read both ways: a value's name for reports and messages, and the
// value a name in a file or on the command line stands for. One table keeps the two directions
// from drifting apart, as two switches could.
#include <cstddef>
#include <optional>
#include <string_view>

namespace hush {

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};

// The first name `table` gives `value` (a table may list other names after it, for parsing);
// `fallback` for a value the table does not list (a value cast from an out-of-range integer).
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr const char* name_of(const EnumName<Enum> (&table)[N], Enum value,
                                            const char* fallback) noexcept {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return fallback;
}

// The first value `table` names `name` (exactly, case included); nullopt for a name it does not list.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> value_named(const EnumName<Enum> (&table)[N],
                                                        std::string_view name) noexcept {
  for (const auto& entry : table)
    if (name == entry.name) return entry.value;
  return std::nullopt;
}

}  // namespace hush
