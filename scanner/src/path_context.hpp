#pragma once
// What a path says about the content of its file, for the confidence decision: the kind of file,
// and whether it holds tests, examples, translations or generated code.
#include <string_view>

namespace hush::scanner {

enum class FileKind {
  code,      // a program: an unquoted value is a name, not a literal
  config,    // configuration, data, environment and build files
  document,  // prose: Markdown, reStructuredText, HTML, text
  other,
};

struct PathContext {
  FileKind kind = FileKind::other;
  bool test = false;         // tests, fixtures, mocks, test data
  bool example = false;      // examples, samples, demos, templates (.env.example, config.sample.yml)
  bool translation = false;  // translated UI strings (locales, .po, messages_*.properties)
  bool generated = false;    // minified or bundled code
};

[[nodiscard]] PathContext read_path(std::string_view path);

}  // namespace hush::scanner
