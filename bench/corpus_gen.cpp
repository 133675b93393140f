// hush_corpus_gen: writes a deterministic, source-like corpus for the scanner benchmarks.
//
//   hush_corpus_gen [--files N] [--secrets-per-mib K] OUTPUT SIZE_MIB SEED
//
// Without --files, OUTPUT is one file of SIZE_MIB MiB made of concatenated "files" (C, Python,
// JavaScript, Go, YAML, JSON, .env, Markdown), each preceded by a marker line. With --files N,
// OUTPUT is a directory that receives N files (in nested folders) totalling about SIZE_MIB MiB.
// The same seed always gives the same bytes. A few fake secrets are planted (tokens generated here
// from public format facts, never real); their count per kind is printed on stderr.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/validators.hpp"

namespace {

// xoshiro256** seeded by splitmix64: fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) for n < 2^32 (Lemire's multiply-shift; the tiny bias is irrelevant here).
  std::size_t below(std::size_t n) noexcept {
    return static_cast<std::size_t>(((next() >> 32) * static_cast<std::uint32_t>(n)) >> 32);
  }
  std::size_t range(std::size_t lo, std::size_t hi) noexcept { return lo + below(hi - lo + 1); }
  bool chance(unsigned percent) noexcept { return below(100) < percent; }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& items) noexcept {
    return items[below(N)];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

constexpr std::string_view upper_b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view hexdig = "0123456789abcdef";
constexpr std::string_view digits = "0123456789";

using sv = std::string_view;

constexpr std::array<sv, 64> words = {
    "user",    "account", "request", "response", "buffer", "index",  "count",   "value",   "config",  "handler",
    "session", "cache",   "client",  "server",   "queue",  "worker", "event",   "message", "payload", "header",
    "record",  "entry",   "node",    "tree",     "path",   "file",   "stream",  "reader",  "writer",  "parser",
    "token",   "state",   "context", "result",   "error",  "status", "timeout", "retry",   "limit",   "offset",
    "length",  "size",    "name",    "id",       "key",    "item",   "list",    "map",     "set",     "table",
    "row",     "column",  "query",   "filter",   "sort",   "page",   "batch",   "job",     "task",    "metric",
    "logger",  "policy",  "schema",  "version"};
constexpr std::array<sv, 24> verbs = {"get",    "set",   "load",   "save",     "parse",  "build",  "create", "update",
                                      "delete", "find",  "handle", "process",  "read",   "write",  "open",   "close",
                                      "init",   "reset", "check",  "validate", "encode", "decode", "fetch",  "emit"};
constexpr std::array<sv, 40> prose = {
    "the",  "a",     "this",    "function", "returns",  "when",   "if",          "is",      "not",     "should",
    "will", "be",    "called",  "with",     "and",      "or",     "of",          "to",      "in",      "for",
    "on",   "every", "value",   "before",   "after",    "caller", "owns",        "memory",  "thread",  "safe",
    "only", "once",  "retries", "until",    "deadline", "cache",  "invalidated", "request", "handled", "here"};
constexpr std::array<sv, 12> c_types = {"int",           "size_t", "char *", "const char *", "uint32_t", "uint64_t",
                                        "struct node *", "void *", "bool",   "double",       "ssize_t",  "long"};
constexpr std::array<sv, 12> go_types = {"int",      "string",  "[]byte",          "error",         "bool",
                                         "int64",    "*Config", "context.Context", "time.Duration", "map[string]string",
                                         "[]string", "uint32"};
constexpr std::array<sv, 10> env_names = {"PORT",          "LOG_LEVEL", "NODE_ENV", "DATABASE_HOST", "REDIS_URL",
                                          "FEATURE_FLAGS", "WORKERS",   "TZ",       "APP_NAME",      "METRICS_ADDR"};
constexpr std::array<sv, 10> env_values = {
    "8080",        "info", "production", "db.internal",    "redis://cache:6379/0",
    "beta,search", "4",    "UTC",        "orders-service", "0.0.0.0:9100"};

// Recognisable placeholders that should not be reported as secrets.
constexpr std::array<sv, 6> placeholders = {"changeme", "<your-password>", "${DB_PASSWORD}",
                                            "example",  "xxxxxxxx",        "REPLACE_ME"};

enum class Lang { c, python, js, go, yaml, json, env, markdown };
constexpr std::array<Lang, 8> langs = {Lang::c,    Lang::python, Lang::js,  Lang::go,
                                       Lang::yaml, Lang::json,   Lang::env, Lang::markdown};
// Relative weights: code dominates, as in a real repository.
constexpr std::array<unsigned, 8> lang_weight = {18, 18, 20, 14, 8, 10, 3, 9};
constexpr std::array<sv, 8> lang_ext = {".c", ".py", ".js", ".go", ".yaml", ".json", ".env", ".md"};

class Generator {
 public:
  Generator(std::uint64_t seed, double secrets_per_mib) : rng_(seed), secrets_per_mib_(secrets_per_mib) {}

  Lang pick_lang() {
    unsigned total = 0;
    for (unsigned w : lang_weight) total += w;
    std::size_t r = rng_.below(total);
    for (std::size_t i = 0; i < langs.size(); ++i) {
      if (r < lang_weight[i]) return langs[i];
      r -= lang_weight[i];
    }
    return Lang::c;
  }

  // Appends one file's content of roughly `target` bytes.
  void file(std::string& out, Lang lang, std::size_t target) {
    const std::size_t begin = out.size();
    while (out.size() - begin < target) {
      maybe_plant(out, lang);
      switch (lang) {
        case Lang::c:
          c_block(out);
          break;
        case Lang::python:
          py_block(out);
          break;
        case Lang::js:
          js_block(out);
          break;
        case Lang::go:
          go_block(out);
          break;
        case Lang::yaml:
          yaml_block(out);
          break;
        case Lang::json:
          json_block(out);
          break;
        case Lang::env:
          env_block(out);
          break;
        case Lang::markdown:
          md_block(out);
          break;
      }
    }
  }

  std::string file_name(Lang lang) {
    std::string name;
    name += rng_.pick(verbs);
    name += '_';
    name += rng_.pick(words);
    name += std::to_string(rng_.below(1000));
    name += lang_ext[static_cast<std::size_t>(lang)];
    if (lang == Lang::env) name = ".env." + std::string(rng_.pick(words));
    return name;
  }

  Rng& rng() noexcept { return rng_; }
  const std::map<std::string, std::uint64_t>& planted() const noexcept { return planted_; }

 private:
  // ---- random pieces -------------------------------------------------------------------------
  void chars(std::string& out, sv alphabet, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out += alphabet[rng_.below(alphabet.size())];
  }
  std::string str(sv alphabet, std::size_t n) {
    std::string s;
    chars(s, alphabet, n);
    return s;
  }
  void snake(std::string& out) {
    out += rng_.pick(verbs);
    out += '_';
    out += rng_.pick(words);
    if (rng_.chance(30)) {
      out += '_';
      out += rng_.pick(words);
    }
  }
  void camel(std::string& out) {
    out += rng_.pick(verbs);
    sv w = rng_.pick(words);
    out += static_cast<char>(w[0] - 32);
    out += w.substr(1);
    if (rng_.chance(30)) {
      sv w2 = rng_.pick(words);
      out += static_cast<char>(w2[0] - 32);
      out += w2.substr(1);
    }
  }
  void sentence(std::string& out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (i) out += ' ';
      out += rng_.pick(prose);
    }
  }
  void uuid(std::string& out) {
    chars(out, hexdig, 8);
    out += '-';
    chars(out, hexdig, 4);
    out += "-4";
    chars(out, hexdig, 3);
    out += '-';
    out += "89ab"[rng_.below(4)];
    chars(out, hexdig, 3);
    out += '-';
    chars(out, hexdig, 12);
  }
  void b64(std::string& out, std::size_t n) {
    chars(out, base64, n);
    if (n % 4 == 2) out += "==";
    if (n % 4 == 3) out += '=';
  }
  void num(std::string& out, std::size_t max) { out += std::to_string(rng_.below(max)); }

  // ---- planted fake secrets ------------------------------------------------------------------
  void maybe_plant(std::string& out, Lang lang) {
    // A block is ~280 bytes on average, so this gives about secrets_per_mib per MiB.
    const double per_block = secrets_per_mib_ * 280.0 / (1024.0 * 1024.0);
    if (static_cast<double>(rng_.below(1'000'000)) >= per_block * 1'000'000.0) return;
    const std::size_t kind = rng_.below(6);
    std::string value;
    std::string kind_name;
    switch (kind) {
      case 0: {
        kind_name = "aws-access-key-id";
        value = "AKIA" + str(upper_b32, 16);
        break;
      }
      case 1: {
        kind_name = "github-pat";
        const std::string random = str(base62, 30);
        value = "ghp_" + random + hush::scanner::base62_encode(hush::scanner::crc32(random), 6);
        break;
      }
      case 2: {
        kind_name = "slack-bot-token";
        value =
            "xoxb-" + str(digits, rng_.range(10, 13)) + '-' + str(digits, rng_.range(10, 13)) + '-' + str(base62, 24);
        break;
      }
      case 3: {
        kind_name = "generic-password";
        value = str(base62, 16);
        break;
      }
      case 4: {
        kind_name = "aws-secret-access-key";
        value = str(base64.substr(0, 62), 20) + '/' + str(base62, 19);  // 40 chars of [A-Za-z0-9/+]
        break;
      }
      default: {
        kind_name = "private-key";
        break;
      }
    }
    ++planted_[kind_name];
    if (kind_name == "private-key") {
      out += "-----BEGIN RSA PRIVATE KEY-----\n";
      for (int i = 0; i < 12; ++i) {
        chars(out, base64, 64);
        out += '\n';
      }
      out += "-----END RSA PRIVATE KEY-----\n";
      return;
    }
    const bool is_password = kind_name == "generic-password";
    const bool is_aws_secret = kind_name == "aws-secret-access-key";
    switch (lang) {
      case Lang::env:
        out += is_password ? "DB_PASSWORD=" : is_aws_secret ? "AWS_SECRET_ACCESS_KEY=" : "API_TOKEN_VALUE=";
        out += value;
        out += '\n';
        break;
      case Lang::yaml:
        out += is_password ? "  password: \"" : is_aws_secret ? "  aws_secret_access_key: \"" : "  credential: \"";
        out += value;
        out += "\"\n";
        break;
      case Lang::json:
        out += is_password     ? "  \"db_password\": \""
               : is_aws_secret ? "  \"aws_secret_access_key\": \""
                               : "  \"credential\": \"";
        out += value;
        out += "\",\n";
        break;
      case Lang::python:
        out += is_password ? "DB_PASSWORD = \"" : is_aws_secret ? "AWS_SECRET_ACCESS_KEY = \"" : "CREDENTIAL = \"";
        out += value;
        out += "\"\n";
        break;
      case Lang::go:
        out += is_password ? "\tdbPassword := \"" : is_aws_secret ? "\tawsSecretAccessKey := \"" : "\tcred := \"";
        out += value;
        out += "\"\n";
        break;
      case Lang::js:
        out += is_password ? "const password = '" : is_aws_secret ? "const aws_secret_key = '" : "const credential = '";
        out += value;
        out += "';\n";
        break;
      case Lang::c:
        out += is_password     ? "static const char *db_password = \""
               : is_aws_secret ? "static const char *aws_secret_key = \""
                               : "static const char *cred = \"";
        out += value;
        out += "\";\n";
        break;
      case Lang::markdown:
        out += is_password ? "Use `password=" : is_aws_secret ? "Export `AWS_SECRET_ACCESS_KEY=" : "Use the token `";
        out += value;
        out += "` to log in.\n";
        break;
    }
  }

  // ---- languages -----------------------------------------------------------------------------
  void c_block(std::string& out) {
    switch (rng_.below(8)) {
      case 0:
        out += "#include <";
        out += rng_.pick(words);
        out += ".h>\n";
        return;
      case 1:
        out += "/* ";
        sentence(out, rng_.range(6, 18));
        out += ".\n * ";
        sentence(out, rng_.range(6, 18));
        out += ".\n */\n";
        return;
      case 2:
        out += "#define ";
        for (char ch : rng_.pick(words)) out += static_cast<char>(ch - 32);
        out += "_MAX ";
        num(out, 65536);
        out += '\n';
        return;
      default:
        break;
    }
    out += "static ";
    out += rng_.pick(c_types);
    out += ' ';
    snake(out);
    out += '(';
    out += rng_.pick(c_types);
    out += ' ';
    out += rng_.pick(words);
    out += ", size_t n) {\n";
    const std::size_t body = rng_.range(3, 12);
    for (std::size_t i = 0; i < body; ++i) {
      switch (rng_.below(5)) {
        case 0:
          out += "    if (";
          out += rng_.pick(words);
          out += "->";
          out += rng_.pick(words);
          out += " > n)\n        return -EINVAL;\n";
          break;
        case 1:
          out += "    for (size_t i = 0; i < n; ++i) ";
          out += rng_.pick(words);
          out += "[i] = ";
          snake(out);
          out += "(i);\n";
          break;
        case 2:
          out += "    memcpy(";
          out += rng_.pick(words);
          out += ", ";
          out += rng_.pick(words);
          out += "->data, sizeof(*";
          out += rng_.pick(words);
          out += "));\n";
          break;
        case 3:
          out += "    // ";
          sentence(out, rng_.range(4, 12));
          out += '\n';
          break;
        default:
          out += "    ";
          out += rng_.pick(words);
          out += " = ";
          snake(out);
          out += '(';
          out += rng_.pick(words);
          out += ", ";
          num(out, 4096);
          out += ");\n";
          break;
      }
    }
    out += "    return 0;\n}\n\n";
  }

  void py_block(std::string& out) {
    switch (rng_.below(7)) {
      case 0:
        out += "import ";
        out += rng_.pick(words);
        out += "\nfrom ";
        out += rng_.pick(words);
        out += " import ";
        snake(out);
        out += '\n';
        return;
      case 1:
        out += "# ";
        sentence(out, rng_.range(5, 14));
        out += '\n';
        return;
      case 2:
        out += "CHECKSUM_SHA256 = \"";
        chars(out, hexdig, 64);
        out += "\"\n";
        return;
      default:
        break;
    }
    out += "def ";
    snake(out);
    out += "(self, ";
    out += rng_.pick(words);
    out += ", ";
    out += rng_.pick(words);
    out += "=None):\n    \"\"\"";
    sentence(out, rng_.range(5, 14));
    out += ".\"\"\"\n";
    const std::size_t body = rng_.range(2, 9);
    for (std::size_t i = 0; i < body; ++i) {
      switch (rng_.below(4)) {
        case 0:
          out += "    if ";
          out += rng_.pick(words);
          out += " is None:\n        raise ValueError(\"";
          sentence(out, 4);
          out += "\")\n";
          break;
        case 1:
          out += "    for ";
          out += rng_.pick(words);
          out += " in self._";
          out += rng_.pick(words);
          out += ":\n        self.";
          snake(out);
          out += "(";
          out += rng_.pick(words);
          out += ")\n";
          break;
        case 2:
          out += "    request_id = \"";
          uuid(out);
          out += "\"\n";
          break;
        default:
          out += "    ";
          out += rng_.pick(words);
          out += " = self._";
          out += rng_.pick(words);
          out += ".get(";
          out += rng_.pick(words);
          out += ", ";
          num(out, 100);
          out += ")\n";
          break;
      }
    }
    out += "    return ";
    out += rng_.pick(words);
    out += "\n\n";
  }

  void js_block(std::string& out) {
    switch (rng_.below(9)) {
      case 0:
        out += "const ";
        camel(out);
        out += " = require('";
        out += rng_.pick(words);
        out += "');\n";
        return;
      case 1: {
        // A minified bundle line: one very long line of dense code.
        const std::size_t n = rng_.range(20, 120);
        out += "!function(e,t){";
        for (std::size_t i = 0; i < n; ++i) {
          out += "var ";
          out += static_cast<char>('a' + rng_.below(26));
          out += static_cast<char>('a' + rng_.below(26));
          out += "=e.";
          camel(out);
          out += "(t[";
          num(out, 64);
          out += "]),";
          out += rng_.pick(words);
          out += "=\"";
          out += rng_.pick(words);
          out += "\";";
        }
        out += "}(window,[]);\n";
        return;
      }
      case 2:
        out += "// ";
        sentence(out, rng_.range(5, 14));
        out += '\n';
        return;
      default:
        break;
    }
    out += "export async function ";
    camel(out);
    out += '(';
    out += rng_.pick(words);
    out += ", { ";
    out += rng_.pick(words);
    out += ", ";
    out += rng_.pick(words);
    out += " } = {}) {\n";
    const std::size_t body = rng_.range(2, 8);
    for (std::size_t i = 0; i < body; ++i) {
      switch (rng_.below(4)) {
        case 0:
          out += "  const ";
          out += rng_.pick(words);
          out += " = await this.";
          camel(out);
          out += '(';
          out += rng_.pick(words);
          out += ");\n";
          break;
        case 1:
          out += "  if (!";
          out += rng_.pick(words);
          out += ") throw new Error(`";
          sentence(out, 5);
          out += " ${";
          out += rng_.pick(words);
          out += "}`);\n";
          break;
        case 2:
          out += "  const data = \"data:image/png;base64,";
          b64(out, rng_.range(60, 400));
          out += "\";\n";
          break;
        default:
          out += "  return ";
          out += rng_.pick(words);
          out += ".map((x) => x.";
          out += rng_.pick(words);
          out += ").filter(Boolean);\n";
          break;
      }
    }
    out += "}\n\n";
  }

  void go_block(std::string& out) {
    switch (rng_.below(6)) {
      case 0:
        out += "// ";
        camel(out);
        out += ' ';
        sentence(out, rng_.range(5, 14));
        out += ".\n";
        return;
      case 1:
        out += "import (\n\t\"context\"\n\t\"fmt\"\n\t\"github.com/";
        out += rng_.pick(words);
        out += '/';
        out += rng_.pick(words);
        out += "\"\n)\n\n";
        return;
      default:
        break;
    }
    out += "func (s *";
    sv w = rng_.pick(words);
    out += static_cast<char>(w[0] - 32);
    out += w.substr(1);
    out += ") ";
    sv v = rng_.pick(verbs);
    out += static_cast<char>(v[0] - 32);
    out += v.substr(1);
    out += "(ctx context.Context, ";
    out += rng_.pick(words);
    out += ' ';
    out += rng_.pick(go_types);
    out += ") (";
    out += rng_.pick(go_types);
    out += ", error) {\n";
    const std::size_t body = rng_.range(2, 8);
    for (std::size_t i = 0; i < body; ++i) {
      switch (rng_.below(3)) {
        case 0:
          out += "\t";
          out += rng_.pick(words);
          out += ", err := s.";
          camel(out);
          out += "(ctx, ";
          out += rng_.pick(words);
          out += ")\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"";
          snake(out);
          out += ": %w\", err)\n\t}\n";
          break;
        case 1:
          out += "\tconst digest = \"sha256:";
          chars(out, hexdig, 64);
          out += "\"\n";
          break;
        default:
          out += "\ts.";
          out += rng_.pick(words);
          out += " = append(s.";
          out += rng_.pick(words);
          out += ", ";
          out += rng_.pick(words);
          out += ")\n";
          break;
      }
    }
    out += "\treturn nil, nil\n}\n\n";
  }

  void yaml_block(std::string& out) {
    out += "- name: ";
    out += rng_.pick(words);
    out += '-';
    out += rng_.pick(words);
    out += "\n  image: registry.example.com/";
    out += rng_.pick(words);
    out += "@sha256:";
    chars(out, hexdig, 64);
    out += "\n  replicas: ";
    num(out, 10);
    out += "\n  env:\n";
    for (std::size_t i = rng_.range(1, 4); i > 0; --i) {
      const std::size_t k = rng_.below(env_names.size());
      out += "    - name: ";
      out += env_names[k];
      out += "\n      value: \"";
      out += env_values[k];
      out += "\"\n";
    }
    if (rng_.chance(5)) {
      out += "  password: \"";
      out += rng_.pick(placeholders);
      out += "\"\n";
    }
    out += "  # ";
    sentence(out, rng_.range(4, 10));
    out += '\n';
  }

  void json_block(std::string& out) {
    out += "  \"node_modules/";
    out += rng_.pick(words);
    out += '-';
    out += rng_.pick(words);
    out += "\": {\n    \"version\": \"";
    num(out, 20);
    out += '.';
    num(out, 40);
    out += '.';
    num(out, 10);
    out += "\",\n    \"resolved\": \"https://packages.example.org/npm/";
    out += rng_.pick(words);
    out += "/-/";
    out += rng_.pick(words);
    out += ".tgz\",\n    \"integrity\": \"sha512-";
    b64(out, 86);
    out += "\",\n    \"id\": \"";
    uuid(out);
    out += "\"\n  },\n";
  }

  void env_block(std::string& out) {
    if (rng_.chance(15)) {
      out += "# ";
      sentence(out, rng_.range(3, 9));
      out += '\n';
    }
    const std::size_t k = rng_.below(env_names.size());
    out += env_names[k];
    out += '=';
    out += env_values[k];
    out += '\n';
    if (rng_.chance(3)) {
      out += "SESSION_SECRET=";
      out += rng_.pick(placeholders);
      out += '\n';
    }
  }

  void md_block(std::string& out) {
    switch (rng_.below(5)) {
      case 0:
        out += "## ";
        out += rng_.pick(verbs);
        out += ' ';
        out += rng_.pick(words);
        out += "\n\n";
        return;
      case 1:
        out += "```sh\n$ curl -H \"X-Request-Id: ";
        uuid(out);
        out += "\" https://api.example.com/v1/";
        out += rng_.pick(words);
        out += "\n```\n\n";
        return;
      default:
        break;
    }
    // A long paragraph on one line, as Markdown is often written.
    sentence(out, rng_.range(30, 120));
    out += ". See commit ";
    chars(out, hexdig, 40);
    out += ".\n\n";
  }

  Rng rng_;
  double secrets_per_mib_;
  std::map<std::string, std::uint64_t> planted_;
};

bool write_file(const std::filesystem::path& path, const std::string& data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "%s\nusage: hush_corpus_gen [--files N] [--secrets-per-mib K] OUTPUT SIZE_MIB SEED\n"
               "  one file of SIZE_MIB MiB, or with --files N a directory of N files totalling SIZE_MIB MiB\n",
               msg);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t files = 0;
  double secrets_per_mib = 4.0;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--files" && i + 1 < argc) {
      files = std::strtoull(argv[++i], nullptr, 10);
      if (files == 0) usage("--files needs a positive count");
    } else if (arg == "--secrets-per-mib" && i + 1 < argc) {
      secrets_per_mib = std::strtod(argv[++i], nullptr);
    } else if (arg == "-h" || arg == "--help") {
      usage("hush_corpus_gen: deterministic source-like corpus for benchmarks");
    } else if (arg.starts_with("--")) {
      usage("unknown option");
    } else {
      positional.emplace_back(arg);
    }
  }
  if (positional.size() != 3) usage("expected OUTPUT SIZE_MIB SEED");
  const std::filesystem::path output = positional[0];
  const double size_mib = std::strtod(positional[1].c_str(), nullptr);
  const std::uint64_t seed = std::strtoull(positional[2].c_str(), nullptr, 10);
  if (!(size_mib > 0)) usage("SIZE_MIB must be positive");
  const auto total = static_cast<std::size_t>(size_mib * 1024.0 * 1024.0);

  const auto t0 = std::chrono::steady_clock::now();
  Generator gen(seed, secrets_per_mib);
  std::string buffer;
  std::size_t written = 0;

  if (files == 0) {
    std::FILE* f = std::fopen(output.c_str(), "wb");
    if (!f) {
      std::perror(output.c_str());
      return 3;
    }
    constexpr std::size_t flush_at = 4u << 20;
    buffer.reserve(flush_at + (1u << 20));
    while (written + buffer.size() < total) {
      const Lang lang = gen.pick_lang();
      buffer += "// ==== ";
      buffer += gen.file_name(lang);
      buffer += " ====\n";
      gen.file(buffer, lang, gen.rng().range(512, 48 * 1024));
      if (buffer.size() >= flush_at) {
        const std::size_t n = std::min(buffer.size(), total - written);
        if (std::fwrite(buffer.data(), 1, n, f) != n) {
          std::perror(output.c_str());
          return 3;
        }
        written += n;
        buffer.clear();
      }
    }
    const std::size_t n = std::min(buffer.size(), total - written);
    if (std::fwrite(buffer.data(), 1, n, f) != n || std::fclose(f) != 0) {
      std::perror(output.c_str());
      return 3;
    }
    written += n;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(output, ec);
    if (ec) {
      std::fprintf(stderr, "%s: %s\n", output.c_str(), ec.message().c_str());
      return 3;
    }
    const std::size_t mean = std::max<std::size_t>(total / files, 64);
    for (std::size_t i = 0; i < files; ++i) {
      const Lang lang = gen.pick_lang();
      // Sizes vary from a tenth of the mean to nearly twice it.
      const std::size_t size = gen.rng().range(mean / 10, mean * 19 / 10);
      const std::filesystem::path dir =
          output / ("d" + std::to_string(i / 1000)) / ("s" + std::to_string((i / 50) % 20));
      std::filesystem::create_directories(dir, ec);
      buffer.clear();
      gen.file(buffer, lang, size);
      const std::filesystem::path path = dir / (std::to_string(i) + "_" + gen.file_name(lang));
      if (!write_file(path, buffer)) {
        std::perror(path.c_str());
        return 3;
      }
      written += buffer.size();
    }
  }

  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "hush_corpus_gen: wrote %.1f MiB%s to %s in %.2f s (%.0f MB/s), seed %llu\n",
               static_cast<double>(written) / (1024.0 * 1024.0),
               files ? (" in " + std::to_string(files) + " files").c_str() : "", output.c_str(), secs,
               static_cast<double>(written) / 1e6 / secs, static_cast<unsigned long long>(seed));
  std::uint64_t planted_total = 0;
  for (const auto& [kind, count] : gen.planted()) {
    std::fprintf(stderr, "  planted %-24s %llu\n", kind.c_str(), static_cast<unsigned long long>(count));
    planted_total += count;
  }
  std::fprintf(stderr, "  planted %-24s %llu\n", "(total)", static_cast<unsigned long long>(planted_total));
  return 0;
}
