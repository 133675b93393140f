#pragma once
// Text armour around key material: "-----BEGIN <label>-----", optional "Name: value" headers,
// base64 lines, "-----END <label>-----". Keys are found in files as written and inside string
// literals (JSON, YAML, .env), where the line breaks are the two characters '\' 'n'.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/validators.hpp"

namespace hush::scanner::detail {

struct Armour {
  std::string_view label;
  std::vector<std::string_view> headers;  // leading lines holding a ':'
  std::vector<std::string_view> data;     // every later non-empty line, trimmed
};

// std::nullopt unless `text` starts with a BEGIN line and holds the END line of the same label.
[[nodiscard]] std::optional<Armour> parse_armour(std::string_view text);

// The lines joined and decoded as standard base64.
[[nodiscard]] std::optional<std::string> decode_lines(std::span<const std::string_view> lines);

// pgp.cpp: an OpenPGP armoured transferable secret key.
[[nodiscard]] Validation pgp_secret_key(const Armour& armour);

}  // namespace hush::scanner::detail
