#include <algorithm>
#include <string>
#include <vector>

#include "hush/common/error.hpp"
#include "mask/mask_set_impl.hpp"

namespace hush::injector {
namespace {

std::vector<std::uint32_t, WipingAllocator<std::uint32_t>> prefix_function(std::string_view value) {
  std::vector<std::uint32_t, WipingAllocator<std::uint32_t>> failure(value.size(), 0);
  std::uint32_t k = 0;
  for (std::size_t i = 1; i < value.size(); ++i) {
    while (k > 0 && value[i] != value[k]) k = failure[k - 1];
    if (value[i] == value[k]) ++k;
    failure[i] = k;
  }
  return failure;
}

}  // namespace

MaskSet::MaskSet(std::span<const std::string_view> values) : impl_(std::make_unique<Impl>()) {
  for (std::string_view value : values) {
    if (value.size() < min_masked_length) continue;
    const bool seen = std::any_of(impl_->values.begin(), impl_->values.end(),
                                  [&](const SecretBuffer& kept) { return kept.equals(value); });
    if (seen) continue;
    impl_->values.emplace_back(value);
  }
  if (impl_->values.empty()) return;

  std::vector<const char*> expressions;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < impl_->values.size(); ++i) {
    const SecretBuffer& value = impl_->values[i];
    expressions.push_back(value.data());
    lengths.push_back(value.size());
    ids.push_back(static_cast<unsigned>(i));
    impl_->failure.push_back(prefix_function(value.view()));
    impl_->longest = std::max(impl_->longest, value.size());
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_error = nullptr;
  const hs_error_t rc =
      hs_compile_lit_multi(expressions.data(), nullptr, ids.data(), lengths.data(),
                           static_cast<unsigned>(expressions.size()), HS_MODE_STREAM, nullptr, &db, &raw_error);
  HsCompileError error(raw_error);
  if (rc != HS_SUCCESS) {
    // The compiler's message may quote the pattern, which is a secret: report the count only.
    throw Error(ErrorKind::runtime,
                "cannot build the output mask for " + std::to_string(impl_->values.size()) + " values");
  }
  impl_->database.reset(db);
}

MaskSet::~MaskSet() = default;

bool MaskSet::empty() const noexcept { return impl_->values.empty(); }
std::size_t MaskSet::size() const noexcept { return impl_->values.size(); }
std::size_t MaskSet::longest() const noexcept { return impl_->longest; }

}  // namespace hush::injector
