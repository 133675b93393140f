#include "aws/providers.hpp"

namespace hush::vault_client::aws::detail {
namespace {

class StaticProvider final : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials credentials) : credentials_(std::move(credentials)) {}
  Credentials load(Deadline) override { return credentials_.clone(); }
  std::string describe() const override { return credentials_.source; }

 private:
  Credentials credentials_;
};

class MissingProvider final : public CredentialsProvider {
 public:
  explicit MissingProvider(std::string explanation) : explanation_(std::move(explanation)) {}
  Credentials load(Deadline) override { throw StoreError(StoreFailure::auth_failed, explanation_); }
  std::string describe() const override { return "none"; }

 private:
  std::string explanation_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> make_static_provider(Credentials credentials) {
  return std::make_unique<StaticProvider>(std::move(credentials));
}

std::unique_ptr<CredentialsProvider> make_missing_provider(std::string explanation) {
  return std::make_unique<MissingProvider>(std::move(explanation));
}

}  // namespace hush::vault_client::aws::detail
