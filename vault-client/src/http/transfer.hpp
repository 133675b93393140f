#pragma once
// One request in flight on libcurl: its easy handle set up from the client's options, the
// response being received into guarded memory, and the mapping of libcurl's result to a response
// or a classified StoreError.
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "http/curl_handles.hpp"
#include "hush/common/log.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {

// What every transfer of one client shares, set up once per client.
struct TransferSettings {
  const HttpOptions* options = nullptr;
  CurlShare* share = nullptr;
  // Trust for the store's certificate: the store's own CA file or directory, else SSL_CERT_FILE
  // and SSL_CERT_DIR (which then replace libcurl's built-in bundle and directory), else libcurl's.
  std::string ca_file;
  std::string ca_path;
  bool replace_default_trust = false;
  // SSL_CERT_FILE and SSL_CERT_DIR for an https:// proxy's certificate.
  std::string proxy_ca_file;
  std::string proxy_ca_path;
  SecretBuffer key_passphrase;  // NUL-terminated, for CURLOPT_KEYPASSWD; "" when none is configured
};

class Transfer {
 public:
  // Sets the handle up for `request` with `lines` as its headers. Throws StoreError
  // (invalid_request) for a request that cannot be sent, hush::Error for a libcurl that refuses
  // an option hush needs.
  Transfer(const HttpRequest& request, curl_slist* lines, const TransferSettings& settings, Deadline deadline);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  void attach(CurlMulti& multi);
  [[nodiscard]] bool is(CURL* handle) const noexcept { return easy_.get_handle() == handle; }
  // The response, or the StoreError for libcurl's result (logged either way, without secrets).
  [[nodiscard]] Outcome<HttpResponse> finish(CURLcode code, Logger& logger);
  // Whether it went over HTTP/2, where more requests share its connection at no cost.
  [[nodiscard]] bool multiplexed() const;
  // How long the answer took on a kept connection (no connection set-up in it); nullopt for a
  // transfer that opened its connection.
  [[nodiscard]] std::optional<std::chrono::microseconds> answer_time() const;

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  [[nodiscard]] StoreError failure(CURLcode code) const;

  const HttpRequest* request_;
  const TransferSettings* settings_;
  Deadline deadline_;
  SteadyClock::time_point started_;
  CurlEasy easy_;
  CurlMulti* attached_ = nullptr;
  std::string url_;
  // CURLOPT_CONNECT_TO's list, its nodes pointing into the strings (both sized before linking).
  std::vector<std::string> connect_to_;
  std::vector<curl_slist> connect_to_nodes_;
  HttpResponse response_;
  bool too_large_ = false;
  std::array<char, CURL_ERROR_SIZE> error_{};
};

}  // namespace hush::vault_client::detail
