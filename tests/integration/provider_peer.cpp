#include "provider_peer.hpp"

#include <fstream>

#include "catch.hpp"

namespace hush_it {
namespace {

void run_or_fail(const std::string& program, const std::vector<std::string>& args) {
  const auto result = run_program(program, args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace

ProviderPki::ProviderPki(const std::vector<std::string>& extra_hosts) {
  const std::string d = dir.str();
  const std::vector<std::string> ec = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};
  std::vector<std::string> ca_args = {"req", "-x509"};
  ca_args.insert(ca_args.end(), ec.begin(), ec.end());
  for (const std::string& a : std::vector<std::string>{
           "-keyout", d + "/ca.key", "-out", ca, "-days", "2", "-subj", "/CN=hush provider test CA", "-addext",
           "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"})
    ca_args.push_back(a);
  run_or_fail("openssl", ca_args);
  std::string extra_names;
  for (const auto& host : extra_hosts) extra_names += ",DNS:" + host;
  write_file(dir / "server.ext",
             "subjectAltName=DNS:api.github.com,DNS:gitlab.com,DNS:slack.com,DNS:api.telegram.org,DNS:api.stripe.com,"
             "DNS:api.openai.com,DNS:sts.amazonaws.com,DNS:ghe.test,DNS:gitlab.test,DNS:vault.test,DNS:dbc.test,DNS:"
             "grafana.test,"
             "DNS:hooks.slack.com,DNS:discord.com,DNS:api.twilio.com,DNS:oauth2.googleapis.com,DNS:gcp-token.test" +
                 extra_names +
                 "\n"
                 "extendedKeyUsage=serverAuth\n");
  std::vector<std::string> csr_args = {"req"};
  csr_args.insert(csr_args.end(), ec.begin(), ec.end());
  for (const std::string& a :
       std::vector<std::string>{"-keyout", key, "-out", d + "/server.csr", "-subj", "/CN=providers"})
    csr_args.push_back(a);
  run_or_fail("openssl", csr_args);
  run_or_fail("openssl", {"x509", "-req", "-in", d + "/server.csr", "-CA", ca, "-CAkey", d + "/ca.key",
                          "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", d + "/server.ext"});
}

ProviderPeer::ProviderPeer(const std::map<std::string, std::string>& tokens, const std::vector<std::string>& extra,
                           const std::vector<std::string>& extra_hosts)
    : pki_owner(std::make_unique<ProviderPki>(extra_hosts)), pki(*pki_owner) {
  write_file(tokens_file, nlohmann::json(tokens).dump());
  std::vector<std::string> command = {"python3",    HUSH_PEERS_DIR "/provider_peer.py",
                                      "--tls-cert", pki.cert,
                                      "--tls-key",  pki.key,
                                      "--tokens",   tokens_file,
                                      "--record",   record,
                                      "--stats",    stats_file};
  command.insert(command.end(), extra.begin(), extra.end());
  process = std::make_unique<hush_stores::PeerProcess>(command);
}

std::vector<std::string> ProviderPeer::verify_args() const {
  return {"--verify", "--verify-connect-to", "::127.0.0.1:" + std::to_string(process->port()), "--verify-ca-file",
          pki.ca};
}

std::vector<std::string> ProviderPeer::requests() const {
  std::ifstream in(record);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

nlohmann::json ProviderPeer::stats() const {
  std::ifstream in(stats_file);
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::map<std::string, nlohmann::json> findings_by_path(const RunResult& result) {
  INFO(result.err);
  std::map<std::string, nlohmann::json> out;
  const auto report = parse_json(result.out);
  for (const auto& f : report["findings"]) out[f["path"].get<std::string>()] = f;
  return out;
}

std::map<std::string, std::string> validations(const RunResult& result) {
  INFO(result.err);
  std::map<std::string, std::string> out;
  const auto report = parse_json(result.out);
  for (const auto& f : report["findings"]) out[f["path"].get<std::string>()] = f["validation"].get<std::string>();
  return out;
}

}  // namespace hush_it
