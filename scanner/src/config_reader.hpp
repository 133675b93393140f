#pragma once
// Typed access to one TOML table with every problem reported as "file:line: what is wrong".
// Shared by the hush and gitleaks configuration readers.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "hush/common/toml.hpp"

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner {

// Rule ids appear in reports, baselines and file names: a conservative alphabet keeps them safe.
inline bool valid_rule_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

inline long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// Reads TOML with toml++'s own error position turned into the common file:line format.
inline toml::table parse_toml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw_config_error(origin, static_cast<long>(e.source().begin.line),
                       "invalid TOML: " + std::string(e.description()));
  }
}

class TableReader {
 public:
  TableReader(const toml::table& table, std::string origin, std::string what)
      : table_(table), origin_(std::move(origin)), what_(std::move(what)) {}

  // Keys not in `known`, in document order.
  std::vector<std::string> unknown(const std::vector<std::string_view>& known) const {
    std::vector<std::string> out;
    for (const auto& [key, node] : table_)
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) out.emplace_back(key.str());
    return out;
  }

  // Every key must be consumed; anything left over is a typo the user wants to hear about.
  void reject_unknown(const std::vector<std::string_view>& known) const {
    for (const auto& key : unknown(known))
      throw_config_error(origin_, line_of(*table_.get(key)),
                         "unknown key '" + key + "' in " + what_ +
                             did_you_mean(key, std::vector<std::string>(known.begin(), known.end())));
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>()) return *v;
    fail(*node, key, "a string");
  }

  std::optional<std::int64_t> integer(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (node->is_integer()) return node->value<std::int64_t>();
    fail(*node, key, "an integer");
  }

  std::optional<double> number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (node->is_floating_point() || node->is_integer()) return node->value<double>();
    fail(*node, key, "a number");
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<bool>()) return *v;
    fail(*node, key, "true or false");
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table_.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) fail(*node, key, "an array of strings");
    for (const auto& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) fail(item, key, "an array of strings");
      out.push_back(*v);
    }
    return out;
  }

  const toml::table* table(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    fail(*node, key, "a table");
  }

  // The tables of an array of tables ([[key]]); empty when the key is absent.
  std::vector<const toml::table*> tables(std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = table_.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) fail(*node, key, "an array of tables ([[" + std::string(key) + "]])");
    for (const auto& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) fail(item, key, "an array of tables ([[" + std::string(key) + "]])");
      out.push_back(t);
    }
    return out;
  }

  [[noreturn]] void fail(const toml::node& node, std::string_view key, const std::string& expected) const {
    throw_config_error(origin_, line_of(node), "'" + std::string(key) + "' in " + what_ + " must be " + expected);
  }

  const std::string& origin() const { return origin_; }
  const toml::table& raw() const { return table_; }

 private:
  const toml::table& table_;
  std::string origin_;
  std::string what_;
};

}  // namespace hush::scanner
