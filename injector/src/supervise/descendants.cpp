#include "supervise/descendants.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "hush/common/unique_fd.hpp"

namespace hush::injector {
namespace {

struct DirClose {
  void operator()(DIR* d) const noexcept { ::closedir(d); }
};

bool parse_pid(std::string_view text, pid_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// The parent from /proc/PID/stat: "PID (COMM) STATE PPID ...", where COMM may hold anything,
// so the fields are counted from the last ')'.
bool read_parent(pid_t pid, pid_t& parent) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return false;
  char buffer[512];
  const ssize_t got = ::read(fd.get(), buffer, sizeof buffer - 1);
  if (got <= 0) return false;
  const std::string_view stat(buffer, static_cast<std::size_t>(got));
  const std::size_t close = stat.rfind(')');
  if (close == std::string_view::npos || close + 4 >= stat.size()) return false;
  std::string_view rest = stat.substr(close + 4);  // skip ") S "
  rest = rest.substr(0, rest.find(' '));
  return parse_pid(rest, parent);
}

}  // namespace

std::vector<pid_t> list_descendants(pid_t root) {
  std::unordered_multimap<pid_t, pid_t> children;
  std::unique_ptr<DIR, DirClose> dir(::opendir("/proc"));
  if (!dir) return {};
  while (const dirent* entry = ::readdir(dir.get())) {
    pid_t pid = 0;
    pid_t parent = 0;
    if (!parse_pid(entry->d_name, pid)) continue;
    if (read_parent(pid, parent)) children.emplace(parent, pid);
  }
  std::vector<pid_t> out;
  std::vector<pid_t> pending{root};
  while (!pending.empty()) {
    const pid_t next = pending.back();
    pending.pop_back();
    const auto [first, last] = children.equal_range(next);
    for (auto it = first; it != last; ++it) {
      out.push_back(it->second);
      pending.push_back(it->second);
    }
  }
  return out;
}

void signal_descendants(int sig) {
  if (::getpid() == 1) {
    ::kill(-1, sig);
    return;
  }
  for (pid_t pid : list_descendants(::getpid())) ::kill(pid, sig);
}

}  // namespace hush::injector
