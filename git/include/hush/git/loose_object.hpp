#pragma once
// Git's loose objects (objects/xx/yyyy...: one zlib stream of "<type> <size>\0<content>", see
// gitformat-loose(5)), read by hush itself with bounds of its own: a damaged file is an error,
// never a crash or an endless loop. libgit2 reads them through this reader too (see odb.hpp).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "hush/git/pack_reader.hpp"

namespace hush::git {

struct LooseHeader {
  ObjectType type;
  std::uint64_t size;  // of the content, as the header declares it
};

// Inflates only as far as the header. Throws hush::Error(runtime) naming `what` when the stream
// or the header is malformed.
[[nodiscard]] LooseHeader read_loose_header(std::span<const unsigned char> compressed, const std::string& what);

// The whole object: the header, then exactly the declared number of content bytes, then the end
// of the zlib stream and of the file. Anything shorter, longer or corrupt throws hush::Error.
// `content` is replaced.
LooseHeader read_loose_object(std::span<const unsigned char> compressed, std::string& content, const std::string& what);

// The file of a loose object in one objects directory.
[[nodiscard]] std::filesystem::path loose_object_path(const std::filesystem::path& objects_dir, OidView oid);

}  // namespace hush::git
