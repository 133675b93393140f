#pragma once
// The validator functions the registry names. Each takes a rule's secret capture and must give
// an answer for any bytes at all: no assumption about length, alphabet or encoding holds.
#include <string_view>

#include "hush/scanner/validators.hpp"

namespace hush::scanner::detail {

// checksum.cpp
Validation base62_crc32_trailer(std::string_view secret);
Validation grafana_sa_crc32(std::string_view secret);
Validation atlassian_crc32(std::string_view secret);

// bech32.cpp
Validation age_bech32(std::string_view secret);

// jwt.cpp
Validation jwt_structure(std::string_view secret);

// pem.cpp
Validation pem_key_body(std::string_view secret);
Validation base64_pem_key(std::string_view secret);

// ppk.cpp
Validation ppk_private_lines(std::string_view secret);

// nkey.cpp
Validation nkey_seed(std::string_view secret);

// user_password.cpp
Validation base64_user_password(std::string_view secret);

}  // namespace hush::scanner::detail
