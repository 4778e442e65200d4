"""The key of the keyed hashes the identity service stores (phone codes, request digests).

Held like the seed key (seedvault.py): in the OS keyring when a real one is usable, else in
an owner-only file beside the database, never in the database itself. A copied database
then holds nothing that 10^6 guesses turn back into a six-digit code.

Losing this key costs little: codes still pending stop working (the doctor sends a new
one) and retried requests are no longer recognised as retries. So it is simply made
again, unlike the seed key.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from desktop.keys import KeySpec, KeyStore, get_key

KEYRING_SERVICE = "icorerx-identity-codes"
KEY_FILE = "code.key"
KEY_BYTES = 32

CODE_KEY = KeySpec(
    name="code",
    what="The identity service's code key",
    depends="codes still pending were hashed with it",
    restore=(
        "Nothing needs restoring: codes still pending stop working, and the doctor sends a new one."
    ),
    size=KEY_BYTES,
    file_name=KEY_FILE,
    keyring_service=KEYRING_SERVICE,
)


def code_key(folder: Path, store: KeyStore = "auto") -> bytes:
    """The one place this key is read or made, where the folder keeps its keys (`desktop.keys`)."""
    return get_key(folder, CODE_KEY, create=True, store=store).value


def keyed_hash(key: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the parts, each length-prefixed so no two lists hash alike."""
    message = b"".join(len(p.encode()).to_bytes(4, "big") + p.encode() for p in parts)
    return hmac.new(key, message, hashlib.sha256).hexdigest()
