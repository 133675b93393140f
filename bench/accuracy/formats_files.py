"""Whole files with a fixed structure: lockfiles full of hashes, key and certificate files, kubeconfig,
service-account JSON and credential dotfiles. Each builds its own plants."""

import base64
import json

from keymaterial import certificate, pem
from plants import PLACEHOLDER_KEY_BLOCKS, Plant, jwt, password, url_password
from tokens import HEX, PROVIDERS, age_public, age_secret, rand

_SPEC = {s.provider: s for s in PROVIDERS}


def token(rng, provider):
    spec = _SPEC[provider]
    return Plant(spec.family, spec.provider, "positive", "value", spec.gen(rng), spec.names)


def neg(family, provider, value):
    return Plant(family, provider, "negative", "value", value)


class Special:
    special = True
    weight = 1.0

    def render_file(self, doc, keys):
        raise NotImplementedError


class PackageLock(Special):
    name, weight = "package-lock", 3

    def path(self, doc):
        return doc.rng.choice(["package-lock.json", f"packages/{doc.service()}/package-lock.json", f"web/{doc.service()}/package-lock.json"])

    def render_file(self, doc, keys):
        r = doc.rng
        pkgs = ["lodash", "express", "react", "axios", "debug", "ms", "chalk", "semver", "uuid", "yargs", "commander", "tslib",
                "minimist", "glob", "rimraf", "zod", "dotenv", "jsonwebtoken", "bcryptjs", "pg", "ioredis", "ws"]
        lines = ['{', f'  "name": "{doc.service()}",', '  "version": "1.0.0",', '  "lockfileVersion": 3,', '  "requires": true,',
                 '  "packages": {', '    "": {', f'      "name": "{doc.service()}",', '      "version": "1.0.0"', '    },']
        chosen = r.sample(pkgs, r.randrange(6, len(pkgs)))
        for i, p in enumerate(chosen):
            ver = f"{r.randrange(0, 12)}.{r.randrange(0, 30)}.{r.randrange(0, 20)}"
            h = "sha512-" + base64.b64encode(r.randbytes(64)).decode()
            integ = doc.mark(neg("generic", "integrity-hash", h), h)
            lines += [f'    "node_modules/{p}": {{', f'      "version": "{ver}",',
                      f'      "resolved": "https://registry.npmjs.org/{p}/-/{p}-{ver}.tgz",',
                      f'      "integrity": "{integ}"' + (',' if r.random() < 0.4 else ''),
                      ]
            if lines[-1].endswith(','):
                lines.append('      "dev": true')
            lines.append('    }' + (',' if i < len(chosen) - 1 else ''))
        lines += ['  }', '}']
        return "\n".join(lines) + "\n"


class GoSum(Special):
    name, weight = "go-sum", 2

    def path(self, doc):
        return doc.rng.choice(["go.sum", f"services/{doc.service()}/go.sum"])

    def render_file(self, doc, keys):
        r = doc.rng
        mods = ["github.com/google/uuid", "golang.org/x/sync", "golang.org/x/net", "google.golang.org/grpc", "github.com/spf13/cobra",
                "github.com/stretchr/testify", "go.uber.org/zap", "github.com/prometheus/client_golang", "gopkg.in/yaml.v3",
                "github.com/jackc/pgx/v5", "github.com/redis/go-redis/v9"]
        out = []
        for mod in sorted(r.sample(mods, r.randrange(4, len(mods)))):
            ver = f"v{r.randrange(0, 3)}.{r.randrange(0, 40)}.{r.randrange(0, 12)}"
            for suffix in ("", "/go.mod"):
                h = "h1:" + base64.b64encode(r.randbytes(32)).decode()
                out.append(f"{mod} {ver}{suffix} " + doc.mark(neg("generic", "go-sum-hash", h), h))
        return "\n".join(out) + "\n"


class TerraformLock(Special):
    name, weight = "terraform-lock", 1

    def path(self, doc):
        return f"infra/{doc.service()}/.terraform.lock.hcl"

    def render_file(self, doc, keys):
        r = doc.rng
        out = ["# This file is maintained automatically by \"terraform init\".", ""]
        for prov in r.sample(["hashicorp/aws", "hashicorp/random", "hashicorp/kubernetes", "hashicorp/tls"], 2):
            out += [f'provider "registry.terraform.io/{prov}" {{', f'  version = "5.{r.randrange(0, 80)}.0"', "  hashes = ["]
            h1 = "h1:" + base64.b64encode(r.randbytes(32)).decode()
            out.append('    "' + doc.mark(neg("generic", "terraform-lock-hash", h1), h1) + '",')
            for _ in range(r.randrange(3, 8)):
                zh = "zh:" + rand(r, HEX, 64)
                out.append('    "' + doc.mark(neg("generic", "terraform-lock-hash", zh), zh) + '",')
            out += ["  ]", "}", ""]
        return "\n".join(out)


class KeyFile(Special):
    name, weight = "key-file", 3

    def path(self, doc):
        return doc.rng.choice(["deploy/id_rsa", ".ssh/id_ed25519", "certs/server.key", f"config/tls/{doc.service()}.pem",
                               "keys/signing-key.asc", f"secrets/{doc.service()}-jwt.key", "ci/deploy_key"])

    def render_file(self, doc, keys):
        if doc.rng.random() < 0.08:
            p = Plant("keys", "private-key-placeholder", "negative", "block", doc.rng.choice(PLACEHOLDER_KEY_BLOCKS))
        else:
            kind, block = keys.private()
            p = Plant("keys", "private-key-" + kind, "positive", "block", block)
        return doc.mark(p, p.value) + "\n"


class PublicFile(Special):
    name, weight = "public-file", 3

    def path(self, doc):
        return doc.rng.choice(["certs/ca.pem", "certs/server.crt", f"config/tls/{doc.service()}.crt", "keys/release-signing.pub.asc",
                               "deploy/id_rsa.pub", "keys/jwt-public.pem", "ssh/authorized_keys", "ssh/known_hosts"])

    def render_file(self, doc, keys):
        r = doc.rng
        if doc.path.endswith(("authorized_keys", "id_rsa.pub")):
            lines = []
            for _ in range(r.randrange(1, 4)):
                line = keys.ssh_public_line()
                lines.append(doc.mark(Plant("keys", "ssh-public-key", "negative", "value", line), line))
            return "\n".join(lines) + "\n"
        if doc.path.endswith("known_hosts"):
            lines = []
            for host in r.sample(["github.com", "gitlab.com", "bastion.example.com", "10.0.0.12"], 2):
                line = keys.ssh_public_line()
                kt, b64 = line.split()[:2]
                text = f"{host} {kt} {b64}"
                lines.append(doc.mark(Plant("keys", "ssh-public-key", "negative", "value", text), text))
            return "\n".join(lines) + "\n"
        kind, block = keys.public()
        return doc.mark(Plant("keys", kind, "negative", "block", block), block) + "\n"


class Kubeconfig(Special):
    name, weight = "kubeconfig", 2

    def path(self, doc):
        return doc.rng.choice([".kube/config", f"deploy/kubeconfig-{doc.rng.choice(['prod', 'staging'])}.yaml", "ci/kubeconfig"])

    def render_file(self, doc, keys):
        r = doc.rng
        cert = certificate(keys.pool.rsa(1024), r, "kubernetes", "kubernetes", 2024)
        ca_b64 = base64.b64encode((cert + "\n").encode()).decode()
        ca_m = doc.mark(Plant("keys", "kubeconfig-ca-data", "negative", "value", ca_b64), ca_b64)
        server = f"https://{r.choice(['10.0.0.1:6443', 'k8s.example.com', 'api.prod.example.net:443'])}"
        out = ["apiVersion: v1", "kind: Config", "clusters:", "- cluster:", f"    certificate-authority-data: {ca_m}",
               f"    server: {server}", "  name: prod", "contexts:", "- context:", "    cluster: prod", "    user: deployer",
               "  name: prod", "current-context: prod", "users:", "- name: deployer", "  user:"]
        if r.random() < 0.5:
            tok = jwt(r)
            out.append("    token: " + doc.mark(Plant("keys", "jwt", "positive", "value", tok), tok))
        else:
            user_cert = certificate(keys.pool.rsa(1024), r, "deployer", "system:masters", 2024)
            cb = base64.b64encode((user_cert + "\n").encode()).decode()
            out.append("    client-certificate-data: " + doc.mark(Plant("keys", "kubeconfig-client-cert-data", "negative", "value", cb), cb))
            kind, block = keys.private()
            while kind not in ("rsa-pkcs1", "pkcs8-rsa", "ec-sec1"):   # what kubectl accepts
                kind, block = keys.private()
            kb = base64.b64encode((block + "\n").encode()).decode()
            out.append("    client-key-data: " + doc.mark(Plant("keys", "kubeconfig-client-key-data", "positive", "value", kb), kb))
        return "\n".join(out) + "\n"


class ServiceAccountJson(Special):
    name, weight = "gcp-service-account", 2

    def path(self, doc):
        return doc.rng.choice(["credentials.json", f"secrets/{doc.service()}-sa.json", "gcp-key.json", f"deploy/{doc.service()}-service-account.json"])

    def render_file(self, doc, keys):
        r = doc.rng
        project = r.choice(["acme-prod", "northwind-data", "globex-ml"]) + "-" + str(r.randrange(100000, 999999))
        email = f"{doc.service()}-sa@{project}.iam.gserviceaccount.com"
        key = pem("PRIVATE KEY", keys.pool.rsa(2048).pkcs8()) + "\n"
        escaped = json.dumps(key)[1:-1]
        fields = [("type", "service_account"), ("project_id", project), ("private_key_id", rand(r, HEX, 40)),
                  ("private_key", None), ("client_email", email), ("client_id", str(r.randrange(10 ** 20, 10 ** 21))),
                  ("auth_uri", "https://accounts.google.com/o/oauth2/auth"), ("token_uri", "https://oauth2.googleapis.com/token"),
                  ("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs"),
                  ("client_x509_cert_url", f"https://www.googleapis.com/robot/v1/metadata/x509/{email.replace('@', '%40')}"),
                  ("universe_domain", "googleapis.com")]
        lines = ["{"]
        for i, (k, v) in enumerate(fields):
            comma = "," if i < len(fields) - 1 else ""
            if v is None:
                m = doc.mark(Plant("cloud", "gcp-service-account", "positive", "value", escaped), escaped)
                lines.append(f'  "{k}": "{m}"{comma}')
            else:
                lines.append(f'  "{k}": "{v}"{comma}')
        lines.append("}")
        return "\n".join(lines) + "\n"


class Dotfile(Special):
    """Credential files tools read: .npmrc, .netrc, .git-credentials, Docker's config.json, .pypirc, age key files."""
    name, weight = "dotfile", 3

    def path(self, doc):
        return doc.rng.choice([".npmrc", "ci/.npmrc", ".netrc", ".git-credentials", ".docker/config.json", ".pypirc", "keys/age.txt"])

    def render_file(self, doc, keys):
        r, path = doc.rng, doc.path
        if path.endswith(".npmrc"):
            if r.random() < 0.3:
                p = Plant("source-hosting", "npmrc-env-reference", "negative", "value", "${NPM_TOKEN}")
            else:
                p = token(r, "npm-token")
            return f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={doc.mark(p, p.value)}\nfund=false\n"
        if path.endswith(".netrc"):
            p = token(r, r.choice(["github-pat", "github-fine-grained"])) if r.random() < 0.5 else \
                Plant("generic", "generic-password", "positive", "value", password(r))
            return f"machine {r.choice(['api.github.com', 'github.com', 'git.example.com'])}\n  login ci-bot\n  password {doc.mark(p, p.value)}\n"
        if path.endswith(".git-credentials"):
            p = token(r, r.choice(["github-pat", "gitlab-pat", "github-fine-grained"]))
            host = "gitlab.com" if p.provider.startswith("gitlab") else "github.com"
            return f"https://ci-bot:{doc.mark(p, p.value)}@{host}\n"
        if path.endswith("config.json"):
            pw = url_password(r)
            auth = base64.b64encode(f"deploy:{pw}".encode()).decode()
            p = Plant("keys", "docker-config-auth", "positive", "value", auth)
            return ('{\n  "auths": {\n    "registry.example.com": {\n      "auth": "' + doc.mark(p, auth) + '"\n    }\n  },\n'
                    '  "credsStore": "desktop"\n}\n')
        if path.endswith(".pypirc"):
            p = token(r, "pypi-token")
            return ("[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = " + doc.mark(p, p.value) + "\n")
        p = Plant("keys", "age-secret-key", "positive", "value", age_secret(r))
        pub = age_public(r)
        return (f"# created: 2024-0{r.randrange(1, 9)}-1{r.randrange(0, 9)}T10:2{r.randrange(0, 9)}:00Z\n# public key: "
                + doc.mark(neg("keys", "age-public-key", pub), pub) + "\n" + doc.mark(p, p.value) + "\n")


SPECIAL_FORMATS = [PackageLock(), GoSum(), TerraformLock(), KeyFile(), PublicFile(), Kubeconfig(), ServiceAccountJson(), Dotfile()]
