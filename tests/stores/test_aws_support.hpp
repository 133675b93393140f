#pragma once
// Shared pieces of the AWS store tests: peers (moto, the credentials stand-in, the fault proxy),
// temporary directories, captured debug logs and a retry clock that records instead of sleeping.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/store_errors.hpp"
#include "../support/temp_dir.hpp"
#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/vault_client/aws/environment.hpp"
#include "hush/vault_client/aws/session.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/retry.hpp"
#include "peer_process.hpp"

namespace hush_aws_tests {

namespace aws = hush::vault_client::aws;
namespace vc = hush::vault_client;

inline constexpr const char* prefix = "/hush-test";

// moto's server and boto3 (for seeding) must be importable; CI installs them with
// `python3 -m pip install "moto[server]"`.
inline bool moto_available() {
  static const bool available = std::system("python3 -c 'import moto.server, boto3' >/dev/null 2>&1") == 0;
  return available;
}

#define HUSH_REQUIRE_MOTO()                                                              \
  do {                                                                                   \
    if (!::hush_aws_tests::moto_available()) {                                           \
      WARN("skipped: moto is not importable (python3 -m pip install \"moto[server]\")"); \
      SUCCEED("skipped");                                                                \
      return;                                                                            \
    }                                                                                    \
  } while (false)

using TempDir = hush_test::TempDir;
using hush_test::failure_of;

struct Moto {
  explicit Moto(const std::string& auth_file = "")
      : process(auth_file.empty()
                    ? std::vector<std::string>{"python3", HUSH_PEERS_DIR "/moto_peer.py", "--prefix", prefix}
                    : std::vector<std::string>{"python3", HUSH_PEERS_DIR "/moto_peer.py", "--prefix", prefix, "--auth",
                                               auth_file}) {}
  explicit Moto(hush_stores::PeerProcess::Running running) : process(running) {}
  hush_stores::PeerProcess process;
  [[nodiscard]] std::string url() const { return process.base_url(); }
};

// A moto of its own with IAM checks on (moto_peer.py --auth), and the access keys of the users it
// made ("reader" and "denied"), which it writes to keys.json in `home`.
class IamMoto {
 public:
  explicit IamMoto(const TempDir& home)
      : keys_file_(home.file("keys.json")),
        moto_(keys_file_),
        keys_(nlohmann::json::parse(std::ifstream(keys_file_))) {}
  [[nodiscard]] std::string url() const { return moto_.url(); }
  [[nodiscard]] std::string id(const std::string& user) const { return keys_.at(user).at("id").get<std::string>(); }
  [[nodiscard]] std::string secret(const std::string& user) const {
    return keys_.at(user).at("secret").get<std::string>();
  }

 private:
  std::string keys_file_;
  Moto moto_;
  nlohmann::json keys_;
};

// One moto for the tests that only read what moto_peer.py seeded: starting moto costs seconds
// (importing it), more than such a test itself. Under CTest, where each test case is a process
// of its own, the run's fixture started it (HUSH_TEST_MOTO_STATE); otherwise this process starts
// one. Tests that create users or roles start their own.
inline const Moto& shared_moto() {
  static const Moto moto = []() -> Moto {
    if (const auto port = hush_stores::fixture_peer_port("HUSH_TEST_MOTO_STATE"))
      return Moto(hush_stores::PeerProcess::Running{*port});
    return Moto();
  }();
  return moto;
}

struct FaultPeer {
  FaultPeer(const std::string& upstream, const std::string& fault, int count,
            const std::vector<std::string>& extra = {})
      : process(args(upstream, fault, count, extra)) {}
  hush_stores::PeerProcess process;
  [[nodiscard]] std::string url() const { return process.base_url(); }

 private:
  static std::vector<std::string> args(const std::string& upstream, const std::string& fault, int count,
                                       const std::vector<std::string>& extra) {
    std::vector<std::string> out{"python3",    HUSH_PEERS_DIR "/aws_fault_peer.py",
                                 "--upstream", upstream,
                                 "--fault",    fault,
                                 "--count",    std::to_string(count)};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
};

struct CredentialsPeer {
  explicit CredentialsPeer(const std::vector<std::string>& extra = {}) : process(args(extra)) {}
  hush_stores::PeerProcess process;
  [[nodiscard]] std::string url() const { return process.base_url(); }

 private:
  static std::vector<std::string> args(const std::vector<std::string>& extra) {
    std::vector<std::string> out{"python3", HUSH_PEERS_DIR "/aws_credentials_peer.py"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
};

// A peer's GET /_stats.
inline nlohmann::json peer_stats(const std::string& base_url) {
  vc::HttpClient http(vc::HttpOptions{}, hush::Logger::null());
  vc::HttpRequest request;
  request.url = base_url + "/_stats";
  const auto response = http.perform(request, vc::Deadline::in(std::chrono::seconds(10)));
  REQUIRE(response.status == 200);
  return nlohmann::json::parse(response.body.view());
}

// An environment that never reaches outside the test: a private HOME, no instance metadata.
inline aws::Environment isolated_env(const TempDir& home) {
  return {{"HOME", home.path().string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};
}

inline aws::Environment static_env(const TempDir& home, const std::string& endpoint) {
  aws::Environment env = isolated_env(home);
  env["AWS_ACCESS_KEY_ID"] = "AKIDHUSHTEST";
  env["AWS_SECRET_ACCESS_KEY"] = "env-Secret-Key-for-hush";
  env["AWS_REGION"] = "us-east-1";
  env["AWS_ENDPOINT_URL"] = endpoint;
  return env;
}

inline aws::AwsOptions fast_options() {
  aws::AwsOptions options;
  options.retry.base_delay = std::chrono::milliseconds(20);
  options.retry.max_delay = std::chrono::milliseconds(200);
  options.retry.max_attempts = 6;
  return options;
}

inline vc::Deadline soon() { return vc::Deadline::in(std::chrono::seconds(60)); }

// Records every backoff instead of sleeping; time moves by what was "slept".
class RecordingClock final : public vc::RetryClock {
 public:
  vc::SteadyClock::time_point now() override { return vc::SteadyClock::now() + slept_; }
  void sleep_for(std::chrono::milliseconds delay) override {
    delays.push_back(delay);
    slept_ += delay;
  }
  std::vector<std::chrono::milliseconds> delays;

 private:
  std::chrono::milliseconds slept_{0};
};

// A debug-level logger writing into a temporary file whose text can be read back.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()), logger_(file_, hush::LogFormat::text, hush::LogLevel::debug) {}
  ~CapturedLog() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  hush::Logger& logger() { return logger_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char chunk[4096];
    std::size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof chunk, file_)) > 0) out.append(chunk, n);
    std::fseek(file_, 0, SEEK_END);
    return out;
  }

 private:
  std::FILE* file_;
  hush::Logger logger_;
};

// A session with the static test credentials against `endpoint`, in a home of its own.
struct StaticSession {
  explicit StaticSession(const std::string& endpoint, const aws::AwsOptions& options = fast_options())
      : session(static_env(home, endpoint), options, hush::Logger::null()) {}
  TempDir home;
  aws::AwsSession session;
};

// A fault proxy (aws_fault_peer.py: `fault`, `count` times, `extra` arguments) in front of the
// shared moto, and a session through it; with `record_backoff` retries are recorded on `clock`
// instead of slept.
class FaultSession {
 public:
  FaultSession(const std::string& fault, int count, const std::vector<std::string>& extra = {},
               bool record_backoff = false)
      : peer(shared_moto().url(), fault, count, extra), through_(peer.url(), options(record_backoff)) {}
  FaultPeer peer;
  RecordingClock clock;
  aws::AwsSession& session() { return through_.session; }

 private:
  aws::AwsOptions options(bool record_backoff) {
    aws::AwsOptions out = fast_options();
    if (record_backoff) out.retry_clock = &clock;
    return out;
  }
  StaticSession through_;
};

}  // namespace hush_aws_tests
