// Where secret values live in a running `hush run`: the README says in libsodium's guarded, locked
// allocations only. Once the child has started, the test reads all of hush's memory through
// /proc/PID/mem (root, or CAP_SYS_PTRACE: hush makes itself non-dumpable) and finds every copy of
// distinctive values; each must lie in a mapping the kernel keeps out of core dumps ("dd" in
// smaps' VmFlags), which is what libsodium's guarded allocations are and nothing else in hush is.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "catch.hpp"
#include "harness.hpp"
#include "peer_process.hpp"

using namespace hush_it;

namespace {

struct Mapping {
  std::uintptr_t start = 0;
  std::uintptr_t end = 0;
  std::string name;  // [heap], [stack], a file, or empty for anonymous memory
  bool readable = false;
  bool guarded = false;  // VmFlags has "dd": excluded from core dumps
};

std::vector<Mapping> mappings_of(pid_t pid) {
  std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps");
  std::vector<Mapping> out;
  std::string line;
  while (std::getline(smaps, line)) {
    if (line.rfind("VmFlags:", 0) == 0) {
      if (!out.empty()) out.back().guarded = (line + " ").find(" dd ") != std::string::npos;
      continue;
    }
    const auto dash = line.find('-');
    const auto space = line.find(' ');
    if (dash == std::string::npos || space == std::string::npos || dash > space) continue;
    if (line.find_first_not_of("0123456789abcdef") != dash) continue;
    Mapping m;
    m.start = std::stoull(line.substr(0, dash), nullptr, 16);
    m.end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
    m.readable = line[space + 1] == 'r';
    std::istringstream fields(line.substr(space + 1));
    std::string perms, offset, device, inode;
    fields >> perms >> offset >> device >> inode;
    std::getline(fields >> std::ws, m.name);
    out.push_back(m);
  }
  return out;
}

// Every copy of each needle in the process's memory: "needle in [heap]", with whether the
// mapping is guarded. nullopt when the memory cannot be read at all (no privilege).
struct Copy {
  std::string needle;
  std::string where;
  bool guarded;
};

std::optional<std::vector<Copy>> copies_in(pid_t pid, const std::vector<std::string>& needles) {
  const int mem = ::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (mem < 0) return std::nullopt;
  std::vector<Copy> out;
  std::size_t bytes_read = 0;
  for (const auto& m : mappings_of(pid)) {
    if (!m.readable || m.name == "[vvar]" || m.name == "[vsyscall]") continue;
    std::string data(m.end - m.start, '\0');
    const ssize_t n = ::pread(mem, data.data(), data.size(), static_cast<off_t>(m.start));
    if (n <= 0) continue;
    data.resize(static_cast<std::size_t>(n));
    bytes_read += data.size();
    for (const auto& needle : needles)
      for (auto at = data.find(needle); at != std::string::npos; at = data.find(needle, at + 1))
        out.push_back({needle, m.name.empty() ? "anonymous memory" : m.name, m.guarded});
  }
  ::close(mem);
  if (bytes_read == 0) return std::nullopt;
  return out;
}

// Reads hush's memory once its child runs and checks where each value is.
void check_values_only_guarded(Spawned& hush, const std::vector<std::string>& values) {
  REQUIRE(hush.out_line() == "ready");
  const auto copies = copies_in(hush.pid(), values);
  if (!copies) {
    WARN("skipped: reading the memory of a non-dumpable process needs root or CAP_SYS_PTRACE");
    SUCCEED("skipped");
    return;
  }
  for (const auto& value : values) {
    INFO("value " << value);
    std::size_t guarded = 0;
    for (const auto& copy : *copies) {
      if (copy.needle != value) continue;
      INFO("a copy in " << copy.where);
      CHECK(copy.guarded);
      guarded += copy.guarded ? 1 : 0;
    }
    CHECK(guarded > 0);  // the scan does see the value where it must be
  }
}

// The child: says it started, then waits to be stopped.
const std::vector<std::string> waiting_child = {"--", "sh", "-c", "echo ready; exec sleep 600"};

}  // namespace

TEST_CASE("run: values from an encrypted file are only in guarded memory while the child runs", "[run][memory]") {
  TempDir dir;
  RunOptions options;
  options.env = {{"EJSON_KEYDIR", (dir / "keys").string()}};
  fs::create_directories(dir / "keys");
  const auto keygen = run_hush({"keygen", "--write"}, options);
  REQUIRE(keygen.exit_code == 0);
  const std::string values[] = {"FileValueMarker-7Qw3Zp", "FileNestMk-5Rt", "Sh0rt9"};
  write_file(dir / "app.ejson",
             "{\"_public_key\": \"" + keygen.out.substr(0, 64) + "\", \"environment\": {\"IMPORTED\": \"" + values[0] +
                 "\"}, \"db\": {\"password\": \"" + values[1] + "\", \"pin\": \"" + values[2] + "\"}}");
  REQUIRE(run_hush({"encrypt", (dir / "app.ejson").string()}, options).exit_code == 0);
  options.env.push_back({"DB_PASSWORD", "file://" + (dir / "app.ejson").string() + "#db.password"});
  options.env.push_back({"DB_PIN", "file://" + (dir / "app.ejson").string() + "#db.pin"});
  std::vector<std::string> args{"run", "--from", "file:" + (dir / "app.ejson").string()};
  args.insert(args.end(), waiting_child.begin(), waiting_child.end());
  auto hush = spawn_hush(args, options);
  check_values_only_guarded(hush, {values[0], values[1], values[2]});
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
}

TEST_CASE("run: values and the token from Vault are only in guarded memory while the child runs",
          "[run][memory][vault]") {
  hush_stores::PeerProcess vault({"python3", HUSH_PEERS_DIR "/vault_peer.py", "--port", "0"});
  const std::string address = vault.base_url();
  const std::string token = "hvs.TokenMarker-3Jk8Lm";
  const std::string values[] = {"VaultValueMarker-9Hs2Kd", "VaultNestMk-4Pq", "Vlt6Mk"};
  auto http = [&](const std::string& path, const std::string& body) {
    RunOptions post;
    post.stdin_data = body;
    const auto result = run_program("python3",
                                    {"-c",
                                     "import sys, urllib.request\n"
                                     "req = urllib.request.Request(sys.argv[1], method='POST', "
                                     "data=sys.stdin.buffer.read(), headers={'X-Vault-Token': 'root'})\n"
                                     "urllib.request.urlopen(req).read()\n",
                                     address + path},
                                    post);
    REQUIRE(result.exit_code == 0);
  };
  http("/v1/auth/token/create", "{\"id\": \"" + token + "\", \"policies\": [\"root\"]}");
  http("/v1/secret/data/app", "{\"data\": {\"password\": \"" + values[0] + "\", \"nested\": {\"k\": \"" + values[1] +
                                  "\"}, \"pin\": \"" + values[2] + "\"}}");
  TempDir dir;
  // A token read from a file goes straight into guarded memory (one from VAULT_TOKEN does not:
  // see the README).
  write_file(dir / "token", token + "\n");
  write_file(dir / "hush.toml",
             "[vault]\naddress = \"" + address + "\"\ntoken_file = \"" + (dir / "token").string() + "\"\n");
  RunOptions options;
  options.env = {{"DB_PASSWORD", "vault://secret/app#password"},
                 {"NESTED", "vault://secret/app#nested"},
                 {"PIN", "vault://secret/app#pin"}};
  std::vector<std::string> args{"run", "--config", (dir / "hush.toml").string()};
  args.insert(args.end(), waiting_child.begin(), waiting_child.end());
  auto hush = spawn_hush(args, options);
  check_values_only_guarded(hush, {values[0], values[1], values[2], token});
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
}
