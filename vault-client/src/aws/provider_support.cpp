#include "aws/providers.hpp"

namespace hush::vault_client::aws::detail {

Retrier ProviderDeps::retrier(RetryPolicy policy) const {
  if (retry_clock != nullptr) return Retrier(policy, *logger, *retry_clock, make_uniform_random());
  return Retrier(policy, *logger);
}

std::chrono::system_clock::time_point ProviderDeps::now() const {
  return wall_clock ? wall_clock() : std::chrono::system_clock::now();
}

HttpResponse fetch(Retrier& retrier, HttpClient& http, std::string_view what, const std::function<HttpRequest()>& build,
                   const StatusError& on_status, Deadline deadline) {
  return retrier.run(what, deadline, [&](int attempt) {
    HttpRequest request = build();
    request.attempt = attempt;
    HttpResponse response = http.perform(request, deadline);
    if (response.status >= 200 && response.status < 300) return response;
    const StoreError error = on_status(response);
    if (error.transient()) throw RetryAfterError(error.failure(), error.what(), retry_after_of(response));
    throw error;
  });
}

}  // namespace hush::vault_client::aws::detail
