#pragma once
// A CA and a server certificate made with openssl for one test run, for the test peers that speak
// TLS (the providers --verify asks, the code hosts' APIs repositories are listed from).
#include <string>
#include <vector>

#include "catch.hpp"
#include "harness.hpp"

namespace hush_it {

// The providers' real hosts, which --verify-connect-to sends to the peer.
inline const std::string provider_hosts =
    "DNS:api.github.com,DNS:gitlab.com,DNS:slack.com,DNS:api.telegram.org,DNS:api.stripe.com,DNS:api.openai.com,DNS:sts.amazonaws.com";

inline void run_or_fail(const std::string& program, const std::vector<std::string>& args) {
  const auto result = run_program(program, args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

// A CA and a server certificate for `subject_alt_names` as openssl takes them ("DNS:host,IP:127.0.0.1").
struct ProviderPki {
  TempDir dir;
  std::string ca = (dir / "ca.pem").string();
  std::string cert = (dir / "server.pem").string();
  std::string key = (dir / "server.key").string();

  explicit ProviderPki(const std::string& subject_alt_names = provider_hosts) {
    const std::string d = dir.str();
    const std::vector<std::string> ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
    std::vector<std::string> ca_args = {"req", "-x509"};
    ca_args.insert(ca_args.end(), ec.begin(), ec.end());
    for (const std::string& a : std::vector<std::string>{"-keyout", d + "/ca.key", "-out", ca, "-days", "2", "-subj", "/CN=hush provider test CA",
                                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"})
      ca_args.push_back(a);
    run_or_fail("openssl", ca_args);
    write_file(dir / "server.ext", "subjectAltName=" + subject_alt_names + "\nextendedKeyUsage=serverAuth\n");
    std::vector<std::string> csr_args = {"req"};
    csr_args.insert(csr_args.end(), ec.begin(), ec.end());
    for (const std::string& a : std::vector<std::string>{"-keyout", key, "-out", d + "/server.csr", "-subj", "/CN=providers"}) csr_args.push_back(a);
    run_or_fail("openssl", csr_args);
    run_or_fail("openssl", {"x509", "-req", "-in", d + "/server.csr", "-CA", ca, "-CAkey", d + "/ca.key", "-CAcreateserial",
                            "-out", cert, "-days", "2", "-extfile", d + "/server.ext"});
  }
};

}  // namespace hush_it
