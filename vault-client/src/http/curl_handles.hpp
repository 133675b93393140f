#pragma once
// Owning, typed wrappers for libcurl's handles. A handle exists only once libcurl is loaded, so
// the wrappers reach it through curl_api(). Options are set through the table in
// curl_options.hpp, so a value of the wrong type does not compile.
#include <memory>
#include <string>

#include "http/curl_api.hpp"
#include "http/curl_options.hpp"

namespace hush::vault_client::detail {

// Throws hush::Error(runtime) naming the option: libcurl refusing an option hush needs is a
// broken installation (a feature left out of the build), not a store failure.
[[noreturn]] void throw_option_refused(long option, const std::string& why);

class CurlEasy {
 public:
  CurlEasy();  // throws StoreError(unreachable) when libcurl cannot allocate one

  template <CURLoption Option>
  void set(typename EasyOption<Option>::type value) {
    const CURLcode code = set_if_supported<Option>(value);
    if (code != CURLE_OK) throw_option_refused(Option, api_->easy_strerror(code));
  }
  // For options whose absence (an older or smaller libcurl) hush can live with.
  template <CURLoption Option>
  CURLcode set_if_supported(typename EasyOption<Option>::type value) {
    static_assert(fits_option_number<typename EasyOption<Option>::type>(Option),
                  "the table's type does not match the kind libcurl encodes in the option's number");
    return api_->easy_setopt(handle_.get(), Option, value);
  }

  // CURLINFO_* values encode their result type; only the kinds hush reads are provided.
  template <CURLINFO Info>
  [[nodiscard]] auto get() const {
    constexpr int kind = Info & CURLINFO_TYPEMASK;
    static_assert(kind == CURLINFO_LONG || kind == CURLINFO_OFF_T, "add the CURLINFO kind here before reading it");
    if constexpr (kind == CURLINFO_LONG) {
      long value = 0;
      api_->easy_getinfo(handle_.get(), Info, &value);
      return value;
    } else {
      curl_off_t value = 0;
      api_->easy_getinfo(handle_.get(), Info, &value);
      return value;
    }
  }

  [[nodiscard]] CURL* get_handle() const noexcept { return handle_.get(); }
  [[nodiscard]] const char* describe(CURLcode code) const { return api_->easy_strerror(code); }

 private:
  struct Cleanup {
    void operator()(CURL* handle) const noexcept { curl_api().easy_cleanup(handle); }
  };
  const CurlApi* api_;
  std::unique_ptr<CURL, Cleanup> handle_;
};

class CurlMulti {
 public:
  CurlMulti();

  template <CURLMoption Option>
  void set(typename MultiOption<Option>::type value) {
    static_assert(fits_option_number<typename MultiOption<Option>::type>(Option),
                  "the table's type does not match the kind libcurl encodes in the option's number");
    const CURLMcode code = api_->multi_setopt(handle_.get(), Option, value);
    if (code != CURLM_OK) throw_option_refused(Option, api_->multi_strerror(code));
  }

  void add(CurlEasy& easy);
  void remove(CurlEasy& easy) noexcept;
  // Runs what can run without waiting; returns the number of transfers still running.
  int perform();
  // Waits for activity on any transfer, at most timeout_ms.
  void poll(int timeout_ms);
  // The next finished transfer (its handle and result), or nullptr.
  [[nodiscard]] CURLMsg* next_message();

 private:
  void check(CURLMcode code, const char* what) const;
  struct Cleanup {
    void operator()(CURLM* handle) const noexcept { curl_api().multi_cleanup(handle); }
  };
  const CurlApi* api_;
  std::unique_ptr<CURLM, Cleanup> handle_;
};

// State shared by one client's transfers: DNS answers and TLS sessions, so that parallel
// connections to a store resume the first one's session. Single-threaded use: no locks.
class CurlShare {
 public:
  CurlShare();
  [[nodiscard]] CURLSH* get_handle() const noexcept { return handle_.get(); }

 private:
  struct Cleanup {
    void operator()(CURLSH* handle) const noexcept { curl_api().share_cleanup(handle); }
  };
  std::unique_ptr<CURLSH, Cleanup> handle_;
};

// A URL parsed by libcurl itself, so hush reads host and port exactly as libcurl will connect.
class CurlUrl {
 public:
  explicit CurlUrl(const std::string& url);                                   // throws StoreError(invalid_request)
  [[nodiscard]] std::string part(CURLUPart which, unsigned flags = 0) const;  // empty when absent
  void set_part(CURLUPart which, const std::string& value);                   // throws StoreError(invalid_request)

 private:
  struct Cleanup {
    void operator()(CURLU* handle) const noexcept { curl_api().url_cleanup(handle); }
  };
  std::unique_ptr<CURLU, Cleanup> handle_;
};

}  // namespace hush::vault_client::detail
