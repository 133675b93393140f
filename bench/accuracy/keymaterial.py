"""Structurally valid key material, generated from a seeded RNG in pure Python.

Scanners that validate private keys decode the armour and parse the DER or OpenSSH structure, so
random base64 between BEGIN/END lines would measure nothing. Keys here are real (RSA primes pass
Miller-Rabin, EC and Ed25519 public keys are derived from the private scalars) but deterministic
for a seed, which is why openssl and ssh-keygen are not used. None of it protects anything.
"""

import base64
import hashlib
import struct

# ---------------------------------------------------------------- DER


def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + _der_len(len(content)) + content


def der_int(n):
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return der(0x02, b)


def der_seq(*items):
    return der(0x30, b"".join(items))


def der_set(*items):
    return der(0x31, b"".join(items))


def der_oct(b):
    return der(0x04, b)


def der_bits(b):
    return der(0x03, b"\x00" + b)


def der_null():
    return b"\x05\x00"


def der_oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out.extend(reversed(chunk))
    return der(0x06, bytes(out))


def der_ctx(n, content, constructed=True):
    return der((0xA0 if constructed else 0x80) | n, content)


OID_RSA = "1.2.840.113549.1.1.1"
OID_SHA256_RSA = "1.2.840.113549.1.1.11"
OID_EC_PUBLIC = "1.2.840.10045.2.1"
OID_P256 = "1.2.840.10045.3.1.7"
OID_ED25519 = "1.3.101.112"


def pem(label, body, width=64):
    b64 = base64.b64encode(body).decode()
    lines = [b64[i:i + width] for i in range(0, len(b64), width)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


# ---------------------------------------------------------------- RSA

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


def _probable_prime(n, rng, rounds=24):
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits, rng):
    while True:
        n = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if _probable_prime(n, rng) and (n - 1) % 65537:
            return n


class RsaKey:
    def __init__(self, bits, rng):
        e = 65537
        while True:
            p, q = _prime(bits // 2, rng), _prime(bits // 2, rng)
            if p != q and (p * q).bit_length() == bits:
                break
        if p < q:
            p, q = q, p
        self.n, self.e, self.p, self.q = p * q, e, p, q
        self.d = pow(e, -1, (p - 1) * (q - 1))
        self.dp, self.dq, self.qinv = self.d % (p - 1), self.d % (q - 1), pow(q, -1, p)

    def pkcs1(self):
        return der_seq(*(der_int(v) for v in (0, self.n, self.e, self.d, self.p, self.q,
                                              self.dp, self.dq, self.qinv)))

    def pkcs8(self):
        return der_seq(der_int(0), der_seq(der_oid(OID_RSA), der_null()), der_oct(self.pkcs1()))

    def spki(self):
        return der_seq(der_seq(der_oid(OID_RSA), der_null()),
                       der_bits(der_seq(der_int(self.n), der_int(self.e))))

    def pkcs1_public(self):
        return der_seq(der_int(self.n), der_int(self.e))


# ---------------------------------------------------------------- P-256

_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
_A = _P - 3
_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
      0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def _ec_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % _P == 0:
        return None
    if a == b:
        lam = (3 * a[0] * a[0] + _A) * pow(2 * a[1], -1, _P) % _P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, _P) % _P
    x = (lam * lam - a[0] - b[0]) % _P
    return x, (lam * (a[0] - x) - a[1]) % _P


def _double_and_add(k, pt, add, identity):
    """k times the point pt on the curve whose group law is add."""
    acc = identity
    while k:
        if k & 1:
            acc = add(acc, pt)
        pt = add(pt, pt)
        k >>= 1
    return acc


def _ec_mul(k, pt):
    return _double_and_add(k, pt, _ec_add, None)  # None: the point at infinity


def ec_p256_sec1(rng):
    d = rng.randrange(1, _N)
    x, y = _ec_mul(d, _G)
    point = b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")
    body = der_seq(der_int(1), der_oct(d.to_bytes(32, "big")),
                   der_ctx(0, der_oid(OID_P256)), der_ctx(1, der_bits(point)))
    return body, point


# ---------------------------------------------------------------- Ed25519

_Q = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, -1, _Q) % _Q
_I = pow(2, (_Q - 1) // 4, _Q)


def _xrecover(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, -1, _Q)
    x = pow(xx, (_Q + 3) // 8, _Q)
    if (x * x - xx) % _Q:
        x = x * _I % _Q
    return _Q - x if x % 2 else x


_BY = 4 * pow(5, -1, _Q) % _Q
_B = (_xrecover(_BY), _BY, 1, _xrecover(_BY) * _BY % _Q)


def _ed_add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % _Q
    b = (p[1] + p[0]) * (q[1] + q[0]) % _Q
    c = 2 * p[3] * q[3] * _D % _Q
    d = 2 * p[2] * q[2] % _Q
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _Q, g * h % _Q, f * g % _Q, e * h % _Q


def _ed_mul(s, p):
    return _double_and_add(s, p, _ed_add, (0, 1, 1, 0))  # the neutral point in extended coordinates


def ed25519_public(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y, z, _ = _ed_mul(a, _B)
    zi = pow(z, -1, _Q)
    x, y = x * zi % _Q, y * zi % _Q
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def ed25519_pkcs8(seed):
    return der_seq(der_int(0), der_seq(der_oid(OID_ED25519)), der_oct(der_oct(seed)))


# ---------------------------------------------------------------- OpenSSH


def _ssh_str(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b


def _ssh_mpint(n):
    return _ssh_str(n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b"")


def ssh_public_blob_ed25519(pub):
    return _ssh_str("ssh-ed25519") + _ssh_str(pub)


def ssh_public_blob_rsa(key):
    return _ssh_str("ssh-rsa") + _ssh_mpint(key.e) + _ssh_mpint(key.n)


def openssh_private(kind, rng, comment, rsa=None, seed=None):
    if kind == "ed25519":
        pub = ed25519_public(seed)
        pub_blob = ssh_public_blob_ed25519(pub)
        priv = _ssh_str("ssh-ed25519") + _ssh_str(pub) + _ssh_str(seed + pub)
    else:
        pub_blob = ssh_public_blob_rsa(rsa)
        priv = (_ssh_str("ssh-rsa") + _ssh_mpint(rsa.n) + _ssh_mpint(rsa.e) + _ssh_mpint(rsa.d)
                + _ssh_mpint(rsa.qinv) + _ssh_mpint(rsa.p) + _ssh_mpint(rsa.q))
    check = rng.getrandbits(32)
    section = struct.pack(">II", check, check) + priv + _ssh_str(comment)
    pad = 1
    while len(section) % 8:
        section += bytes([pad])
        pad += 1
    body = (b"openssh-key-v1\x00" + _ssh_str("none") + _ssh_str("none") + _ssh_str(b"")
            + struct.pack(">I", 1) + _ssh_str(pub_blob) + _ssh_str(section))
    return pem("OPENSSH PRIVATE KEY", body, width=70)


def ssh_public_line(blob, kind, comment):
    return f"{kind} {base64.b64encode(blob).decode()} {comment}"


# ---------------------------------------------------------------- encrypted PKCS#8


def encrypted_pkcs8(rng, plain_len):
    salt = rng.randbytes(16)
    iv = rng.randbytes(16)
    cipher_len = (plain_len // 16 + 1) * 16
    params = der_seq(
        der_oid("1.2.840.113549.1.5.13"),
        der_seq(der_seq(der_oid("1.2.840.113549.1.5.12"),
                        der_seq(der_oct(salt), der_int(2048),
                                der_seq(der_oid("1.2.840.113549.2.9"), der_null()))),
                der_seq(der_oid("2.16.840.1.101.3.4.1.42"), der_oct(iv))))
    return der_seq(params, der_oct(rng.randbytes(cipher_len)))


# ---------------------------------------------------------------- X.509


def _name(cn, org):
    return der_seq(der_set(der_seq(der_oid("2.5.4.10"), der(0x0C, org.encode()))),
                   der_set(der_seq(der_oid("2.5.4.3"), der(0x0C, cn.encode()))))


def certificate(rsa, rng, cn, org, year):
    alg = der_seq(der_oid(OID_SHA256_RSA), der_null())
    validity = der_seq(der(0x17, f"{year % 100:02d}0101000000Z".encode()),
                       der(0x17, f"{(year + 2) % 100:02d}0101000000Z".encode()))
    tbs = der_seq(der_ctx(0, der_int(2)), der_int(rng.getrandbits(120)), alg,
                  _name(f"{org} Root CA", org), validity, _name(cn, org), rsa.spki())
    sig = rng.randbytes(rsa.n.bit_length() // 8)
    return pem("CERTIFICATE", der_seq(tbs, alg, der_bits(sig)))


# ---------------------------------------------------------------- OpenPGP


def _pgp_packet(tag, body):
    n = len(body)
    if n < 192:
        ln = bytes([n])
    elif n < 8384:
        n2 = n - 192
        ln = bytes([(n2 >> 8) + 192, n2 & 0xFF])
    else:
        ln = b"\xff" + struct.pack(">I", n)
    return bytes([0xC0 | tag]) + ln + body


def _pgp_mpi(n):
    return struct.pack(">H", n.bit_length()) + n.to_bytes((n.bit_length() + 7) // 8, "big")


def _crc24(data):
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def _armor(kind, data):
    b64 = base64.b64encode(data).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    crc = base64.b64encode(_crc24(data).to_bytes(3, "big")).decode()
    return "\n".join([f"-----BEGIN PGP {kind} BLOCK-----", "", *lines, "=" + crc,
                      f"-----END PGP {kind} BLOCK-----"])


def pgp_block(rsa, user_id, created, secret):
    public = b"\x04" + struct.pack(">I", created) + b"\x01" + _pgp_mpi(rsa.n) + _pgp_mpi(rsa.e)
    uid = _pgp_packet(13, user_id.encode())
    if not secret:
        return _armor("PUBLIC KEY", _pgp_packet(6, public) + uid)
    mpis = _pgp_mpi(rsa.d) + _pgp_mpi(rsa.q) + _pgp_mpi(rsa.p) + _pgp_mpi(pow(rsa.q, -1, rsa.p))
    body = public + b"\x00" + mpis + struct.pack(">H", sum(mpis) & 0xFFFF)
    return _armor("PRIVATE KEY", _pgp_packet(5, body) + uid)


# ---------------------------------------------------------------- pool


class KeyPool:
    """Hands out RSA keys, generating up to `cap` per size and then reusing them: key generation in
    pure Python costs ~0.1-1 s per key, and scanners do not care whether two files share a key."""

    def __init__(self, rng, cap=6):
        self.rng, self.cap, self.pool = rng, cap, {}

    def rsa(self, bits):
        keys = self.pool.setdefault(bits, [])
        if len(keys) < self.cap:
            keys.append(RsaKey(bits, self.rng))
            return keys[-1]
        return keys[self.rng.randrange(len(keys))]
