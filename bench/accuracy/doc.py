"""A file being written: templates insert markers where planted values go, and `finish` replaces
them and works out the line and column of each label from where the marker ended up."""

import re

_MARK = re.compile("\x01(\\d+)\x02")

NOUNS = ["order", "invoice", "customer", "session", "report", "payment", "shipment", "user", "account",
         "metric", "event", "job", "queue", "cache", "tenant", "webhook", "artifact", "build", "release",
         "profile", "ledger", "coupon", "cart", "inventory", "upload"]
VERBS = ["load", "save", "fetch", "sync", "build", "parse", "render", "validate", "publish", "refresh",
         "resolve", "compute", "retry", "flush", "export", "archive", "notify", "schedule"]
SERVICES = ["billing", "checkout", "search", "notifications", "gateway", "reports", "auth", "catalog",
            "ingest", "scheduler", "webhooks", "media"]


def snake(w):
    return "_".join(w)


def upper(w):
    return "_".join(w).upper()


def camel(w):
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(w):
    return "".join(x.capitalize() for x in w)


def kebab(w):
    return "-".join(w)


def dotted(w):
    return ".".join(w)


class Doc:
    def __init__(self, rng, path):
        self.rng = rng
        self.path = path
        self.entries = []

    def mark(self, plant, text, secret=None):
        """Marker for `text`, whose label secret is `secret` (a substring of text; default text)."""
        self.entries.append((plant, text, text if secret is None else secret))
        return f"\x01{len(self.entries) - 1}\x02"

    def noun(self):
        return self.rng.choice(NOUNS)

    def verb(self):
        return self.rng.choice(VERBS)

    def service(self):
        return self.rng.choice(SERVICES)

    def finish(self, template):
        out, labels, line, col_base, pos = [], [], 1, 0, 0
        length = 0

        def emit(piece):
            nonlocal line, length, col_base
            out.append(piece)
            line += piece.count("\n")
            length += len(piece)
            last_nl = piece.rfind("\n")
            if last_nl >= 0:
                col_base = length - (len(piece) - last_nl - 1)

        for m in _MARK.finditer(template):
            emit(template[pos:m.start()])
            plant, text, secret = self.entries[int(m.group(1))]
            off = text.find(secret)
            if off < 0:
                raise ValueError(f"label secret not inside planted text in {self.path}")
            before = text[:off]
            s_line = line + before.count("\n")
            if "\n" in before:
                s_col = len(before) - before.rfind("\n")
            else:
                s_col = length - col_base + off + 1
            labels.append({"path": self.path, "line": s_line, "end_line": s_line + secret.count("\n"),
                           "column": s_col, "family": plant.family, "provider": plant.provider,
                           "kind": plant.kind, "secret": secret})
            emit(text)
            pos = m.end()
        out.append(template[pos:])
        content = "".join(out)
        if "\x01" in content or "\x02" in content:
            raise ValueError(f"unreplaced marker in {self.path}")
        return content, labels
