#pragma once
// Owning wrappers for libcurl's C handles. A handle exists only once libcurl is loaded, so the
// deleters can reach it through curl_library().
#include <memory>

#include "http/curl_library.hpp"

namespace hush::vault_client::detail {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_library().easy_cleanup(handle); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_library().slist_free_all(list); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_library().url_cleanup(url); }
};
struct CurlStringDeleter {
  void operator()(char* text) const noexcept { curl_library().free(text); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

}  // namespace hush::vault_client::detail
