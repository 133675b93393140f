#include "sources/image/image_layout.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "archive/members.hpp"

namespace hush::scanner::image {
namespace {

using nlohmann::json;

json parse(const std::optional<std::string>& text) {
  if (!text) return json();
  return json::parse(*text, nullptr, false);
}

std::string string_at(const json& j, const char* key) {
  if (!j.is_object()) return {};
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A file named by the image's own documents must stay inside the image, whatever a hostile
// manifest says.
bool inside_image(std::string_view file) { return !file.empty() && !archive::leaves_root(file); }

void add_layer(ImageParts& parts, std::set<std::string>& seen, std::string file, std::string digest) {
  if (!inside_image(file) || !seen.insert(file).second) return;
  parts.layers.push_back({std::move(file), std::move(digest)});
}

// docker save: [{"Config": "...json", "Layers": ["…/layer.tar", …]}]; a layer's digest is the
// configuration's rootfs.diff_ids entry at its index (the digest of the uncompressed tar).
void docker_manifest(const json& manifest, const ReadSmall& read, ImageParts& parts, std::set<std::string>& seen) {
  for (const json& image : manifest) {
    if (!image.is_object()) continue;
    const std::string config = string_at(image, "Config");
    json diff_ids;
    if (inside_image(config)) {
      parts.configs.push_back(config);
      const json parsed = parse(read(config));
      if (parsed.is_object() && parsed.contains("rootfs") && parsed["rootfs"].is_object())
        diff_ids = parsed["rootfs"].value("diff_ids", json());
    }
    const auto layers = image.find("Layers");
    if (layers == image.end() || !layers->is_array()) continue;
    for (std::size_t i = 0; i < layers->size(); ++i) {
      if (!(*layers)[i].is_string()) continue;
      const std::string file = (*layers)[i].get<std::string>();
      std::string digest;
      if (diff_ids.is_array() && i < diff_ids.size() && diff_ids[i].is_string())
        digest = diff_ids[i].get<std::string>();
      else if (file.starts_with("blobs/sha256/")) digest = "sha256:" + file.substr(13);
      else digest = file;
      add_layer(parts, seen, file, digest);
    }
  }
}

// OCI: index.json lists manifests (or nested indexes) by digest, each a blob.
void oci_index(const json& index, const ReadSmall& read, ImageParts& parts, std::set<std::string>& seen,
               unsigned depth) {
  if (!index.is_object() || depth > 4) return;
  const auto manifests = index.find("manifests");
  if (manifests == index.end() || !manifests->is_array()) return;
  for (const json& descriptor : *manifests) {
    const auto path = blob_path(string_at(descriptor, "digest"));
    if (!path) continue;
    const json manifest = parse(read(*path));
    if (!manifest.is_object()) continue;
    if (manifest.contains("manifests")) {
      oci_index(manifest, read, parts, seen, depth + 1);
      continue;
    }
    if (manifest.contains("config"))
      if (const auto config = blob_path(string_at(manifest["config"], "digest"))) parts.configs.push_back(*config);
    const auto layers = manifest.find("layers");
    if (layers == manifest.end() || !layers->is_array()) continue;
    for (const json& layer : *layers) {
      const std::string digest = string_at(layer, "digest");
      if (const auto file = blob_path(digest)) add_layer(parts, seen, *file, digest);
    }
  }
}

}  // namespace

std::optional<std::string> blob_path(std::string_view digest) {
  constexpr std::string_view algorithm = "sha256:";
  if (!digest.starts_with(algorithm) || digest.size() != algorithm.size() + 64) return std::nullopt;
  const std::string_view hex = digest.substr(algorithm.size());
  if (!std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return std::nullopt;
  return "blobs/sha256/" + std::string(hex);
}

std::optional<ImageParts> find_parts(const ReadSmall& read) {
  ImageParts parts;
  std::set<std::string> seen;
  if (const json manifest = parse(read("manifest.json")); manifest.is_array()) {
    docker_manifest(manifest, read, parts, seen);
  } else if (const json index = parse(read("index.json")); index.is_object()) {
    oci_index(index, read, parts, seen, 0);
  } else {
    return std::nullopt;
  }
  std::sort(parts.configs.begin(), parts.configs.end());
  parts.configs.erase(std::unique(parts.configs.begin(), parts.configs.end()), parts.configs.end());
  return parts;
}

std::string config_text(std::string_view config_json) {
  const json doc = json::parse(config_json, nullptr, false);
  if (!doc.is_object()) return {};
  std::string text;
  const auto line = [&](const std::string& s) { text += s + "\n"; };
  // Docker writes the runtime settings under "config" (older versions also "container_config").
  for (const char* section : {"config", "container_config"}) {
    const auto it = doc.find(section);
    if (it == doc.end() || !it->is_object()) continue;
    if (const auto env = it->find("Env"); env != it->end() && env->is_array())
      for (const json& e : *env)
        if (e.is_string()) line(e.get<std::string>());
    if (const auto labels = it->find("Labels"); labels != it->end() && labels->is_object())
      for (const auto& [key, value] : labels->items())
        if (value.is_string()) line(key + "=" + value.get<std::string>());
  }
  if (const auto history = doc.find("history"); history != doc.end() && history->is_array())
    for (const json& step : *history) {
      const std::string created_by = string_at(step, "created_by");
      if (!created_by.empty()) line(created_by);
    }
  return text;
}

}  // namespace hush::scanner::image
