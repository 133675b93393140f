// Reading where an image's pieces are, from docker save's manifest.json or an OCI index, and the
// text scanned for an image configuration.
#include <map>

#include "catch.hpp"
#include "sources/image/image_layout.hpp"

using namespace hush::scanner::image;

namespace {

ReadSmall files(std::map<std::string, std::string> contents) {
  return [contents = std::move(contents)](const std::string& file) -> std::optional<std::string> {
    const auto it = contents.find(file);
    if (it == contents.end()) return std::nullopt;
    return it->second;
  };
}

const std::string hex_a(64, 'a');

}  // namespace

TEST_CASE("docker save: layers in order with their diff ids, names leaving the image are refused", "[image]") {
  const auto parts = find_parts(files({
      {"manifest.json",
       R"([{"Config":"c.json",
         "Layers":["l1/layer.tar","../../etc/passwd","/abs/layer.tar","l2/layer.tar","l1/layer.tar"]},
                           {"Config":"../c.json","Layers":["blobs/sha256/)" +
           hex_a + R"("]}])"},
      {"c.json", R"({"rootfs":{"diff_ids":["sha256:one","sha256:bad","sha256:abs","sha256:two"]}})"},
  }));
  REQUIRE(parts);
  CHECK(parts->configs == std::vector<std::string>{"c.json"});
  REQUIRE(parts->layers.size() == 3);
  CHECK(parts->layers[0].file == "l1/layer.tar");
  CHECK(parts->layers[0].digest == "sha256:one");
  CHECK(parts->layers[1].file == "l2/layer.tar");
  CHECK(parts->layers[1].digest == "sha256:two");
  CHECK(parts->layers[2].digest == "sha256:" + hex_a);
}

TEST_CASE("OCI layout: nested indexes, manifests and blobs by digest only", "[image]") {
  const std::string index_digest = "sha256:" + std::string(64, 'b');
  const std::string manifest_digest = "sha256:" + std::string(64, 'c');
  const auto parts = find_parts(files({
      {"index.json", R"({"manifests":[{"digest":")" + index_digest + R"("},{"digest":"sha256:../../x"}]})"},
      {*blob_path(index_digest), R"({"manifests":[{"digest":")" + manifest_digest + R"("}]})"},
      {*blob_path(manifest_digest), R"({"config":{"digest":"sha256:)" + std::string(64, 'd') +
                                        R"("},"layers":[{"digest":"sha256:)" + hex_a + R"("}]})"},
  }));
  REQUIRE(parts);
  CHECK(parts->configs == std::vector<std::string>{"blobs/sha256/" + std::string(64, 'd')});
  REQUIRE(parts->layers.size() == 1);
  CHECK(parts->layers[0].file == "blobs/sha256/" + hex_a);
  CHECK_FALSE(blob_path("sha256:" + std::string(63, 'a') + "/"));
  CHECK_FALSE(blob_path("sha512:" + hex_a));
  CHECK_FALSE(find_parts(files({{"manifest.json", "not json"}})));
}

TEST_CASE("an image configuration's text: Env, Labels, then history, one per line", "[image]") {
  const std::string text = config_text(R"({"config":{"Env":["A=1","B=2"],"Labels":{"k":"v"}},
      "history":[{"created_by":"RUN echo hi"},{"empty_layer":true}]})");
  CHECK(text == "A=1\nB=2\nk=v\nRUN echo hi\n");
  CHECK(config_text("[1,2]").empty());
}
