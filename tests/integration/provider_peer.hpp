#pragma once
// The provider peer (tests/peers/provider_peer.py) for `hush scan --verify` tests: it answers as
// the providers do, over TLS with a CA made for the run; --verify-connect-to sends the providers'
// real hosts (and the .test hosts that stand for self-hosted services) to it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness.hpp"
#include "peer_process.hpp"

namespace hush_it {

// A CA and a server certificate for the providers' hosts, made with openssl for this run.
struct ProviderPki {
  TempDir dir;
  std::string ca = (dir / "ca.pem").string();
  std::string cert = (dir / "server.pem").string();
  std::string key = (dir / "server.key").string();
  // The certificate names the providers of the hand-written peer routes and `extra_hosts`.
  explicit ProviderPki(const std::vector<std::string>& extra_hosts = {});
};

struct ProviderPeer {
  std::unique_ptr<ProviderPki> pki_owner;
  ProviderPki& pki;
  std::string record = (pki.dir / "requests.log").string();
  std::string tokens_file = (pki.dir / "tokens.json").string();
  std::string stats_file = (pki.dir / "stats.json").string();
  std::unique_ptr<hush_stores::PeerProcess> process;

  // `extra` goes to the peer's command line (--hold PROVIDER=N, --rules DIR), `extra_hosts` to its
  // certificate.
  explicit ProviderPeer(const std::map<std::string, std::string>& tokens, const std::vector<std::string>& extra = {},
                        const std::vector<std::string>& extra_hosts = {});

  // The options that point hush's verification at the peer.
  [[nodiscard]] std::vector<std::string> verify_args() const;
  // "METHOD HOST PROVIDER" per request so far.
  [[nodiscard]] std::vector<std::string> requests() const;
  // The peer's --stats: per provider, max_in_flight and starts.
  [[nodiscard]] nlohmann::json stats() const;
};

[[nodiscard]] std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more);

// A JSON report's findings by path (one a path).
[[nodiscard]] std::map<std::string, nlohmann::json> findings_by_path(const RunResult& result);

// A JSON report's findings as path -> validation.
[[nodiscard]] std::map<std::string, std::string> validations(const RunResult& result);

}  // namespace hush_it
