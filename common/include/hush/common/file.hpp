#pragma once
// Reading whole files.
#include <filesystem>
#include <optional>
#include <string>

namespace hush {

// Whole file as bytes in one allocation and as few reads as the kernel allows; nullopt when it
// cannot be opened or read.
[[nodiscard]] std::optional<std::string> read_file_bytes(const std::filesystem::path& path);

// Whole file as bytes; throws hush::Error(config) naming the file when it cannot be read, since
// every caller reads a file the user pointed hush at (rules, configuration, baselines).
[[nodiscard]] std::string read_config_file(const std::filesystem::path& path);

}  // namespace hush
