#include "hush/injector/store_provider.hpp"

#include "aws_store_adapter.hpp"
#include "file_store_adapter.hpp"
#include "hush/common/error.hpp"
#include "vault_store_adapter.hpp"

namespace hush::injector {
namespace {

class DefaultStoreProvider final : public StoreProvider {
 public:
  DefaultStoreProvider(StoreSettings settings, Logger& log) : settings_(std::move(settings)), log_(log) {}

  SecretStore& store(Backend backend) override {
    auto& slot = stores_[backend];
    if (!slot) slot = create(backend);
    return *slot;
  }

 private:
  std::unique_ptr<SecretStore> create(Backend backend) {
    switch (backend) {
      case Backend::file: {
        auto options = vault_client::file_store_options_from_env(settings_.environment);
        if (auto it = settings_.file.find("keydir"); it != settings_.file.end()) options.keydir = it->second;
        if (auto it = settings_.file.find("key_file"); it != settings_.file.end()) options.key_file = it->second;
        return std::make_unique<FileSecretStore>(std::move(options));
      }
      case Backend::vault:
        return std::make_unique<VaultSecretStore>(settings_.vault, settings_.environment, log_);
      case Backend::ssm:
      case Backend::secrets_manager:
        if (!aws_session_) aws_session_ = AwsSecretStore::make_session(settings_.aws, settings_.environment, log_);
        return std::make_unique<AwsSecretStore>(backend, aws_session_);
    }
    throw Error(ErrorKind::config, std::string("unknown store ") + backend_name(backend));
  }

  StoreSettings settings_;
  Logger& log_;
  std::shared_ptr<vault_client::aws::AwsSession> aws_session_;
  std::map<Backend, std::unique_ptr<SecretStore>> stores_;
};

}  // namespace

std::unique_ptr<StoreProvider> make_store_provider(StoreSettings settings, Logger& log) {
  return std::make_unique<DefaultStoreProvider>(std::move(settings), log);
}

}  // namespace hush::injector
