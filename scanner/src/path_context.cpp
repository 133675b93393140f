#include "path_context.hpp"

#include <array>
#include <string>

#include "hush/common/text.hpp"

namespace hush::scanner {
namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> words) {
  for (const std::string_view w : words)
    if (s == w) return true;
  return false;
}

bool starts_with(std::string_view s, std::string_view p) noexcept { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool contains(std::string_view s, std::string_view p) noexcept { return s.find(p) != std::string_view::npos; }

FileKind kind_of(std::string_view base, std::string_view ext) {
  if (starts_with(base, ".env") || starts_with(base, "dockerfile") || starts_with(base, "docker-compose") ||
      one_of(base, {"makefile", "procfile", "vagrantfile", "jenkinsfile", ".npmrc", ".pypirc", ".netrc"}))
    return FileKind::config;
  if (one_of(ext, {"py",    "js", "jsx", "ts",    "tsx", "mjs", "cjs",    "go",     "java",   "rb",   "php", "cs",
                   "scala", "kt", "kts", "swift", "c",   "cc",  "cpp",    "cxx",    "h",      "hh",   "hpp", "m",
                   "mm",    "rs", "ex",  "exs",   "hs",  "clj", "cljs",   "groovy", "gradle", "dart", "lua", "pl",
                   "pm",    "r",  "erl", "vb",    "fs",  "vue", "svelte", "coffee", "jl"}))
    return FileKind::code;
  if (one_of(ext,
             {"md", "markdown", "rst", "txt", "adoc", "asciidoc", "html", "htm", "textile", "org", "wiki", "ipynb"}))
    return FileKind::document;
  if (one_of(ext, {"yml",     "yaml",   "json",   "properties", "env",   "ini",    "toml", "conf", "cfg",
                   "xml",     "tf",     "tfvars", "hcl",        "plist", "config", "cnf",  "j2",   "tpl",
                   "erb",     "sh",     "bash",   "zsh",        "ps1",   "psm1",   "bat",  "cmd",  "sql",
                   "example", "sample", "dist",   "template",   "tmpl",  "http",   "rest"}))
    return FileKind::config;
  return FileKind::other;
}

bool test_dir(std::string_view d) {
  return one_of(d, {"t",
                    "test",
                    "tests",
                    "spec",
                    "specs",
                    "__tests__",
                    "__mocks__",
                    "fixture",
                    "fixtures",
                    "testdata",
                    "test-data",
                    "test_data",
                    "testing",
                    "mock",
                    "mocks",
                    "e2e",
                    "integration-tests",
                    "integration_tests",
                    "unit-tests",
                    "unit_tests",
                    "stubs",
                    "fakes",
                    "testutil",
                    "testutils",
                    "test-utils",
                    "testhelpers"}) ||
         ends_with(d, "-test") || ends_with(d, "_test") || ends_with(d, "-tests") || ends_with(d, "_tests") ||
         ends_with(d, "-spec") || ends_with(d, "-fixtures");
}

bool test_file(std::string_view stem_original, std::string_view stem) {
  return starts_with(stem, "test_") || starts_with(stem, "test-") || ends_with(stem, "_test") ||
         ends_with(stem, "-test") || ends_with(stem, ".test") || ends_with(stem, "_spec") || ends_with(stem, "-spec") ||
         ends_with(stem, ".spec") || ends_with(stem, "_tests") || ends_with(stem, ".tests") ||
         ends_with(stem_original, "Test") || ends_with(stem_original, "Tests") || ends_with(stem_original, "Spec") ||
         ends_with(stem_original, "IT") || stem == "conftest" || stem == "tests" || stem == "test";
}

bool example_dir(std::string_view d) {
  return one_of(d, {"example", "examples", "sample", "samples", "demo", "demos", "tutorial", "tutorials", "quickstart",
                    "playground", "sandbox", "template", "templates", "skeleton", "boilerplate", "starter"});
}

bool translation_dir(std::string_view d) {
  return one_of(d, {"locale", "locales", "lang", "langs", "language", "languages", "i18n", "l10n", "translation",
                    "translations", "nls"});
}

}  // namespace

PathContext read_path(std::string_view path) {
  PathContext pc;
  const std::string lowered = ascii_lower(std::string(path));
  const std::string_view lp(lowered);
  const std::size_t slash = lp.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? lp : lp.substr(slash + 1);
  const std::string_view base_original = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  const std::string_view ext = dot == std::string_view::npos || dot == 0 ? std::string_view() : base.substr(dot + 1);
  const std::string_view stem = dot == std::string_view::npos || dot == 0 ? base : base.substr(0, dot);
  const std::string_view stem_original =
      stem.size() <= base_original.size() ? base_original.substr(0, stem.size()) : stem;
  pc.kind = kind_of(base, ext);

  std::size_t start = 0;
  std::string_view parent;
  while (slash != std::string_view::npos && start <= slash) {
    const std::size_t end = lp.find('/', start);
    const std::string_view dir = lp.substr(start, end - start);
    pc.test |= test_dir(dir);
    // com/example/... is a Java package named for documentation, which real code keeps
    pc.example |= example_dir(dir) && !one_of(parent, {"com", "org", "net", "io"});
    pc.translation |= translation_dir(dir);
    parent = dir;
    start = end + 1;
  }
  pc.test |= test_file(stem_original, stem);
  // config.example.yml, .env.sample, settings.dist.php, app.template.json
  for (const std::string_view word : {"example", "sample", ".dist", "template", "tmpl", "skeleton", "demo"})
    pc.example |= contains(base, word);
  pc.translation |= one_of(ext, {"po", "pot", "xlf", "xliff", "strings", "resx", "arb"}) ||
                    starts_with(stem, "messages_") || starts_with(stem, "strings_") || ends_with(stem, "_translations");
  const std::string rooted = "/" + lowered;
  pc.generated = contains(base, ".min.") || ends_with(base, ".map") || contains(base, ".bundle.") ||
                 contains(base, "-bundle.") || contains(rooted, "/.yarn/releases/") || contains(rooted, "/dist/");
  return pc;
}

}  // namespace hush::scanner
