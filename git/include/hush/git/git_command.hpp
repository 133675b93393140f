#pragma once
// Runs the git command on a repository and reads what it prints, for the repository formats
// libgit2 cannot open (SHA-256 objects, reftable refs): git itself is the reader there.
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace hush::git {

// Whether a `git` command can be started (found on PATH).
[[nodiscard]] bool git_command_available();

// `git -C REPO ARGS...` with its standard output read through this object and its standard error
// kept (bounded) for the error message. The process is killed and reaped if the object goes away
// before finish().
class GitCommand {
 public:
  GitCommand(const std::string& repository, const std::vector<std::string>& args);
  ~GitCommand();
  GitCommand(const GitCommand&) = delete;
  GitCommand& operator=(const GitCommand&) = delete;

  // The next line of output without its newline; false at the end of the output.
  bool read_line(std::string& line);
  // Exactly `n` bytes of output into `out`; false when the output ends first.
  bool read_exact(std::size_t n, std::string& out);
  // All the output not read yet, byte for byte.
  void read_rest(std::string& out);
  // Waits for git to exit; throws hush::Error(runtime) naming `what` with git's own message when
  // it failed.
  void finish(const std::string& what);

 private:
  bool fill();         // more output into the buffer; false at its end
  void take_errors();  // what git wrote to standard error so far (bounded); closes it at its end

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string buffer_;
  std::size_t used_ = 0;
  std::string errors_;
  bool out_done_ = false;
};

// The whole output of `git -C REPO ARGS...`, byte for byte; throws like GitCommand::finish.
[[nodiscard]] std::string git_output(const std::string& repository, const std::vector<std::string>& args,
                                     const std::string& what);

}  // namespace hush::git
