#pragma once
// A test peer (a server speaking a store's wire protocol) run as a child process. The peer prints
// one line "LISTENING <port>" on stdout once its socket accepts connections, and the constructor
// blocks on that line: readiness is a message, not a sleep. After that line a peer writes only to
// stderr (its stdout is closed). The destructor stops and reaps it.
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace hush_stores {

class PeerProcess {
 public:
  // argv[0] is the program (looked up on PATH), e.g. {"python3", HUSH_PEERS_DIR "/vault_peer.py"}.
  explicit PeerProcess(const std::vector<std::string>& argv);
  // A peer started elsewhere that keeps running (a CTest fixture's, tests/peers/fixture_peer.py):
  // only its port is known here, and it is not stopped here.
  struct Running {
    int port;
  };
  explicit PeerProcess(Running running) noexcept : port_(running.port) {}
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string base_url(const std::string& scheme = "http") const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// The port of the fixture peer whose state file (tests/peers/fixture_peer.py) the environment
// variable `variable` names; nullopt when the variable is unset or no peer was started.
[[nodiscard]] std::optional<int> fixture_peer_port(const char* variable);

}  // namespace hush_stores
