// Structure validators for private keys: "pem-base64", "base64-pem" and "ppk-base64". Every key
// here was generated for this test (openssl, ssh-keygen, gpg, puttygen) and protects nothing.
#include <random>
#include <string>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

const std::string rsa_pkcs1 = R"(-----BEGIN RSA PRIVATE KEY-----
MIICXQIBAAKBgQCiAH3uSVaHlbphG4ueIlV2TzrDZy757Bu/rIc5HZzPhS3PCNZN
8LqMvmeSfyQpdy983SscqeeYAtOvN8uwa8XXNltTFLxA6PbxlWNOPTu6ke5Iep7q
ejD9MPgxUbW+He6oJvezhAlaSnE4sWG/wHo6Js9NSxzbVh/5gVCSp85TeQIDAQAB
AoGBAJ7t6J1qqU8enthBk7kxabJFjBrDEZzx+08RTR/FY19bAlPIEaYo8nq9GRLp
VGqxmI7g0zitnpzMuSt+i3+qW011BRKPJH1HtBczTCPzud16imvjpofXjszP3hGs
ZHetLKWkQgj/8hO73GVneSE4xqnKU2x3SIUtYorAe24mfJXhAkEA1D1MPnBk316g
dIhNqB6GG28hYepgRX9baX7uN1z+p7CRXdEoE/W08u88qfda1VX1D+vWWBtP/oFX
fRCyyLojLQJBAMNnfaygpv4M8ARTPrKadOzVXvWoFEJhZB2kbwLo5sNFec6nkii0
TRdq6to2jrwcNWnYug/mvt2vVu70YPd50P0CQQCw/sWctKKK3SE2zYzljT8Nleni
/FB45LLZEa+boAQG2GsCMDEaJChZCEYxAEVR8DNEqcrBA1X8yuSpOcm/N+upAkB5
6gLuBpnJ3daOTEXM9zNGZGXHzSM+uzbUi7g7T4ZShPFXbxNw0/VZS/rVRL7PPKZS
sMZ9j1C8TV5m3g/1t4odAkBmyugUP/3Z/3tnZe0VyCkgGUp+iTZO5BPfz7nLqfI2
gzf7Y14S0cRNmglOF8DxRXAxm9IwF4cgHoBQp4pEQqpc
-----END RSA PRIVATE KEY-----)";

const std::string ec_sec1 = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIL1dd6ruE7w98chG7yalPyNEgbv4AMKkhscnmMW2KN+8oAoGCCqGSM49
AwEHoUQDQgAEjVBfsASEXCjbKHke3IIaE8WFTJ7dBRYY/Ydp7Bf4BfGRMTW31a0y
H5dX+Khk9w6/FzXMp1z01SDQ6BFSudwvYw==
-----END EC PRIVATE KEY-----)";

const std::string ed25519_pkcs8 = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEINaTLWOWkSATuunBY8/6Os8RZRBu6b+lRAtA5JOxhbwd
-----END PRIVATE KEY-----)";

const std::string ec_pkcs8_encrypted = R"(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgeq0DyfzkMEQICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEA3k7KSOrudOPHlddZ18KjgEgZCZ
pA38cPrS9W21JGAi+wKPDI0vh1SF7xMuud8tqVNmJZtJgpKd1AycGnCdp2M/T/3i
8NQksjJNJf53PRvp3lGnbgHChjyivevFb+vdxBDVgsW9oJr8vHpfMETumca+RF0c
Z54EvkFOFN8R3uCE/isd11Vi5l5OZievM+TreyRF158iYjzh7rei2HpawjVGj1U=
-----END ENCRYPTED PRIVATE KEY-----)";

const std::string ec_legacy_encrypted = R"(-----BEGIN EC PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: AES-128-CBC,B504A69BDE15FA7B46D5184A7FCF9E09

Gyrbzygua2dfg/smkRM6I035che7n/N/RuDEDzL+WBDE05hVS09MhlBd7lVC4tY4
gMcYnAMHfPSisl8XtjT+0x7n7YIdH0R3/kgxrlqXjuhso0iMiyndDaxeqg/eGNQN
OuW/x7fRSG9jk1LD5Ei4E9TMTWYkikjHpxkdtBw/yFc=
-----END EC PRIVATE KEY-----)";

const std::string dsa = R"(-----BEGIN DSA PRIVATE KEY-----
MIIBywIBAAKBgQCbC60AHVNTY6XwyAoeAGn1TrOYEltODgnkskR0kaFkHvejx54n
eLadi0wVubS5Kinu0lKTUQskAbMQYaqCKJ0K5mIiN68bqQUBGtVW/zi5/NImmbDu
GT1iLvacFTWa8cCq0jBEKdKLnMszrdq3D1Vw2F8TZjn9XricYxUQFcdw8wIdALdw
Ntijpi0AKOEMz95U3moT1GSg/GcCy5K2sOUCgYB7+D8zs8tPME1s67vYn04IoYOm
G5OdeGg1HUGJTcCXeXnvxYUCJiQQXesn37P0UYVoWxLJtqYMRVXTDEZv7fWu0lBW
ZuWonKEST7HM6mL/3jGLnQzhsayc6skxUeHsk1t5c7yjjc+LYEIGQhkcDXlRbe8R
K7vu5MhwTD0Q/Q3/BAKBgBid4e82JvFJnsKnbs1AZbvUpwttqwGPvG9jXaf5YeUB
F0md+BRAbum8ZrCO/dZXqKUQ4kxywK8LRSvcPNDU36ftgQ/ZDG8V0CMh0EUP+z+5
NWQmLOHeLnzGiX6d6J3oX/OInB6m6mkLnfdR0aVEDzrRibE0PjNCitWDd1qeT9f9
Ah0AlVu/bGpl5GFX5/pD8oaTFIkWPuLHdSXrd27Z/Q==
-----END DSA PRIVATE KEY-----)";

const std::string openssh_ed25519 = R"(-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACC0WAiXIUp20MD6R8dKHOdZqOTrJYJgJduSIvQc3e/AiQAAAJCXXZlel12Z
XgAAAAtzc2gtZWQyNTUxOQAAACC0WAiXIUp20MD6R8dKHOdZqOTrJYJgJduSIvQc3e/AiQ
AAAECKLMdCrK/FEjSuHTWGNZkHghuBUQdkXyVjp9Ya1rwce7RYCJchSnbQwPpHx0oc51mo
5OslgmAl25Ii9Bzd78CJAAAADHRlc3RAZXhhbXBsZQE=
-----END OPENSSH PRIVATE KEY-----)";

const std::string openssh_ecdsa_encrypted = R"(-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBFiFmIYl
P3wX4YYMnJkdmsAAAAEAAAAAEAAABoAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlz
dHAyNTYAAABBBPYgVK8z7sRU2iPdt2GKkm128yJQyjO7xtOGX33uEvJYsIOTe/ZRdIsVhT
Hh7uvWRqLL0fw5WBygZCNm/TGaI6AAAACgNMRZCzTOzg5sYRwWupj+aMOQPajfJD+ZuZcF
bMZ9WVi0zNu9Q2oY3h+5l9DZ+8ZbdeM2s81x5VH2G8fB38ukxn95/v3ojQvNxruQIxhTxQ
q2xZaEwG4NFkkSCWBKJJ6p4e8vyaRaLvWgRBzvVYgvH+ZdROAnQLscq1//de/4RQFkJTIB
k28Rplz+Kbm10j4/TUZd2teWbZZNj979sYEYAA==
-----END OPENSSH PRIVATE KEY-----)";

const std::string pgp_ed25519 = R"(-----BEGIN PGP PRIVATE KEY BLOCK-----

lFgEawiWSRYJKwYBBAHaRw8BAQdAY3YS/Hek/zencPvqp07oCqwMJXlKHsh3IDrh
3BZRQzwAAP9JQcIvKEfl++lS86n7ByXyRkVLvFwa/G+IJnksrZPaARCatBtUZXN0
IEtleSA8dGVzdEBleGFtcGxlLmNvbT6IkAQTFggAOBYhBBsQbEjUqWz+BBAbxCqM
BTOjcnQBBQJrCJZJAhsDBQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJECqMBTOj
cnQBQV0BAL7h83yjdtRD7wHpZuc+sacDYJtYUHv/KJOvXK/9IaVgAP4k4zlxbaT2
2ktqfFWBg7xYzuLy00Ps+fc39q/CwDtSDQ==
=9EAZ
-----END PGP PRIVATE KEY BLOCK-----)";

const std::string certificate = R"(-----BEGIN CERTIFICATE-----
MIIBgzCCASmgAwIBAgIUXWNp0aH5WgCrn3UXBXn7cmcuheMwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMdGVzdC5leGFtcGxlMB4XDTI2MTEyNjIwMzgwNloXDTI2MTEy
NzIwMzgwNlowFzEVMBMGA1UEAwwMdGVzdC5leGFtcGxlMFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEjVBfsASEXCjbKHke3IIaE8WFTJ7dBRYY/Ydp7Bf4BfGRMTW3
1a0yH5dX+Khk9w6/FzXMp1z01SDQ6BFSudwvY6NTMFEwHQYDVR0OBBYEFMT9p26L
goLwBJoZ+D5Jej3O6WOxMB8GA1UdIwQYMBaAFMT9p26LgoLwBJoZ+D5Jej3O6WOx
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgKZg4KuGQ5dW+ZGdG
BOkW5uN53ssDUkeLqsg6XuRJ/2MCIQDr5ELTvNIr3Q2FcGkqUG2jbXwAPoOTPeFt
3loJEyo50Q==
-----END CERTIFICATE-----)";

const std::string ppk3_ed25519 = R"(Private-Lines: 1
AAAAII+BACJAs/5myED85mMiuBCzCCPGnvdfoOvOPkN9dKZ8
Private-MAC: c922242e6064afadbdc352ecb9b8e379d9a269b9632bd6b00c47b4b8a033a3f4)";

const std::string ppk2_rsa = R"(Private-Lines: 8
AAAAgCAYj4PzoIvjUeDBYmbFp/LSrr8HjVs5svRDiiQtT3186matwZs5e7rO+WkB
zxDV+r5EAQIP3oLvEewncRq3torrOjDsqaEEfPK5sGNv+i1VfSql5Etydm/3d84p
xxrBIB7ezW2HnsiNFYkeBWHDzGGDG4V0jNV2nkjpxOJB/QKBAAAAQQD4kII/9Fu/
A9l6yWpacSW7G+THT8UtdLas88X/YoBHWM+M5gwEHfQsup1Agc2+MeMOUB4pw5DP
SWjggdRuzX3RAAAAQQCcC+u/6yoQGtztFjKKitN5h5MKX4ghViAIvH35ZoZM3tlI
rtsShZc7AzGA9setPS4OQNYmDxjfjYeQEq3A18pZAAAAQQCMxj55o9/6D7qd/MGW
+t43NMZ6HWQYTYbjvZrs+X45wkTD/pjJGSxa8Vi7mhifbu4WFQixgzONqZ7NA80E
/YOa
Private-MAC: d7eb0c01ca35becccb6d6c25682313df44f4f49e)";

const std::string public_key = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEjVBfsASEXCjbKHke3IIaE8WFTJ7d
BRYY/Ydp7Bf4BfGRMTW31a0yH5dX+Khk9w6/FzXMp1z01SDQ6BFSudwvYw==
-----END PUBLIC KEY-----)";

const std::string* const valid_pem[] = {&rsa_pkcs1,           &ec_sec1, &ed25519_pkcs8,   &ec_pkcs8_encrypted,
                                        &ec_legacy_encrypted, &dsa,     &openssh_ed25519, &openssh_ecdsa_encrypted,
                                        &pgp_ed25519};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

// Drops the last data line before the END line: what a key cut short in a paste looks like.
std::string drop_last_data_line(const std::string& key) {
  const std::size_t end = key.rfind("\n-----END");
  const std::size_t previous = key.rfind('\n', end - 1);
  return key.substr(0, previous) + key.substr(end);
}

}  // namespace

TEST_CASE("pem-base64 accepts whole private keys in every armour", "[validators]") {
  const ValidatorInfo* v = find_validator("pem-base64");
  REQUIRE(v != nullptr);
  for (const std::string* key : valid_pem) {
    INFO(*key);
    CHECK(v->fn(*key) == Validation::passed);
    CHECK(v->fn(replace_all(*key, "\n", "\r\n")) == Validation::passed);
    CHECK(v->fn(replace_all(*key, "\n", "\\n")) == Validation::passed);     // inside a JSON string
    CHECK(v->fn(replace_all(*key, "\n", "\n    ")) == Validation::passed);  // a YAML block scalar
  }
}

TEST_CASE("pem-base64 rejects public material, placeholders, altered and truncated keys", "[validators]") {
  const ValidatorInfo* v = find_validator("pem-base64");
  REQUIRE(v != nullptr);
  SECTION("public keys and certificates") {
    CHECK(v->fn(public_key) == Validation::failed);
    CHECK(v->fn(certificate) == Validation::failed);
    // A certificate's body under a private-key label is still not a key.
    CHECK(v->fn(replace_all(certificate, "CERTIFICATE", "PRIVATE KEY")) == Validation::failed);
  }
  SECTION("placeholders") {
    for (const char* body :
         {"<paste your key here>", "...", "MIIEpAIBAAKCAQEA...", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
          "MIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun", "", "your-key"}) {
      INFO(body);
      CHECK(v->fn(std::string("-----BEGIN RSA PRIVATE KEY-----\n") + body + "\n-----END RSA PRIVATE KEY-----") ==
            Validation::failed);
      CHECK(v->fn(std::string("-----BEGIN OPENSSH PRIVATE KEY-----\n") + body +
                  "\n-----END OPENSSH PRIVATE KEY-----") == Validation::failed);
    }
  }
  SECTION("truncated") {
    for (const std::string* key :
         {&rsa_pkcs1, &ec_sec1, &dsa, &ec_pkcs8_encrypted, &openssh_ed25519, &openssh_ecdsa_encrypted}) {
      INFO(*key);
      CHECK(v->fn(drop_last_data_line(*key)) == Validation::failed);
      CHECK(v->fn(drop_last_data_line(drop_last_data_line(*key))) == Validation::failed);
      CHECK(v->fn(key->substr(0, key->size() - 10)) == Validation::failed);  // END line cut
    }
  }
  SECTION("a one-character change in the structure") {
    std::string changed = rsa_pkcs1;
    changed[changed.find("MIIC")] = 'N';  // no longer a SEQUENCE
    CHECK(v->fn(changed) == Validation::failed);
    changed = rsa_pkcs1;
    changed[changed.find("MIIC") + 3] = 'X';  // the SEQUENCE length no longer fits
    CHECK(v->fn(changed) == Validation::failed);
    changed = openssh_ed25519;
    changed[changed.find("b3Bl") + 3] = 'm';  // the magic is gone
    CHECK(v->fn(changed) == Validation::failed);
    changed = pgp_ed25519;
    changed[changed.find("lFgE") + 20] = changed[changed.find("lFgE") + 20] == 'A' ? 'B' : 'A';  // CRC-24 fails
    CHECK(v->fn(changed) == Validation::failed);
    changed = rsa_pkcs1;
    changed.replace(changed.rfind("RSA PRIVATE"), 3, "DSA");  // BEGIN and END disagree
    CHECK(v->fn(changed) == Validation::failed);
    changed = rsa_pkcs1;
    changed[changed.find("MIIC") + 30] = '*';  // not base64
    CHECK(v->fn(changed) == Validation::failed);
  }
  SECTION("a PGP block without its CRC line must still hold whole packets") {
    const std::size_t crc = pgp_ed25519.rfind("\n=");
    const std::string without_crc = pgp_ed25519.substr(0, crc) + pgp_ed25519.substr(pgp_ed25519.find('\n', crc + 1));
    CHECK(v->fn(without_crc) == Validation::passed);
    CHECK(v->fn(drop_last_data_line(without_crc)) == Validation::failed);
    CHECK(v->fn(drop_last_data_line(drop_last_data_line(pgp_ed25519))) == Validation::failed);
  }
}

TEST_CASE("base64-pem decodes once more and checks the key inside", "[validators]") {
  const ValidatorInfo* v = find_validator("base64-pem");
  REQUIRE(v != nullptr);
  CHECK(v->fn(hush::test::base64(rsa_pkcs1 + "\n")) == Validation::passed);
  CHECK(v->fn(hush::test::base64(ec_sec1)) == Validation::passed);
  CHECK(v->fn(hush::test::base64(openssh_ed25519 + "\n")) == Validation::passed);
  CHECK(v->fn(hush::test::base64(certificate + "\n")) == Validation::failed);
  CHECK(v->fn(hush::test::base64(public_key)) == Validation::failed);
  CHECK(v->fn(hush::test::base64(drop_last_data_line(ec_sec1))) == Validation::failed);
  const std::string encoded = hush::test::base64(ec_sec1);
  CHECK(v->fn(encoded.substr(0, encoded.size() - 8)) == Validation::failed);
  CHECK(v->fn("LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==") == Validation::failed);
  CHECK(v->fn("") == Validation::failed);
  CHECK(v->fn("not base64 at all") == Validation::failed);
}

TEST_CASE("ppk-base64 checks PuTTY private lines", "[validators]") {
  const ValidatorInfo* v = find_validator("ppk-base64");
  REQUIRE(v != nullptr);
  CHECK(v->fn(ppk3_ed25519) == Validation::passed);
  CHECK(v->fn(ppk2_rsa) == Validation::passed);
  CHECK(v->fn(replace_all(ppk2_rsa, "\n", "\r\n")) == Validation::passed);
  // Declared and actual line counts must agree.
  CHECK(v->fn(replace_all(ppk2_rsa, "Private-Lines: 8", "Private-Lines: 7")) == Validation::failed);
  CHECK(v->fn(replace_all(ppk2_rsa, "Private-Lines: 8", "Private-Lines: 9")) == Validation::failed);
  CHECK(v->fn(ppk2_rsa.substr(0, ppk2_rsa.size() - 2)) == Validation::failed);  // MAC cut short
  std::string changed = ppk3_ed25519;
  changed[changed.find("AAAAII") + 2] = '.';
  CHECK(v->fn(changed) == Validation::failed);
  CHECK(v->fn("Private-Lines: 1\nAAAA\nPrivate-MAC: 0000000000000000000000000000000000000000") == Validation::failed);
  CHECK(v->fn("Private-Lines: 1\n<your key>\nPrivate-MAC: 0000000000000000000000000000000000000000") ==
        Validation::failed);
  CHECK(v->fn("") == Validation::failed);
  CHECK(v->fn("Private-Lines: 999999\n") == Validation::failed);
}
