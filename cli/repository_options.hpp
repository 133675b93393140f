#pragma once
// `hush scan` over repositories other than one local one: remote URLs, --repos lists, shards.
#include <optional>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/repository_scan.hpp"

namespace hush::cli {

[[nodiscard]] std::vector<OptionSpec> repository_options();

// The repositories to scan when the arguments name a remote URL, a list or an owner (listed
// through its provider's API); nullopt for a scan of local paths.
[[nodiscard]] std::optional<scanner::RepositoryScanRequest> repository_request(const ParsedArgs& args, bool git,
                                                                               Logger& log);

}  // namespace hush::cli
