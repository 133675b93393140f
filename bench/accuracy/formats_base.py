"""The shape every file format shares: a header, filler code around each planted value, a footer.

A format decides how a value is written in its own syntax (`assign`), how a multi-line key is
embedded (`block`), how code refers to a secret kept elsewhere (`coderef`) and how a token travels
in an HTTP header (`bearer`).
"""

from doc import snake, upper

NEUTRAL_NAMES = [["token"], ["key"], ["auth"], ["credential"], ["value"], ["default", "token"]]


def needs_name(plant):
    """A provider value recognisable only by its name must not be written where the name is lost."""
    return plant.context and plant.family != "generic"


def quote(value, prefer='"'):
    """The quote character to wrap value in: `prefer` unless value contains it."""
    if prefer not in value:
        return prefer
    return "'" if prefer == '"' else '"'


class Format:
    name = "format"
    weight = 1.0
    # Formats whose values are free text per line (.env, properties) cannot hold a raw PEM block.
    blocks = True

    def path(self, doc):
        raise NotImplementedError

    def header(self, doc):
        return ""

    def footer(self, doc):
        return ""

    def filler(self, doc):
        return ""

    def assign(self, doc, words, q, m, plant):
        """One assignment: q is the quoted marker, m the bare one."""
        raise NotImplementedError

    def coderef(self, doc, words):
        return "${" + upper(words) + "}"

    def bearer(self, doc, m):
        return None

    # Line comment leader, or None where the format has no comments.
    comment = "#"

    def aside(self, doc, words, m):
        """A token outside an assignment: in a comment, or as a URL query parameter."""
        if self.comment is None:
            return None
        if doc.rng.random() < 0.5:
            return f"{self.comment} old {' '.join(words)} (rotated?): {m}"
        return f"{self.comment} curl 'https://api.example.com/v2/{doc.noun()}s?{'_'.join(words)}={m}&limit=50'"

    def block(self, doc, words, plant):
        return None

    def escaped_block(self, doc, words, plant):
        """A PEM block on one line with literal backslash-n separators, as JSON and .env hold them."""
        text = plant.value.replace("\n", "\\n") + ("\\n" if doc.rng.random() < 0.5 else "")
        m = doc.mark(plant, text)
        return self.assign(doc, words, '"' + m + '"', m, plant)

    # ------------------------------------------------------------------

    def plant(self, doc, plant):
        rng = doc.rng
        words = rng.choice(plant.names)
        if plant.shape == "block":
            snippet = self.block(doc, words, plant) if self.blocks else None
            return snippet if snippet is not None else self.escaped_block(doc, words, plant)
        if plant.shape == "coderef":
            m = doc.mark(plant, self.coderef(doc, words))
            return self.assign(doc, words, m, m, plant)
        if plant.bearer and rng.random() < 0.25:
            snippet = self.bearer(doc, doc.mark(plant, plant.value, plant.secret))
            if snippet is not None:
                return snippet
        if plant.shape == "value" and not plant.context and plant.kind == "positive" and rng.random() < 0.08:
            snippet = self.aside(doc, words, doc.mark(plant, plant.value, plant.secret))
            if snippet is not None:
                return snippet
        if plant.shape == "value" and not plant.context and plant.kind == "positive" and rng.random() < 0.12:
            words = rng.choice(NEUTRAL_NAMES)
        m = doc.mark(plant, self.encode(plant.value), None if plant.secret is None else self.encode(plant.secret))
        qc = quote(plant.value, self.prefer_quote(doc))
        return self.assign(doc, words, qc + m + qc, m, plant)

    def prefer_quote(self, doc):
        return '"'

    def encode(self, text):
        """How a literal is written in this format (XML escapes markup characters)."""
        return text

    def render(self, doc, plants):
        parts = [self.header(doc)]
        for p in plants:
            if doc.rng.random() < 0.75:
                parts.append(self.filler(doc))
            parts.append(self.plant(doc, p))
        if doc.rng.random() < 0.6:
            parts.append(self.filler(doc))
        parts.append(self.footer(doc))
        return "\n".join(x for x in parts if x) + "\n"


def env_name(words):
    return upper(words)


def py_name(words):
    return snake(words)
