#pragma once
// What a compiled MaskSet holds, shared by every Masker built from it.
#include <cstdint>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/common/wiping_allocator.hpp"
#include "hush/injector/masking.hpp"
#include "mask/hs_handles.hpp"

namespace hush::injector {

struct MaskSet::Impl {
  std::vector<SecretBuffer> values;  // index = pattern id
  // Per value, its prefix function: failure[i] is the length of the longest proper prefix of
  // value[0..i] that is also its suffix. Tells how much of the stream's tail may still grow
  // into the value, in time linear in the value's length.
  std::vector<std::vector<std::uint32_t, WipingAllocator<std::uint32_t>>> failure;
  MaskDatabase database;
  std::size_t longest = 0;
};

}  // namespace hush::injector
