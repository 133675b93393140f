"""Provider token generators, written from public facts about each format (prefix, length, alphabet,
checksum), and the look-alikes a precise scanner must leave alone.

Each Spec names the family (the rule-pack file it belongs to), a provider label, a generator, the
variable names such a value is usually assigned to, and whether the value is only recognisable
next to such a name (`context`): a Datadog key is 32 hex digits and nothing more.
"""

import base64
import json
import string
from dataclasses import dataclass, field

from checksums import bech32, crc32_base62, grafana_trailer

DIGITS = string.digits
HEX = "0123456789abcdef"
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.digits + string.ascii_uppercase + string.ascii_lowercase
UPPER_ALNUM = UPPER + DIGITS
LOWER_ALNUM = LOWER + DIGITS
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
BASE32 = UPPER + "234567"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64url_nopad(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass
class Spec:
    family: str
    provider: str
    gen: object
    names: list
    context: bool = False      # only recognisable next to a telling name
    bearer: bool = False       # sent as an Authorization: Bearer header
    words: list = field(default_factory=list)


def W(*names):
    """Variable names as word lists: W("github token", "gh pat")."""
    return [n.split() for n in names]


# ---------------------------------------------------------------- generators


def github(prefix):
    def gen(rng):
        body = rand(rng, ALNUM, 30)
        return prefix + body + crc32_base62(body)
    return gen


def npm(rng):
    body = rand(rng, ALNUM, 30)
    return "npm_" + body + crc32_base62(body)


def grafana_sa(rng):
    head = "glsa_" + rand(rng, ALNUM, 32)
    return head + "_" + grafana_trailer(head)


def grafana_cloud(rng):
    payload = {"o": str(rng.randrange(100000, 1999999)),
               "n": rng.choice(["stack-", "alloy-", "ci-", "otel-"]) + rand(rng, LOWER_ALNUM, 6)
               + "-" + rng.choice(["metrics", "logs", "deploy", "writer"]),
               "k": rand(rng, ALNUM, 24),
               "m": {"r": rng.choice(["prod-us-east-0", "prod-eu-west-2", "prod-ap-southeast-1"])}}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return "glc_" + base64.b64encode(raw).decode()


def sentry_org(rng):
    payload = {"iat": rng.randrange(1690000000, 1760000000) + rng.randrange(100000) / 100000,
               "url": "https://sentry.io", "region_url": "https://us.sentry.io",
               "org": rng.choice(["acme", "northwind", "globex", "initech"]) + "-" + rand(rng, LOWER, 4)}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return "sntrys_" + base64.b64encode(raw).decode() + "_" + rand(rng, B64, 43)


def discord_bot(rng):
    user_id = str(rng.randrange(10 ** 17, 13 * 10 ** 17))
    return (base64.b64encode(user_id.encode()).decode().rstrip("=") + "." + rand(rng, B64URL, 6)
            + "." + rand(rng, B64URL, 38))


def slack_webhook(rng):
    return ("https://hooks.slack.com/services/T" + rand(rng, UPPER_ALNUM, rng.choice([8, 10]))
            + "/B" + rand(rng, UPPER_ALNUM, rng.choice([8, 10])) + "/" + rand(rng, ALNUM, 24))


def uuid(rng):
    h = rand(rng, HEX, 32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def teams_webhook(rng):
    tenant = rng.choice(["contoso", "fabrikam", "northwind", "adatum"])
    return (f"https://{tenant}.webhook.office.com/webhookb2/{uuid(rng)}@{uuid(rng)}"
            f"/IncomingWebhook/{rand(rng, HEX, 32)}/{uuid(rng)}")


def openai_project(prefix):
    return lambda rng: prefix + rand(rng, B64URL, 74) + "T3BlbkFJ" + rand(rng, B64URL, 74)


def pypi(rng):
    # A macaroon whose location is pypi.org: the base64 of its first bytes is a fixed prefix.
    return "pypi-AgEIcHlwaS5vcmc" + "CJ" + rand(rng, B64URL, rng.randrange(150, 190))


def vault_service(rng):
    return "hvs.CAESI" + rand(rng, B64URL, 86)


def azure_client_secret(rng):
    alpha = ALNUM + "_~.-"
    return rand(rng, ALNUM, 3) + rng.choice(DIGITS) + "Q~" + rand(rng, alpha, 34)


def stripe_long(prefix):
    def gen(rng):
        if rng.random() < 0.5:
            return prefix + rand(rng, ALNUM, 24)
        return prefix + "51" + rand(rng, ALNUM, 97)
    return gen


def aws_key_id(rng):
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + rand(rng, BASE32, 16)


def age_secret(rng):
    return bech32("age-secret-key-", rng.randbytes(32)).upper()


def age_public(rng):
    return bech32("age", rng.randbytes(32))


def simple(prefix, alphabet, n, suffix=""):
    return lambda rng: prefix + rand(rng, alphabet, n) + suffix


# ---------------------------------------------------------------- positives

PROVIDERS = [
    # cloud
    Spec("cloud", "aws-access-key-id", aws_key_id, W("aws access key id", "aws access key")),
    Spec("cloud", "aws-secret-access-key", simple("", B64, 40),
         W("aws secret access key", "secret access key", "aws secret key"), context=True),
    Spec("cloud", "gcp-api-key", simple("AIza", B64URL, 35), W("google api key", "maps api key", "gemini api key")),
    Spec("cloud", "gcp-oauth-client-secret", simple("GOCSPX-", B64URL, 28), W("google client secret", "oauth client secret")),
    Spec("cloud", "azure-ad-client-secret", azure_client_secret, W("azure client secret", "aad client secret")),
    Spec("cloud", "alibaba-access-key-id", simple("LTAI", ALNUM, 20), W("alibaba cloud access key id", "aliyun access key id")),
    Spec("cloud", "digitalocean-pat", simple("dop_v1_", HEX, 64), W("digitalocean token", "do token"), bearer=True),
    Spec("cloud", "digitalocean-oauth", simple("doo_v1_", HEX, 64), W("digitalocean oauth token"), bearer=True),
    # infrastructure
    Spec("infrastructure", "vault-service-token", vault_service, W("vault token"), bearer=False),
    Spec("infrastructure", "terraform-cloud-token",
         lambda rng: rand(rng, ALNUM, 14) + ".atlasv1." + rand(rng, ALNUM, 67), W("tfe token", "tf token app terraform io")),
    Spec("infrastructure", "pulumi-token", simple("pul-", HEX, 40), W("pulumi access token")),
    Spec("infrastructure", "doppler-token",
         lambda rng: rng.choice(["dp.pt.", "dp.ct.", "dp.sa."]) + rand(rng, ALNUM, 43), W("doppler token")),
    Spec("infrastructure", "doppler-service-token",
         lambda rng: "dp.st." + rng.choice(["dev", "stg", "prd"]) + "." + rand(rng, ALNUM, 43), W("doppler token")),
    Spec("infrastructure", "databricks-token",
         lambda rng: "dapi" + rand(rng, HEX, 32) + rng.choice(["", "", "-2"]), W("databricks token"), bearer=True),
    Spec("infrastructure", "linear-api-key", simple("lin_api_", ALNUM, 40), W("linear api key")),
    Spec("infrastructure", "postman-api-key",
         lambda rng: "PMAK-" + rand(rng, HEX, 24) + "-" + rand(rng, HEX, 34), W("postman api key")),
    Spec("infrastructure", "supabase-access-token", simple("sbp_", HEX, 40), W("supabase access token")),
    Spec("infrastructure", "tailscale-auth-key",
         lambda rng: "tskey-auth-k" + rand(rng, ALNUM, 11) + "CNTRL-" + rand(rng, ALNUM, 33), W("ts authkey", "tailscale auth key")),
    # observability
    Spec("observability", "datadog-api-key", simple("", HEX, 32), W("dd api key", "datadog api key"), context=True),
    Spec("observability", "datadog-app-key", simple("", HEX, 40), W("dd app key", "datadog application key"), context=True),
    Spec("observability", "newrelic-user-key", simple("NRAK-", UPPER_ALNUM, 27), W("new relic api key", "newrelic api key")),
    Spec("observability", "newrelic-license-key", simple("", HEX, 36, "NRAL"), W("new relic license key", "nr license key")),
    Spec("observability", "newrelic-insert-key", simple("NRII-", B64URL, 32), W("new relic insert key")),
    Spec("observability", "grafana-service-account", grafana_sa, W("grafana token", "grafana sa token"), bearer=True),
    Spec("observability", "grafana-cloud-token", grafana_cloud, W("grafana cloud token", "grafana cloud api key")),
    Spec("observability", "sentry-user-token", simple("sntryu_", HEX, 64), W("sentry auth token")),
    Spec("observability", "sentry-org-token", sentry_org, W("sentry auth token")),
    Spec("observability", "dynatrace-token",
         lambda rng: "dt0c01." + rand(rng, UPPER_ALNUM, 24) + "." + rand(rng, UPPER_ALNUM, 64), W("dt api token", "dynatrace api token")),
    # source hosting and registries
    Spec("source-hosting", "github-pat", github("ghp_"), W("github token", "gh token", "github pat"), bearer=True),
    Spec("source-hosting", "github-oauth", github("gho_"), W("github oauth token"), bearer=True),
    Spec("source-hosting", "github-user-to-server", github("ghu_"), W("github user token"), bearer=True),
    Spec("source-hosting", "github-server-to-server", github("ghs_"), W("github app token", "installation token"), bearer=True),
    Spec("source-hosting", "github-refresh", github("ghr_"), W("github refresh token")),
    Spec("source-hosting", "github-fine-grained",
         lambda rng: "github_pat_" + rand(rng, ALNUM, 22) + "_" + rand(rng, ALNUM, 59), W("github token", "gh pat"), bearer=True),
    Spec("source-hosting", "gitlab-pat", simple("glpat-", B64URL, 20), W("gitlab token", "gitlab private token", "ci job token override")),
    Spec("source-hosting", "gitlab-pipeline-trigger", simple("glptt-", HEX, 40), W("gitlab trigger token")),
    Spec("source-hosting", "gitlab-runner-registration", simple("GR1348941", B64URL, 20), W("runner registration token")),
    Spec("source-hosting", "gitlab-runner-auth", simple("glrt-", B64URL, 20), W("runner token")),
    Spec("source-hosting", "gitlab-deploy-token", simple("gldt-", B64URL, 20), W("gitlab deploy token")),
    Spec("source-hosting", "npm-token", npm, W("npm token", "npm auth token")),
    Spec("source-hosting", "pypi-token", pypi, W("pypi token", "twine password", "pypi api token")),
    Spec("source-hosting", "dockerhub-pat", simple("dckr_pat_", B64URL, 27), W("docker hub token", "dockerhub password", "docker password")),
    Spec("source-hosting", "rubygems-api-key", simple("rubygems_", HEX, 48), W("gem host api key", "rubygems api key")),
    Spec("source-hosting", "nuget-api-key", simple("oy2", LOWER_ALNUM, 43), W("nuget api key")),
    # communication
    Spec("communication", "slack-bot-token",
         lambda rng: "xoxb-" + rand(rng, DIGITS, rng.randrange(10, 14)) + "-" + rand(rng, DIGITS, rng.randrange(10, 14))
         + "-" + rand(rng, ALNUM, 24), W("slack bot token", "slack token"), bearer=True),
    Spec("communication", "slack-user-token",
         lambda rng: "xoxp-" + "-".join(rand(rng, DIGITS, rng.randrange(10, 14)) for _ in range(3)) + "-" + rand(rng, HEX, 32),
         W("slack user token"), bearer=True),
    Spec("communication", "slack-app-token",
         lambda rng: "xapp-1-A" + rand(rng, UPPER_ALNUM, 10) + "-" + rand(rng, DIGITS, 13) + "-" + rand(rng, HEX, 64),
         W("slack app token")),
    Spec("communication", "slack-webhook", slack_webhook, W("slack webhook url", "slack webhook")),
    Spec("communication", "discord-bot-token", discord_bot, W("discord bot token", "discord token")),
    Spec("communication", "discord-webhook",
         lambda rng: "https://discord.com/api/webhooks/" + rand(rng, DIGITS, 19) + "/" + rand(rng, B64URL, 68),
         W("discord webhook url")),
    Spec("communication", "telegram-bot-token",
         lambda rng: str(rng.randrange(10 ** 8, 10 ** 10)) + ":AA" + rand(rng, B64URL, 33), W("telegram bot token", "tg token")),
    Spec("communication", "twilio-api-key", simple("SK", HEX, 32), W("twilio api key")),
    Spec("communication", "twilio-auth-token", simple("", HEX, 32), W("twilio auth token"), context=True),
    Spec("communication", "sendgrid-api-key",
         lambda rng: "SG." + rand(rng, B64URL, 22) + "." + rand(rng, B64URL, 43), W("sendgrid api key"), bearer=True),
    Spec("communication", "mailgun-api-key", simple("key-", HEX, 32), W("mailgun api key")),
    Spec("communication", "mailchimp-api-key",
         lambda rng: rand(rng, HEX, 32) + "-us" + str(rng.randrange(1, 22)), W("mailchimp api key")),
    Spec("communication", "teams-webhook", teams_webhook, W("teams webhook url")),
    # payments
    Spec("payments", "stripe-secret-key", stripe_long("sk_live_"), W("stripe secret key", "stripe api key"), bearer=True),
    Spec("payments", "stripe-restricted-key", stripe_long("rk_live_"), W("stripe restricted key")),
    Spec("payments", "stripe-webhook-secret", simple("whsec_", ALNUM, 32), W("stripe webhook secret")),
    Spec("payments", "square-access-token", simple("EAAA", B64URL, 60), W("square access token"), bearer=True),
    Spec("payments", "square-oauth-secret", simple("sq0csp-", B64URL, 43), W("square application secret")),
    Spec("payments", "braintree-access-token",
         lambda rng: "access_token$production$" + rand(rng, LOWER_ALNUM, 16) + "$" + rand(rng, HEX, 32),
         W("braintree access token")),
    Spec("payments", "shopify-token",
         lambda rng: rng.choice(["shpat_", "shpca_", "shppa_", "shpss_"]) + rand(rng, HEX, 32),
         W("shopify access token", "shopify api secret")),
    # AI providers
    Spec("ai", "openai-legacy-key", lambda rng: "sk-" + rand(rng, ALNUM, 20) + "T3BlbkFJ" + rand(rng, ALNUM, 20),
         W("openai api key"), bearer=True),
    Spec("ai", "openai-project-key", openai_project("sk-proj-"), W("openai api key"), bearer=True),
    Spec("ai", "openai-service-account-key", openai_project("sk-svcacct-"), W("openai api key")),
    Spec("ai", "anthropic-api-key", lambda rng: "sk-ant-api03-" + rand(rng, B64URL, 93) + "AA", W("anthropic api key", "claude api key")),
    Spec("ai", "huggingface-token", simple("hf_", UPPER + LOWER, 34), W("hf token", "hugging face hub token"), bearer=True),
    Spec("ai", "groq-api-key", simple("gsk_", ALNUM, 52), W("groq api key")),
    Spec("ai", "replicate-api-token", simple("r8_", ALNUM, 37), W("replicate api token")),
    Spec("ai", "xai-api-key", simple("xai-", ALNUM, 80), W("xai api key", "grok api key")),
    Spec("ai", "langsmith-api-key",
         lambda rng: "lsv2_" + rng.choice(["pt_", "sk_"]) + rand(rng, HEX, 32) + "_" + rand(rng, HEX, 10),
         W("langsmith api key", "langchain api key")),
    Spec("ai", "perplexity-api-key", simple("pplx-", ALNUM, 48), W("perplexity api key")),
]

FAMILIES = ["cloud", "infrastructure", "observability", "source-hosting", "communication",
            "payments", "ai", "keys", "generic"]


# ---------------------------------------------------------------- look-alikes (negatives)


def _bad_checksum(gen):
    def bad(rng):
        tok = gen(rng)
        last = tok[-1]
        return tok[:-1] + rng.choice([c for c in ALNUM if c != last])
    return bad


def _bad_hex_trailer(gen):
    def bad(rng):
        tok = gen(rng)
        return tok[:-1] + rng.choice([c for c in HEX if c != tok[-1]])
    return bad


def _embedded(gen):
    def emb(rng):
        tok = gen(rng)
        return rand(rng, ALNUM, rng.randrange(2, 9)) + tok if rng.random() < 0.5 else tok + rand(rng, ALNUM, rng.randrange(2, 9))
    return emb


def _const(*values):
    return lambda rng: rng.choice(values)


# Public, documented example values (AWS, Azurite, Slack, Stripe docs). Assembled from pieces so this
# file stays quiet under naive self-scans.
AWS_DOC_KEY_IDS = ["AKIA" + "IOSFODNN7EXAMPLE", "AKIA" + "I44QH8DHBEXAMPLE"]
AWS_DOC_SECRETS = ["wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvb" + "EXAMPLEKEY"]
AZURITE_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr"
               + "/KBHBeksoGMGw==")
SLACK_DOC_WEBHOOK = "https://hooks.slack.com/services/" + "T00000000/B00000000/" + "X" * 24
STRIPE_DOC_TEST_KEY = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
JWT_DOC_EXAMPLE = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
                   + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")


def _prefix_placeholder(prefix, n, fill="x"):
    return lambda rng: prefix + (fill * n if rng.random() < 0.6 else rng.choice(["<token>", "YOUR_TOKEN_HERE", "...", "REPLACE_ME"]))


LOOKALIKES = [
    Spec("cloud", "aws-doc-example-key-id", _const(*AWS_DOC_KEY_IDS), W("aws access key id")),
    Spec("cloud", "aws-doc-example-secret", _const(*AWS_DOC_SECRETS), W("aws secret access key")),
    Spec("cloud", "aws-key-id-in-longer-string",
         lambda rng: rand(rng, BASE32, rng.randrange(4, 12)) + aws_key_id(rng) + rand(rng, BASE32, rng.randrange(4, 12)),
         W("object key", "cache key", "blob name")),
    Spec("cloud", "aws-key-id-placeholder", _const("AKIAXXXXXXXXXXXXXXXX", "AKIA" + "0" * 16, "AKIA...", "AKIAYOURACCESSKEYID"), W("aws access key id")),
    Spec("cloud", "azurite-well-known-key", lambda rng: AZURITE_KEY, W("azure storage key", "account key")),
    Spec("cloud", "google-oauth-client-id",
         lambda rng: str(rng.randrange(10 ** 11, 10 ** 12)) + "-" + rand(rng, LOWER_ALNUM, 32) + ".apps.googleusercontent.com",
         W("google client id", "oauth client id")),
    Spec("source-hosting", "github-bad-checksum", _bad_checksum(github("ghp_")), W("github token")),
    Spec("source-hosting", "github-oauth-bad-checksum", _bad_checksum(github("gho_")), W("github token")),
    Spec("source-hosting", "npm-bad-checksum", _bad_checksum(npm), W("npm token")),
    Spec("observability", "grafana-bad-checksum", _bad_hex_trailer(grafana_sa), W("grafana token")),
    Spec("source-hosting", "github-embedded-in-identifier", _embedded(github("ghp_")), W("build id", "cache key", "artifact id")),
    Spec("source-hosting", "github-placeholder", _prefix_placeholder("ghp_", 36), W("github token")),
    Spec("source-hosting", "gitlab-placeholder", _prefix_placeholder("glpat-", 20), W("gitlab token")),
    Spec("communication", "slack-doc-webhook", lambda rng: SLACK_DOC_WEBHOOK, W("slack webhook url")),
    Spec("communication", "slack-placeholder", _const("xoxb-your-bot-token", "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX",
                                                      "xoxb-<token>", "xoxp-0000000000-0000000000"), W("slack bot token")),
    Spec("communication", "twilio-account-sid", simple("AC", HEX, 32), W("twilio account sid")),
    Spec("payments", "stripe-publishable-key", stripe_long("pk_live_"), W("stripe publishable key", "stripe public key")),
    Spec("payments", "stripe-publishable-test-key", stripe_long("pk_test_"), W("stripe publishable key")),
    Spec("payments", "stripe-doc-test-key", lambda rng: STRIPE_DOC_TEST_KEY, W("stripe secret key")),
    Spec("payments", "stripe-placeholder", _const("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "sk_live_...", "sk_live_<your-key>", "rk_live_XXXXXXXXXXXX"),
         W("stripe secret key")),
    Spec("payments", "square-application-id", simple("sq0idp-", B64URL, 22), W("square application id")),
    Spec("ai", "openai-placeholder", _const("sk-...", "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sk-proj-...", "sk-your-key-here",
                                            "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX"), W("openai api key")),
    Spec("ai", "huggingface-placeholder", _const("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "hf_...", "hf_********************************"), W("hf token")),
    Spec("observability", "newrelic-browser-key", simple("NRJS-", HEX, 19), W("new relic browser key")),
    Spec("observability", "newrelic-placeholder", _const("NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX", "NRAK-<your-key>"), W("new relic api key")),
    Spec("observability", "datadog-placeholder", _const("<DATADOG_API_KEY>", "<your-api-key>", "${DD_API_KEY}"), W("dd api key")),
    Spec("infrastructure", "vault-dev-root-token", _const("root", "dev-only-token", "myroot"), W("vault token")),
    Spec("keys", "jwt-doc-example", lambda rng: JWT_DOC_EXAMPLE, W("example token", "sample jwt")),
    Spec("keys", "age-public-key", age_public, W("age recipient", "age public key")),
]
