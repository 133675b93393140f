"""Fake tokens in their providers' real formats, for the benchmarks' planted secrets.

Python 3 standard library only.
"""
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(value: int, width: int) -> str:
    out = ["0"] * width
    i = width
    while i > 0 and value > 0:
        i -= 1
        out[i] = BASE62[value % 62]
        value //= 62
    return "".join(out)


def github_token(body: str) -> str:
    """A classic GitHub token around 30 base62 characters: its CRC32 trailer is valid, so hush's
    validator accepts it."""
    return "ghp_" + body + base62(zlib.crc32(body.encode()), 6)
