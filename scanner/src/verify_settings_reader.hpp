#pragma once
// Reads the `[verify]` table of .hush.toml.
#include <string>

#include "config_reader.hpp"
#include "hush/scanner/verify_settings.hpp"

namespace hush::scanner {

[[nodiscard]] VerifySettings read_verify_settings(const toml::table& table, const std::string& origin);

}  // namespace hush::scanner
