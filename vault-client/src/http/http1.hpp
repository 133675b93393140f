#pragma once
// HTTP/1.1 framing for the store clients: the request bytes, and an incremental response parser.
// Pure byte work with no I/O, so it is unit-tested and fuzzed on its own. The request is built
// in guarded memory because it carries tokens and signatures; the parser hands the body straight
// into the response's guarded buffer.
#include <cstddef>
#include <string>
#include <string_view>

#include "hush/common/secret.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {

struct RequestHead {
  std::string_view method;
  std::string_view target;         // origin form ("/v1/x?y") or, through a proxy, absolute form
  std::string_view host;           // Host header value, used unless the caller set one
  std::string_view user_agent;
  std::string_view proxy_authorization;  // "Basic ..." or empty; may be a credential
};

// The request line, headers and body, written over out (whose earlier bytes are wiped; its
// guarded allocation is reused). Throws StoreError(invalid_request) for a method or header that
// would break the framing (CR, LF or NUL in it).
void serialize_request(const RequestHead& head, const HttpHeaders& headers, std::string_view body, SecretBuffer& out);
[[nodiscard]] SecretBuffer serialize_request(const RequestHead& head, const HttpHeaders& headers, std::string_view body);

// Feeds response bytes in any slicing; knows where the response ends (Content-Length, chunked,
// or the connection's close) and whether the connection can carry another request.
class ResponseParser {
 public:
  // no_body: the answer to HEAD, or to a CONNECT, has headers only.
  ResponseParser(std::size_t max_body, bool no_body);

  // Consumes a prefix of bytes and returns its length (less than all only once done()).
  // Throws StoreError(bad_response) for malformed or oversized input.
  std::size_t feed(std::string_view bytes);
  // The connection closed. Completes a body delimited by the close; anything else unfinished
  // throws StoreError(bad_response) (a truncated answer), or unreachable if nothing arrived.
  void finish_at_close();

  [[nodiscard]] bool done() const noexcept { return state_ == State::done; }
  [[nodiscard]] bool started() const noexcept { return started_; }
  // The body runs until the connection closes (no length given): only a clean close ends it.
  [[nodiscard]] bool awaiting_close() const noexcept { return state_ == State::body_until_close; }
  // True when the server lets the connection carry another request.
  [[nodiscard]] bool reusable() const noexcept { return done() && keep_alive_ && !until_close_; }
  [[nodiscard]] HttpResponse& response() noexcept { return response_; }

 private:
  enum class State { status_line, headers, body_length, chunk_size, chunk_data, chunk_end, trailers, body_until_close, done };
  void on_line(std::string_view line);
  void on_status_line(std::string_view line);
  void on_header_line(std::string_view line);
  void on_headers_end();
  void on_chunk_size(std::string_view line);
  void append_body(std::string_view bytes);

  std::size_t max_body_;
  bool no_body_;
  State state_ = State::status_line;
  bool started_ = false;
  bool keep_alive_ = true;
  bool until_close_ = false;
  bool http10_ = false;
  std::string line_;            // a line being assembled across feeds
  std::size_t header_bytes_ = 0;
  std::size_t remaining_ = 0;   // body or chunk bytes still to come
  HttpResponse response_;
};

}  // namespace hush::vault_client::detail
