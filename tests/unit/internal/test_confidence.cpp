// The confidence decision: what an assignment's surroundings say (assignment.cpp), what a path
// says (path_context.cpp), and how the two and the model make a level (confidence.cpp).
#include <string>
#include <vector>

#include "assignment.hpp"
#include "catch.hpp"
#include "confidence_model.hpp"
#include "hush/scanner/confidence.hpp"
#include "hush/scanner/filters.hpp"
#include "hush/scanner/scan_job.hpp"
#include "path_context.hpp"

using namespace hush::scanner;

namespace {

// Evidence for the value `value` in `line`, where the rule's match starts at `name`.
std::optional<Evidence> read(const std::string& line, const std::string& name, const std::string& value,
                             Field field = Field::password) {
  const std::size_t name_at = line.find(name);
  const std::size_t value_at = line.find(value, name_at + name.size());
  REQUIRE(name_at != std::string::npos);
  REQUIRE(value_at != std::string::npos);
  return read_assignment(line, name_at, value_at, value_at + value.size(), field);
}

// The evidence, which must be there.
Evidence must(const std::optional<Evidence>& e) {
  REQUIRE(e);
  return *e;
}

Evidence valued(ValueShape shape, bool placeholder = false) {
  Evidence e;
  e.base = Confidence::medium;
  e.valued = true;
  e.assignment = true;
  e.password_field = true;
  e.shape = shape;
  e.placeholder = placeholder;
  e.length = 12;
  return e;
}

// A model that scores every finding `score`: the decision's plumbing, whatever the fitted weights.
ConfidenceModel constant(float score, float low = 0.0f, float medium = 1.0f) {
  ConfidenceModel m{};
  m.weights.fill(0.0f);
  m.weights[0] = score;                                // password.bias
  m.weights[confidence_base_features.size()] = score;  // secret.bias
  m.low = low;
  m.medium = medium;
  return m;
}

}  // namespace

TEST_CASE("assignment framing: a quoted value must end at its closing quote", "[confidence]") {
  CHECK(must(read(R"(password = "Vq7m2Kp9wXz")", "password", "Vq7m2Kp9wXz")).framing == Framing::quoted);
  CHECK(must(read(R"(<password>Vq7m2Kp9wXz</password>)", "password", "Vq7m2Kp9wXz")).framing == Framing::quoted);
  CHECK(must(read(R"(cfg = "{\"password\": \"Vq7m2Kp9wXz\"}")", "password", "Vq7m2Kp9wXz")).framing == Framing::quoted);
  // a sentence, a list, a key with its comment: the value is a fragment of a longer string
  CHECK_FALSE(read(R"("password": "Password is required")", "password", "Password"));
  CHECK_FALSE(read(R"(secret_key = "ssh-rsa AAAAB3NzaC1yc2E ops@bastion")", "secret_key", "ssh-rsa", Field::secret));
  // a password that holds & or ; goes on to its closing quote and is kept
  CHECK(read(R"(password: "Tr0ub4dor&3xKq9")", "password", "Tr0ub4dor"));
}

TEST_CASE("assignment framing: an unquoted value must end its field", "[confidence]") {
  CHECK(must(read("DB_PASSWORD=Vq7m2Kp9wXz", "PASSWORD", "Vq7m2Kp9wXz")).framing == Framing::unquoted);
  CHECK(read("password: Vq7m2Kp9wXz  # rotated monthly", "password", "Vq7m2Kp9wXz"));
  CHECK(read("url?password=Vq7m2Kp9wXz&user=app", "password", "Vq7m2Kp9wXz"));
  CHECK_FALSE(read("password: enter your own password", "password", "enter"));
  CHECK_FALSE(read("if (!privateKey || !certificate) {", "privateKey", "!certificate)", Field::secret));
  CHECK_FALSE(read("{password: hashedPassword}, log)", "password", "hashedPassword}"));
  // an environment prefix and a command line go on after the value
  CHECK(read("PGPASSWORD=Vq7m2Kp9wXz psql -h db", "PASSWORD", "Vq7m2Kp9wXz"));
  CHECK(must(read("sshpass -p Vq7m2Kp9wXz ssh deploy@host", "sshpass", "Vq7m2Kp9wXz")).framing == Framing::argument);
  // a long option's --password=VALUE before more arguments, and a shell line continuation
  CHECK(must(read("pg_dump --password=Vq7m2Kp9wXz -h db app", "password", "Vq7m2Kp9wXz")).framing == Framing::argument);
  CHECK_FALSE(read("the password=Vq7m2Kp9wXz goes here", "password", "Vq7m2Kp9wXz"));
  CHECK(must(read("  -e DB_PASSWORD=Vq7m2Kp9wXz \\", "PASSWORD", "Vq7m2Kp9wXz")).framing == Framing::unquoted);
}

TEST_CASE("assignment: fields and values that hold no secret", "[confidence]") {
  CHECK_FALSE(read(R"(<assemblyIdentity name="Acme" publicKeyToken="9c4e1f2a7b3d8e60" />)", "Token", "9c4e1f2a7b3d8e60",
                   Field::secret));
  CHECK_FALSE(read(R"({"nextToken": "eyNext0923kfjLmQ2pZ8"})", "Token", "eyNext0923kfjLmQ2pZ8", Field::secret));
  CHECK_FALSE(read(R"({"nextTokenValue": "eyNext0923kfjLmQ2pZ8"})", "Token", "eyNext0923kfjLmQ2pZ8", Field::secret));
  CHECK_FALSE(read(R"(page_token = "Cg4KDGhlbGxvd29ybGQ5OQ")", "token", "Cg4KDGhlbGxvd29ybGQ5OQ", Field::secret));
  CHECK_FALSE(
      read("GRAYLOG_SHA256_PASSWORD=9f86d081884c7d659a2feaa0c55ad015", "PASSWORD", "9f86d081884c7d659a2feaa0c55ad015"));
  CHECK_FALSE(read(R"("ChangePassword": "iam:ChangePassword")", "Password", "iam:ChangePassword"));
  // a word of the field's own name is read, and marked: the service's default password
  CHECK(must(read("POSTGRES_PASSWORD: postgres", "PASSWORD", "postgres")).name_word);
  CHECK(must(read("The default is REDIS_PASSWORD=redis.", "PASSWORD", "redis.")).name_word);
  CHECK_FALSE(must(read("POSTGRES_PASSWORD: Vq7m2Kp9wXz", "PASSWORD", "Vq7m2Kp9wXz")).name_word);
  CHECK_FALSE(
      read("deploy_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3vN0c9Lr2", "key", "ssh-ed25519", Field::secret));
  CHECK_FALSE(read("--- PASS: TestLoginWithValidCredentials (0.00s)", "PASS", "TestLoginWithValidCredentials"));
  CHECK_FALSE(read("password: $HTTPD_PASS", "password", "$HTTPD_PASS"));
  CHECK_FALSE(read("$security.Credentials = $Credentials", "Credentials", "$Credentials", Field::secret));
  CHECK_FALSE(read(R"(<label for="password">Password:</label>)", "password", "Password:"));
  CHECK_FALSE(read(R"(NO_PWD="--no-password")", "PWD", "--no-password"));
  CHECK_FALSE(read(R"(jwt-secret = "@/dev/stdin")", "secret", "@/dev/stdin", Field::secret));
  // a field name in a list or a ternary is no key of the value after it
  CHECK_FALSE(read(R"(fields = ['user', 'password', 'mobile'])", "password", "mobile"));
  CHECK_FALSE(read(R"(cls = ok ? "pass" : "fail")", "pass", "fail"));
  // but a call's first argument is: put("password", "v")
  CHECK(read(R"(props.put("password", "Vq7m2Kp9wXz");)", "password", "Vq7m2Kp9wXz"));
}

TEST_CASE("assignment: what the name and the line say", "[confidence]") {
  const auto e = read(R"(TEST_DB_PASSWORD = "Vq7m2Kp9wXz")", "PASSWORD", "Vq7m2Kp9wXz");
  REQUIRE(e);
  CHECK(e->env_name);
  CHECK(e->variant_name);
  CHECK(e->password_field);
  CHECK_FALSE(must(read(R"(api_key = "Vq7m2Kp9wXz8c1fq2Lk7")", "api_key", "Vq7m2Kp9wXz8c1fq2Lk7", Field::secret))
                  .password_field);
  CHECK(must(read(R"(# password = "Vq7m2Kp9wXz")", "password", "Vq7m2Kp9wXz")).comment);
  CHECK_FALSE(must(read(R"(#define CONSUMER_SECRET "Vq7m2Kp9wXz")", "SECRET", "Vq7m2Kp9wXz", Field::secret)).comment);
  CHECK(must(read(R"(get("/login?password=Vq7m2Kp9wXz"))", "password", "Vq7m2Kp9wXz")).in_string);
  CHECK_FALSE(must(read(R"(password = "Vq7m2Kp9wXz")", "password", "Vq7m2Kp9wXz")).in_string);
  CHECK(must(read(R"(user.setPassword("Vq7m2Kp9wXz"))", "Password", "Vq7m2Kp9wXz")).call_argument);
  CHECK(must(read(R"(auth_token: "GIT_TOKEN_v2x")", "auth_token", "GIT_TOKEN_v2x", Field::secret)).names_field);
}

TEST_CASE("value shapes", "[confidence]") {
  const auto shape = [](std::string_view v) {
    Evidence e;
    REQUIRE(read_value(v, e));
    return e.shape;
  };
  CHECK(shape("r7Gq2xLp9vTz4WkM") == ValueShape::random);
  CHECK(shape("c2f8a1d94b7e4e0f9a3d6b2c8e1f7a90") == ValueShape::hex);
  CHECK(shape("vTXYz1rcs79km2fiu90qbEctoVgHvkdaH2eS4SBsFs0=") == ValueShape::random);  // a 32-byte key
  CHECK(shape("rCOSZxJrgze2AZdVQh12c6ErDMOG0M+Rx5Yu7S5d91c=GS4SbTQYmoaGwjm2shEobg==") ==
        ValueShape::base64);  // salt and hash
  CHECK(shape("marmalade") == ValueShape::word);
  CHECK(shape("Marmalade") == ValueShape::word);
  CHECK(shape("pass4321") == ValueShape::word_digits);
  CHECK(shape("correctHorseBattery") == ValueShape::words);
  // letters in both cases: words change case every four letters or more, random letters more often
  CHECK(shape("theDefaultSIGNINGKEYValue") == ValueShape::words);
  CHECK(shape("kTmQzRvLwXpBnYcHdJfGsWqA") == ValueShape::random);
  CHECK(shape("some-user-token-42") == ValueShape::words);
  CHECK(shape("Summit_6877breeze") == ValueShape::random);  // words and a number: a memorable password
  CHECK(shape("8412") == ValueShape::digits);
  CHECK(shape("id=FOO,src=/tmp/x") == ValueShape::other);
  CHECK(shape("required|min:8") == ValueShape::other);
  // base64 of text is judged as the text: the password of alice:secret-passwd, mypass
  CHECK(shape("YWxpY2U6c2VjcmV0LXBhc3N3ZA==") == ValueShape::words);
  Evidence encoded;
  REQUIRE(read_value("bXlwYXNz", encoded));
  CHECK(encoded.placeholder);
  CHECK_FALSE(encoded.credential_pair);
  // base64 of user:password is a pair, unless its password asks for a value
  Evidence pair;
  REQUIRE(read_value("ZGVwbG95OnRlc3Q=", pair));  // deploy:test
  CHECK(pair.placeholder);
  CHECK(pair.credential_pair);
  Evidence stand_in;
  REQUIRE(read_value("ZGVwbG95OmNoYW5nZW1l", stand_in));  // deploy:changeme
  CHECK_FALSE(stand_in.credential_pair);
}

TEST_CASE("values that are no secret whatever their field", "[confidence]") {
  Evidence e;
  CHECK_FALSE(read_value("112233445566778899aabbccddeeff00", e));  // typed in order
  CHECK_FALSE(read_value("abcd1234efg567", e));
  CHECK_FALSE(read_value("$2b$12$KIXQJ7v3Hn0pq9VJm1q9zO2h3cY5sTt8yQeQwEJ6sVbP8z1f", e));  // a bcrypt hash
  CHECK_FALSE(read_value("pbkdf2_sha256$260000$salt$hash", e));
  CHECK_FALSE(read_value("{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", e));
  CHECK_FALSE(read_value("##DATABASE_PASSWORD##", e));
  CHECK_FALSE(read_value("%RANDOM%@%RANDOM%", e));
  CHECK(read_value("Vq7m2Kp9wXz", e));
}

TEST_CASE("placeholders are made of placeholder words and filler digits", "[confidence]") {
  for (const char* v : {"password", "Password123", "my_password", "testpassword", "secret123", "changeme", "P@$$w0rd",
                        "p%40ssword", "123456", "abc123", "admin", "new-pass", "Passwort", "wachtwoord", "user:pass"}) {
    INFO(v);
    CHECK(placeholder_value(v));
  }
  for (const char* v : {"marmalade", "pygmalion", "sekret", "8412", "Vq7m2Kp9wXz", "s3cr3ts3cr3t9x", "hunter2x"}) {
    INFO(v);
    CHECK_FALSE(placeholder_value(v));
  }
}

TEST_CASE("documentation's example credentials are no secrets", "[confidence]") {
  CHECK(published_example("2YotnFZFEjr1zCsicMWpAA"));
  CHECK(published_example("tGzv3JOkF0XG5Qx2TlKWIA"));
  CHECK(published_example("mF_9.B5f-4.1JqM"));
  CHECK_FALSE(published_example("2YotnFZFEjr1zCsicMWpAB"));
}

TEST_CASE("paths: tests, examples, translations, generated code and file kinds", "[confidence]") {
  CHECK(read_path("src/test/java/AuthTest.java").test);
  CHECK(read_path("spec/models/user_spec.rb").test);
  CHECK(read_path("pkg/auth/login_test.go").test);
  CHECK(read_path("t/t5563-simple-http-auth.sh").test);
  CHECK(read_path("tests/fixtures/users.json").test);
  CHECK(read_path("app/__tests__/login.test.ts").test);
  CHECK_FALSE(read_path("src/main/java/Auth.java").test);
  CHECK_FALSE(read_path("contest/entry.py").test);
  CHECK(read_path(".env.example").example);
  CHECK(read_path("examples/basic/config.yml").example);
  CHECK(read_path("config/settings.sample.yml").example);
  CHECK_FALSE(read_path("src/main/java/com/example/billing/Config.java").example);
  CHECK(read_path("config/locales/de.yml").translation);
  CHECK(read_path("app/i18n/fr.json").translation);
  CHECK(read_path("po/de.po").translation);
  CHECK_FALSE(read_path("config/app.yml").translation);
  CHECK(read_path("public/js/app.min.js").generated);
  CHECK(read_path("web/dist/main.js").generated);
  CHECK(read_path(".yarn/releases/yarn-4.1.1.cjs").generated);
  CHECK(read_path("src/app.py").kind == FileKind::code);
  CHECK(read_path("deploy/values.yaml").kind == FileKind::config);
  CHECK(read_path(".env").kind == FileKind::config);
  CHECK(read_path("docker-compose.override.yml").kind == FileKind::config);
  CHECK(read_path("docs/setup.md").kind == FileKind::document);
  CHECK(read_path("input").kind == FileKind::other);
}

TEST_CASE("confidence: validated and provider findings are high whatever the model says", "[confidence]") {
  const ConfidenceModel never = constant(-100.0f);
  Evidence provider;  // base high, nothing read
  CHECK(decide_confidence(provider, read_path("tests/fixtures/a.json"), never) == Confidence::high);
  Evidence validated = valued(ValueShape::word);
  validated.validated = true;
  CHECK(decide_confidence(validated, read_path("src/a.py"), never) == Confidence::high);
  Evidence unread;
  unread.base = Confidence::low;
  CHECK(decide_confidence(unread, read_path("src/a.py"), never) == Confidence::low);
}

TEST_CASE("confidence: the model's cut-offs, the rule's base and the floor of random values", "[confidence]") {
  const PathContext config = read_path("config/app.yml");
  CHECK(decide_confidence(valued(ValueShape::word), config, constant(2.0f)) == Confidence::medium);
  CHECK(decide_confidence(valued(ValueShape::word), config, constant(0.5f)) == Confidence::low);
  CHECK_FALSE(decide_confidence(valued(ValueShape::word), config, constant(-0.5f)));
  // a random-looking value is never dropped by its score, a random-looking placeholder is
  CHECK(decide_confidence(valued(ValueShape::random), config, constant(-5.0f)) == Confidence::low);
  CHECK_FALSE(decide_confidence(valued(ValueShape::random, true), config, constant(-5.0f)));
  // nor is a user:password pair, however weak its password
  Evidence pair = valued(ValueShape::word, true);
  pair.assignment = false;
  pair.credential_pair = true;
  CHECK(decide_confidence(pair, config, constant(-5.0f)) == Confidence::low);
  // never above the rule's own level
  Evidence capped = valued(ValueShape::random);
  capped.base = Confidence::low;
  CHECK(decide_confidence(capped, config, constant(5.0f)) == Confidence::low);
}

TEST_CASE("confidence: a word in tests, examples or documentation is a test password, low at most", "[confidence]") {
  const ConfidenceModel always = constant(5.0f);
  for (const char* path : {"spec/fixtures/users.yml", "examples/app/config.yml", "docs/setup.md", ".env.example"}) {
    INFO(path);
    CHECK(decide_confidence(valued(ValueShape::word), read_path(path), always) == Confidence::low);
    CHECK(decide_confidence(valued(ValueShape::random), read_path(path), always) == Confidence::medium);
  }
  Evidence named = valued(ValueShape::word_digits);
  named.variant_name = true;  // test_password, new_password
  CHECK(decide_confidence(named, read_path("config/app.yml"), always) == Confidence::low);
  CHECK(decide_confidence(valued(ValueShape::word), read_path("config/app.yml"), always) == Confidence::medium);
}

TEST_CASE("confidence: contexts that make an assignment no secret", "[confidence]") {
  const ConfidenceModel always = constant(5.0f);
  Evidence word = valued(ValueShape::word);
  CHECK_FALSE(decide_confidence(word, read_path("config/locales/de.yml"), always));
  CHECK_FALSE(decide_confidence(word, read_path("public/app.min.js"), always));
  Evidence unquoted = valued(ValueShape::word);
  unquoted.framing = Framing::unquoted;
  CHECK_FALSE(decide_confidence(unquoted, read_path("src/app.go"), always));  // a variable
  CHECK(decide_confidence(unquoted, read_path("config/app.yml"), always));    // a literal
  unquoted.in_string = true;
  CHECK(decide_confidence(unquoted, read_path("src/app.go"), always));  // a query string in a literal
  Evidence minified = valued(ValueShape::random);
  minified.long_line = true;
  CHECK_FALSE(decide_confidence(minified, read_path("src/app.js"), always));
}

TEST_CASE("confidence features are weighed per kind of field", "[confidence]") {
  Evidence password = valued(ValueShape::word);
  Evidence secret = password;
  secret.password_field = false;
  const PathContext pc = read_path("src/app.py");
  const ConfidenceFeatures p = confidence_features(password, pc);
  const ConfidenceFeatures s = confidence_features(secret, pc);
  const std::size_t n = confidence_base_features.size();
  CHECK(p[0] == 1.0f);
  CHECK(p[n] == 0.0f);
  CHECK(s[0] == 0.0f);
  CHECK(s[n] == 1.0f);
  const auto names = confidence_feature_names();
  REQUIRE(names.size() == confidence_feature_count);
  CHECK(names[4] == "password.shape_word");
  CHECK(p[4] == 1.0f);
  CHECK(names[n + 25] == "secret.kind_code");
  CHECK(s[n + 25] == 1.0f);
}

TEST_CASE("the fitted model was fitted on the features hush computes", "[confidence]") {
  const auto names = confidence_feature_names();
  for (std::size_t i = 0; i < confidence_feature_count; ++i) {
    INFO(i);
    CHECK(confidence_model.names[i] == names[i]);
  }
  CHECK(confidence_model.low <= confidence_model.medium);
}

TEST_CASE("apply_confidence keeps what reaches the cut and counts the rest", "[confidence]") {
  Finding provider;
  provider.path = "tests/a.json";
  Finding translated;
  translated.path = "config/locales/de.yml";
  translated.evidence = valued(ValueShape::word);
  Finding fixture;
  fixture.path = "tests/fixtures/users.yml";
  fixture.evidence = valued(ValueShape::random);
  fixture.evidence.base = Confidence::low;
  std::vector<Finding> findings = {provider, translated, fixture};
  ScanCounters counters;
  CHECK(apply_confidence(findings, Confidence::medium, counters) == 1);  // the fixture, below the cut
  CHECK(counters.suppressed == 1);                                       // the translation, no secret
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].confidence == Confidence::high);

  std::vector<Finding> again = {provider, fixture};
  CHECK(apply_confidence(again, Confidence::low, counters) == 0);
  CHECK(again.size() == 2);
  CHECK(again[1].confidence == Confidence::low);
}

TEST_CASE("matches along one line read with the line remembered give the evidence each gives alone", "[confidence]") {
  // A minified file's line holds thousands of matches; each once read the line from its start.
  // Fields inside and outside strings, escaped quotes, and a second line the memory must not carry
  // over to.
  const std::string text =
      "cfg({password:\"Zq8vT3xYw1\",note:'it\\'s',q:\"a=\\\"b\\\" password=Lm4pR7sKe2\",secret:'Np5wQ9zXc3'});\n"
      "  password = \"Hv6tB2mJr8\" # 'x\n";
  const std::vector<std::pair<std::string, std::string>> fields{{"password:", "Zq8vT3xYw1"},
                                                                {"password=", "Lm4pR7sKe2"},
                                                                {"secret:", "Np5wQ9zXc3"},
                                                                {"password =", "Hv6tB2mJr8"}};
  AssignmentLine memory;
  for (const auto& [name, value] : fields) {
    INFO(name << " " << value);
    const std::size_t name_at = text.find(name);
    const std::size_t value_at = text.find(value);
    REQUIRE(name_at != std::string::npos);
    REQUIRE(value_at != std::string::npos);
    const auto field = name.starts_with("secret") ? Field::secret : Field::password;
    const auto alone = read_assignment(text, name_at, value_at, value_at + value.size(), field);
    const auto remembered = read_assignment(text, name_at, value_at, value_at + value.size(), field, memory);
    REQUIRE(alone.has_value() == remembered.has_value());
    if (!alone) continue;
    CHECK(alone->in_string == remembered->in_string);
    CHECK(alone->comment == remembered->comment);
    CHECK(alone->long_line == remembered->long_line);
    CHECK(alone->framing == remembered->framing);
  }
  // The field inside the quoted query string is seen as inside a string, the others not.
  const std::size_t inner = text.find("password=");
  const auto in_query = read_assignment(text, inner, inner + 9, inner + 19, Field::password);
  REQUIRE(in_query);
  CHECK(in_query->in_string);
}
