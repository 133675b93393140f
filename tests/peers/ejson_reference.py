#!/usr/bin/env python3
"""An independent implementation of the ejson schema 1 format (from its published description),
used to prove that hush reads files it did not write and writes files others can read.

  ejson_reference.py make KEYDIR OUT.ejson NAME=VALUE...   new key pair in KEYDIR, sealed values
  ejson_reference.py decrypt KEYDIR FILE.ejson KEY         print one decrypted top-level value
"""
import base64
import json
import sys

from nacl.public import Box, PrivateKey, PublicKey
from nacl.utils import random


def seal(plain: bytes, recipient: PublicKey) -> str:
    ephemeral = PrivateKey.generate()
    nonce = random(Box.NONCE_SIZE)
    box = Box(ephemeral, recipient).encrypt(plain, nonce).ciphertext
    b64 = lambda b: base64.b64encode(bytes(b)).decode()
    return "EJ[1:%s:%s:%s]" % (b64(ephemeral.public_key), b64(nonce), b64(box))


def unseal(value: str, private: PrivateKey) -> bytes:
    version, pub, nonce, box = value[3:-1].split(":")
    assert version == "1"
    return Box(private, PublicKey(base64.b64decode(pub))).decrypt(base64.b64decode(box), base64.b64decode(nonce))


def main() -> int:
    mode, keydir, path = sys.argv[1:4]
    if mode == "make":
        private = PrivateKey.generate()
        public_hex = bytes(private.public_key).hex()
        with open("%s/%s" % (keydir, public_hex), "w") as f:
            f.write(bytes(private).hex())
        doc = {"_public_key": public_hex}
        for pair in sys.argv[4:]:
            name, value = pair.split("=", 1)
            doc[name] = value if name.startswith("_") else seal(value.encode(), private.public_key)
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
        return 0
    if mode == "decrypt":
        with open(path) as f:
            doc = json.load(f)
        with open("%s/%s" % (keydir, doc["_public_key"])) as f:
            private = PrivateKey(bytes.fromhex(f.read().strip()))
        sys.stdout.write(unseal(doc[sys.argv[4]], private).decode())
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
