// The generic rules of the shipped pack (rules/generic.toml) on realistic lines: what they must
// find in each language and format, and the placeholders, references and code they must not.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "scan_fixture.hpp"

using namespace hush::scanner;

namespace {

class GenericPack {
 public:
  GenericPack()
      : rules_(RuleSet::build(generic_rules(), RuleSetOptions{}, hush::Logger::null())),
        scanner_(rules_, Allowlist{}) {}

  std::vector<Finding> scan(const std::string& text, const std::string& path = "src/app.txt") const {
    Matcher matcher(rules_);
    return hush::test::scan_bytes(scanner_, matcher, text, path);
  }

 private:
  static std::vector<Rule> generic_rules() {
    auto all = hush::rules::builtin_rules();
    std::erase_if(all, [](const Rule& r) { return r.family != "generic"; });
    REQUIRE(all.size() >= 5);
    return all;
  }

  RuleSet rules_;
  Scanner scanner_;
};

struct Case {
  const char* text;
  const char* secret;  // expected secret; the rule id only needs the generic- prefix
};

// No line of `lines` holds a finding.
void check_none_found(const GenericPack& pack, std::span<const char* const> lines) {
  for (const char* line : lines) {
    INFO(line);
    CHECK(pack.scan(line).empty());
  }
}

// Each case's text holds one finding, by a generic rule, of the case's secret.
void check_each_found(const GenericPack& pack, std::span<const Case> cases) {
  for (const Case& c : cases) {
    INFO(c.text);
    const auto found = pack.scan(c.text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].rule_id.rfind("generic-", 0) == 0);
    CHECK(found[0].secret == c.secret);
  }
}

}  // namespace

TEST_CASE("generic rules find assigned secrets in code of every language") {
  const GenericPack pack;
  const Case cases[] = {
      {R"(DATABASE_PASSWORD = "t8#Kq2!vLm9z")", "t8#Kq2!vLm9z"},
      {R"(conn = psycopg2.connect(host="db", user="app", password="Tr7!kQ9zLp"))", "Tr7!kQ9zLp"},
      {R"(requests.get(url, auth=("admin", "K8s#2mQp!x")))", "K8s#2mQp!x"},
      {R"(smtp.login("noreply@example.org", "Qm8#tLp2Zx"))", "Qm8#tLp2Zx"},
      {R"(const apiKey = "Zx9kQ2mLpW3tR7vB";)", "Zx9kQ2mLpW3tR7vB"},
      {R"(process.env.SECRET = process.env.SECRET || "jh9SmUZGONznJox9lpSN";)", "jh9SmUZGONznJox9lpSN"},
      {R"(const smtpPassword: string = "m7YYgbYflXXNFj1T";)", "m7YYgbYflXXNFj1T"},
      {R"(private static final String DB_PASSWORD = "Zx9!kQ2mLp";)", "Zx9!kQ2mLp"},
      {R"(props.setProperty("mail.smtp.password", "Vq7!m2Kp9wXz");)", "Vq7!m2Kp9wXz"},
      {R"(var credential = new NetworkCredential("svc-build", "YlP8ET9aSOddLBel");)", "YlP8ET9aSOddLBel"},
      {R"(const dbPassword = "Zx9!kQ2mLp")", "Zx9!kQ2mLp"},
      {R"(	Password: "g7Kp2QmX9wZr",)", "g7Kp2QmX9wZr"},
      {R"(var password string = "Zx9!kQ2mLp")", "Zx9!kQ2mLp"},
      {R"(config.password = 'Zx9!kQ2mLp')", "Zx9!kQ2mLp"},
      {R"(:password => "Zx9!kQ2mLp",)", "Zx9!kQ2mLp"},
      {R"(define( 'DB_PASSWORD', 'Zx9!kQ2mLp' );)", "Zx9!kQ2mLp"},
      {R"($db_pass = "Zx9!kQ2mLp";)", "Zx9!kQ2mLp"},
      {R"(let password = "Zx9!kQ2mLp";)", "Zx9!kQ2mLp"},
      {R"(static COOKIE_SECRET: &str = "Bs4Wdka6XhaiR.Jx3D3hplC6sT2f";)", "Bs4Wdka6XhaiR.Jx3D3hplC6sT2f"},
      {R"(#define WIFI_PASSWORD "k8Tq2mZp9W")", "k8Tq2mZp9W"},
      {R"(static const char api_token[] = "BYzXNo6MXh2aFfmgiKImHT0k";)", "BYzXNo6MXh2aFfmgiKImHT0k"},
      {R"(.clientSecret("Zk29vXq8Lw3mTp7RsY4b"))", "Zk29vXq8Lw3mTp7RsY4b"},
      {R"(private_key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")",
       "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"},
      {R"(ALTER USER reporting IDENTIFIED BY 'Sva1-IBAN52CGxU9';)", "Sva1-IBAN52CGxU9"},
      {R"(CREATE USER app WITH PASSWORD 'KT9VL^~=KXu7XRo';)", "KT9VL^~=KXu7XRo"},
      {R"(headers = {"Authorization": "Bearer mQ7v2Lx9Kp4Tz8Wb3Rn6"})", "mQ7v2Lx9Kp4Tz8Wb3Rn6"},
  };
  check_each_found(pack, cases);
}

TEST_CASE("generic rules find secrets in configuration formats") {
  const GenericPack pack;
  const Case cases[] = {
      {"DB_PASSWORD=r7Gq2xLp9vTz4WkM", "r7Gq2xLp9vTz4WkM"},
      {"export PGPASSWORD=Kx9!qTm2Lw", "Kx9!qTm2Lw"},
      {"STRIPE_WEBHOOK_SECRET=q8Z2rT4mW2pLk9Xv7Bn3", "q8Z2rT4mW2pLk9Xv7Bn3"},
      {"spring.datasource.password=Tr0ub4dor#3xKq9", "Tr0ub4dor#3xKq9"},
      {"keystore.password = Kx8!mQ2pL", "Kx8!mQ2pL"},
      {"  password: q8Z!rT4mW2pL", "q8Z!rT4mW2pL"},
      {"  password: 'Zx9!kQ2mLp'", "Zx9!kQ2mLp"},
      {R"(  "api_key": "c2f8a1d94b7e4e0f9a3d6b2c8e1f7a90",)", "c2f8a1d94b7e4e0f9a3d6b2c8e1f7a90"},
      {"ENV MYSQL_ROOT_PASSWORD Wq7p2Kz9Xm", "Wq7p2Kz9Xm"},
      {"ARG NPM_AUTH_TOKEN=Zk29vXq8Lw3mTp7RsY4b", "Zk29vXq8Lw3mTp7RsY4b"},
      {R"(admin_password = "3wFiIRS-Ym?GFLQa")", "3wFiIRS-Ym?GFLQa"},
      {"variable \"db_password\" {\n  type    = string\n  default = \"3wFiIRS-Ym?GFLQa\"\n}", "3wFiIRS-Ym?GFLQa"},
      {"        - name: SMTP_PASSWORD\n          value: \"poDUTTg3xjdsWM1i\"", "poDUTTg3xjdsWM1i"},
      {"<password>N4rT!q8wLm2x</password>", "N4rT!q8wLm2x"},
      {R"(<add key="SmtpPassword" value="Vq7!m2Kp9wXz" />)", "Vq7!m2Kp9wXz"},
      {R"(<entry key="smtp.password">Wq7p2Kz9Xm</entry>)", "Wq7p2Kz9Xm"},
      {"[database]\npassword = Kx9!qTm2Lw\n", "Kx9!qTm2Lw"},
      {"machine api.example.net login deploy password 7hK2pQ9xWm", "7hK2pQ9xWm"},
      {"jdbc:postgresql://db/app?user=svc&password=Zq8#mW3tLp&ssl=true", "Zq8#mW3tLp"},
      {"DATABASE_URL=postgres://app:Xq7mT2pLw9@db.internal:5432/app", "Xq7mT2pLw9"},
      {"mongodb+srv://svc:n8Kq2Lm7Zx@cluster0.example.net/prod", "n8Kq2Lm7Zx"},
      {"redis://:Zt9qW2mK4x@cache:6379/0", "Zt9qW2mK4x"},
      {R"("Default": "Server=tcp:sql,1433;Initial Catalog=app;User ID=svc;Password=Kx9mQ2tLw;")", "Kx9mQ2tLw"},
      {"docker login -u ci-bot -p '79MnnWQUm0U9ehBu' registry.example.com", "79MnnWQUm0U9ehBu"},
      {"sshpass -p 'Zx9kQ2mLp' ssh deploy@host", "Zx9kQ2mLp"},
      {"Set `DB_PASSWORD` to `UJ@VmpyU783Gqsp` before running the tests.", "UJ@VmpyU783Gqsp"},
  };
  check_each_found(pack, cases);
}

TEST_CASE("generic rules report random passwords of every length from 8 characters") {
  // The entropy margin scales with length and alphabet: short random passwords must pass.
  const GenericPack pack;
  const char* passwords[] = {"k8Tq2mZp",     "Rv7x2KqW9m",       "q8Z!rT4mW2pL",
                             "c1f9a0d4e7b2", "Tr7kQ9zLpX2mW4vB", "x7!Kd2#qLm9@Wz4$Rb6p"};
  for (const char* pw : passwords) {
    INFO(pw);
    const auto found = pack.scan(std::string("db_password = \"") + pw + "\"\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].secret == pw);
  }
}

TEST_CASE("generic rules ignore placeholders, references and templates") {
  const GenericPack pack;
  const char* lines[] = {
      R"(password = "")",
      R"(password = "changeme")",
      R"(password = "<your-password>")",
      R"(api_key = "<API_KEY>")",
      R"(password = "your_password_here")",
      R"(password = "xxxxxxxxxxxx")",
      R"(secret_key = "****************")",
      R"(token: "ghp_xxxxxxxxxxxxxxxxxxxx")",
      R"(password = "${DB_PASSWORD}")",
      "DB_PASSWORD=${DB_PASSWORD}",
      "DB_PASSWORD=$DB_PASSWORD",
      "set DB_PASSWORD=%DB_PASSWORD%",
      R"(password: "{{ vault_db_password }}")",
      "password: {{ .Values.password | quote }}",
      "password: ${{ secrets.DB_PASSWORD }}",
      R"(password = "{% raw %}x{% endraw %}")",
      R"(password = "%(password)s")",
      R"x(password = "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)")x",
      R"(secret = "projects/acme-prod/secrets/db-password/versions/latest")",
      "password: !vault |",
      "PASSWORD=$(vault kv get -field=password secret/app)",
      "POSTGRES_PASSWORD: example",
      R"(password = "password")",
      R"(password = "Password123")",
      R"(password: "s3cr3t")",
      "postgres://user:password@localhost:5432/db",
      "amqp://guest:guest@localhost:5672/",
      "Server=db;Database=app;User Id=sa;Password=${SQL_PASSWORD};",
      "Authorization: Bearer YOUR_ACCESS_TOKEN",
      R"("password": "$2b$12$KIXQJ7v3Hn0pq9VJm1q9zO2h3cY5sTt8yQeQwEJ6sVbP8z1fX2a9K")",
  };
  check_none_found(pack, lines);
}

TEST_CASE("generic rules ignore code that reads secrets from elsewhere") {
  const GenericPack pack;
  const char* lines[] = {
      "password = request.POST.get('password')",
      "password = form.cleaned_data[\"password\"]",
      "self.password = password",
      "password = user_password",
      "user.set_password(raw_password)",
      "api_key = settings.API_KEY",
      R"(API_KEY = os.environ.get("API_KEY", ""))",
      R"(api_key = os.environ["API_KEY"])",
      "password = os.getenv(\"DB_PASSWORD\")",
      "const token = req.headers.authorization?.split(' ')[1];",
      "let token = localStorage.getItem('token');",
      "String password = System.getenv(\"DB_PASSWORD\");",
      "Password = Configuration[\"Db:Password\"],",
      "Password: os.Getenv(\"DB_PASSWORD\"),",
      "password: ENV.fetch(\"DB_PASSWORD\")",
      "'password' => env('DB_PASSWORD'),",
      "token: process.env.GITHUB_TOKEN",
      "password = random_password.db.result",
      "SECRET_KEY = get_random_secret_key()",
      "def login(username: str, password: str) -> bool:",
      "token: Optional[str] = None",
      "password: string;",
      "password = getpass.getpass()",
      "fds_to_pass = [listener.fileno(), alive_r]",
      "def add_certificate(self, key, cert, domain, password=None):",
      "stop_token::_Stop_state_ref _M_state;",
      "FSDiscriminatorPass P = FSDiscriminatorPass::Pass1;",
      "perplexityApiKey: \"${PERPLEXITY_API_KEY:?required}\"",
  };
  check_none_found(pack, lines);
}

TEST_CASE("generic rules ignore labels, prose and public identifiers") {
  const GenericPack pack;
  const char* lines[] = {
      R"(password_label = "Enter your password")",
      R"("password": "Password is required")",
      R"("password": "Passwort")",
      R"("password": "Contraseña")",
      R"("forgotPassword": "Forgot your password?")",
      "<label for=\"password\">Password</label>",
      "| password | string | The user's password |",
      "--password PASSWORD   the password to use",
      "PASSWORD_MIN_LENGTH = 8",
      R"(TOKEN_URL = "https://oauth2.example.com/token")",
      R"(token_type = "Bearer")",
      R"(token = "123e4567-e89b-12d3-a456-426614174000")",
      R"(commit_sha = "3f786850e387550fdab836ed7e6dc881de23001b")",
      R"("integrity": "sha512-Jvj0N3BPz2Ra0aRULOZVnoYKJ0UnnL5bI5XCPj2PMyTzGKQfzUNV3mE)"
      R"(ZBzRsdHA3rFvDvTa3ItBBXNw9C+1Lhw==")",
      "image: nginx@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      R"(token = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")",
      "golang.org/x/text v0.3.7 h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=",
      R"(api_key = "0123456789abcdef0123456789abcdef")",
      R"(password = "true")",
      R"(password = "12345678")",
      R"(password = "/run/secrets/db_password")",
      R"(private_key = "keys/server.pem")",
  };
  check_none_found(pack, lines);
}

TEST_CASE("generic rules leave minified bundles to provider rules") {
  const GenericPack pack;
  const std::string line = R"(var c={password:"Zx9!kQ2mLp"};)";
  CHECK(pack.scan(line, "static/app.js").size() == 1);
  CHECK(pack.scan(line, "static/app.min.js").empty());
}

TEST_CASE("a specific rule beats a generic one on the same secret, even at a lower severity") {
  Rule generic;
  generic.id = "generic-demo";
  generic.family = "generic";
  generic.severity = Severity::medium;
  generic.regex = R"(key=["']?([A-Za-z0-9_-]{16,}))";
  generic.secret_group = 1;
  Rule test_key = generic;
  test_key.id = "demo-test-key";
  test_key.family = "payments";
  test_key.severity = Severity::low;
  test_key.regex = R"(\b(TESTKEY-[0-9a-f]{8})\b)";
  const RuleSet set = RuleSet::build({generic, test_key}, RuleSetOptions{}, hush::Logger::null());
  const Scanner scanner(set, Allowlist{});
  Matcher matcher(set);
  std::vector<Finding> out;
  ScanCounters counters;
  ScanTarget target;
  const std::string text = "key=TESTKEY-0a1b2c3d\n";
  target.bytes = text;
  target.path = "a.env";
  scanner.scan(target, matcher, out, counters);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule_id == "demo-test-key");
}

TEST_CASE("generic rules ignore translated labels and generated code, by their path") {
  const GenericPack pack;
  const std::string label = R"("password": "Kennwort", "password_hint": "Mindestens zwölf Zeichen")";
  CHECK(pack.scan(label, "config/locales/de.json").empty());
  CHECK(pack.scan(label, "app/i18n/de.json").empty());
  // names in a bundle are words; a key-shaped value in one is a leaked key all the same
  const std::string bundle =
      R"(var a={password:"injectAuthToken",secret:"shouldSetTextContent"};function f(){return a})";
  CHECK(pack.scan(bundle, "web/dist/main.js").empty());
  CHECK(pack.scan(bundle, ".yarn/releases/yarn-4.1.1.cjs").empty());
  CHECK(pack.scan(R"(var k={apiKey:"Zq8mW3tLpR7vX2nKc4Bd"};)", "web/dist/main.js").size() == 1);
}

TEST_CASE("generic findings carry a confidence: a random key at medium, a word in a test fixture at most low") {
  const GenericPack pack;
  const auto key = pack.scan(R"(STRIPE_WEBHOOK_SECRET = "q8Z2rT4mW2pLk9Xv7Bn3")", "config/settings.py");
  REQUIRE(key.size() == 1);
  CHECK(key[0].confidence == Confidence::medium);
  const auto fixture = pack.scan("password: 'marmalade'", "spec/fixtures/users.yml");
  REQUIRE(fixture.size() == 1);
  CHECK(fixture[0].confidence == Confidence::low);
  // the separator stays on its line: an empty value does not take the next line's text
  CHECK(pack.scan("APP_KEY=\nDB_CONNECTION=mysql\n", ".env.example").empty());
  CHECK(pack.scan("password:\nletmein2024\n", "wordlist.yml").empty());
}

TEST_CASE("a password that is a word of its field's name is reported at low confidence, never above") {
  // the password a service or a test container is set up with, even in a configuration file
  const GenericPack pack;
  for (const char* line : {"MARIADB_PASSWORD: mariadb", "keycloak_admin_password = \"keycloak\""}) {
    INFO(line);
    const auto found = pack.scan(line, "deploy/compose.yml");
    REQUIRE(found.size() == 1);
    CHECK(found[0].confidence == Confidence::low);
  }
  // the word password itself stays a placeholder
  CHECK(pack.scan("ADMIN_PASSWORD: password", "deploy/compose.yml").empty());
}
