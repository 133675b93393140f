#include "hush/common/secure_json.hpp"

#include <algorithm>
#include <charconv>

#include "hush/common/codec.hpp"

namespace hush {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// An explicit stack of open containers instead of recursion: depth costs heap, not stack.
class Reader {
 public:
  Reader(std::string_view text, std::size_t max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  JsonStatus read(SecureJson& root) {
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "\xEF\xBB\xBF") p_ += 3;
    SecureJson* slot = &root;  // where the next value goes
    for (;;) {
      skip_space();
      if (p_ == end_) return JsonStatus::malformed;
      const char c = *p_;
      if (c == '{' || c == '[') {
        if (open_.size() >= max_depth_) return JsonStatus::too_deep;
        ++p_;
        *slot = c == '{' ? SecureJson::object() : SecureJson::array();
        open_.push_back(slot);
        skip_space();
        if (p_ != end_ && *p_ == (c == '{' ? '}' : ']')) {
          ++p_;
          open_.pop_back();
        } else {
          slot = next_slot(*slot);
          if (slot == nullptr) return JsonStatus::malformed;
          continue;
        }
      } else if (!read_scalar(*slot)) {
        return JsonStatus::malformed;
      }
      // A value is complete: close what it completes, then find where the next one goes.
      for (slot = nullptr; slot == nullptr;) {
        skip_space();
        if (open_.empty()) return p_ == end_ ? JsonStatus::ok : JsonStatus::malformed;
        if (p_ == end_) return JsonStatus::malformed;
        SecureJson& container = *open_.back();
        if (*p_ == ',') {
          ++p_;
          slot = next_slot(container);
          if (slot == nullptr) return JsonStatus::malformed;
        } else if (*p_ == (container.is_object() ? '}' : ']')) {
          ++p_;
          open_.pop_back();
        } else {
          return JsonStatus::malformed;
        }
      }
    }
  }

 private:
  void skip_space() noexcept {
    while (p_ != end_ && is_space(*p_)) ++p_;
  }

  // The slot for an array's next element, or for an object's next member after reading its key.
  // Pointers into the document stay valid: a container grows only while it is the innermost one.
  SecureJson* next_slot(SecureJson& container) {
    if (container.is_array()) return &container.emplace_back();
    skip_space();
    if (p_ == end_ || *p_ != '"') return nullptr;
    SecureString key;
    if (!read_string(key)) return nullptr;
    skip_space();
    if (p_ == end_ || *p_ != ':') return nullptr;
    ++p_;
    return &container[std::move(key)];  // a repeated key: the last one wins, as in nlohmann and Go
  }

  bool read_scalar(SecureJson& out) {
    switch (*p_) {
      case '"': {
        SecureString text;
        if (!read_string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't':
        return read_literal("true", out, true);
      case 'f':
        return read_literal("false", out, false);
      case 'n':
        return read_literal("null", out, nullptr);
      default:
        return read_number(out);
    }
  }

  template <class Value>
  bool read_literal(std::string_view word, SecureJson& out, Value value) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    out = value;
    return true;
  }

  // After the opening quote: plain runs are appended whole, escapes decoded, UTF-8 checked.
  bool read_string(SecureString& out) {
    ++p_;
    for (;;) {
      const char* run = p_;
      while (p_ != end_ && static_cast<unsigned char>(*p_) >= 0x20 && static_cast<unsigned char>(*p_) < 0x80 &&
             *p_ != '"' && *p_ != '\\')
        ++p_;
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        if (!read_escape(out)) return false;
      } else if (c < 0x20 || !append_utf8_sequence(out)) {
        return false;
      }
    }
  }

  bool read_escape(SecureString& out) {
    ++p_;
    if (p_ == end_) return false;
    // JSON's one-character escapes: the character after the backslash, and the one it stands for.
    constexpr std::string_view escaped = "\"\\/bfnrt";
    constexpr std::string_view unescaped = "\"\\/\b\f\n\r\t";
    const char e = *p_++;
    if (const auto at = escaped.find(e); at != std::string_view::npos) {
      out.push_back(unescaped[at]);
      return true;
    }
    if (e != 'u') return false;
    std::uint32_t code = 0;
    if (!read_hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate needs a high one first
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_code_point(out, code);
    return true;
  }

  bool read_hex4(std::uint32_t& code) {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const int v = hex_value(*p_++);
      if (v < 0) return false;
      code = code << 4 | static_cast<std::uint32_t>(v);
    }
    return true;
  }

  static void append_code_point(SecureString& out, std::uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | code >> 6));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | code >> 12));
      out.push_back(static_cast<char>(0x80 | (code >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | code >> 18));
      out.push_back(static_cast<char>(0x80 | (code >> 12 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  // One well-formed multi-byte UTF-8 sequence (Unicode table 3-7: no overlong forms, no
  // surrogates, nothing above U+10FFFF), appended as is.
  bool append_utf8_sequence(SecureString& out) {
    const auto lead = static_cast<unsigned char>(*p_);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end_ - p_) < length) return false;
    for (std::size_t i = 1; i < length; ++i) {
      const auto c = static_cast<unsigned char>(p_[i]);
      if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) return false;
    }
    out.append(p_, length);
    p_ += length;
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as nlohmann types it: integers as int64
  // (negative) or uint64, falling back to double when they do not fit; a double that overflows is
  // an error, one that underflows is zero.
  bool read_number(SecureJson& out) {
    const char* start = p_;
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    const char* int_start = p_;
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') ++p_;
    else
      while (p_ != end_ && is_digit(*p_)) ++p_;
    const auto int_digits = p_ - int_start;
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    long exponent = 0;  // saturated: only its sign and rough size matter below
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      const bool negative_exponent = p_ != end_ && *p_ == '-';
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) exponent = std::min(exponent * 10 + (*p_++ - '0'), 1000000L);
      if (negative_exponent) exponent = -exponent;
    }
    if (integral) {
      if (negative) {
        std::int64_t value = 0;
        if (std::from_chars(start, p_, value).ec == std::errc{}) {
          out = value;
          return true;
        }
      } else {
        std::uint64_t value = 0;
        if (std::from_chars(start, p_, value).ec == std::errc{}) {
          out = value;
          return true;
        }
      }
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(start, p_, value);
    if (ec == std::errc::result_out_of_range) {
      // Too small in magnitude is zero (as strtod has it); too large is not a number we take.
      if (decimal_magnitude(int_start, int_digits, exponent) >= 0) return false;
      value = negative ? -0.0 : 0.0;
    } else if (ec != std::errc{} || end != p_) {
      return false;
    }
    out = value;
    return true;
  }

  // The power of ten of the number's leading significant digit.
  long decimal_magnitude(const char* int_start, long int_digits, long exponent) const {
    if (!(int_digits == 1 && *int_start == '0')) return int_digits - 1 + exponent;
    long zeros = 0;  // after "0.": zeros before the first significant digit
    for (const char* q = int_start + 2; q < p_ && *q == '0'; ++q) ++zeros;
    return exponent - zeros - 1;
  }

  const char* p_;
  const char* end_;
  std::size_t max_depth_;
  std::vector<SecureJson*> open_;
};

// Out of line, so that its frames (short strings live inline in them) are below the caller's
// when the caller wipes the stack.
[[gnu::noinline]] JsonStatus read_document(std::string_view text, SecureJson& out, std::size_t max_depth) {
  return Reader(text, max_depth).read(out);
}

[[gnu::noinline]] void append_dump(const SecureJson& value, SecretBuffer& out) {
  SecureString text = value.dump();
  out.append(std::string_view(text.data(), text.size()));
  secure_wipe(text.data(), text.size());  // a short dump lives inline, not in a wiped allocation
}

}  // namespace

JsonStatus read_json(std::string_view text, SecureJson& out, std::size_t max_depth) {
  out = nullptr;
  const JsonStatus status = read_document(text, out, max_depth);
  wipe_stack_scratch();
  if (status != JsonStatus::ok) out = nullptr;
  return status;
}

SecretBuffer secret_text(const SecureJson& value) {
  SecretBuffer out;
  if (value.is_string()) {
    const auto& text = value.get_ref<const SecureString&>();
    out.append(std::string_view(text.data(), text.size()));
    return out;
  }
  append_dump(value, out);
  wipe_stack_scratch();
  return out;
}

std::string json_status_text(JsonStatus status) {
  switch (status) {
    case JsonStatus::ok:
      return "valid JSON";
    case JsonStatus::malformed:
      return "not valid JSON";
    case JsonStatus::too_deep:
      return "JSON nested deeper than " + std::to_string(max_json_depth) + " levels";
  }
  return "not valid JSON";
}

}  // namespace hush
