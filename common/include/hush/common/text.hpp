#pragma once
// Small text helpers shared by configuration, rule and command-line parsing.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hush {

// "10MiB", "512k", "4096", "1G" (binary units, case-insensitive) -> bytes; nullopt when the text
// is not a positive size or overflows.
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view text) noexcept;

[[nodiscard]] std::string ascii_lower(std::string text);
// Equal ignoring ASCII case (header names, profile names): no locale involved.
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b) noexcept;
// Without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r): no locale involved.
[[nodiscard]] std::string_view trim_ascii_space(std::string_view text) noexcept;

// Whole file as bytes in one allocation and as few reads as the kernel allows; nullopt when it
// cannot be opened or read.
[[nodiscard]] std::optional<std::string> read_file_bytes(const std::filesystem::path& path);

// Whole file as bytes; throws hush::Error(config) naming the file when it cannot be read, since
// every caller reads a file the user pointed hush at (rules, configuration, baselines).
[[nodiscard]] std::string read_config_file(const std::filesystem::path& path);

}  // namespace hush
