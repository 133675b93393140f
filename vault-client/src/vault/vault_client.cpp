#include <algorithm>

#include "vault/vault_impl.hpp"
#include "vault/vault_response.hpp"

namespace hush::vault_client {
namespace {

std::string normalize(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

// The path below a mount ("secret/" + "app/db" -> "app/db").
std::string below(const VaultMount& mount, const std::string& path) {
  if (path.size() + 1 == mount.path.size()) return {};
  return path.substr(std::min(path.size(), mount.path.size()));
}

}  // namespace

const SecretBuffer* VaultSecret::find(std::string_view key) const {
  const auto it = data.find(key);
  return it == data.end() ? nullptr : &it->second;
}

VaultClient::VaultClient(VaultConfig config, Logger& logger)
    : VaultClient(std::move(config), logger, RetryClock::system(), make_uniform_random()) {}

VaultClient::VaultClient(VaultConfig config, Logger& logger, RetryClock& clock, UniformRandom random)
    : impl_(std::make_unique<Impl>(std::move(config), logger, clock, std::move(random))) {}

VaultClient::~VaultClient() = default;
VaultClient::VaultClient(VaultClient&&) noexcept = default;
VaultClient& VaultClient::operator=(VaultClient&&) noexcept = default;

VaultMount VaultClient::mount_of(std::string_view raw_path, Deadline deadline) {
  Impl& impl = *impl_;
  const std::string path = normalize(raw_path);
  for (const auto& mount : impl.mounts) {
    if ((path + "/").rfind(mount.path, 0) == 0) return mount;
  }
  VaultCall call;
  call.path = "sys/internal/ui/mounts/" + path;
  call.what = path;
  call.accept_404 = true;
  VaultMount mount;
  try {
    const HttpResponse response = impl.call(call, deadline);
    if (response.status == 404) {
      // Vault before the preflight endpoint: the CLI falls back to KV v1 on the first segment.
      mount.path = path.substr(0, path.find('/')) + "/";
      mount.type = "kv";
      mount.kv_version = 1;
    } else {
      mount = detail::parse_mount(response.body.view());
    }
  } catch (const StoreError& error) {
    if (error.failure() != StoreFailure::permission_denied) throw;
    throw StoreError(StoreFailure::permission_denied,
                     "permission denied on " + path +
                         ": the token's policies grant no access there, or no secrets engine is mounted at that path");
  }
  impl.logger->debug("vault mount",
                     {{"path", mount.path}, {"type", mount.type}, {"kv_version", std::to_string(mount.kv_version)}});
  impl.mounts.push_back(mount);
  std::sort(impl.mounts.begin(), impl.mounts.end(),
            [](const VaultMount& a, const VaultMount& b) { return a.path.size() > b.path.size(); });
  return mount;
}

// A read resolved to its API call: the mount looked up, the path under it.
struct VaultClient::PlannedRead {
  std::string path;
  VaultMount mount;
  VaultCall call;
};

VaultClient::PlannedRead VaultClient::plan_read(std::string_view raw_path, std::optional<int> version,
                                                Deadline deadline) {
  PlannedRead plan;
  plan.path = normalize(raw_path);
  const std::string& path = plan.path;
  if (path.empty()) throw StoreError(StoreFailure::invalid_request, "empty Vault path");
  plan.mount = mount_of(path, deadline);
  const VaultMount& mount = plan.mount;
  VaultCall& call = plan.call;
  call.what = path;
  if (mount.kv_version == 2) {
    const std::string rest = below(mount, path);
    if (rest.empty()) throw StoreError(StoreFailure::invalid_request, path + " names a KV mount, not a secret");
    call.path = mount.path + "data/" + rest;
    if (version) {
      if (*version < 0) throw StoreError(StoreFailure::invalid_request, "negative version for " + path);
      call.query = "version=" + std::to_string(*version);
      call.what = path + " version " + std::to_string(*version);
    }
    call.accept_404 = true;
  } else {
    if (version) {
      throw StoreError(StoreFailure::invalid_request, "versions need a KV v2 mount; " + mount.path + " is " +
                                                          (mount.kv_version == 1 ? "KV v1" : mount.type));
    }
    call.path = path;
  }
  return plan;
}

VaultSecret VaultClient::finish_read(const PlannedRead& plan, const HttpResponse& response) {
  const std::string& path = plan.path;
  if (response.status == 404) {
    if (const auto gone = detail::parse_kv2_gone(response.body.view())) {
      const std::string which = path + " version " + std::to_string(gone->version);
      if (gone->destroyed) throw StoreError(StoreFailure::not_found, which + " was destroyed");
      throw StoreError(StoreFailure::not_found, which + " was deleted (" + gone->deletion_time + ")");
    }
    throw_vault_error(response, plan.call.what, plan.call.path);
  }
  if (response.status == 204 || response.body.empty()) {
    throw StoreError(StoreFailure::not_found, "Vault returned no data for " + path);
  }
  VaultSecret secret = detail::parse_secret(response.body.view(), plan.mount.kv_version);
  impl_->logger->debug("vault read", {{"path", path},
                                      {"kv_version", std::to_string(plan.mount.kv_version)},
                                      {"fields", std::to_string(secret.data.size())},
                                      {"leased", secret.lease_id.empty() ? "false" : "true"}});
  return secret;
}

VaultSecret VaultClient::read(std::string_view raw_path, Deadline deadline, std::optional<int> version) {
  const PlannedRead plan = plan_read(raw_path, version, deadline);
  return finish_read(plan, impl_->call(plan.call, deadline));
}

std::vector<Outcome<VaultSecret>> VaultClient::read_many(std::span<const VaultRead> reads, Deadline deadline) {
  Impl& impl = *impl_;
  std::vector<Outcome<VaultSecret>> out(reads.size());
  // Mounts (cached: one lookup per mount) and the token first, one at a time.
  std::vector<PlannedRead> plans;
  std::vector<std::size_t> index;  // plans[k] is reads[index[k]]
  for (std::size_t i = 0; i < reads.size(); ++i) {
    try {
      plans.push_back(plan_read(reads[i].path, reads[i].version, deadline));
      index.push_back(i);
    } catch (...) {
      out[i] = Outcome<VaultSecret>::current_failure();
    }
  }
  if (plans.empty()) return out;
  try {
    authenticate(deadline);
  } catch (...) {
    for (const std::size_t i : index) out[i] = Outcome<VaultSecret>::current_failure();
    return out;
  }
  // Then every first attempt at once; each outcome goes through the retry policy as if received
  // by read() (a transient failure is retried alone, a redirect followed, a rejected token replaced).
  std::vector<HttpRequest> requests;
  requests.reserve(plans.size());
  for (const PlannedRead& plan : plans) requests.push_back(impl.request_for(plan.call, 1, true));
  std::vector<Outcome<HttpResponse>> first = impl.http.perform_all(requests, deadline);
  impl.logger->debug("vault reads at once", {{"reads", std::to_string(plans.size())}});
  std::exception_ptr unreachable;  // a read that found Vault unreachable after every retry
  for (std::size_t k = 0; k < plans.size(); ++k) {
    if (unreachable && !first[k].ok()) {
      // Its first attempt failed to reach Vault too, and the retries of another used up the time.
      out[index[k]] = Outcome<VaultSecret>::failed(unreachable);
      continue;
    }
    try {
      out[index[k]] = Outcome<VaultSecret>::of(finish_read(plans[k], impl.call(plans[k].call, deadline, &first[k])));
    } catch (const StoreError& error) {
      out[index[k]] = Outcome<VaultSecret>::current_failure();
      if (error.transient() || error.failure() == StoreFailure::timeout) unreachable = std::current_exception();
    } catch (...) {
      out[index[k]] = Outcome<VaultSecret>::current_failure();
    }
  }
  return out;
}

SecretBuffer VaultClient::read_key(std::string_view path, std::string_view key, Deadline deadline,
                                   std::optional<int> version) {
  VaultSecret secret = read(path, deadline, version);
  const auto it = secret.data.find(key);
  if (it == secret.data.end()) {
    throw StoreError(StoreFailure::not_found, "key " + std::string(key) + " not found in " + normalize(path));
  }
  return std::move(it->second);
}

std::vector<std::string> VaultClient::list(std::string_view raw_path, Deadline deadline) {
  Impl& impl = *impl_;
  const std::string path = normalize(raw_path);
  if (path.empty()) throw StoreError(StoreFailure::invalid_request, "empty Vault path");
  const VaultMount mount = mount_of(path, deadline);
  VaultCall call;
  call.method = "LIST";
  call.what = path;
  call.path = mount.kv_version == 2 ? mount.path + "metadata/" + below(mount, path) : path;
  const HttpResponse response = impl.call(call, deadline);
  return detail::parse_list(response.body.view());
}

VaultLease VaultClient::renew_lease(std::string_view lease_id, std::chrono::seconds increment, Deadline deadline) {
  SecretBuffer body("{\"lease_id\":");
  detail::append_json_string(body, lease_id);
  body.append(",\"increment\":" + std::to_string(std::max<std::int64_t>(0, increment.count())) + "}");
  VaultCall call;
  call.method = "PUT";
  call.path = "sys/leases/renew";
  call.body = body.view();
  call.what = "lease renewal";
  try {
    VaultLease lease = detail::parse_lease(impl_->call(call, deadline).body.view());
    impl_->logger->debug("vault lease renewed", {{"ttl_s", std::to_string(lease.duration.count())}});
    return lease;
  } catch (const StoreError& error) {
    if (error.failure() == StoreFailure::invalid_request &&
        std::string_view(error.what()).find("lease not found") != std::string_view::npos) {
      throw StoreError(StoreFailure::not_found, "lease not found (expired or revoked); fetch the secret again");
    }
    throw;
  }
}

void VaultClient::revoke_lease(std::string_view lease_id, Deadline deadline) {
  SecretBuffer body("{\"lease_id\":");
  detail::append_json_string(body, lease_id);
  body.append("}");
  VaultCall call;
  call.method = "PUT";
  call.path = "sys/leases/revoke";
  call.body = body.view();
  call.what = "lease revocation";
  (void)impl_->call(call, deadline);
  impl_->logger->debug("vault lease revoked");
}

VaultHealth VaultClient::health(Deadline deadline) {
  Impl& impl = *impl_;
  VaultCall call;
  call.path = "sys/health";
  call.what = "health check";
  call.authenticated = false;
  return impl.retrier.run(call.what, deadline, [&](int attempt) {
    HttpResponse response = impl.send_once(call, deadline, attempt, false);
    const long s = response.status;
    if (s == 200 || s == 429 || s == 472 || s == 473 || s == 501 || s == 503) {
      return detail::parse_health(response.body.view(), s);
    }
    throw_vault_error(response, call.what, call.path);
  });
}

void VaultClient::authenticate(Deadline deadline) {
  Impl& impl = *impl_;
  impl.retrier.run("Vault authentication", deadline, [&](int attempt) { impl.ensure_token(deadline, attempt); });
}

std::chrono::seconds VaultClient::token_ttl() const {
  const Impl& impl = *impl_;
  if (!impl.expires_at) return std::chrono::seconds(0);
  const auto now = impl.clock->now();
  if (now >= *impl.expires_at) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(*impl.expires_at - now);
}

void VaultClient::logout(Deadline deadline) {
  Impl& impl = *impl_;
  if (!impl.logged_in || impl.token.empty()) return;
  VaultCall call;
  call.method = "POST";
  call.path = "auth/token/revoke-self";
  call.what = "token revocation";
  try {
    (void)impl.send_once(call, deadline, 1, true);
  } catch (const StoreError& error) {
    impl.logger->debug("vault token revocation failed", {{"failure", failure_name(error.failure())}});
  }
  impl.forget_token();
}

}  // namespace hush::vault_client
