#pragma once
// The repositories of a GitHub organisation or user, or of a GitLab group and its subgroups,
// from the providers' REST APIs: every page (GitHub's Link header, GitLab's X-Next-Page), forks
// and archived repositories left out unless asked for, rate limits waited out within a bound.
// The token comes from GITHUB_TOKEN or GITLAB_TOKEN and is sent only to the API.
#include <chrono>
#include <string>
#include <vector>

namespace hush {
class Logger;
}

namespace hush::providers {

enum class Owner { github_org, github_user, gitlab_group };

struct ListingRequest {
  Owner owner = Owner::github_org;
  std::string name;  // organisation, user, or group path ("group/subgroup") or id
  // GitHub: the API root (https://api.github.com; GitHub Enterprise: https://HOST/api/v3).
  // GitLab: the instance (https://gitlab.com; self-managed: https://HOST). Empty: the public one.
  std::string api_url;
  bool include_forks = false;
  bool include_archived = false;
  std::string ca_file;  // PEM bundle to trust instead of the system's
  // Longest wait for a rate limit to reset (Retry-After, X-RateLimit-Reset); a longer one is an
  // error, so a nightly job fails loudly instead of hanging.
  std::chrono::seconds max_rate_limit_wait{300};
  unsigned max_pages = 1000;  // 100,000 repositories
};

// Clone URLs (https), in the API's order. Runtime error naming the owner and the HTTP status on
// a refusal (401, 403 without a rate limit, 404), on 5xx after retries, or on a body that is not
// the documented JSON.
[[nodiscard]] std::vector<std::string> list_repositories(const ListingRequest& request, Logger& log);

// The URL of the next page from a Link header (RFC 8288): the target of rel="next", or empty.
[[nodiscard]] std::string next_link(std::string_view link_header);

}  // namespace hush::providers
