"""Programming languages: Python, JavaScript/TypeScript, Go, Java, C#, Ruby, PHP, shell, Rust, C, SQL."""

from doc import camel, dotted, kebab, pascal, snake, upper
from formats_base import Format, needs_name


def indent(text, pad):
    return "\n".join(pad + line if line else line for line in text.split("\n"))


class Python(Format):
    name, weight = "python", 9

    def path(self, doc):
        r = doc.rng
        return r.choice([f"{doc.service()}/settings.py", f"{doc.service()}/config.py", f"src/{doc.service()}/{doc.noun()}_client.py",
                         f"scripts/{doc.verb()}_{doc.noun()}s.py", f"tests/test_{doc.noun()}.py", f"app/{doc.noun()}/views.py",
                         f"{doc.service()}/tasks.py", "manage_local.py"])

    def header(self, doc):
        r = doc.rng
        mods = r.sample(["import os", "import json", "import logging", "import time",
                         "from datetime import datetime, timedelta, timezone", "from typing import Any, Optional",
                         "import requests", "from dataclasses import dataclass"], r.randrange(2, 6))
        return '"""' + f"{doc.service().capitalize()} {doc.noun()} helpers." + '"""\n\n' + "\n".join(sorted(mods)) + "\n\nlog = logging.getLogger(__name__)\n"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        return r.choice([
            f'\ndef {v}_{n}({n}_id: int, *, timeout: float = {r.choice([2.0, 5.0, 10.0])}) -> dict:\n'
            f'    """{v.capitalize()} one {n} and return its JSON form."""\n'
            f'    log.debug("{v} {n} %s", {n}_id)\n'
            f'    resp = session.get(f"{{BASE_URL}}/{n}s/{{{n}_id}}", timeout=timeout)\n'
            f'    resp.raise_for_status()\n    return resp.json()\n',
            f'\nclass {n.capitalize()}Repository:\n    def __init__(self, db):\n        self.db = db\n\n'
            f'    def {v}(self, {n}):\n        if {n} is None:\n            raise ValueError("{n} is required")\n'
            f'        return self.db.execute("SELECT * FROM {n}s WHERE id = %s", ({n}.id,))\n',
            f'\nMAX_RETRIES = {r.randrange(2, 8)}\nDEFAULT_TIMEOUT = {r.randrange(5, 60)}\nBASE_URL = "https://api.example.com/v{r.randrange(1, 4)}"\n',
            '\ndef check_password(user, raw_password):\n    if not raw_password:\n        return False\n'
            '    return hasher.verify(user.password_hash, raw_password)\n',
            f'\n@dataclass\nclass {n.capitalize()}Event:\n    id: str\n    created_at: datetime\n    payload: dict\n'
            f'    retries: int = 0\n',
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"{upper(w)} = {q}",
            f"{snake(w)} = {q}",
            f'CONFIG = {{\n    "timeout": 30,\n    "{snake(w)}": {q},\n    "region": "eu-west-1",\n}}',
            f'client = {pascal(w[:1])}Client({snake(w)}={q}, timeout=10)',
            f'os.environ.setdefault("{upper(w)}", {q})',
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f'os.environ["{upper(w)}"]', f'os.getenv("{upper(w)}")', f"settings.{upper(w)}",
                               f'get_secret("{kebab(w)}")', f'request.form["{snake(w)}"]', f"self.{snake(w)}",
                               f'kwargs.get("{snake(w)}")', f'config["{snake(w)}"]'])

    def bearer(self, doc, m):
        return f'HEADERS = {{"Authorization": "Bearer {m}", "Accept": "application/json"}}'

    def block(self, doc, w, plant):
        if doc.rng.random() < 0.3:
            return None
        return f'{upper(w)} = """{doc.mark(plant, plant.value)}\n"""'


class JavaScript(Format):
    comment = "//"
    name, weight = "javascript", 8

    def path(self, doc):
        r = doc.rng
        ext = r.choice(["js", "ts", "mjs", "ts", "tsx"])
        return r.choice([f"src/{doc.service()}/{doc.noun()}Client.{ext}", f"src/config/{doc.service()}.{ext}",
                         f"packages/{doc.service()}/lib/{doc.noun()}.{ext}", f"scripts/{doc.verb()}-{doc.noun()}s.{ext}",
                         f"server/routes/{doc.noun()}s.{ext}"])

    def header(self, doc):
        r = doc.rng
        return "\n".join(r.sample(['import axios from "axios";', 'import { Router } from "express";', "import fs from 'node:fs';",
                                   'import { z } from "zod";', "const debug = require('debug')('app');"], r.randrange(1, 4))) + "\n"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        return r.choice([
            f"\nexport async function {v}{n.capitalize()}(id) {{\n  const res = await axios.get(`${{BASE_URL}}/{n}s/${{id}}`, {{ timeout: 5000 }});\n"
            f"  if (res.status !== 200) {{\n    throw new Error(`{v} {n} failed: ${{res.status}}`);\n  }}\n  return res.data;\n}}\n",
            f"\nconst {n}Schema = z.object({{\n  id: z.string().uuid(),\n  total: z.number().nonnegative(),\n  createdAt: z.string(),\n}});\n",
            f"\nrouter.post('/{n}s', async (req, res) => {{\n  const {{ password, email }} = req.body;\n  if (!password || password.length < 12) {{\n"
            f"    return res.status(400).json({{ error: 'password too short' }});\n  }}\n  res.status(201).json(await {v}{n.capitalize()}(email));\n}});\n",
            f"\nconst RETRY_DELAYS_MS = [100, 250, 500, 1000];\nconst BASE_URL = process.env.API_URL ?? 'https://api.example.com';\n",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"const {camel(w)} = {q};",
            f"export const {upper(w)} = {q};",
            f"module.exports = {{\n  port: 8080,\n  {camel(w)}: {q},\n  retries: 3,\n}};",
            f"process.env.{upper(w)} = process.env.{upper(w)} || {q};",
            f"const {camel(w)}: string = {q};",
            f"const client = new {pascal(w[:1])}Client({{ {camel(w)}: {q}, timeout: 10_000 }});",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f"process.env.{upper(w)}", f'config.get("{dotted(w)}")', f"req.body.{camel(w)}",
                               f"import.meta.env.VITE_{upper(w)}", f"this.{camel(w)}", f"secrets.{camel(w)}"])

    def bearer(self, doc, m):
        return f"const headers = {{\n  Authorization: `Bearer {m}`,\n  'Content-Type': 'application/json',\n}};"

    def block(self, doc, w, plant):
        return f"const {camel(w)} = `{doc.mark(plant, plant.value)}\n`;"


class Go(Format):
    comment = "//"
    name, weight = "go", 6

    def path(self, doc):
        return doc.rng.choice([f"internal/{doc.service()}/config.go", f"cmd/{doc.service()}/main.go",
                               f"pkg/{doc.noun()}/client.go", f"internal/{doc.noun()}/{doc.noun()}_test.go"])

    def header(self, doc):
        return f'package {doc.service()}\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"os"\n\t"time"\n)\n'

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        N = n.capitalize()
        return r.choice([
            f"\n// {v.capitalize()}{N} fetches a {n} by id.\nfunc (c *Client) {v.capitalize()}{N}(ctx context.Context, id string) (*{N}, error) {{\n"
            f"\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+\"/{n}s/\"+id, nil)\n\tif err != nil {{\n\t\treturn nil, fmt.Errorf(\"{v} {n}: %w\", err)\n\t}}\n"
            f"\tvar out {N}\n\treturn &out, c.do(req, &out)\n}}\n",
            f"\ntype {N} struct {{\n\tID        string    `json:\"id\"`\n\tCreatedAt time.Time `json:\"created_at\"`\n\tTotal     int64     `json:\"total\"`\n}}\n",
            f"\nconst (\n\tdefaultTimeout = {r.randrange(5, 60)} * time.Second\n\tmaxRetries     = {r.randrange(2, 8)}\n)\n",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"const {camel(w)} = {q}",
            f"var {pascal(w)} = {q}",
            f"func init() {{\n\t{camel(w)} := {q}\n\tos.Setenv(\"{upper(w)}\", {camel(w)})\n}}",
            f"var cfg = Config{{\n\tRegion: \"eu-west-1\",\n\t{pascal(w)}: {q},\n}}",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f'os.Getenv("{upper(w)}")', f"cfg.{pascal(w)}", f'viper.GetString("{dotted(w)}")'])

    def bearer(self, doc, m):
        return f'func auth(req *http.Request) {{\n\treq.Header.Set("Authorization", "Bearer {m}")\n}}'

    def block(self, doc, w, plant):
        return f"var {camel(w)} = `{doc.mark(plant, plant.value)}\n`"


class Java(Format):
    comment = "//"
    name, weight = "java", 5

    def path(self, doc):
        n = doc.noun().capitalize()
        return doc.rng.choice([f"src/main/java/com/example/{doc.service()}/{n}Config.java",
                               f"src/main/java/com/example/{doc.service()}/{n}Service.java",
                               f"src/test/java/com/example/{doc.service()}/{n}ServiceTest.java"])

    def header(self, doc):
        return f"package com.example.{doc.service()};\n\nimport java.time.Duration;\nimport java.util.Properties;\n\npublic class {doc.noun().capitalize()}Config {{"

    def footer(self, doc):
        return "}"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        N = n.capitalize()
        return r.choice([
            f"\n    public {N} {v}{N}(String id) {{\n        if (id == null || id.isBlank()) {{\n            throw new IllegalArgumentException(\"id\");\n        }}\n"
            f"        return repository.findById(id).orElseThrow();\n    }}",
            f"\n    private static final Duration TIMEOUT = Duration.ofSeconds({r.randrange(5, 60)});\n    private static final int MAX_RETRIES = {r.randrange(2, 8)};",
            "\n    public boolean matches(String rawPassword, String encodedPassword) {\n        return encoder.matches(rawPassword, encodedPassword);\n    }",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"    private static final String {upper(w)} = {q};",
            f"    private String {camel(w)} = {q};",
            f"    Properties props() {{\n        Properties p = new Properties();\n        p.setProperty(\"{dotted(w)}\", {q});\n        return p;\n    }}",
            f"    Client client = Client.builder()\n        .region(\"eu-west-1\")\n        .{camel(w)}({q})\n        .build();",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f'System.getenv("{upper(w)}")', f'env.getProperty("{dotted(w)}")', f"this.{camel(w)}"])

    def bearer(self, doc, m):
        return f'    HttpRequest request = HttpRequest.newBuilder(uri)\n        .header("Authorization", "Bearer {m}")\n        .build();'

    def block(self, doc, w, plant):
        return f'    static final String {upper(w)} = """\n{doc.mark(plant, plant.value)}\n""";'


class CSharp(Format):
    comment = "//"
    name, weight = "csharp", 4

    def path(self, doc):
        return doc.rng.choice([f"src/{doc.service().capitalize()}/Services/{doc.noun().capitalize()}Service.cs",
                               f"src/{doc.service().capitalize()}/Startup.cs", f"tests/{doc.service().capitalize()}.Tests/{doc.noun().capitalize()}Tests.cs"])

    def header(self, doc):
        return f"using System;\nusing System.Net;\nusing System.Net.Http;\n\nnamespace Example.{doc.service().capitalize()}\n{{\n    public class {doc.noun().capitalize()}Service\n    {{"

    def footer(self, doc):
        return "    }\n}"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        N = n.capitalize()
        return r.choice([
            f"\n        public async Task<{N}> {v.capitalize()}{N}Async(Guid id)\n        {{\n            var response = await _http.GetAsync($\"{n}s/{{id}}\");\n"
            f"            response.EnsureSuccessStatusCode();\n            return await response.Content.ReadFromJsonAsync<{N}>();\n        }}",
            f"\n        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds({r.randrange(5, 60)});",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"        private const string {pascal(w)} = {q};",
            f"        var {camel(w)} = {q};",
            f"        var credential = new NetworkCredential(\"svc-build\", {q});" if not needs_name(plant) else
            f"        var {camel(w)} = {q};",
            f"        var options = new ClientOptions\n        {{\n            Endpoint = \"https://api.example.com\",\n            {pascal(w)} = {q},\n        }};",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f'Environment.GetEnvironmentVariable("{upper(w)}")', f'Configuration["{pascal(w)}"]',
                               f"_options.Value.{pascal(w)}"])

    def bearer(self, doc, m):
        return f'        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "{m}");'

    def block(self, doc, w, plant):
        return f'        private const string {pascal(w)} = @"{doc.mark(plant, plant.value)}";'


class Ruby(Format):
    name, weight = "ruby", 4

    def path(self, doc):
        return doc.rng.choice([f"config/initializers/{doc.service()}.rb", f"app/services/{doc.noun()}_service.rb",
                               f"lib/{doc.service()}/client.rb", "config/environments/production.rb"])

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        return r.choice([
            f"\nclass {n.capitalize()}Service\n  def initialize({n})\n    @{n} = {n}\n  end\n\n  def call\n    return if @{n}.nil?\n\n"
            f"    @{n}.update!(status: :{v}ed)\n  end\nend\n",
            f"\nRETRIES = {r.randrange(2, 8)}\nTIMEOUT = {r.randrange(5, 60)}\n",
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"{upper(w)} = {q}",
            f"Rails.application.configure do\n  config.x.{snake(w)} = {q}\nend",
            f'ENV["{upper(w)}"] ||= {q}',
            f"SETTINGS = {{\n  region: \"eu-west-1\",\n  {snake(w)}: {q},\n}}.freeze",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f'ENV["{upper(w)}"]', f'ENV.fetch("{upper(w)}")', f"Rails.application.credentials.{snake(w)}"])

    def prefer_quote(self, doc):
        return doc.rng.choice(['"', "'"])

    def block(self, doc, w, plant):
        return f"{upper(w)} = <<~PEM\n{doc.mark(plant, plant.value)}\nPEM"


class Php(Format):
    comment = "//"
    name, weight = "php", 3

    def path(self, doc):
        return doc.rng.choice(["config/services.php", "config/database.php", f"src/{doc.noun().capitalize()}/Client.php", "wp-config.php"])

    def header(self, doc):
        return "<?php\n"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        return r.choice([
            f"\nfunction {v}_{n}(int $id): array\n{{\n    $row = $db->fetchAssociative('SELECT * FROM {n}s WHERE id = ?', [$id]);\n    return $row ?: [];\n}}\n",
            f"\ndefine('{n.upper()}_CACHE_TTL', {r.randrange(60, 3600)});\n",
        ])

    def prefer_quote(self, doc):
        return "'"

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        return r.choice([
            f"define('{upper(w)}', {q});",
            f"${camel(w)} = {q};",
            f"return [\n    'driver' => 'pgsql',\n    '{snake(w)}' => {q},\n];",
        ])

    def coderef(self, doc, w):
        return doc.rng.choice([f"getenv('{upper(w)}')", f"env('{upper(w)}')", f"$_ENV['{upper(w)}']", f"config('services.{snake(w)}')"])

    def block(self, doc, w, plant):
        return f"${camel(w)} = <<<'KEY'\n{doc.mark(plant, plant.value)}\nKEY;"


class Shell(Format):
    name, weight = "shell", 6

    def path(self, doc):
        return doc.rng.choice([f"scripts/{doc.verb()}.sh", f"deploy/{doc.service()}-deploy.sh", "bin/bootstrap", "ci/release.sh",
                               f"tools/{doc.verb()}-{doc.noun()}s.bash"])

    def header(self, doc):
        return "#!/usr/bin/env bash\nset -euo pipefail\n"

    def filler(self, doc):
        r, n, v = doc.rng, doc.noun(), doc.verb()
        return r.choice([
            f'\n{v}_{n}s() {{\n  local dir="${{1:-/var/lib/{n}s}}"\n  find "$dir" -name "*.json" -mtime +{r.randrange(1, 30)} -print -delete\n}}\n',
            f'\nif [[ -z "${{ENVIRONMENT:-}}" ]]; then\n  echo "ENVIRONMENT is not set" >&2\n  exit 1\nfi\n',
            '\nread -r -s -p "Password: " PASSWORD\necho\n',
            f'\nfor i in $(seq 1 {r.randrange(3, 10)}); do\n  curl -fsS http://localhost:8080/healthz && break\n  sleep 2\ndone\n',
        ])

    def assign(self, doc, w, q, m, plant):
        r = doc.rng
        sq = "'" + m + "'" if "'" not in plant.value and plant.shape != "coderef" else q
        return r.choice([
            f"export {upper(w)}={q}",
            f"{upper(w)}={sq}",
            f"export {upper(w)}={sq}",
        ])

    def plant(self, doc, plant):
        r = doc.rng
        if plant.shape == "value" and plant.kind == "positive" and plant.family == "generic" and r.random() < 0.15 and "'" not in plant.value:
            m = doc.mark(plant, plant.value)
            return r.choice([f"docker login -u ci-bot -p '{m}' registry.example.com",
                             f"mysql -h db.internal -u app -p'{m}' app < schema.sql",
                             f"PGPASSWORD='{m}' psql -h db.internal -U app -c 'select 1'"])
        return super().plant(doc, plant)

    def coderef(self, doc, w):
        return doc.rng.choice([f'"${{{upper(w)}:-}}"', f'"$(vault kv get -field={snake(w)} secret/app)"',
                               f'"$(cat /run/secrets/{snake(w)})"', f'"$(aws ssm get-parameter --with-decryption --name /app/{kebab(w)} --query Parameter.Value --output text)"'])

    def bearer(self, doc, m):
        return f'curl -fsS -H "Authorization: Bearer {m}" https://api.example.com/v1/deployments'

    def block(self, doc, w, plant):
        return f"mkdir -p ~/.ssh\ncat > ~/.ssh/id_deploy <<'EOF'\n{doc.mark(plant, plant.value)}\nEOF\nchmod 600 ~/.ssh/id_deploy"


class Rust(Format):
    comment = "//"
    name, weight = "rust", 2

    def path(self, doc):
        return doc.rng.choice([f"src/{doc.noun()}.rs", "src/config.rs", f"crates/{doc.service()}/src/lib.rs"])

    def filler(self, doc):
        n, v = doc.noun(), doc.verb()
        return (f"\npub async fn {v}_{n}(client: &Client, id: u64) -> anyhow::Result<{n.capitalize()}> {{\n"
                f"    let url = format!(\"{{}}/{n}s/{{}}\", BASE_URL, id);\n    Ok(client.get(url).send().await?.json().await?)\n}}\n")

    def assign(self, doc, w, q, m, plant):
        return doc.rng.choice([f"const {upper(w)}: &str = {q};", f"    let {snake(w)} = {q};",
                               f"static {upper(w)}: &str = {q};"])

    def coderef(self, doc, w):
        return f'std::env::var("{upper(w)}")?'

    def block(self, doc, w, plant):
        return f'const {upper(w)}: &str = r#"{doc.mark(plant, plant.value)}"#;'


class C(Format):
    comment = "//"
    name, weight = "c", 2

    def path(self, doc):
        return doc.rng.choice([f"src/{doc.noun()}.c", f"include/{doc.service()}_config.h", f"firmware/{doc.noun()}_net.c"])

    def header(self, doc):
        return "#include <stdio.h>\n#include <string.h>\n"

    def filler(self, doc):
        n, v = doc.noun(), doc.verb()
        return (f"\nstatic int {v}_{n}(const char *path, size_t len)\n{{\n    if (path == NULL || len == 0)\n        return -1;\n"
                f"    return open_{n}(path, len);\n}}\n")

    def assign(self, doc, w, q, m, plant):
        return doc.rng.choice([f"#define {upper(w)} {q}", f"static const char *{snake(w)} = {q};",
                               f"static const char {snake(w)}[] = {q};"])

    def coderef(self, doc, w):
        return f'getenv("{upper(w)}")'


class Sql(Format):
    comment = "--"
    name, weight = "sql", 2

    def path(self, doc):
        return f"db/migrations/{doc.rng.randrange(20190101, 20251231)}_{doc.verb()}_{doc.noun()}s.sql"

    def filler(self, doc):
        n = doc.noun()
        return (f"\nCREATE TABLE IF NOT EXISTS {n}s (\n    id BIGSERIAL PRIMARY KEY,\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                f"    payload JSONB\n);\nCREATE INDEX ON {n}s (created_at);\n")

    def prefer_quote(self, doc):
        return "'"

    def assign(self, doc, w, q, m, plant):
        if plant.shape == "coderef":
            return f"CREATE USER app_{doc.service()} WITH PASSWORD {m};"
        if "'" in plant.value:
            return f"-- {snake(w)}: {m}"
        if plant.shape == "text":
            return f"INSERT INTO messages (key, en) VALUES ('{snake(w)}', '{m}');"
        if needs_name(plant):
            return f"INSERT INTO settings (name, value) VALUES ('{snake(w)}', '{m}');"
        return doc.rng.choice([f"CREATE USER app_{doc.service()} WITH PASSWORD '{m}';",
                               f"ALTER USER reporting IDENTIFIED BY '{m}';",
                               f"INSERT INTO settings (name, value) VALUES ('{snake(w)}', '{m}');",
                               f"-- {snake(w)} = '{m}'"])

    def coderef(self, doc, w):
        return f":'{snake(w)}'"


CODE_FORMATS = [Python(), JavaScript(), Go(), Java(), CSharp(), Ruby(), Php(), Shell(), Rust(), C(), Sql()]
