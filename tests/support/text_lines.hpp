#pragma once
// The lines of a text (reports, logs), without their '\n', for tests that compare line by line.
#include <sstream>
#include <string>
#include <vector>

namespace hush_test {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace hush_test
