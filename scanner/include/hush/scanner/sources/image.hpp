#pragma once
// Container images on disk, no daemon and no registry: a `docker save` / `podman save` tarball
// (manifest.json, configs and layer tars) or an OCI image layout directory (index.json, blobs).
#include <string>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/scanner.hpp"
#include "hush/scanner/sources/filesystem.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

// Every layer's files, reported as `IMAGE!sha256:LAYER/path/in/layer` (the layer that added the
// file, even when a later layer deletes it), and each image configuration's Env, Labels and
// history `created_by` lines, reported as `IMAGE!config` (`IMAGE!config[N]` for the Nth image of a
// tarball holding several). hush::Error(usage) when `image` is neither form.
[[nodiscard]] std::vector<Finding> scan_image(const Scanner& scanner, const std::string& image,
                                              const FsScanOptions& options, ScanCounters& counters, Logger& log,
                                              ScanProgress* progress = nullptr);

}  // namespace hush::scanner
