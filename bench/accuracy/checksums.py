"""Checksums that some token formats carry, written from the formats' public descriptions."""

import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def crc32_base62(body):
    """GitHub (2021 format) and npm tokens: CRC32 of the random part, 6 base62 digits, big-endian."""
    return base62(zlib.crc32(body.encode()), 6)


def grafana_trailer(prefix_and_secret):
    """Grafana service-account tokens (glsa_<32 alnum>_<8 hex>): the CRC32 (IEEE) of everything
    before the last underscore, its four bytes written least significant first, as lowercase hex."""
    return zlib.crc32(prefix_and_secret.encode()).to_bytes(4, "little").hex()


# Bech32 (BIP-173), as used by age keys.
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GEN = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]


def _polymod(values):
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GEN[i]
    return chk


def _hrp_expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _to_5bit(data):
    acc, bits, out = 0, 0, []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def bech32(hrp, data):
    words = _to_5bit(data)
    poly = _polymod(_hrp_expand(hrp) + words + [0] * 6) ^ 1
    check = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[w] for w in words + check)
