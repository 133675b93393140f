#pragma once
// A test peer (a server speaking a store's wire protocol) run as a child process. The peer prints
// one line "LISTENING <port>" on stdout once its socket accepts connections, and the constructor
// blocks on that line: readiness is a message, not a sleep. After that line a peer writes only to
// stderr (its stdout is closed). The destructor stops and reaps it.
#include <string>
#include <vector>

#include <sys/types.h>

namespace hush_stores {

class PeerProcess {
 public:
  // argv[0] is the program (looked up on PATH), e.g. {"python3", HUSH_PEERS_DIR "/vault_peer.py"}.
  explicit PeerProcess(const std::vector<std::string>& argv);
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  [[nodiscard]] int port() const noexcept { return port_; }
  [[nodiscard]] std::string base_url(const std::string& scheme = "http") const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace hush_stores
