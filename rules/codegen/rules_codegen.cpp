// Build-time tool: parses rules/*.toml with the scanner's own reader and writes them out as C++
// data, so `hush` starts without parsing TOML (reading the pack took a quarter of a pre-commit
// run). Usage: hush_rules_codegen OUTPUT.cpp RULE_FILE...
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hush/common/error.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/rule.hpp"

namespace {

using hush::scanner::Rule;

// Every byte outside printable ASCII, and the quote and backslash, as a three-digit octal escape:
// exact for any bytes, and never merged with a following digit as a hex escape would be.
std::string literal(std::string_view bytes) {
  std::string out = "std::string_view{\"";
  for (const unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    }
  }
  out += "\", " + std::to_string(bytes.size()) + "}";
  return out;
}

std::string number(const std::optional<double>& value) {
  if (!value) return "std::nullopt";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *value);
  return buf;
}

class Writer {
 public:
  // Appends the strings to the shared pool and returns their span's initializer.
  std::string span(const std::vector<std::string>& items) {
    const std::size_t first = pool_.size();
    for (const auto& item : items) pool_.push_back(literal(item));
    return "{" + std::to_string(first) + ", " + std::to_string(items.size()) + "}";
  }

  std::string verifier(const hush::scanner::RuleVerifier& v) {
    const auto named = [](const std::vector<hush::scanner::NamedText>& items) {
      std::vector<std::string> flat;
      for (const auto& item : items) {
        flat.push_back(item.name);
        flat.push_back(item.text);
      }
      return flat;
    };
    const auto statuses = [](const std::vector<int>& codes) {
      std::vector<std::string> flat;
      for (int code : codes) flat.push_back(std::to_string(code));
      return flat;
    };
    return literal(v.method) + ", " + literal(v.provider) + ", " + literal(v.url) + ", " + literal(v.body) + ", " +
           literal(v.live_if) + ", " + span(named(v.headers)) + ", " + span(v.basic_auth) + ", " +
           span(statuses(v.live)) + ", " + span(statuses(v.invalid)) + ", " + span(named(v.details)) + ", " +
           span(v.skip_prefixes) + ", " + literal(v.skip_reason) + ", " + literal(v.partner) + ", " +
           literal(v.partner_name) + ", " + literal(v.builtin);
  }

  void add(const Rule& r) {
    // The reader of rules/*.toml never sets these; a rule file that could would need them here.
    if (!r.path.empty() || r.path_only || r.require_keyword || !r.allow.commits.empty() || !r.allow.conditional.empty())
      throw hush::Error(hush::ErrorKind::config, "rule '" + r.id + "' uses a field the code generator does not carry");
    std::ostringstream row;
    row << "  {" << literal(r.id) << ", " << literal(r.name) << ", " << literal(r.description) << ", "
        << literal(r.regex) << ", " << literal(r.prefilter) << ", " << literal(r.validator) << ", " << literal(r.family)
        << ", " << literal(r.source_file) << ", " << r.secret_group << ", " << r.source_line
        << ", Severity::" << hush::scanner::severity_name(r.severity)
        << ", Confidence::" << hush::scanner::confidence_name(r.confidence)
        << ", Field::" << hush::scanner::field_name(r.assignment) << ", " << number(r.entropy) << ", "
        << number(r.entropy_margin) << ", " << span(r.keywords) << ", " << span(r.examples) << ", "
        << span(r.negative_examples) << ", " << span(r.low_examples) << ", " << span(r.allow.paths) << ", "
        << span(r.allow.regexes) << ", " << span(r.allow.stopwords) << ", " << verifier(r.verify) << "},\n";
    rows_.push_back(row.str());
  }

  [[nodiscard]] std::string text() const {
    std::string out =
        "// Generated from rules/*.toml by rules/codegen at build time; edit those files instead.\n"
        "#include \"builtin_table.hpp\"\n\n"
        "namespace hush::rules::detail {\n\n"
        "using scanner::Confidence;\n"
        "using scanner::Field;\n"
        "using scanner::Severity;\n\n";
    out += "const std::string_view builtin_strings[] = {\n";
    for (const auto& s : pool_) out += "  " + s + ",\n";
    if (pool_.empty()) out += "  {},\n";
    out += "};\n\nconst BuiltinRule builtin_table[] = {\n";
    for (const auto& row : rows_) out += row;
    out += "};\n\nconst std::size_t builtin_count = " + std::to_string(rows_.size()) + ";\n\n";
    out += "}  // namespace hush::rules::detail\n";
    return out;
  }

 private:
  std::vector<std::string> pool_;
  std::vector<std::string> rows_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw hush::Error(hush::ErrorKind::config, path.string() + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: hush_rules_codegen OUTPUT.cpp RULE_FILE...\n");
    return 2;
  }
  try {
    Writer writer;
    for (int i = 2; i < argc; ++i) {
      const std::filesystem::path file(argv[i]);
      const std::string name = file.filename().string();
      for (const Rule& rule :
           hush::scanner::parse_rules(read_file(file), "builtin:rules/" + name, file.stem().string()))
        writer.add(rule);
    }
    const std::filesystem::path output(argv[1]);
    const std::string text = writer.text();
    // Rewrite only on change, so an edit that leaves the data alone recompiles nothing.
    std::error_code ec;
    if (std::filesystem::exists(output, ec) && read_file(output) == text) return 0;
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw hush::Error(hush::ErrorKind::runtime, output.string() + ": cannot write");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hush_rules_codegen: %s\n", e.what());
    return 1;
  }
}
