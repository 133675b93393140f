#include "http/curl_handles.hpp"

#include "hush/common/error.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {

void throw_option_refused(long option, const std::string& why) {
  throw Error(ErrorKind::runtime, "libcurl " + curl_api().version + " refused option " + std::to_string(option) + " (" +
                                      why + "); it may have been built without a feature hush needs");
}

CurlEasy::CurlEasy() : api_(&curl_api()), handle_(api_->easy_init()) {
  if (!handle_) throw StoreError(StoreFailure::unreachable, "libcurl could not create a transfer handle");
}

CurlMulti::CurlMulti() : api_(&curl_api()), handle_(api_->multi_init()) {
  if (!handle_) throw StoreError(StoreFailure::unreachable, "libcurl could not create a multi handle");
}

void CurlMulti::check(CURLMcode code, const char* what) const {
  if (code != CURLM_OK)
    throw StoreError(StoreFailure::unreachable, std::string(what) + ": " + api_->multi_strerror(code));
}

void CurlMulti::add(CurlEasy& easy) {
  check(api_->multi_add_handle(handle_.get(), easy.get_handle()), "curl_multi_add_handle");
}

void CurlMulti::remove(CurlEasy& easy) noexcept { (void)api_->multi_remove_handle(handle_.get(), easy.get_handle()); }

int CurlMulti::perform() {
  int running = 0;
  check(api_->multi_perform(handle_.get(), &running), "curl_multi_perform");
  return running;
}

void CurlMulti::poll(int timeout_ms) {
  check(api_->multi_poll(handle_.get(), nullptr, 0, timeout_ms, nullptr), "curl_multi_poll");
}

CURLMsg* CurlMulti::next_message() {
  int left = 0;
  return api_->multi_info_read(handle_.get(), &left);
}

CurlShare::CurlShare() : handle_(curl_api().share_init()) {
  if (!handle_) throw StoreError(StoreFailure::unreachable, "libcurl could not create a share handle");
  const CurlApi& api = curl_api();
  for (const curl_lock_data data : {CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_SSL_SESSION}) {
    const CURLSHcode code = api.share_setopt(handle_.get(), CURLSHOPT_SHARE, data);
    if (code != CURLSHE_OK) throw_option_refused(CURLSHOPT_SHARE, "share " + std::to_string(data));
  }
}

CurlUrl::CurlUrl(const std::string& url) : handle_(curl_api().url()) {
  if (!handle_ || curl_api().url_set(handle_.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "malformed URL: " + loggable_url(url));
  }
}

std::string CurlUrl::part(CURLUPart which, unsigned flags) const {
  char* raw = nullptr;
  if (curl_api().url_get(handle_.get(), which, &raw, flags) != CURLUE_OK || raw == nullptr) return {};
  std::string out(raw);
  curl_api().free(raw);
  return out;
}

void CurlUrl::set_part(CURLUPart which, const std::string& value) {
  if (curl_api().url_set(handle_.get(), which, value.c_str(), 0) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "libcurl rejects '" + value + "' as part of a URL");
  }
}

}  // namespace hush::vault_client::detail
