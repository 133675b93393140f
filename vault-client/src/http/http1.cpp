#include "http/http1.hpp"

#include <algorithm>
#include <cctype>

#include "hush/common/text.hpp"

namespace hush::vault_client::detail {
namespace {

constexpr std::size_t max_header_bytes = 64 * 1024;
constexpr std::size_t max_chunk_line_bytes = 4 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool breaks_framing(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

[[noreturn]] void malformed(const std::string& what) { throw StoreError(StoreFailure::bad_response, what); }

// Whether a comma-separated header value lists token (case-insensitive).
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (ascii_iequals(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

void serialize_request(const RequestHead& head, const HttpHeaders& headers, std::string_view body, SecretBuffer& out) {
  const bool method_ok = !head.method.empty() && std::all_of(head.method.begin(), head.method.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
  if (!method_ok) throw StoreError(StoreFailure::invalid_request, "invalid HTTP method");
  if (head.target.empty() || head.target.find(' ') != std::string_view::npos || breaks_framing(head.target)) {
    throw StoreError(StoreFailure::invalid_request, "invalid request target");
  }
  const auto fields = headers.fields();
  std::size_t size = head.method.size() + head.target.size() + head.host.size() + head.user_agent.size() +
                     head.proxy_authorization.size() + body.size() + 128;
  for (const auto& [name, value] : fields) {
    const bool name_ok = !name.empty() && name.find_first_of(": \t") == std::string_view::npos;
    if (!name_ok || breaks_framing(name) || breaks_framing(value)) {
      throw StoreError(StoreFailure::invalid_request, "invalid request header");
    }
    size += name.size() + value.size() + 4;
  }
  if (breaks_framing(head.host) || breaks_framing(head.user_agent) || breaks_framing(head.proxy_authorization)) {
    throw StoreError(StoreFailure::invalid_request, "invalid request header");
  }

  out.resize(0);
  out.reserve(size);
  auto header = [&out](std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
  };
  out.append(head.method);
  out.append(" ");
  out.append(head.target);
  out.append(" HTTP/1.1\r\n");
  if (!headers.find("Host")) header("Host", head.host);
  if (!headers.find("User-Agent") && !head.user_agent.empty()) header("User-Agent", head.user_agent);
  if (!head.proxy_authorization.empty()) header("Proxy-Authorization", head.proxy_authorization);
  for (const auto& [name, value] : fields) header(name, value);
  const bool sends_body = !body.empty() || head.method == "POST" || head.method == "PUT" || head.method == "PATCH";
  if (sends_body && !headers.find("Content-Length")) header("Content-Length", std::to_string(body.size()));
  out.append("\r\n");
  out.append(body);
}

SecretBuffer serialize_request(const RequestHead& head, const HttpHeaders& headers, std::string_view body) {
  SecretBuffer out;
  serialize_request(head, headers, body, out);
  return out;
}

ResponseParser::ResponseParser(std::size_t max_body, bool no_body) : max_body_(max_body), no_body_(no_body) {}

std::size_t ResponseParser::feed(std::string_view bytes) {
  if (!bytes.empty()) started_ = true;
  std::size_t used = 0;
  while (used < bytes.size() && state_ != State::done) {
    const std::string_view rest = bytes.substr(used);
    switch (state_) {
      case State::body_length:
      case State::chunk_data: {
        const std::size_t n = std::min(rest.size(), remaining_);
        append_body(rest.substr(0, n));
        used += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = state_ == State::body_length ? State::done : State::chunk_end;
        break;
      }
      case State::body_until_close:
        append_body(rest);
        used += rest.size();
        break;
      default: {
        const std::size_t newline = rest.find('\n');
        const std::size_t take = newline == std::string_view::npos ? rest.size() : newline + 1;
        // Header blocks (status and fields, or trailers) have one budget; a chunk's framing lines
        // have their own, so that a body sent in many small chunks is not mistaken for headers.
        const bool framing_line = state_ == State::chunk_size || state_ == State::chunk_end;
        if (framing_line) {
          if (line_.size() + take > max_chunk_line_bytes) malformed("malformed chunked body");
        } else {
          header_bytes_ += take;
          if (header_bytes_ > max_header_bytes) malformed("response headers larger than " + std::to_string(max_header_bytes) + " bytes");
        }
        line_.append(rest.substr(0, take));
        used += take;
        if (newline != std::string_view::npos) {
          std::string_view line(line_);
          line.remove_suffix(1);
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          on_line(line);
          line_.clear();
        }
        break;
      }
    }
  }
  return used;
}

void ResponseParser::finish_at_close() {
  if (state_ == State::done) return;
  if (state_ == State::body_until_close) {
    state_ = State::done;
    return;
  }
  if (!started_) throw StoreError(StoreFailure::unreachable, "the server closed the connection without answering");
  malformed(state_ == State::body_length || state_ == State::chunk_data ? "response body truncated" : "response truncated");
}

void ResponseParser::on_line(std::string_view line) {
  switch (state_) {
    case State::status_line: on_status_line(line); break;
    case State::headers: line.empty() ? on_headers_end() : on_header_line(line); break;
    case State::chunk_size: on_chunk_size(line); break;
    case State::chunk_end:
      if (!line.empty()) malformed("malformed chunked body");
      state_ = State::chunk_size;
      break;
    case State::trailers:
      if (line.empty()) state_ = State::done;
      break;
    default: break;
  }
}

void ResponseParser::on_status_line(std::string_view line) {
  // HTTP/1.x SSS reason
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ' ||
      !std::isdigit(static_cast<unsigned char>(line[9])) || !std::isdigit(static_cast<unsigned char>(line[10])) ||
      !std::isdigit(static_cast<unsigned char>(line[11])) || (line.size() > 12 && line[12] != ' ')) {
    malformed("not an HTTP/1.x response");
  }
  http10_ = line[7] == '0';
  keep_alive_ = !http10_;
  response_.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  response_.headers.clear();
  state_ = State::headers;
}

void ResponseParser::on_header_line(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') malformed("folded response header");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) malformed("malformed response header");
  response_.headers.emplace_back(ascii_lower(std::string(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
}

void ResponseParser::on_headers_end() {
  header_bytes_ = 0;  // the trailers, if any, get a budget of their own
  const long status = response_.status;
  if (status >= 100 && status < 200) {
    if (status == 101) malformed("unexpected protocol switch");
    state_ = State::status_line;  // an interim answer; the real one follows
    return;
  }
  std::optional<std::size_t> length;
  bool chunked = false;
  for (const auto& [name, value] : response_.headers) {
    if (name == "connection") {
      if (lists_token(value, "close")) keep_alive_ = false;
      if (http10_ && lists_token(value, "keep-alive")) keep_alive_ = true;
    } else if (name == "transfer-encoding") {
      if (!ascii_iequals(trim(value), "chunked")) malformed("unsupported transfer encoding");
      chunked = true;
    } else if (name == "content-encoding") {
      if (!ascii_iequals(trim(value), "identity")) malformed("unsupported content encoding");
    } else if (name == "content-length") {
      if (value.empty() || value.size() > 18 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        malformed("malformed Content-Length");
      }
      const std::size_t parsed = std::stoull(value);
      if (length && *length != parsed) malformed("conflicting Content-Length");
      length = parsed;
    }
  }
  // Both framings at once is how requests are smuggled (RFC 9112 6.3): read by the chunks, but
  // never reuse the connection.
  if (chunked && length) keep_alive_ = false;
  if (no_body_ || status == 204 || status == 304) {
    state_ = State::done;
  } else if (chunked) {
    state_ = State::chunk_size;
  } else if (length) {
    if (*length > max_body_) malformed("response larger than " + std::to_string(max_body_) + " bytes");
    response_.body.reserve(*length);
    remaining_ = *length;
    state_ = remaining_ == 0 ? State::done : State::body_length;
  } else {
    until_close_ = true;
    state_ = State::body_until_close;
  }
}

void ResponseParser::on_chunk_size(std::string_view line) {
  line = line.substr(0, line.find(';'));
  line = trim(line);
  if (line.empty() || line.size() > 15) malformed("malformed chunk size");
  std::size_t size = 0;
  for (const char c : line) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                  : -1;
    if (digit < 0) malformed("malformed chunk size");
    size = size * 16 + static_cast<std::size_t>(digit);
  }
  if (size > max_body_ || response_.body.size() + size > max_body_) malformed("response larger than " + std::to_string(max_body_) + " bytes");
  remaining_ = size;
  state_ = size == 0 ? State::trailers : State::chunk_data;
}

void ResponseParser::append_body(std::string_view bytes) {
  if (response_.body.size() + bytes.size() > max_body_) malformed("response larger than " + std::to_string(max_body_) + " bytes");
  response_.body.append(bytes);
}

}  // namespace hush::vault_client::detail
