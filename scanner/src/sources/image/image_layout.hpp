#pragma once
// Where an image's pieces are: which files are its configurations and layers, read from
// manifest.json (docker save) or index.json and the manifests it names (OCI image layout).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hush::scanner::image {

struct Layer {
  std::string file;    // path of the layer's tar inside the image (tarball member or layout file)
  std::string digest;  // "sha256:…": the layer's diff id, or its blob digest
};

struct ImageParts {
  std::vector<std::string> configs;  // files holding image configurations
  std::vector<Layer> layers;         // every image's layers, each file once, in order
};

// Reads a small file of the image (a JSON document), nullopt when it is absent.
using ReadSmall = std::function<std::optional<std::string>(const std::string& file)>;

// nullopt when neither manifest.json nor index.json describes an image.
[[nodiscard]] std::optional<ImageParts> find_parts(const ReadSmall& read);

// The text of a configuration's Env entries, Labels (key=value) and history created_by lines,
// one per line, in that order; empty when the document is no JSON object.
[[nodiscard]] std::string config_text(std::string_view config_json);

// "blobs/sha256/HEX" for a digest "sha256:HEX" of hexadecimal digits; nullopt for anything else
// (a digest from the image must not name a path outside its blobs).
[[nodiscard]] std::optional<std::string> blob_path(std::string_view digest);

}  // namespace hush::scanner::image
