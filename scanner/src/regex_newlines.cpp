#include "regex_newlines.hpp"

#include <algorithm>
#include <cctype>
#include <climits>

#include "hush/common/codec.hpp"

namespace hush::scanner {
namespace {

constexpr unsigned no_bound = UINT_MAX;
constexpr unsigned largest_kept = 1u << 16;  // counts beyond this are as good as unbounded

unsigned plus(unsigned a, unsigned b) {
  if (a == no_bound || b == no_bound || a + b > largest_kept) return no_bound;
  return a + b;
}

unsigned times(unsigned a, unsigned n) {
  if (a == 0 || n == 0) return 0;
  if (a == no_bound || n == no_bound || a > largest_kept / n) return no_bound;
  return a * n;
}

bool is_hex(char c) { return hex_value(c) >= 0; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }

// One pass of recursive descent over the pattern. Counts are '\n' bytes per match; `failed_`
// marks syntax outside the model, which makes the whole answer "no bound".
class Reader {
 public:
  explicit Reader(std::string_view pattern) : p_(pattern) {}

  std::optional<unsigned> run() {
    bool dotall = false;
    const unsigned count = alternation(dotall);
    if (failed_ || pos_ != p_.size() || count == no_bound) return std::nullopt;
    return count;
  }

 private:
  [[nodiscard]] bool at_end() const { return pos_ >= p_.size(); }
  [[nodiscard]] char peek(std::size_t ahead = 0) const { return pos_ + ahead < p_.size() ? p_[pos_ + ahead] : '\0'; }
  unsigned fail() {
    failed_ = true;
    pos_ = p_.size();
    return no_bound;
  }

  // Option changes inside a group last to the group's end, across its alternatives, so `dotall`
  // is the group's own copy, passed by reference.
  unsigned alternation(bool& dotall) {
    unsigned most = sequence(dotall);
    while (!failed_ && peek() == '|') {
      ++pos_;
      most = std::max(most, sequence(dotall));
    }
    return most;
  }

  unsigned sequence(bool& dotall) {
    unsigned total = 0;
    while (!failed_ && !at_end() && peek() != '|' && peek() != ')') {
      bool is_atom = true;
      unsigned count = 0;
      const char c = peek();
      if (c == '(') {
        count = group(dotall, is_atom);
      } else if (c == '[') {
        count = char_class();
      } else if (c == '\\') {
        count = escape(is_atom);
      } else if (c == '.') {
        ++pos_;
        count = dotall ? 1 : 0;
      } else if (c == '*' || c == '+' || c == '?' || (c == '{' && peek(1) == ',')) {
        return fail();  // a quantifier with nothing to repeat, or "{,n}", read differently by versions
      } else {
        ++pos_;  // a literal byte, '^', '$', or a '{' that starts no quantifier
        count = c == '\n' ? 1 : 0;
      }
      if (failed_) return no_bound;
      if (is_atom) count = quantified(count);
      total = plus(total, count);
    }
    return total;
  }

  // Reads "{n}", "{n,}" or "{n,m}" at the cursor; false (cursor unmoved) when it is not one.
  bool bounds(unsigned& max) {
    std::size_t i = pos_ + 1;
    const auto digits = [&](unsigned& value) {
      const std::size_t from = i;
      unsigned long v = 0;
      while (i < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i]))) {
        v = std::min<unsigned long>(v * 10 + static_cast<unsigned long>(p_[i] - '0'), largest_kept);
        ++i;
      }
      value = static_cast<unsigned>(v);
      return i > from;
    };
    unsigned low = 0, high = 0;
    if (!digits(low)) return false;
    if (i < p_.size() && p_[i] == '}') {
      max = low;
    } else if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (i < p_.size() && p_[i] == '}') {
        max = no_bound;
      } else if (!digits(high) || i >= p_.size() || p_[i] != '}') {
        return false;
      } else {
        max = high;
      }
    } else {
      return false;
    }
    pos_ = i + 1;
    return true;
  }

  unsigned quantified(unsigned count) {
    for (;;) {
      unsigned max = 0;
      const char c = peek();
      if (c == '?') {
        ++pos_;
        max = 1;
      } else if (c == '*' || c == '+') {
        ++pos_;
        max = no_bound;
      } else if (c == '{') {
        if (!bounds(max)) return count;
      } else {
        return count;
      }
      if (peek() == '?' || peek() == '+') ++pos_;  // lazy or possessive: same reach
      count = times(count, max);
    }
  }

  // The group's body up to and including its ')'.
  unsigned body(bool dotall) {
    const unsigned count = alternation(dotall);
    if (peek() != ')') return fail();
    ++pos_;
    return count;
  }

  unsigned group(bool& dotall, bool& is_atom) {
    ++pos_;                            // '('
    if (peek() == '*') return fail();  // (*VERB)
    if (peek() != '?') return body(dotall);
    ++pos_;
    const char c = peek();
    if (c == '#') {  // comment
      while (!at_end() && peek() != ')') ++pos_;
      if (at_end()) return fail();
      ++pos_;
      is_atom = false;
      return 0;
    }
    if (c == ':' || c == '>' || c == '|') {
      ++pos_;
      return body(dotall);
    }
    if (c == '=' || c == '!' || (c == '<' && (peek(1) == '=' || peek(1) == '!'))) {
      pos_ += c == '<' ? 2 : 1;
      body(dotall);  // lookaround consumes nothing
      return failed_ ? no_bound : 0;
    }
    if ((c == '<' && std::isalpha(static_cast<unsigned char>(peek(1)))) || c == '\'' || (c == 'P' && peek(1) == '<')) {
      const char close = c == '\'' ? '\'' : '>';
      while (!at_end() && peek() != close) ++pos_;
      if (at_end()) return fail();
      ++pos_;
      return body(dotall);
    }
    // Option letters: "(?s)" changes the enclosing group from here on, "(?s:...)" only its body.
    bool on = true;
    bool local = dotall;
    for (;; ++pos_) {
      const char f = peek();
      if (f == '-') {
        on = false;
      } else if (f == '^') {
        local = false;
      } else if (f == 's') {
        local = on;
      } else if (f == 'i' || f == 'm' || f == 'n' || f == 'J' || f == 'U') {
        // no effect on which bytes can be newlines
      } else if (f == ')') {
        ++pos_;
        dotall = local;
        is_atom = false;
        return 0;
      } else if (f == ':') {
        ++pos_;
        return body(local);
      } else {
        // x (extended syntax: whitespace and comments are not modelled), conditionals, recursion,
        // callouts, backreferences by name
        return fail();
      }
    }
  }

  // A value escape at the cursor (after the backslash) that both classes and patterns share;
  // returns the byte value, or -1 when the escape is not a single value.
  long value_escape(char c) {
    if (c == 'n') return '\n';
    if (c == 't') return '\t';
    if (c == 'r') return '\r';
    if (c == 'f') return '\f';
    if (c == 'e') return 0x1b;
    if (c == 'a') return 0x07;
    if (c == 'x') {
      unsigned long v = 0;
      if (peek() == '{') {
        ++pos_;
        while (is_hex(peek())) v = std::min<unsigned long>(v * 16 + hex_value(p_[pos_++]), 0x110000);
        if (peek() != '}') return fail(), -1;
        ++pos_;
      } else {
        for (int k = 0; k < 2 && is_hex(peek()); ++k) v = v * 16 + hex_value(p_[pos_++]);
      }
      return static_cast<long>(v);
    }
    if (c == 'o') {
      if (peek() != '{') return fail(), -1;
      ++pos_;
      unsigned long v = 0;
      while (is_octal(peek()))
        v = std::min<unsigned long>(v * 8 + static_cast<unsigned long>(p_[pos_++] - '0'), 0x110000);
      if (peek() != '}') return fail(), -1;
      ++pos_;
      return static_cast<long>(v);
    }
    if (c == 'c') {
      if (at_end()) return fail(), -1;
      return std::toupper(static_cast<unsigned char>(p_[pos_++])) ^ 0x40;
    }
    return -1;
  }

  // Past the name after \p or \P: "{...}" or one letter. False when the pattern ends first.
  bool skip_property_name() {
    if (peek() != '{') {
      if (at_end()) return false;
      ++pos_;
      return true;
    }
    while (!at_end() && peek() != '}') ++pos_;
    if (at_end()) return false;
    ++pos_;
    return true;
  }

  // Escapes that stand for a set: 1 when the set holds '\n', 0 when not, -1 when not a set.
  static int set_escape(char c) {
    switch (c) {
      case 's':
      case 'D':
      case 'W':
      case 'H':
      case 'v':
      case 'R':
      case 'X':
      case 'C':
      case 'p':
      case 'P':
        return 1;
      case 'S':
      case 'd':
      case 'w':
      case 'h':
      case 'V':
      case 'N':
        return 0;
      default:
        return -1;
    }
  }

  unsigned escape(bool& is_atom) {
    ++pos_;  // backslash
    if (at_end()) return fail();
    const char c = p_[pos_++];
    if (c == 'Q') {  // literal text up to \E
      unsigned count = 0;
      while (!at_end() && !(peek() == '\\' && peek(1) == 'E')) count += p_[pos_++] == '\n' ? 1 : 0;
      if (!at_end()) pos_ += 2;
      return count;  // a quantifier after it repeats the last byte only; counting all is safe
    }
    if (c == 'E') {
      is_atom = false;
      return 0;
    }
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G' || c == 'K') return 0;
    if (c == 'N' && peek() == '{') return fail();  // \N{U+hh}: a code point, not "not a newline"
    if (const int set = set_escape(c); set >= 0) {
      if ((c == 'p' || c == 'P') && !skip_property_name()) return fail();
      return static_cast<unsigned>(set);
    }
    if (c == '0') {  // \0 and up to two more octal digits
      unsigned v = 0;
      for (int k = 0; k < 2 && is_octal(peek()); ++k) v = v * 8 + static_cast<unsigned>(p_[pos_++] - '0');
      return v == '\n' ? 1 : 0;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == 'g' || c == 'k') return fail();  // backreference
    if (const long v = value_escape(c); v >= 0) return v == '\n' ? 1 : 0;
    if (failed_) return no_bound;
    if (std::isalnum(static_cast<unsigned char>(c))) return fail();  // an escape this reading does not know
    return c == '\n' ? 1 : 0;                                        // escaped punctuation is itself
  }

  // One member of a class: a byte value (>= 0), or a set (-2 with '\n', -3 without).
  long class_member() {
    const char c = p_[pos_++];
    if (c != '\\') return static_cast<unsigned char>(c);
    if (at_end()) return fail(), -2;
    const char e = p_[pos_++];
    if (e == 'b') return 0x08;
    if (e == 'Q' || e == 'E' || e == 'R' || e == 'X' || e == 'N') return fail(), -2;
    if (const int set = set_escape(e); set >= 0) {
      if ((e == 'p' || e == 'P') && !skip_property_name()) return fail(), -2;
      return set == 1 ? -2 : -3;
    }
    if (is_octal(e)) {  // in a class, \1 to \7 are octal too
      unsigned v = static_cast<unsigned>(e - '0');
      for (int k = 0; k < 2 && is_octal(peek()); ++k) v = v * 8 + static_cast<unsigned>(p_[pos_++] - '0');
      return v;
    }
    if (const long v = value_escape(e); v >= 0) return v;
    if (failed_ || std::isalnum(static_cast<unsigned char>(e))) return fail(), -2;
    return static_cast<unsigned char>(e);
  }

  unsigned char_class() {
    ++pos_;  // '['
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++pos_;
    }
    bool newline = false;
    bool first = true;
    for (;;) {
      if (at_end()) return fail();
      if (peek() == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (peek() == '[' && peek(1) == ':') {
        const std::size_t close = p_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) return fail();
        const std::string_view name = p_.substr(pos_ + 2, close - pos_ - 2);
        pos_ = close + 2;
        static constexpr std::string_view without[] = {"alpha", "digit", "alnum",  "upper", "lower", "punct",
                                                       "graph", "print", "xdigit", "word",  "blank"};
        if (std::find(std::begin(without), std::end(without), name) == std::end(without)) newline = true;
        continue;
      }
      const long low = class_member();
      if (failed_) return no_bound;
      if (low < 0) {
        newline = newline || low == -2;
        continue;
      }
      if (peek() == '-' && peek(1) != ']' && pos_ + 1 < p_.size()) {
        ++pos_;
        const long high = class_member();
        if (failed_) return no_bound;
        if (high < 0) {
          newline = true;  // "a-\s" is a literal '-' and a set: be safe
          continue;
        }
        if (low <= '\n' && '\n' <= high) newline = true;
      } else if (low == '\n') {
        newline = true;
      }
    }
    return (newline != negated) ? 1 : 0;
  }

  std::string_view p_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<unsigned> max_newlines(std::string_view pattern) { return Reader(pattern).run(); }

}  // namespace hush::scanner
