"""What gets planted: one labelled value (positive or negative) and how it may be written.

shape:
  value    a literal assigned to a name (token, password, URL, hash, placeholder)
  block    a multi-line literal (PEM, OpenSSH, PGP armour)
  coderef  a reference to a secret held elsewhere; the file format writes it in its own language
  text     a natural-language string (i18n) assigned to a password-ish name
"""

import base64
import json
from dataclasses import dataclass, field

import keymaterial as km
from tokens import (ALNUM, B64URL, HEX, LOOKALIKES, LOWER, LOWER_ALNUM, PROVIDERS, UPPER, W,
                    age_secret, b64url_nopad, rand, uuid)


@dataclass
class Plant:
    family: str
    provider: str
    kind: str                  # "positive" or "negative"
    shape: str
    value: str = ""
    names: list = field(default_factory=lambda: [["token"]])
    context: bool = False
    bearer: bool = False
    secret: str = None         # label secret when it is only part of value (URL passwords)
    encodable: bool = True     # may be written base64-encoded (Kubernetes Secret data)


# ---------------------------------------------------------------- passwords

SYMBOLS_COMMON = "!@#$%*-_.+=?"
SYMBOLS_RARE = "^()[]{};:,/~|"
WORDS = ["harbor", "lantern", "falcon", "maple", "orbit", "cobalt", "tundra", "saffron", "quartz", "ember",
         "willow", "summit", "pixel", "nebula", "violet", "glacier", "copper", "meadow", "rocket", "breeze"]
BAD_SEQUENCES = ("${", "#{", "%{", "{{", "}}", "$(")


def password(rng, lo=12, hi=40):
    """A password someone would really set: random mixed classes, or words, digits and a symbol."""
    while True:
        if rng.random() < 0.3:
            parts = [rng.choice(WORDS).capitalize(), rng.choice(WORDS), str(rng.randrange(10, 9999)),
                     rng.choice(SYMBOLS_COMMON)]
            rng.shuffle(parts)
            pw = "".join(parts)
            if not lo <= len(pw) <= hi:
                continue
        else:
            n = rng.randrange(lo, hi + 1)
            pool = ALNUM * 3 + SYMBOLS_COMMON + (SYMBOLS_RARE if rng.random() < 0.3 else "")
            pw = rand(rng, pool, n)
        classes = sum(any(c in s for c in pw) for s in (LOWER, UPPER, "0123456789"))
        if classes >= 2 and not any(s in pw for s in BAD_SEQUENCES):
            return pw


def url_password(rng):
    return rand(rng, ALNUM * 4 + "-_.~", rng.randrange(12, 33))


GENERIC_SECRET_NAMES = W(
    "password", "db password", "database password", "admin password", "root password", "smtp password",
    "redis password", "mysql root password", "postgres password", "ldap bind password", "keystore password",
    "rabbitmq password", "db pass", "mail pass", "passwd", "pwd", "secret", "secret key", "client secret",
    "app secret", "jwt secret", "session secret", "webhook secret", "signing secret", "encryption key",
    "master key", "api key", "apikey", "api token", "access token", "auth token", "bearer token",
    "refresh token", "consumer secret", "hmac key", "cookie secret", "service password", "private token")


def generic_value(rng):
    """Values of generic secrets: mostly passwords, also hex, base64 and token-like keys."""
    r = rng.random()
    if r < 0.62:
        return "password", password(rng)
    if r < 0.75:
        return "hex-key", rand(rng, HEX, rng.choice([32, 40, 64]))
    if r < 0.87:
        raw = rng.randbytes(rng.choice([24, 32]))
        return "base64-key", (base64.b64encode(raw).decode() if rng.random() < 0.5 else b64url_nopad(raw))
    if r < 0.95:
        return "alnum-token", rand(rng, ALNUM, rng.randrange(20, 41))
    return "django-secret-key", rand(rng, LOWER_ALNUM + "!@#%^*-_=+", 50)


def generic_positive(rng):
    sub, val = generic_value(rng)
    names = GENERIC_SECRET_NAMES
    if sub == "django-secret-key":
        names = W("secret key", "django secret key")
    return Plant("generic", "generic-" + sub, "positive", "value", val, [rng.choice(names)], context=True)


# ---------------------------------------------------------------- generic negatives

PLACEHOLDERS = [
    "changeme", "change_me", "CHANGEME", "changeit", "<your-api-key>", "<password>", "<YOUR_SECRET>",
    "your-secret-here", "your_api_key_here", "xxxxxxxxxxxxxxxx", "XXXXXXXXXXXXXXXXXXXX", "****************",
    "********", "REPLACE_ME", "TODO", "none", "null", "dummy", "placeholder", "example", "secret",
    "password", "<redacted>", "[REDACTED]", "CHANGE-THIS-IN-PRODUCTION", "insert-key-here",
    "${DB_PASSWORD}", "${API_KEY}", "$SECRET_KEY", "${{ secrets.API_TOKEN }}", "{{ db_password }}",
    "{{ .Values.auth.password }}", "%(db_password)s", "<%= ENV['SECRET_TOKEN'] %>", "#{ENV['SMTP_PASSWORD']}",
    "op://Engineering/postgres-prod/password", "vault:secret/data/app#db_password",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
    "projects/acme-prod/secrets/db-password/versions/latest",
    "ENC[AES256_GCM,data:Tr3kLq9ZmX0=,iv:8mQ2vLw0Zk1pT5yR7xN3aB6cD9eF0gH1iJ2kL3mN4oP=,tag:qR5sT6uV7wX8yZ9aB0cD1e==,type:str]",
    "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)", "sha256:placeholder", "",
]

I18N = [
    ("password label", "Enter your password"), ("password hint", "Use at least 12 characters, including a number"),
    ("forgot password", "Forgot your password?"), ("password mismatch", "Passwords do not match"),
    ("new password", "Choose a new password"), ("secret question", "What was the name of your first pet?"),
    ("token expired", "Your session token has expired, please sign in again"),
    ("api key help", "Paste the API key from your account settings"), ("password too weak", "Password is too weak"),
    ("confirm password", "Confirm new password"), ("password placeholder", "••••••••"),
    ("passwort label", "Passwort eingeben"), ("mot de passe", "Mot de passe oublié ?"),
    ("reset password subject", "Reset your password for {app_name}"),
]

NON_SECRET_CONFIG = [
    ("password min length", "12"), ("password max age days", "90"), ("token expiry seconds", "3600"),
    ("secret name", "db-credentials"), ("api key header", "X-API-Key"), ("token type", "Bearer"),
    ("access token url", "https://github.com/login/oauth/access_token"),
    ("auth token endpoint", "https://login.microsoftonline.com/common/oauth2/v2.0/token"),
    ("secret manager region", "eu-west-1"), ("password policy", "strong"), ("tokenizer", "cl100k_base"),
    ("secret provider class", "azure-kv-provider"), ("api key prefix", "sk_live_"),
    ("password reset url", "/account/password/reset"), ("secret ref", "app-secrets"),
    ("token audience", "api://default"), ("password hash algorithm", "argon2id"),
    ("secret store", "aws-parameter-store"), ("api key location", "header"), ("client secret expires", "2026-01-31"),
]


def generic_negative(rng):
    r = rng.random()
    if r < 0.42:
        name = rng.choice(GENERIC_SECRET_NAMES)
        return Plant("generic", "placeholder", "negative", "value", rng.choice(PLACEHOLDERS), [name], context=True,
                     encodable=False)
    if r < 0.72:
        return Plant("generic", "code-reference", "negative", "coderef", "", [rng.choice(GENERIC_SECRET_NAMES)],
                     context=True, encodable=False)
    if r < 0.86:
        name, text = rng.choice(I18N)
        return Plant("generic", "i18n-string", "negative", "text", text, [name.split()], encodable=False)
    name, val = rng.choice(NON_SECRET_CONFIG)
    return Plant("generic", "non-secret-setting", "negative", "value", val, [name.split()], encodable=False)


# ---------------------------------------------------------------- hashes and identifiers


def hash_negative(rng):
    r = rng.random()
    if r < 0.25:
        return Plant("generic", "git-sha", "negative", "value", rand(rng, HEX, 40),
                     [rng.choice(W("commit", "git sha", "revision", "base ref", "head commit"))], encodable=False)
    if r < 0.45:
        return Plant("generic", "uuid", "negative", "value", uuid(rng),
                     [rng.choice(W("request id", "tenant id", "subscription id", "client id", "trace id"))], encodable=False)
    if r < 0.65:
        image = rng.choice(["nginx", "ghcr.io/acme/api", "redis", "postgres", "registry.example.com/team/worker"])
        return Plant("generic", "docker-digest", "negative", "value", f"{image}@sha256:{rand(rng, HEX, 64)}",
                     [rng.choice(W("image", "base image"))], encodable=False)
    if r < 0.85:
        return Plant("generic", "sha256-checksum", "negative", "value", rand(rng, HEX, 64),
                     [rng.choice(W("sha256", "checksum", "artifact sha256", "etag"))], encodable=False)
    raw = base64.b64encode(rng.randbytes(64)).decode()
    return Plant("generic", "integrity-hash", "negative", "value", "sha512-" + raw, [["integrity"]], encodable=False)


# ---------------------------------------------------------------- provider tokens


def provider_positive(rng):
    spec = rng.choice(PROVIDERS)
    return Plant(spec.family, spec.provider, "positive", "value", spec.gen(rng), spec.names, spec.context, spec.bearer)


SEQUENTIAL_HEX = ["0" * 32, "0123456789abcdef" * 2, "abcdef0123456789" * 2 + "abcdef01", "1234567890abcdef" * 2 + "12345678",
                  "f" * 40, "deadbeef" * 4]


def provider_negative(rng):
    r = rng.random()
    if r < 0.2:
        # A provider-named variable that refers to a secret kept elsewhere.
        spec = rng.choice(PROVIDERS)
        return Plant(spec.family, spec.provider + "-reference", "negative", "coderef", "", spec.names, context=True,
                     encodable=False)
    if r < 0.28:
        spec = rng.choice([s for s in PROVIDERS if s.context])
        return Plant(spec.family, spec.provider + "-sequential-placeholder", "negative", "value",
                     rng.choice(SEQUENTIAL_HEX)[:len(spec.gen(rng))], spec.names, context=True, encodable=False)
    if r < 0.36:
        # A token-shaped run inside a base64 blob: no word boundary, so not a token.
        spec = rng.choice([s for s in PROVIDERS if s.provider in ("gcp-api-key", "aws-access-key-id", "github-pat", "huggingface-token")])
        blob = base64.urlsafe_b64encode(rng.randbytes(rng.randrange(30, 90))).decode().rstrip("=")
        cut = rng.randrange(4, len(blob) - 4)
        return Plant(spec.family, spec.provider + "-inside-base64", "negative", "value",
                     blob[:cut] + spec.gen(rng) + blob[cut:], W("cursor", "state blob", "etag value"), encodable=False)
    spec = rng.choice(LOOKALIKES)
    return Plant(spec.family, spec.provider, "negative", "value", spec.gen(rng), spec.names, encodable=False)


# ---------------------------------------------------------------- keys and connection strings

HOSTS = ["db.internal", "10.0.3.17", "prod-db.cluster-c9x2.eu-west-1.rds.amazonaws.com", "mongo-0.mongo.svc",
         "cache.internal", "mq.internal", "sql01.corp.local", "pg.example.net"]


def jwt(rng):
    alg = rng.choice(["HS256", "RS256", "ES256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rand(rng, B64URL, 22)
    now = rng.randrange(1690000000, 1760000000)
    payload = {"sub": rng.choice([uuid(rng), "system:serviceaccount:ci:deployer", "user_" + rand(rng, LOWER_ALNUM, 10)]),
               "iss": rng.choice(["https://auth.example.com/", "kubernetes/serviceaccount", "https://sts.windows.net/" + uuid(rng) + "/"]),
               "iat": now, "exp": now + rng.choice([900, 3600, 86400 * 365])}
    if rng.random() < 0.5:
        payload["scope"] = rng.choice(["read:orders write:orders", "admin", "openid profile email"])
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    enc = lambda o: b64url_nopad(json.dumps(o, separators=(",", ":")).encode())
    return enc(header) + "." + enc(payload) + "." + b64url_nopad(rng.randbytes(sig_len))


def db_url(rng, pw):
    user = rng.choice(["app", "svc_orders", "admin", "reporting", "root", "deploy"])
    host = rng.choice(HOSTS)
    scheme, port, tail = rng.choice([("postgres", 5432, "/orders?sslmode=require"), ("postgresql", 5432, "/app"),
                                     ("mysql", 3306, "/shop"), ("mongodb+srv", None, "/prod?retryWrites=true&w=majority"),
                                     ("mongodb", 27017, "/events"), ("redis", 6379, "/0"), ("rediss", 6380, ""),
                                     ("amqp", 5672, "/vhost"), ("sqlserver", 1433, ";databaseName=billing")])
    if scheme.startswith("redis") and rng.random() < 0.5:
        user = ""
    hostport = host if port is None else f"{host}:{port}"
    return f"{scheme}://{user}:{pw}@{hostport}{tail}"


class KeyFactory:
    """Private and public key material (see keymaterial), one rng for reproducibility."""

    def __init__(self, rng):
        self.rng = rng
        self.pool = km.KeyPool(rng, cap=5)

    def private(self):
        r = self.rng.random()
        rng = self.rng
        if r < 0.22:
            return "rsa-pkcs1", km.pem("RSA PRIVATE KEY", self.pool.rsa(rng.choice([1024, 2048])).pkcs1())
        if r < 0.40:
            return "pkcs8-rsa", km.pem("PRIVATE KEY", self.pool.rsa(rng.choice([1024, 2048])).pkcs8())
        if r < 0.52:
            return "ec-sec1", km.pem("EC PRIVATE KEY", km.ec_p256_sec1(rng)[0])
        if r < 0.60:
            return "pkcs8-ed25519", km.pem("PRIVATE KEY", km.ed25519_pkcs8(rng.randbytes(32)))
        if r < 0.78:
            comment = rng.choice(["deploy@ci", "build@runner-3", "ops@bastion", "git@example.com"])
            if rng.random() < 0.7:
                return "openssh-ed25519", km.openssh_private("ed25519", rng, comment, seed=rng.randbytes(32))
            return "openssh-rsa", km.openssh_private("rsa", rng, comment, rsa=self.pool.rsa(1024))
        if r < 0.90:
            return "pkcs8-encrypted", km.pem("ENCRYPTED PRIVATE KEY", km.encrypted_pkcs8(rng, rng.choice([634, 1217])))
        return "pgp-private", km.pgp_block(self.pool.rsa(1024), "Release Signing <release@example.com>",
                                           rng.randrange(1500000000, 1750000000), True)

    def public(self):
        rng = self.rng
        r = rng.random()
        key = self.pool.rsa(rng.choice([1024, 2048]))
        if r < 0.3:
            return "public-key-pem", km.pem("PUBLIC KEY", key.spki())
        if r < 0.4:
            return "rsa-public-key-pem", km.pem("RSA PUBLIC KEY", key.pkcs1_public())
        if r < 0.8:
            cn = rng.choice(["api.example.com", "*.internal.example.net", "grpc.example.org"])
            return "certificate", km.certificate(key, rng, cn, rng.choice(["Example Corp", "Acme Ltd"]), rng.randrange(2019, 2026))
        return "pgp-public", km.pgp_block(key, "Release Signing <release@example.com>", rng.randrange(1500000000, 1750000000), False)

    def ssh_public_line(self):
        rng = self.rng
        comment = rng.choice(["alice@laptop", "ci@runner", "deploy"])
        if rng.random() < 0.5:
            pub = km.ed25519_public(rng.randbytes(32))
            return km.ssh_public_line(km.ssh_public_blob_ed25519(pub), "ssh-ed25519", comment)
        return km.ssh_public_line(km.ssh_public_blob_rsa(self.pool.rsa(1024)), "ssh-rsa", comment)


PLACEHOLDER_KEY_BLOCKS = [
    "-----BEGIN RSA PRIVATE KEY-----\n<paste your private key here>\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n...\n-----END PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----",
]

PLACEHOLDER_URLS = [
    "postgres://user:password@localhost:5432/mydb", "postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app",
    "mysql://root@localhost/app", "postgresql://postgres:postgres@localhost:5432/test_db",
    "mongodb+srv://<username>:<password>@cluster0.mongodb.net/test", "amqp://guest:guest@localhost:5672/",
    "redis://localhost:6379/0", "https://user:pass@example.com/private", "http://username:password@proxy.example.com:8080",
    "postgres://app:{{ db_password }}@db/app", "mysql://app:%s@%s/%s",
]


def keys_positive(rng, keys):
    r = rng.random()
    if r < 0.38:
        kind, block = keys.private()
        return Plant("keys", "private-key-" + kind, "positive", "block", block,
                     [rng.choice(W("private key", "ssh key", "signing key", "tls key", "deploy key"))])
    if r < 0.60:
        return Plant("keys", "jwt", "positive", "value", jwt(rng),
                     [rng.choice(W("access token", "service account token", "id token", "bearer token", "auth"))], bearer=True)
    if r < 0.85:
        pw = url_password(rng)
        return Plant("keys", "database-url", "positive", "value", db_url(rng, pw),
                     [rng.choice(W("database url", "db url", "mongo uri", "redis url", "broker url", "dsn"))], secret=pw)
    if r < 0.93:
        pw = url_password(rng)
        user = rng.choice(["deploy", "ci-bot", "jenkins", "svc-artifacts"])
        host = rng.choice(["registry.example.com", "nexus.corp.local", "artifacts.example.net/repository/pypi"])
        return Plant("keys", "basic-auth-url", "positive", "value", f"https://{user}:{pw}@{host}",
                     [rng.choice(W("registry url", "index url", "repo url", "proxy url"))], secret=pw)
    return Plant("keys", "age-secret-key", "positive", "value", age_secret(rng), [rng.choice(W("sops age key", "age key"))])


def keys_negative(rng, keys):
    r = rng.random()
    if r < 0.45:
        kind, block = keys.public()
        return Plant("keys", kind, "negative", "block", block,
                     [rng.choice(W("public key", "ca cert", "tls cert", "certificate", "signing key pub"))], encodable=False)
    if r < 0.55:
        return Plant("keys", "ssh-public-key", "negative", "value", keys.ssh_public_line(),
                     [rng.choice(W("ssh public key", "authorized key"))], encodable=False)
    if r < 0.65:
        return Plant("keys", "private-key-placeholder", "negative", "block", rng.choice(PLACEHOLDER_KEY_BLOCKS),
                     [["private", "key"]], encodable=False)
    if r < 0.95:
        return Plant("keys", "url-placeholder", "negative", "value", rng.choice(PLACEHOLDER_URLS),
                     [rng.choice(W("database url", "db url", "broker url", "proxy url"))], encodable=False)
    spec = next(s for s in LOOKALIKES if s.provider == "jwt-doc-example")
    return Plant("keys", spec.provider, "negative", "value", spec.gen(rng), [rng.choice(spec.names)], encodable=False)
