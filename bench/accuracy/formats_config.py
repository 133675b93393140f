"""Configuration formats: YAML (application, Kubernetes, Compose, CI), JSON, .env, .properties, XML,
Dockerfile, Terraform, INI, TOML and Markdown documentation."""

import base64
import re

from doc import camel, dotted, kebab, pascal, snake, upper
from formats_base import Format, needs_name, quote
from formats_code import Python, Shell

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+=-]*")


def yaml_scalar(doc, value, m):
    """How someone would write value in YAML: bare when it is plain, else double-quoted."""
    if m.startswith("\x01") and _PLAIN.fullmatch(value) and doc.rng.random() < 0.6:
        return m
    return quote(value) + m + quote(value)


def indent_block(text, pad):
    return text.replace("\n", "\n" + pad)


class YamlBase(Format):
    blocks = True

    def value(self, doc, plant, q, m):
        if plant.shape == "coderef":
            return m
        return yaml_scalar(doc, plant.value, m)

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{{upper(w)}}}", f'"{{{{ {snake(w)} }}}}"', f'"${{{upper(w)}:?required}}"',
                               "!vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          "
                               + "".join(doc.rng.choice("0123456789abcdef") for _ in range(80))])

    def yblock(self, doc, key, plant, pad):
        return f"{pad}{key}: |\n{pad}  " + doc.mark(plant, indent_block(plant.value, pad + "  "))


class YamlConfig(YamlBase):
    name, weight = "yaml", 8
    SECTIONS = ["database", "redis", "smtp", "auth", "storage", "payments", "monitoring", "integrations", "queue", "search"]

    def path(self, doc):
        r = doc.rng
        return r.choice(["config/application.yml", f"config/{r.choice(['production', 'staging', 'dev'])}.yaml",
                         f"charts/{doc.service()}/values.yaml", f"ansible/group_vars/{doc.service()}.yml",
                         f"{doc.service()}/src/main/resources/application-{r.choice(['prod', 'local'])}.yml",
                         f"deploy/{doc.service()}/config.yaml"])

    def header(self, doc):
        return f"# {doc.service()} settings\nserver:\n  port: {doc.rng.choice([8080, 3000, 9000])}\n  shutdown: graceful\n"

    def filler(self, doc):
        r, n = doc.rng, doc.noun()
        return r.choice([
            f"{n}s:\n  batch_size: {r.randrange(10, 500)}\n  retention_days: {r.randrange(7, 400)}\n  enabled: {r.choice(['true', 'false'])}\n",
            f"logging:\n  level:\n    root: INFO\n    com.example.{n}: DEBUG\n",
            f"features:\n  - {n}-export\n  - {doc.verb()}-on-write\n  - dark-mode\n",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        section = r.choice(self.SECTIONS)
        v = self.value(doc, plant, q, m)
        return r.choice([
            f"{section}:\n  host: {section}.internal\n  {snake(w)}: {v}\n",
            f"{section}:\n  {kebab(w)}: {v}\n  timeout: 30s\n",
            f"{section}:\n  {camel(w)}: {v}\n",
        ])

    def block(self, doc, w, plant):
        return f"{doc.rng.choice(self.SECTIONS)}:\n" + self.yblock(doc, snake(w), plant, "  ") + "\n"


class Kubernetes(YamlBase):
    name, weight = "kubernetes", 5

    def path(self, doc):
        return doc.rng.choice([f"k8s/{doc.service()}/deployment.yaml", f"deploy/{doc.service()}-secret.yaml",
                               f"manifests/{doc.service()}/configmap.yaml", f"k8s/overlays/prod/{doc.service()}-env.yaml"])

    def render(self, doc, plants):
        r = doc.rng
        svc = doc.service()
        if r.random() < 0.5:
            body = [f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {svc}-secrets\n  namespace: {svc}\ntype: Opaque"]
            encoded, plain = [], []
            for p in plants:
                w = r.choice(p.names)
                if p.shape == "block":
                    plain.append(self.yblock(doc, snake(w).replace("_", "."), p, "  "))
                elif p.kind == "positive" and p.family == "generic" and p.encodable and r.random() < 0.3:
                    enc = base64.b64encode(p.value.encode()).decode()
                    p.provider = "generic-k8s-secret-data"
                    encoded.append(f"  {snake(w)}: " + doc.mark(p, enc))
                elif p.shape == "coderef":
                    plain.append(f"  {snake(w)}: " + doc.mark(p, f'"{{{{ .Values.{camel(w)} }}}}"'))
                else:
                    q = doc.mark(p, p.value, p.secret)
                    plain.append(f"  {snake(w)}: " + yaml_scalar(doc, p.value, q))
            if encoded:
                body += ["data:"] + encoded
            if plain:
                body += ["stringData:"] + plain
            return "\n".join(body) + "\n"
        body = [f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {svc}\nspec:\n  replicas: {r.randrange(1, 6)}\n"
                f"  template:\n    spec:\n      containers:\n        - name: {svc}\n          image: ghcr.io/acme/{svc}:1.{r.randrange(0, 40)}.{r.randrange(0, 9)}\n"
                f"          env:\n            - name: LOG_LEVEL\n              value: info"]
        for p in plants:
            w = r.choice(p.names)
            if p.shape == "block":
                body.append(f"            - name: {upper(w)}\n              value: |\n                "
                            + doc.mark(p, indent_block(p.value, " " * 16)))
            elif p.shape == "coderef":
                body.append(f"            - name: {upper(w)}\n              valueFrom:\n                secretKeyRef:\n"
                            f"                  name: {svc}-secrets\n                  key: " + doc.mark(p, snake(w)))
            else:
                q = doc.mark(p, p.value, p.secret)
                body.append(f"            - name: {upper(w)}\n              value: " + yaml_scalar(doc, p.value, q))
        return "\n".join(body) + "\n"


class Compose(YamlBase):
    name, weight = "compose", 3

    def path(self, doc):
        return doc.rng.choice(["docker-compose.yml", "compose.yaml", f"deploy/docker-compose.{doc.rng.choice(['prod', 'dev'])}.yml"])

    def render(self, doc, plants):
        r = doc.rng
        out = [f"services:\n  {doc.service()}:\n    image: ghcr.io/acme/{doc.service()}:latest\n    ports:\n      - \"8080:8080\"\n    environment:"]
        listed = r.random() < 0.5
        for p in plants:
            w = r.choice(p.names)
            if p.shape == "block":
                out.append(f"      {upper(w)}: |\n        " + doc.mark(p, indent_block(p.value, "        ")))
            elif listed and p.shape != "text":
                text = self.coderef(doc, w) if p.shape == "coderef" else p.value
                out.append(f"      - {upper(w)}=" + doc.mark(p, text, None if p.shape == "coderef" else p.secret))
            else:
                if p.shape == "coderef":
                    m = doc.mark(p, f"${{{upper(w)}}}")
                    out.append(f"      {upper(w)}: {m}")
                else:
                    q = doc.mark(p, p.value, p.secret)
                    out.append(f"      {upper(w)}: " + yaml_scalar(doc, p.value, q))
        out.append(f"  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {{}}")
        return "\n".join(out) + "\n"


class CiConfig(YamlBase):
    name, weight = "ci", 4

    def path(self, doc):
        return doc.rng.choice([f".github/workflows/{doc.rng.choice(['deploy', 'release', 'ci', 'nightly'])}.yml", ".gitlab-ci.yml",
                               ".circleci/config.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml"])

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{{{ secrets.{upper(w)} }}}}", f"${{{{ vars.{upper(w)} }}}}", f"${upper(w)}", f"$({upper(w)})"])

    def render(self, doc, plants):
        r = doc.rng
        out = ["name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:"]
        steps = []
        for p in plants:
            w = r.choice(p.names)
            if p.shape == "block":
                out.append(f"      {upper(w)}: |\n        " + doc.mark(p, indent_block(p.value, "        ")))
            elif p.shape == "coderef":
                out.append(f"      {upper(w)}: " + doc.mark(p, self.coderef(doc, w)))
            elif p.bearer and r.random() < 0.3:
                steps.append(f"      - run: curl -fsS -H \"Authorization: Bearer {doc.mark(p, p.value)}\" https://api.example.com/deploy")
            else:
                q = doc.mark(p, p.value, p.secret)
                out.append(f"      {upper(w)}: " + yaml_scalar(doc, p.value, q))
        out.append("    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n"
                   "      - run: npm ci && npm test")
        out.extend(steps)
        out.append("      - run: make deploy ENV=production")
        return "\n".join(out) + "\n"


class Json(Format):
    comment = None
    name, weight = "json", 6

    def path(self, doc):
        return doc.rng.choice(["config/default.json", f"config/{doc.rng.choice(['production', 'local'])}.json", "appsettings.json",
                               f"src/{doc.service()}/appsettings.Production.json", f"fixtures/{doc.noun()}s.json", ".vscode/settings.json",
                               f"locales/{doc.rng.choice(['en', 'de', 'fr'])}/{doc.service()}.json"])

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{{upper(w)}}}", f"#{{env:{upper(w)}}}", f"env:{upper(w)}"])

    def render(self, doc, plants):
        r = doc.rng
        sections = [("logging", [('"level"', '"info"'), ('"format"', '"json"')])]
        for p in plants:
            w = r.choice(p.names)
            key = r.choice([camel(w), snake(w), pascal(w)])
            if p.shape == "block":
                text = p.value.replace("\n", "\\n") + "\\n"
                entry = (f'"{key}"', '"' + doc.mark(p, text) + '"')
            elif (p.family == "generic" and p.kind == "positive" and p.shape == "value" and r.random() < 0.25
                  and ";" not in p.value and not p.value.startswith("{")):
                conn = f"Server=sql01.corp.local;Database={doc.service()};User Id=svc_{doc.noun()};Password={p.value};Encrypt=true;"
                sections.append(("ConnectionStrings", [('"DefaultConnection"', '"' + doc.mark(p, conn, p.value) + '"')]))
                continue
            else:
                text = self.coderef(doc, w) if p.shape == "coderef" else p.value
                entry = (f'"{key}"', '"' + doc.mark(p, text, None if p.shape == "coderef" else p.secret) + '"')
            sections.append((r.choice(["auth", "database", "services", "integrations", "smtp", "storage", doc.service()]),
                             [('"enabled"', "true"), entry] if r.random() < 0.5 else [entry]))
        sections.append(("limits", [('"maxItems"', str(r.randrange(10, 1000))), ('"timeoutMs"', str(r.randrange(100, 30000)))]))
        lines = ["{"]
        for i, (name, entries) in enumerate(sections):
            lines.append(f'  "{name}": {{')
            for j, (k, v) in enumerate(entries):
                lines.append(f"    {k}: {v}" + ("," if j < len(entries) - 1 else ""))
            lines.append("  }" + ("," if i < len(sections) - 1 else ""))
        lines.append("}")
        return "\n".join(lines) + "\n"


class DotEnv(Format):
    name, weight = "dotenv", 7

    def path(self, doc):
        return doc.rng.choice([".env", ".env.production", ".env.local", f"{doc.service()}/.env", "config/.env.staging", ".env.development"])

    def header(self, doc):
        return f"# {doc.service()} environment\nNODE_ENV=production\nPORT={doc.rng.choice([3000, 8080, 5000])}\n"

    def filler(self, doc):
        r = doc.rng
        return r.choice([f"LOG_LEVEL={r.choice(['info', 'debug', 'warn'])}", f"{doc.noun().upper()}_BATCH_SIZE={r.randrange(10, 500)}",
                         f"FEATURE_{doc.noun().upper()}_EXPORT={r.choice(['true', 'false'])}", "TZ=UTC",
                         f"{doc.service().upper()}_URL=http://{doc.service()}.internal:8080"])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        if plant.shape in ("coderef", "text") or " " in plant.value or "#" in plant.value:
            return f"{upper(w)}={q}"
        return r.choice([f"{upper(w)}={m}", f"{upper(w)}={q}", f"export {upper(w)}={m}"])

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{{upper(w)}_FROM_VAULT}}", f"${{SECRETS_{upper(w)}}}"])

    def block(self, doc, w, plant):
        if doc.rng.random() < 0.5:
            return None
        return f'{upper(w)}="{doc.mark(plant, plant.value)}"'


class Properties(Format):
    name, weight = "properties", 4
    blocks = False

    def path(self, doc):
        return doc.rng.choice(["src/main/resources/application.properties", f"src/main/resources/application-{doc.rng.choice(['prod', 'dev'])}.properties",
                               "gradle.properties", f"config/{doc.service()}.properties", "src/main/resources/messages_en.properties"])

    def filler(self, doc):
        r = doc.rng
        return r.choice([f"server.port={r.choice([8080, 8443, 9090])}", "spring.jpa.hibernate.ddl-auto=validate",
                         f"management.endpoints.web.exposure.include=health,info", f"{doc.service()}.{doc.noun()}.batch-size={r.randrange(10, 500)}",
                         "# Connection pool\nspring.datasource.hikari.maximum-pool-size=10"])

    def assign(self, doc, w, q, m, plant):
        prefix = doc.rng.choice(["spring.datasource.", "app.", f"{doc.service()}.", "mail.smtp.", ""])
        sep = doc.rng.choice(["=", " = ", ": "])
        return f"{prefix}{dotted(w)}{sep}{m}"

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{{upper(w)}}}", f"${{{upper(w)}:}}", "ENC(" + "".join(doc.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(32)) + ")"])


class Xml(Format):
    comment = None
    name, weight = "xml", 4

    def path(self, doc):
        return doc.rng.choice(["web.config", "App.config", ".m2/settings.xml", "src/main/webapp/META-INF/context.xml",
                               f"src/main/resources/{doc.service()}-context.xml", "NuGet.Config"])

    def encode(self, text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    def header(self, doc):
        return '<?xml version="1.0" encoding="utf-8"?>\n<configuration>'

    def footer(self, doc):
        return "</configuration>"

    def filler(self, doc):
        r = doc.rng
        return r.choice([f'  <appSettings>\n    <add key="{doc.noun().capitalize()}BatchSize" value="{r.randrange(10, 500)}" />\n  </appSettings>',
                         '  <system.web>\n    <compilation debug="false" targetFramework="4.8" />\n  </system.web>',
                         f'  <logger name="com.example.{doc.service()}" level="INFO" />'])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f'  <appSettings>\n    <add key="{pascal(w)}" value="{m}" />\n  </appSettings>',
            f"  <servers>\n    <server>\n      <id>{doc.service()}-releases</id>\n      <username>deploy</username>\n      <password>{m}</password>\n    </server>\n  </servers>"
            if not needs_name(plant) else f'  <appSettings>\n    <add key="{pascal(w)}" value="{m}" />\n  </appSettings>',
            f'  <bean id="{doc.noun()}Client" class="com.example.{pascal(w[:1])}Client">\n    <property name="{camel(w)}" value="{m}"/>\n  </bean>',
            f'  <Resource name="jdbc/{doc.service()}" auth="Container" type="javax.sql.DataSource"\n            username="app" {camel(w)}="{m}" maxTotal="20"/>',
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f"${{env.{upper(w)}}}", f"${{{dotted(w)}}}", f"%{upper(w)}%"])

    def block(self, doc, w, plant):
        return f"  <{camel(w)}>\n{doc.mark(plant, plant.value)}\n  </{camel(w)}>"


class Dockerfile(Format):
    name, weight = "dockerfile", 4

    def path(self, doc):
        return doc.rng.choice(["Dockerfile", f"{doc.service()}/Dockerfile", f"docker/{doc.service()}.Dockerfile", "build/Dockerfile.ci"])

    def header(self, doc):
        return f"FROM {doc.rng.choice(['node:20-alpine', 'python:3.12-slim', 'golang:1.22', 'eclipse-temurin:21-jre'])} AS base\nWORKDIR /app"

    def filler(self, doc):
        r = doc.rng
        return r.choice(["COPY package*.json ./\nRUN npm ci --omit=dev", "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*",
                         "COPY . .\nRUN make build", f"EXPOSE {r.choice([8080, 3000, 5000])}", "USER 10001"])

    def footer(self, doc):
        return 'CMD ["./server"]'

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        if plant.shape == "coderef":
            return f"ARG {upper(w)}\nENV {upper(w)}={m}"
        if " " in plant.value:
            return f"ENV {upper(w)}={q}"
        return r.choice([f"ENV {upper(w)}={m}", f"ENV {upper(w)} {m}", f"ARG {upper(w)}={m}", f"ENV {upper(w)}={q}"])

    def plant(self, doc, plant):
        if plant.provider == "npm-token" and doc.rng.random() < 0.5:
            return f'RUN echo "//registry.npmjs.org/:_authToken={doc.mark(plant, plant.value)}" > .npmrc && npm ci && rm .npmrc'
        return super().plant(doc, plant)

    def coderef(self, doc, w):
        return f"${{{upper(w)}}}"

    def bearer(self, doc, m):
        return f'RUN curl -fsSL -H "Authorization: Bearer {m}" https://artifacts.example.com/releases/agent.tar.gz | tar xz'

    def block(self, doc, w, plant):
        return None


class Terraform(Format):
    name, weight = "terraform", 5

    def path(self, doc):
        return doc.rng.choice([f"infra/{doc.service()}/main.tf", "terraform/variables.tf", f"envs/{doc.rng.choice(['prod', 'staging'])}/terraform.tfvars",
                               f"modules/{doc.service()}/providers.tf"])

    def filler(self, doc):
        r = doc.rng
        return r.choice([f'resource "aws_s3_bucket" "{doc.noun()}s" {{\n  bucket = "acme-{doc.service()}-{doc.noun()}s"\n  tags = {{\n    team = "{doc.service()}"\n  }}\n}}\n',
                         f'module "vpc" {{\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.{r.randrange(0, 9)}.0"\n  cidr    = "10.{r.randrange(0, 255)}.0.0/16"\n}}\n',
                         f'locals {{\n  name_prefix = "{doc.service()}-${{var.environment}}"\n}}\n'])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        k = snake(w)
        if plant.shape == "coderef":
            return f'resource "aws_db_instance" "{doc.service()}" {{\n  engine   = "postgres"\n  username = "app"\n  {k} = {m}\n}}\n'
        return r.choice([
            f'resource "aws_db_instance" "{doc.service()}" {{\n  identifier = "{doc.service()}-prod"\n  engine     = "postgres"\n  {k} = {q}\n}}\n',
            f'variable "{k}" {{\n  type      = string\n  default   = {q}\n  sensitive = true\n}}\n',
            f'{k} = {q}',
            f'provider "{w[0]}" {{\n  {k} = {q}\n}}\n',
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f"var.{snake(w)}", f"random_password.{snake(w)}.result",
                               f"data.aws_secretsmanager_secret_version.{snake(w)}.secret_string"])

    def block(self, doc, w, plant):
        return f'{snake(w)} = <<-EOT\n{doc.mark(plant, plant.value)}\nEOT'


class Ini(Format):
    name, weight = "ini", 3
    blocks = False

    def path(self, doc):
        return doc.rng.choice(["setup.cfg", f"config/{doc.service()}.ini", "my.cnf", "alembic.ini", "tox.ini", f"etc/{doc.service()}.conf", ".pypirc"])

    def filler(self, doc):
        r = doc.rng
        return r.choice([f"[{doc.service()}]\nworkers = {r.randrange(1, 16)}\nlog_level = info\n", "[loggers]\nkeys = root,sqlalchemy\n",
                         f"[cache]\nttl = {r.randrange(60, 3600)}\nbackend = redis\n"])

    def assign(self, doc, w, q, m, plant):
        sec = doc.rng.choice(["client", "database", "smtp", "pypi", doc.service(), "credentials"])
        sep = doc.rng.choice([" = ", "=", ": "])
        return f"[{sec}]\nhost = {sec}.internal\n{snake(w)}{sep}{m}\n"

    def coderef(self, doc, w):
        return doc.rng.choice([f"%(ENV_{upper(w)})s", f"${{{upper(w)}}}"])


class Toml(Format):
    name, weight = "toml", 2

    def path(self, doc):
        return doc.rng.choice(["config.toml", f"config/{doc.service()}.toml", "netlify.toml", "fly.toml"])

    def filler(self, doc):
        return f"[{doc.service()}]\nworkers = {doc.rng.randrange(1, 16)}\nregion = \"eu-west-1\"\n"

    def assign(self, doc, w, q, m, plant):
        if plant.shape == "coderef":
            q = '"' + m + '"'
        return f"[{doc.rng.choice(['database', 'auth', 'services', doc.service()])}]\n{snake(w)} = {q}\n"

    def block(self, doc, w, plant):
        return f'[tls]\n{snake(w)} = """\n{doc.mark(plant, plant.value)}\n"""'


class Markdown(Format):
    comment = None
    name, weight = "markdown", 5

    def path(self, doc):
        return doc.rng.choice(["README.md", f"docs/{doc.service()}.md", f"docs/setup/{doc.noun()}s.md", "CONTRIBUTING.md",
                               f"{doc.service()}/README.md", "docs/runbook.md"])

    def header(self, doc):
        return f"# {doc.service().capitalize()}\n\nThis service handles {doc.noun()}s for the {doc.service()} team. See the runbook for on-call steps.\n"

    def filler(self, doc):
        r = doc.rng
        return r.choice([f"## {doc.noun().capitalize()} jobs\n\nRun `make {doc.verb()}` and check the dashboard. Jobs retry {r.randrange(2, 6)} times before paging.\n",
                         f"- Commit `{''.join(r.choice('0123456789abcdef') for _ in range(7))}` moved the {doc.noun()} cache to Redis.\n- Requests time out after {r.randrange(5, 60)} s.\n",
                         "## Configuration\n\nEvery setting can be overridden with an environment variable of the same name in upper case.\n"])

    def plant(self, doc, plant):
        r = doc.rng
        words = r.choice(plant.names)
        if plant.shape == "value" and r.random() < 0.3:
            m = doc.mark(plant, plant.value, plant.secret)
            return f"Set `{upper(words)}` to `{m}` before running the tests."
        inner = r.choice([Shell(), Python(), YamlConfig(), DotEnv()])
        lang = {"shell": "sh", "python": "python", "yaml": "yaml", "dotenv": "ini"}[inner.name]
        return f"Example configuration:\n\n```{lang}\n{inner.plant(doc, plant)}\n```\n"


CONFIG_FORMATS = [YamlConfig(), Kubernetes(), Compose(), CiConfig(), Json(), DotEnv(), Properties(), Xml(), Dockerfile(),
                  Terraform(), Ini(), Toml(), Markdown()]
