#include "sources/git/range_scanner.hpp"
#include "git_library.hpp"

namespace hush::scanner::git {

void missing_base(const std::string& base, const std::string& why) {
  throw Error(ErrorKind::usage, "cannot scan the range: " + why + " '" + base +
                                    "'. The history is probably shallow: fetch more of it (git fetch --unshallow, or "
                                    "fetch-depth: 0 in actions/checkout) and run again.");
}

git_diff_options tree_diff_options() {
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK;
  return opts;
}

}  // namespace hush::scanner::git
