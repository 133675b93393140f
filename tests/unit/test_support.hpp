#pragma once
// Helpers shared by unit tests: temporary directories and token generators.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "../support/temp_dir.hpp"
#include "hush/scanner/validators.hpp"

namespace hush::test {

// Everything written to `f` so far (a std::tmpfile() standing in for a terminal or a log sink).
inline std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

using TempDir = hush_test::TempDir;

// A GitHub-format token with a valid checksum, built from the published format.
inline std::string github_token(const std::string& prefix, unsigned seed) {
  static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937 rng(seed);
  std::string random;
  for (int i = 0; i < 30; ++i) random += alphabet[rng() % 62];
  return prefix + random + scanner::base62_encode(scanner::crc32(random), 6);
}

// Base64 of `bytes` (RFC 4648), standard or URL-safe alphabet, with or without padding: fixtures
// for the decoders, built here so a decoder bug cannot hide behind a matching encoder bug.
inline std::string base64(std::string_view bytes, bool url = false, bool pad = true) {
  const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  const std::size_t left = bytes.size() - i;
  if (left > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (left == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (left == 2) out += alphabet[(v >> 6) & 63];
    if (pad) out += left == 2 ? "=" : "==";
  }
  return out;
}

// `text` with the character at `pos` made `to`, or `instead` where it already is `to`: a token
// one character off, for checksum validators.
inline std::string altered(std::string text, std::size_t pos, char to, char instead) {
  text[pos] = text[pos] == to ? instead : to;
  return text;
}

inline std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

// `text` as UTF-16 bytes (surrogate pairs as given), with a byte order mark on request.
inline std::string utf16(std::u16string_view text, bool little_endian, bool bom) {
  std::string out;
  const auto put = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    if (little_endian) out += {lo, hi};
    else out += {hi, lo};
  };
  if (bom) put(0xFEFF);
  for (const char16_t u : text) put(u);
  return out;
}

}  // namespace hush::test
