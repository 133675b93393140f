#pragma once
#include <cstddef>
#include <string_view>

namespace hush::rules::detail {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

extern const EmbeddedFile embedded_files[];
extern const std::size_t embedded_file_count;

}  // namespace hush::rules::detail
