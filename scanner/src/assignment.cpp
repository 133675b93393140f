#include "assignment.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "hush/common/text.hpp"
#include "hush/scanner/filters.hpp"
#include "validators/codec.hpp"

namespace hush::scanner {
namespace {

bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return is_lower(c) || is_upper(c); }
bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
bool is_word(char c) noexcept { return is_alnum(c) || c == '_'; }
bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_quote(char c) noexcept { return c == '"' || c == '\'' || c == '`'; }

bool starts_with(std::string_view s, std::string_view prefix) noexcept { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool contains(std::string_view s, std::string_view part) noexcept { return s.find(part) != std::string_view::npos; }

// Blanks around a line or a field; a CRLF file's CR counts as one.
constexpr std::string_view line_blanks = " \t\r";

// The field's name in lower case with its separators dropped: DB_PASSWORD, db-password and
// dbPassword all read "dbpassword".
std::string folded_name_of(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (is_alnum(c)) out.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  return out;
}

// Fields whose names end in a secret word but hold public or one-time values: public keys and
// .NET assembly identities (PublicKeyToken=b77a5c561934e089), publishable keys, and the tokens
// of pagination and change tracking (nextToken, pageToken, continuationToken, syncToken).
bool non_secret_name(const std::string& folded) {
  if (contains(folded, "public") || contains(folded, "publishable")) return true;
  // The form its value is written in (pageTokenValue, next_token_b64) leaves the field what it is.
  std::string_view field = folded;
  for (const std::string_view form : {"value", "base64", "b64", "hex", "bytes"})
    if (ends_with(field, form)) {
      field.remove_suffix(form.size());
      break;
    }
  if (!ends_with(field, "token")) return false;
  const std::string_view head = field.substr(0, field.size() - 5);
  for (const std::string_view word :
       {"next", "page", "continuation", "sync", "resume", "cursor", "paging", "pagination"})
    if (ends_with(head, word)) return true;
  return false;
}

// Fields that hold a password's hash or ciphertext, not the password: password_hash,
// GRAYLOG_SHA256_PASSWORD, crypted_password, encrypted_password.
bool hashed_name(const std::string& folded) {
  for (const std::string_view word :
       {"hash", "sha1", "sha256", "sha512", "md5", "digest", "bcrypt", "crypted", "encrypted"})
    if (contains(folded, word)) return true;
  return false;
}

// Fields of tests and forms rather than of a system's own credentials: test_password,
// dummyToken, new_password, wrong_password, password_confirmation.
bool variant_name(const std::string& folded) {
  for (const std::string_view word :
       {"test", "example", "dummy", "fake", "mock", "sample", "new", "old", "wrong", "invalid", "bad", "incorrect",
        "confirm", "reset", "expected", "other", "current", "random", "default"})
    if (contains(folded, word)) return true;
  return false;
}

bool env_style(std::string_view name) noexcept {
  bool upper = false;
  for (const char c : name) {
    if (is_lower(c)) return false;
    upper |= is_upper(c);
  }
  return upper;
}

// Lines a person reads as comments in the usual languages and formats.
bool comment_line(std::string_view line) noexcept {
  const std::string_view t = trim(line, line_blanks);
  // A C preprocessor definition is code, whatever the shell and YAML habits of `#` say.
  if (starts_with(t, "#define ")) return false;
  return starts_with(t, "#") || starts_with(t, "//") || starts_with(t, "/*") || starts_with(t, "* ") || t == "*" ||
         starts_with(t, "--") || starts_with(t, ";") || starts_with(t, "<!--") || starts_with(t, "%") ||
         starts_with(t, "REM ") || starts_with(t, "rem ");
}

// Test runners' progress lines: `--- PASS: TestName (0.00s)` names a test, not a password.
bool test_log_line(std::string_view line) noexcept {
  const std::string_view t = trim(line, line_blanks);
  return starts_with(t, "--- PASS") || starts_with(t, "--- FAIL") || starts_with(t, "--- SKIP") ||
         starts_with(t, "=== RUN") || starts_with(t, "=== PAUSE") || starts_with(t, "=== CONT");
}

// An SSH public key (its algorithm name, or the base64 of its wire form, which starts with the
// length and name of the algorithm) is published by design.
bool ssh_public_key(std::string_view value) noexcept {
  for (const std::string_view p : {"ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-",
                                   "AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh"})
    if (starts_with(value, p)) return true;
  return false;
}

// Values that are code, not data: a label (Password:), a flag (--no-password), a file reference
// (@/dev/stdin), a member access.
bool code_value(std::string_view v) noexcept {
  if (v.empty()) return true;
  if (v.back() == ':') return true;
  if (v.size() >= 2 && v[0] == '-') {  // --no-password, -p: a flag is lower case
    const std::string_view flag = v.substr(v[1] == '-' ? 2 : 1);
    if (!flag.empty() && is_lower(flag[0]) &&
        std::all_of(flag.begin(), flag.end(), [](char c) { return is_lower(c) || is_digit(c) || c == '-'; }))
      return true;
  }
  if (starts_with(v, "@/") || starts_with(v, "@./") || starts_with(v, "@~/")) return true;
  return contains(v, "->") || contains(v, "$this") || starts_with(v, ".$");
}

// An unquoted value that ends at a bracket it did not open is the tail of an expression:
// hashedPassword}, None):, !certificate). (A random value may hold a stray bracket anywhere.)
bool expression_tail(std::string_view v) noexcept {
  if (v.size() >= 2 && v[0] == '!' && is_alpha(v[1])) return true;
  while (!v.empty() && (v.back() == ':' || v.back() == ';' || v.back() == ',')) v.remove_suffix(1);
  if (v.empty() || (v.back() != ')' && v.back() != ']' && v.back() != '}')) return false;
  int round = 0, square = 0, curly = 0;
  for (const char c : v) {
    round += c == '(' ? 1 : c == ')' ? -1 : 0;
    square += c == '[' ? 1 : c == ']' ? -1 : 0;
    curly += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (round < 0 || square < 0 || curly < 0) return true;
  }
  return false;
}

// A password hash in one of the crypt(3) or LDAP forms, or Django's: the hash of a password,
// stored where the password is checked, is no password.
bool password_hash(std::string_view v) noexcept {
  if (v.size() > 3 && v[0] == '$') {
    for (const std::string_view p : {"$1$", "$2$", "$2a$", "$2b$", "$2x$", "$2y$", "$5$", "$6$", "$y$", "$apr1$",
                                     "$argon2", "$scrypt$", "$pbkdf2"})
      if (starts_with(v, p)) return true;
  }
  for (const std::string_view p :
       {"pbkdf2_sha", "sha1$", "md5$", "bcrypt$", "argon2$", "bcrypt_sha256$", "{SSHA}", "{SHA}", "{SMD5}", "{MD5}",
        "{CRYPT}", "{SSHA256}", "{SSHA512}", "{bcrypt}", "{pbkdf2}", "{scrypt}", "{argon2}", "{sha256}"})
    if (starts_with(v, p)) return true;
  return false;
}

// A template's placeholder: ##DB_PASSWORD##, @db.password@, __SECRET__, or a batch file's
// %RANDOM% anywhere in the value.
bool template_marker(std::string_view v) noexcept {
  for (const std::string_view m : {"##", "@", "__", "%%"})
    if (v.size() > 2 * m.size() + 1 && starts_with(v, m) && ends_with(v, m)) return true;
  // %NAME%: capitals and underscores, as environment variables are named
  for (std::size_t i = v.find('%'); i != std::string_view::npos; i = v.find('%', i + 1)) {
    std::size_t j = i + 1;
    while (j < v.size() && (is_upper(v[j]) || v[j] == '_')) ++j;
    if (j > i + 2 && j < v.size() && v[j] == '%') return true;
  }
  return false;
}

// A PowerShell or shell variable, bare or interpolated: $Credential, $env:API_TOKEN, "$AuthToken",
// $db2. Its name is letters and underscores with at most a two-digit suffix; a $ in front of
// letters and digits mixed is part of a password.
bool variable_reference(std::string_view v) noexcept {
  if (v.size() < 2 || v[0] != '$' || !(is_alpha(v[1]) || v[1] == '_')) return false;
  if (starts_with(v, "$env:")) return true;
  std::size_t i = 1;
  while (i < v.size() && (is_alpha(v[i]) || v[i] == '_')) ++i;
  const std::size_t digits_from = i;
  while (i < v.size() && is_digit(v[i])) ++i;
  return i == v.size() && i - digits_from <= 2;
}

// Whether the value is one of the words of the field's name (split at _ . - and case changes):
// POSTGRES_PASSWORD: postgres, rabbitmqPassword: rabbitmq.
bool value_is_a_name_word(std::string_view name, std::string_view value) {
  if (!value.empty() && value.back() == '.') value.remove_suffix(1);  // the end of a sentence: password is rabbitmq.
  if (value.size() < 3 || !std::all_of(value.begin(), value.end(), [](char c) { return is_alnum(c); })) return false;
  const std::string v = ascii_lower(std::string(value));
  std::size_t start = 0;
  for (std::size_t i = 1; i <= name.size(); ++i) {
    const bool boundary = i == name.size() || !is_alnum(name[i]) || (is_upper(name[i]) && is_lower(name[i - 1]));
    if (!boundary) continue;
    std::size_t s = start;
    while (s < i && !is_alnum(name[s])) ++s;
    if (i > s && ascii_lower(std::string(name.substr(s, i - s))) == v) return true;
    start = i;
  }
  return false;
}

// Whether the value holds the secret word its field is named after: the field names what the
// value is (a label, an action name, a variable), it does not hold a secret.
bool names_its_field(const std::string& folded_name, std::string_view value) {
  const std::string folded_value = folded_name_of(value);
  for (const std::string_view word : {"password", "passwd", "secret", "token", "credential", "apikey"})
    if (contains(folded_name, word) && contains(folded_value, word)) return true;
  return (contains(folded_name, "pass") && contains(folded_value, "pass")) ||
         (contains(folded_name, "pwd") && contains(folded_value, "pwd"));
}

// An odd number of quotes before `pos` on its line: the name sits inside a string literal.
// Whether bytes[line.begin, to) leaves a string literal open, counting on from what `line` has
// counted already (from the line's start again when `to` lies before that).
bool inside_string(std::string_view bytes, std::size_t to, AssignmentLine& line) noexcept {
  if (to < line.counted_to) line.counted_to = line.begin, line.doubles = 0, line.singles = 0;
  for (std::size_t i = line.counted_to; i < to; ++i) {
    if (i > line.begin && bytes[i - 1] == '\\') continue;
    line.doubles += bytes[i] == '"';
    line.singles += bytes[i] == '\'';
  }
  line.counted_to = std::max(line.counted_to, to);
  return line.doubles % 2 == 1 || (line.doubles == 0 && line.singles % 2 == 1);
}

// Bytes that may follow an unquoted value that ends where its field ends.
bool ends_field(std::string_view rest) noexcept {
  rest = trim(rest, line_blanks);
  if (rest.empty()) return true;
  if (rest == "\\") return true;  // a shell command goes on on the next line
  const char c = rest.front();
  if (c == ',' || c == ';' || c == ')' || c == '}' || c == ']' || c == '&' || c == '<' || c == '|' || is_quote(c))
    return true;
  return starts_with(rest, "#") || starts_with(rest, "//") || starts_with(rest, "/*") || starts_with(rest, "--");
}

// Words that placeholder and test values are made of.
constexpr std::array<std::string_view, 90> placeholder_words = {
    "administrator", "supersecret", "placeholder", "credentials", "helloworld", "passphrase", "incorrect", "password",
    "changeme", "changeit", "testing", "example", "another", "default", "invalid", "letmein", "passwd", "secret",
    "sample", "qwerty", "foobar", "string", "tester", "dummy", "admin", "other", "value", "token", "wrong", "empty",
    "hello", "world", "super", "guest", "fake", "mock", "test", "user", "pass", "null", "none", "demo", "temp", "some",
    "your", "abcd", "asdf", "word", "root", "foo", "bar", "baz", "qux", "new", "old", "tmp", "pwd", "key", "xyz", "abc",
    "my", "pw", "username", "name", "login",
    // the word password in other languages, as translated labels spell it
    "passwort", "kennwort", "wachtwoord", "contrasena", "senha", "lozinka", "geslo", "heslo", "haslo", "parola",
    "salasana", "jelszo", "passord", "adgangskode", "losenord", "parool", "sifre", "motdepasse", "clave", "cyfrinair",
    "wagwoord", "sandi", "katasandi", "matkhau", "mima"};

// Whether `letters` splits into placeholder words (word break, by dynamic programming).
bool all_placeholder_words(std::string_view letters) {
  if (letters.size() > 64) return false;
  std::array<bool, 65> ends{};  // ends[i]: letters[0, i) splits
  ends[0] = true;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (!ends[i]) continue;
    for (const std::string_view w : placeholder_words)
      if (letters.substr(i, w.size()) == w) ends[i + w.size()] = true;
  }
  return ends[letters.size()];
}

// Digits people type when asked for a number: runs up or down, and one digit repeated.
bool filler_digits(std::string_view digits) noexcept {
  if (digits.size() <= 3) return true;
  bool up = true, down = true, same = true;
  for (std::size_t i = 1; i < digits.size(); ++i) {
    const int step = digits[i] - digits[i - 1];
    up &= step == 1 || (digits[i - 1] == '9' && digits[i] == '0');
    down &= step == -1;
    same &= step == 0;
  }
  return up || down || same;
}

// Typed in order rather than at random: 112233445566, abcdef123456, 0f0e0d0c0b0a (each
// character one step from the one before it, or from the one two places back).
bool sequential(std::string_view v) noexcept {
  if (v.size() < 8) return false;
  std::size_t best = 0;
  for (std::size_t lag = 1; lag <= 2; ++lag) {
    std::size_t near = 0;
    for (std::size_t i = 0; i + lag < v.size(); ++i) {
      const int step = static_cast<unsigned char>(v[i + lag]) - static_cast<unsigned char>(v[i]);
      near += step >= -1 && step <= 1;
    }
    best = std::max(best, near * 10 / (v.size() - lag));
  }
  return best >= 6;
}

// URLs and lists of names or key=value pairs are structured text, whatever their entropy:
// id=FOO,src=/tmp/x, required|min:8. A random string may hold the same separators between
// random parts.
bool structured(std::string_view v) noexcept {
  if (contains(v, "://")) return true;
  const std::string_view body = v.substr(0, v.find_last_not_of('=') + 1);  // base64 padding is no separator
  bool separated = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= body.size(); ++i) {
    const bool at_separator =
        i == body.size() || body[i] == ',' || body[i] == '|' || body[i] == ' ' || body[i] == '=' || body[i] == ';';
    if (!at_separator) continue;
    separated |= i < body.size();
    const std::string_view part = body.substr(start, i - start);
    start = i + 1;
    if (part.empty()) continue;
    // a name, a number or a path: letters first, then letters, digits and _ . : / -
    const bool plain =
        std::all_of(part.begin(), part.end(), [](char c) { return is_digit(c); }) ||
        ((is_alpha(part[0]) || part[0] == '/' || part[0] == '.' || part[0] == '~') &&
         std::all_of(part.begin(), part.end(),
                     [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-'; }) &&
         std::count_if(part.begin(), part.end(), [](char c) { return is_digit(c); }) * 3 <=
             static_cast<long>(part.size()));
    if (!plain) return false;
  }
  return separated;
}

// Two words of four letters or more and a number of three digits or more.
bool memorable(std::string_view v) noexcept {
  std::size_t words = 0, numbers = 0, run = 0;
  bool digits = false;
  for (std::size_t i = 0; i <= v.size(); ++i) {
    const bool letter = i < v.size() && is_alpha(v[i]);
    const bool digit = i < v.size() && is_digit(v[i]);
    const bool boundary = i == v.size() || (!letter && !digit) || (run > 0 && digits != digit) ||
                          (letter && is_upper(v[i]) && i > 0 && is_lower(v[i - 1]));
    if (boundary && run > 0) {
      if (digits ? run >= 3 : run >= 4) ++(digits ? numbers : words);
      run = 0;
    }
    if (letter || digit) {
      digits = digit;
      ++run;
    }
  }
  return words >= 2 && numbers >= 1;
}

ValueShape shape_of(std::string_view v) noexcept {
  std::size_t lower = 0, upper = 0, digit = 0, other = 0, hex_letters = 0, runs = 0;
  char previous_class = 0;
  for (const char c : v) {
    const char cls = is_lower(c) ? 'l' : is_upper(c) ? 'u' : is_digit(c) ? 'd' : 'o';
    if (cls == 'l') ++lower;
    else if (cls == 'u') ++upper;
    else if (cls == 'd') ++digit;
    else ++other;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) ++hex_letters;
    const char run_class = (cls == 'l' || cls == 'u') ? 'a' : cls;
    if (run_class != previous_class) ++runs;
    previous_class = run_class;
  }
  const std::size_t n = v.size();
  if (digit == n) return ValueShape::digits;
  if (other == 0 && digit == 0) {
    if (upper == 0 || upper == n) return ValueShape::word;
    // camelCase and PascalCase: every capital starts a run of small letters; a jumble of cases
    // is judged by its entropy below
    bool camel = true;
    for (std::size_t i = 0; i < n && camel; ++i)
      if (is_upper(v[i])) camel = i + 1 < n && is_lower(v[i + 1]);
    if (camel) return upper == 1 && is_upper(v[0]) ? ValueShape::word : ValueShape::words;
    // Words with an acronym among them (someRandomBINARYKEY, MyNewRORecommerceApp): a word starts
    // at a capital before a small letter and at a small letter before a capital. Letters whose case
    // is random change it every other letter or so; words keep it for four letters on average.
    std::size_t tokens = 1;
    for (std::size_t i = 1; i < n; ++i)
      tokens += (is_lower(v[i - 1]) && is_upper(v[i])) ||
                (is_upper(v[i - 1]) && is_upper(v[i]) && i + 1 < n && is_lower(v[i + 1]));
    if (n >= 4 * tokens) return ValueShape::words;
  }
  if (n >= 16 && other == 0 && digit > 0 && hex_letters == lower + upper && (lower == 0 || upper == 0))
    return ValueShape::hex;
  if (other == 0 && runs == 2) return ValueShape::word_digits;
  // words joined by separators: my_password, some-user-token-42, foo.bar
  bool separated_words = other > 0;
  for (std::size_t i = 0; i < n && separated_words; ++i) {
    const char c = v[i];
    if (is_alnum(c)) continue;
    separated_words = (c == '_' || c == '-' || c == '.' || c == ':') && i > 0 && i + 1 < n && is_alnum(v[i - 1]) &&
                      is_alnum(v[i + 1]);
  }
  if (separated_words && digit * 2 <= n) {
    bool plain = true;  // each part a word or a number, not a random string
    std::size_t part_start = 0;
    for (std::size_t i = 0; i <= n && plain; ++i) {
      if (i < n && is_alnum(v[i])) continue;
      const std::string_view part = v.substr(part_start, i - part_start);
      const ValueShape s = part.empty() ? ValueShape::word : shape_of(part);
      plain =
          s == ValueShape::word || s == ValueShape::digits || s == ValueShape::word_digits || s == ValueShape::words;
      part_start = i + 1;
    }
    // Words with a number of three digits or more between them are a memorable password
    // (correct-horse-4096, Summit_6877breeze), as random as a password people choose gets.
    if (plain && memorable(v)) return ValueShape::random;
    if (plain) return ValueShape::words;
  }
  if (structured(v)) return ValueShape::other;
  const double shortfall = random_string_entropy(v) - shannon_entropy(v);
  const int classes = (lower > 0) + (upper > 0) + (digit > 0) + (other > 0);
  // Base64 of a key's size (a secret made with `openssl rand -base64 32`) is as random as any key;
  // longer base64, or base64 in parts (a salt and a hash), is data: a hash, a ciphertext.
  if (n >= 16 && other > 0 && other * 8 <= n && classes >= 3 && shortfall <= 0.75) {
    bool b64 = true;
    for (const char c : v) b64 &= is_alnum(c) || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
    const std::size_t padding = v.size() - (v.find_last_not_of('=') + 1);
    const bool in_parts = v.substr(0, v.size() - padding).find('=') != std::string_view::npos;
    if (b64 && (in_parts || n > 64)) return ValueShape::base64;
  }
  if (n >= 8 && classes >= 2 && shortfall <= 0.75) return ValueShape::random;
  return ValueShape::other;
}

// Letters for the digits and symbols people swap in for them: P@$$w0rd reads password.
std::string unleet(std::string_view lowered) {
  std::string out(lowered);
  for (char& c : out) {
    switch (c) {
      case '@':
      case '4':
        c = 'a';
        break;
      case '$':
      case '5':
        c = 's';
        break;
      case '0':
        c = 'o';
        break;
      case '1':
      case '!':
        c = 'i';
        break;
      case '3':
        c = 'e';
        break;
      case '7':
        c = 't';
        break;
      default:
        break;
    }
  }
  return out;
}

// %40 and the like, as URLs and form data carry them.
std::string percent_decoded(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto hex = [](char c) {
      return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    };
    if (v[i] == '%' && i + 2 < v.size() && hex(v[i + 1]) >= 0 && hex(v[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(v[i + 1]) * 16 + hex(v[i + 2])));
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

bool placeholder_words_and_numbers(std::string_view lowered) {
  std::size_t letters = 0;
  std::size_t i = 0;
  while (i < lowered.size()) {
    const char c = lowered[i];
    std::size_t j = i;
    if (is_lower(c)) {
      while (j < lowered.size() && is_lower(lowered[j])) ++j;
      letters += j - i;
      if (!all_placeholder_words(lowered.substr(i, j - i))) return false;
    } else if (is_digit(c)) {
      while (j < lowered.size() && is_digit(lowered[j])) ++j;
      if (!filler_digits(lowered.substr(i, j - i))) return false;
    } else {
      if (c != '_' && c != '-' && c != '.' && c != ':' && c != '!' && c != '@' && c != '#' && c != '$' && c != ' ' &&
          c != '+')
        return false;
      j = i + 1;
    }
    i = j;
  }
  // A number alone is a placeholder only when it is a run (123456); 8412 may be a PIN.
  if (letters == 0) return filler_digits(lowered) && lowered.size() >= 4;
  return true;
}

}  // namespace

bool placeholder_value(std::string_view value) {
  const std::string decoded = percent_decoded(value);
  if (decoded.empty()) return true;
  const std::string lowered = ascii_lower(decoded);
  if (placeholder_words_and_numbers(lowered)) return true;
  // Only letters swapped in: P@$$w0rd, but not a run of digits after a word (pass1234).
  const std::string letters = unleet(lowered);
  return letters != lowered && std::all_of(letters.begin(), letters.end(), [](char c) { return is_lower(c); }) &&
         all_placeholder_words(letters);
}

namespace {

// Words that ask for a value rather than give one: a template's change-me, your-password, an
// example. A user:password pair holding one is a stand-in, however well formed.
bool asks_for_a_value(std::string_view text) {
  static const std::vector<std::string> words = {"changeme", "change_me",   "change-me", "changeit",
                                                 "example",  "placeholder", "your",      "redacted",
                                                 "dummy",    "sample",      "replace"};
  return contains_stopword(text, words);
}

// Base64 of printable text (YWxpY2U6c2VjcmV0 is alice:secret, bXlwYXNz is mypass) is as strong
// as the text, the password of a user:password pair: random bytes almost never decode to it.
std::optional<std::string> encoded_text(std::string_view v, bool& pair) {
  if (v.size() < 8 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return is_alnum(c) || c == '+' || c == '/' || c == '='; }))
    return std::nullopt;
  auto text = detail::base64_decode(v, detail::Base64Alphabet::standard);
  if (!text || text->size() < 4 ||
      !std::all_of(text->begin(), text->end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
    return std::nullopt;
  if (const std::size_t colon = text->find(':'); colon != std::string::npos && colon + 1 < text->size()) {
    text->erase(0, colon + 1);
    pair = !asks_for_a_value(*text);
  }
  return text;
}

}  // namespace

bool read_value(std::string_view value, Evidence& e) {
  if (sequential(value) || password_hash(value) || template_marker(value)) return false;
  const std::optional<std::string> text = encoded_text(value, e.credential_pair);
  const std::string_view judged = text ? std::string_view(*text) : value;
  e.valued = true;
  e.length = static_cast<std::uint16_t>(std::min<std::size_t>(judged.size(), 0xFFFF));
  e.shortfall = static_cast<float>(random_string_entropy(judged) - shannon_entropy(judged));
  e.shape = shape_of(judged);
  e.placeholder = placeholder_value(judged) || sequential(judged);
  return true;
}

namespace {

// A "(" right after the name (setPassword("v")) or before other arguments (login("u", "v")) makes
// the value a call's argument. One that follows a word and opens on the value itself is a wrapper
// the rules accept around a literal (password = Some("v"), key = unhexlify("..."),
// Key: []byte("...")), and the value is the field's own.
bool opens_a_call(std::string_view separator) {
  for (std::size_t k = separator.find('('); k != std::string_view::npos; k = separator.find('(', k + 1)) {
    if (k == 0 || !(is_word(separator[k - 1]) || separator[k - 1] == ']')) return true;
    std::string_view rest = trim(separator.substr(k + 1), line_blanks);
    if (!rest.empty() && (rest.front() == 'b' || rest.front() == 'u')) rest.remove_prefix(1);
    if (rest.size() != 1 || !is_quote(rest.front())) return true;
  }
  return false;
}

}  // namespace

std::optional<Evidence> read_assignment(std::string_view bytes, std::size_t match_start, std::size_t secret_start,
                                        std::size_t secret_end, Field field) {
  AssignmentLine line;
  return read_assignment(bytes, match_start, secret_start, secret_end, field, line);
}

std::optional<Evidence> read_assignment(std::string_view bytes, std::size_t match_start, std::size_t secret_start,
                                        std::size_t secret_end, Field field, AssignmentLine& known) {
  const std::string_view value = bytes.substr(secret_start, secret_end - secret_start);
  if (ssh_public_key(value) || code_value(value) || variable_reference(value)) return std::nullopt;

  // A value across lines (a rule's own choice) makes a span no later match may take for its line.
  AssignmentLine across;
  AssignmentLine& span = value.find('\n') == std::string_view::npos ? known : across;
  if (secret_start < span.begin || secret_end > span.end) {
    const void* before = secret_start > 0 ? ::memrchr(bytes.data(), '\n', secret_start) : nullptr;
    const void* after = std::memchr(bytes.data() + secret_end, '\n', bytes.size() - secret_end);
    span = AssignmentLine{};
    span.begin = before ? static_cast<std::size_t>(static_cast<const char*>(before) - bytes.data()) + 1 : 0;
    span.end = after ? static_cast<std::size_t>(static_cast<const char*>(after) - bytes.data()) : bytes.size();
    span.counted_to = span.begin;
  }
  const std::size_t line_start = span.begin, line_end = span.end;
  const std::string_view line = bytes.substr(line_start, line_end - line_start);
  if (test_log_line(line)) return std::nullopt;

  // The name: the identifier the match starts in, with dotted and dashed parts before it.
  std::size_t name_start = match_start;
  while (name_start > 0 &&
         (is_word(bytes[name_start - 1]) || bytes[name_start - 1] == '.' || bytes[name_start - 1] == '-'))
    --name_start;
  std::size_t name_end = match_start;
  while (name_end < secret_start && (is_word(bytes[name_end]) || bytes[name_end] == '-')) ++name_end;
  const std::string_view name = bytes.substr(name_start, name_end - name_start);
  const std::string folded = folded_name_of(name);
  if (non_secret_name(folded) || hashed_name(folded)) return std::nullopt;
  // A value that spells out its own field is a label, an action or a reference:
  // "ChangePassword": "iam:ChangePassword", TOKEN=USER:TOKEN.
  if (folded.size() >= 4 && contains(folded_name_of(value), folded)) return std::nullopt;

  // The field's name as a quoted string: a key ("password": "v"), a call's first argument
  // (put("password", "v")), or an element of a list or a ternary ("user", "password", "mobile";
  // ok ? "pass" : "fail"), which holds no value.
  const std::string_view separator = trim(bytes.substr(name_end, secret_start - name_end), line_blanks);
  if (name_start > line_start && is_quote(bytes[name_start - 1])) {
    std::size_t k = name_start - 1;
    while (k > line_start && is_blank(bytes[k - 1])) --k;
    const char opener = k > line_start ? bytes[k - 1] : '\n';
    if (opener == '?') return std::nullopt;
    if (contains(separator, ",") && opener != '(') return std::nullopt;
  }

  Evidence e;
  e.assignment = true;
  e.env_name = env_style(name);
  e.variant_name = variant_name(folded);
  e.password_field = field == Field::password;
  e.comment = comment_line(line);
  e.long_line = line.size() > 1000;
  e.in_string = inside_string(bytes, std::max(name_start, line_start), span);
  e.names_field = names_its_field(folded, value);
  e.name_word = value_is_a_name_word(name, value);
  e.call_argument = opens_a_call(separator);
  if (!read_value(value, e)) return std::nullopt;

  // How the value is framed: a quoted value must end at its closing quote, or it is a fragment of
  // a longer string (a sentence, a list, an SSH key with its comment).
  const char before = secret_start > line_start ? bytes[secret_start - 1] : '\n';
  const char after = secret_end < line_end ? bytes[secret_end] : '\n';
  if (is_quote(before)) {
    const bool escaped = secret_start - line_start >= 2 && bytes[secret_start - 2] == '\\';
    bool closed =
        escaped ? after == '\\' && secret_end + 1 < line_end && bytes[secret_end + 1] == before : after == before;
    // The value's characters stop at & ; < ( { , (for query strings and code); a password that
    // holds one goes on to its closing quote, without a blank, and is reported by its first part.
    if (!closed && !escaped) {
      std::size_t k = secret_end;
      while (k < line_end && !is_quote(bytes[k]) && !is_blank(bytes[k])) ++k;
      closed = k < line_end && bytes[k] == before;
    }
    if (!closed) return std::nullopt;
    e.framing = Framing::quoted;
    return e;
  }
  if (before == '>') {
    if (after != '<') return std::nullopt;
    e.framing = Framing::quoted;
    return e;
  }
  // Unquoted: after `name =` or `name:` the value must end its field; a word followed by more
  // words is prose or code. Command lines (-p VALUE host, --password VALUE) and an environment
  // prefix (PGPASSWORD=VALUE psql ...) go on.
  const bool assigned =
      contains(separator, "=") || contains(separator, ":") || contains(separator, "|") || contains(separator, "?");
  e.framing = Framing::unquoted;
  if (expression_tail(value)) return std::nullopt;
  if (ends_field(bytes.substr(secret_end, line_end - secret_end))) return e;
  // --password VALUE, and a long option's --password=VALUE: more arguments may follow.
  if (!assigned || (starts_with(name, "--") && separator == "=")) {
    e.framing = Framing::argument;
    return e;
  }
  if (separator == "=" && e.env_name && bytes[secret_start - 1] == '=') return e;
  return std::nullopt;
}

}  // namespace hush::scanner
