#include "hush/vault_client/store_error.hpp"

#include "hush/common/enum_names.hpp"

namespace hush::vault_client {
namespace {

constexpr EnumName<StoreFailure> failure_names[] = {{StoreFailure::not_found, "not found"},
                                                    {StoreFailure::permission_denied, "permission denied"},
                                                    {StoreFailure::auth_failed, "authentication failed"},
                                                    {StoreFailure::unreachable, "store unreachable"},
                                                    {StoreFailure::timeout, "timed out"},
                                                    {StoreFailure::throttled, "throttled"},
                                                    {StoreFailure::unavailable, "store unavailable"},
                                                    {StoreFailure::invalid_request, "invalid request"},
                                                    {StoreFailure::bad_response, "bad response"},
                                                    {StoreFailure::decrypt_failed, "decryption failed"}};

}  // namespace

const char* failure_name(StoreFailure failure) noexcept { return name_of(failure_names, failure, "unknown"); }

}  // namespace hush::vault_client
