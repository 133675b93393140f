#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "hush/vault_client/aws/session.hpp"
#include "hush/vault_client/aws/ssm.hpp"

namespace hush::vault_client::aws {
namespace {

constexpr std::size_t batch_size = 10;     // GetParameters accepts at most 10 names
constexpr int page_size = 10;              // GetParametersByPath MaxResults upper bound
constexpr std::size_t max_pages = 100000;  // a server that never stops paging is a broken server

SecretBuffer call(AwsSession& session, std::string_view operation, std::string_view subject,
                  const nlohmann::json& input, Deadline deadline) {
  const std::string body = input.dump();
  const std::string target = "AmazonSSM." + std::string(operation);
  return session.call_json(JsonCall{"ssm", "SSM", target, operation, subject, body, true}, deadline);
}

}  // namespace

Parameter SsmClient::get_parameter(std::string_view name, bool with_decryption, Deadline deadline) {
  const nlohmann::json input{{"Name", std::string(name)}, {"WithDecryption", with_decryption}};
  return parse_get_parameter(call(*session_, "GetParameter", name, input, deadline).view());
}

ParametersResult SsmClient::get_parameters(const std::vector<std::string>& names, bool with_decryption,
                                           Deadline deadline) {
  // Batches of 10 (the API's limit), sent at once.
  std::vector<std::string> subjects;
  std::vector<std::string> bodies;
  for (std::size_t start = 0; start < names.size(); start += batch_size) {
    const std::size_t end = std::min(names.size(), start + batch_size);
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = start; i < end; ++i) list.push_back(names[i]);
    subjects.push_back(names[start] + (end - start > 1 ? " (+" + std::to_string(end - start - 1) + " more)" : ""));
    bodies.push_back(nlohmann::json{{"Names", list}, {"WithDecryption", with_decryption}}.dump());
  }
  std::vector<JsonCall> calls;
  for (std::size_t b = 0; b < bodies.size(); ++b) {
    calls.push_back(JsonCall{"ssm", "SSM", "AmazonSSM.GetParameters", "GetParameters", subjects[b], bodies[b], true});
  }
  ParametersResult result;
  for (Outcome<SecretBuffer>& answer : session_->call_json_many(calls, deadline)) {
    ParametersPage page = parse_get_parameters(answer.take().view());
    for (auto& parameter : page.parameters) result.parameters.push_back(std::move(parameter));
    for (auto& invalid : page.invalid_parameters) result.invalid.push_back(std::move(invalid));
  }
  return result;
}

std::vector<Parameter> SsmClient::get_parameters_by_path(std::string_view path, const PathOptions& options,
                                                         Deadline deadline) {
  std::vector<Parameter> out;
  std::string token;
  std::set<std::string> seen_tokens;
  for (std::size_t page_number = 0;; ++page_number) {
    if (page_number >= max_pages) {
      throw StoreError(StoreFailure::bad_response,
                       "SSM GetParametersByPath '" + std::string(path) + "': paging does not end");
    }
    nlohmann::json input{{"Path", std::string(path)},
                         {"Recursive", options.recursive},
                         {"WithDecryption", options.with_decryption},
                         {"MaxResults", page_size}};
    if (!token.empty()) input["NextToken"] = token;
    ParametersPage page =
        parse_get_parameters_by_path(call(*session_, "GetParametersByPath", path, input, deadline).view());
    for (auto& parameter : page.parameters) out.push_back(std::move(parameter));
    // A page may be short (even empty) and still not be the last: only a missing token ends it.
    if (page.next_token.empty()) break;
    if (!seen_tokens.insert(page.next_token).second) {
      throw StoreError(StoreFailure::bad_response,
                       "SSM GetParametersByPath '" + std::string(path) + "': the server repeated a NextToken");
    }
    token = std::move(page.next_token);
  }
  session_->logger().debug("ssm path read", {{"path", std::string(path)}, {"parameters", std::to_string(out.size())}});
  return out;
}

}  // namespace hush::vault_client::aws
