#include "hush/rules/builtin.hpp"

#include <string>

#include "embedded_rules.hpp"
#include "hush/scanner/config.hpp"

namespace hush::rules {

std::vector<scanner::Rule> builtin_rules() {
  std::vector<scanner::Rule> all;
  for (std::size_t i = 0; i < detail::embedded_file_count; ++i) {
    const auto& file = detail::embedded_files[i];
    std::string family(file.name.substr(0, file.name.rfind('.')));
    auto rules = scanner::parse_rules(file.text, "builtin:rules/" + std::string(file.name), family);
    all.insert(all.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
  }
  return all;
}

}  // namespace hush::rules
