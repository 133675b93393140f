#include "hush/providers/repository_listing.hpp"

#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "hush/common/codec.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::providers {
namespace {

using vault_client::HttpClient;
using vault_client::HttpRequest;
using vault_client::HttpResponse;

constexpr int max_server_error_attempts = 3;
constexpr int max_rate_limit_waits = 20;

bool is_github(Owner owner) noexcept { return owner != Owner::gitlab_group; }

std::string api_root(const ListingRequest& request) {
  std::string root = request.api_url.empty()
                         ? (is_github(request.owner) ? "https://api.github.com" : "https://gitlab.com")
                         : request.api_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root;
}

std::string first_page_url(const ListingRequest& request) {
  const std::string name = percent_encode(request.name);  // a GitLab group path's '/' too, as its API wants
  switch (request.owner) {
    case Owner::github_org:
      return api_root(request) + "/orgs/" + name + "/repos?per_page=100&type=all";
    case Owner::github_user:
      return api_root(request) + "/users/" + name + "/repos?per_page=100&type=owner";
    case Owner::gitlab_group:
      return api_root(request) + "/api/v4/groups/" + name + "/projects?include_subgroups=true&per_page=100";
  }
  return {};
}

std::string owner_text(const ListingRequest& request) {
  switch (request.owner) {
    case Owner::github_org:
      return "GitHub organisation " + request.name;
    case Owner::github_user:
      return "GitHub user " + request.name;
    case Owner::gitlab_group:
      return "GitLab group " + request.name;
  }
  return request.name;
}

std::optional<std::uint64_t> number_header(const HttpResponse& response, std::string_view name) {
  const auto value = response.header(name);
  if (!value) return std::nullopt;
  const std::string_view text = trim(*value);
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// How long a throttled answer asks to wait: Retry-After, or until X-RateLimit-Reset (epoch
// seconds) when X-RateLimit-Remaining is 0, as GitHub and GitLab send them; nullopt when the
// answer is no rate limit.
std::optional<std::chrono::seconds> rate_limit_wait(const HttpResponse& response) {
  if (response.status != 403 && response.status != 429) return std::nullopt;
  if (const auto after = vault_client::retry_after_of(response)) return std::chrono::ceil<std::chrono::seconds>(*after);
  if (number_header(response, "x-ratelimit-remaining") == std::uint64_t{0}) {
    if (const auto reset = number_header(response, "x-ratelimit-reset")) {
      const auto now = static_cast<std::uint64_t>(std::time(nullptr));
      return std::chrono::seconds(*reset > now ? *reset - now : 0);
    }
  }
  if (response.status == 429) return std::chrono::seconds(60);
  return std::nullopt;
}

HttpRequest page_request(const ListingRequest& request, const std::string& url) {
  HttpRequest http;
  http.url = url;
  if (is_github(request.owner)) {
    http.headers.add("Accept", "application/vnd.github+json");
    http.headers.add("X-GitHub-Api-Version", "2022-11-28");
    if (const char* token = std::getenv("GITHUB_TOKEN"); token && *token)
      http.headers.add_sensitive("Authorization", std::string("Bearer ") + token);
  } else if (const char* token = std::getenv("GITLAB_TOKEN"); token && *token) {
    http.headers.add_sensitive("PRIVATE-TOKEN", token);
  }
  return http;
}

HttpResponse fetch_page(HttpClient& client, const ListingRequest& request, const std::string& url, Logger& log) {
  int server_errors = 0;
  int waits = 0;
  for (;;) {
    const HttpRequest http = page_request(request, url);
    try {
      HttpResponse response = client.perform(http);
      if (response.status == 200) return response;
      if (const auto wait = rate_limit_wait(response); wait && waits < max_rate_limit_waits) {
        if (*wait > request.max_rate_limit_wait)
          throw Error(ErrorKind::runtime, "the API of the " + owner_text(request) + " asks to wait " +
                                              std::to_string(wait->count()) + " s for its rate limit, longer than " +
                                              std::to_string(request.max_rate_limit_wait.count()) +
                                              " s; set a token (GITHUB_TOKEN, GITLAB_TOKEN) for a higher limit");
        ++waits;
        log.warn("rate limited, waiting",
                 {{"seconds", std::to_string(wait->count())}, {"url", vault_client::loggable_url(http)}});
        std::this_thread::sleep_for(*wait);
        continue;
      }
      if (response.status >= 500 && ++server_errors < max_server_error_attempts) {
        log.warn("server error, retrying",
                 {{"status", std::to_string(response.status)}, {"url", vault_client::loggable_url(http)}});
        std::this_thread::sleep_for(std::chrono::milliseconds(200 * server_errors));
        continue;
      }
      std::string hint;
      if (response.status == 401) hint = ": the token (GITHUB_TOKEN, GITLAB_TOKEN) is missing, wrong or expired";
      else if (response.status == 404) hint = ": no such owner, or the token may not see it";
      else if (response.status == 403) hint = ": the token may not list it";
      throw Error(ErrorKind::runtime, "cannot list the repositories of the " + owner_text(request) + ": HTTP " +
                                          std::to_string(response.status) + " from " +
                                          vault_client::loggable_url(http) + hint);
    } catch (const vault_client::StoreError& e) {
      if (!e.transient() || ++server_errors >= max_server_error_attempts)
        throw Error(ErrorKind::runtime, "cannot list the repositories of the " + owner_text(request) + ": " + e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(200 * server_errors));
    }
  }
}

std::string next_page_url(const ListingRequest& request, const HttpResponse& response) {
  if (is_github(request.owner)) {
    const auto link = response.header("link");
    std::string next = link ? next_link(*link) : std::string();
    // The token goes with every page: only to the API it was meant for.
    if (!next.empty() && !next.starts_with(api_root(request) + "/"))
      throw Error(ErrorKind::runtime, "the API of the " + owner_text(request) + " names a next page elsewhere (" +
                                          vault_client::loggable_url(next) + ")");
    return next;
  }
  const auto next = number_header(response, "x-next-page");
  return next ? first_page_url(request) + "&page=" + std::to_string(*next) : std::string();
}

void take_page(const ListingRequest& request, const HttpResponse& response, const std::string& url,
               std::vector<std::string>& out) {
  const auto doc = nlohmann::json::parse(response.body.view(), nullptr, false);
  if (!doc.is_array())
    throw Error(ErrorKind::runtime,
                "the answer from " + vault_client::loggable_url(url) + " is not a JSON list of repositories");
  for (const auto& repo : doc) {
    if (!repo.is_object()) continue;
    const bool github = is_github(request.owner);
    const bool fork = github ? repo.value("fork", false)
                             : repo.contains("forked_from_project") && !repo["forked_from_project"].is_null();
    const bool archived = repo.value("archived", false);
    if ((fork && !request.include_forks) || (archived && !request.include_archived)) continue;
    const char* key = github ? "clone_url" : "http_url_to_repo";
    if (const auto it = repo.find(key); it != repo.end() && it->is_string()) out.push_back(it->get<std::string>());
  }
}

}  // namespace

std::string next_link(std::string_view header) {
  // <URL>; rel="next", <URL>; rel="last"
  std::size_t pos = 0;
  while (pos < header.size()) {
    const std::size_t open = header.find('<', pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = header.find('>', open);
    if (close == std::string_view::npos) break;
    const std::size_t end = header.find(',', close);
    const std::string_view params =
        header.substr(close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos || params.find("rel=next") != std::string_view::npos)
      return std::string(header.substr(open + 1, close - open - 1));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return {};
}

std::vector<std::string> list_repositories(const ListingRequest& request, Logger& log) {
  vault_client::HttpOptions options;
  options.tls.ca_file = request.ca_file;
  HttpClient client(options, log);
  std::vector<std::string> urls;
  std::string url = first_page_url(request);
  for (unsigned page = 0; !url.empty(); ++page) {
    if (page == request.max_pages)
      throw Error(ErrorKind::runtime, "the " + owner_text(request) + " has more than " +
                                          std::to_string(request.max_pages) + " pages of repositories");
    const HttpResponse response = fetch_page(client, request, url, log);
    take_page(request, response, url, urls);
    url = next_page_url(request, response);
  }
  log.info("repositories listed", {{"owner", owner_text(request)}, {"repositories", std::to_string(urls.size())}});
  return urls;
}

}  // namespace hush::providers
