"""The key of the keyed hashes the identity service stores (phone codes, request digests).

Held like the seed key (seedvault.py): in the OS keyring when a real one is usable, else in
an owner-only file beside the database, never in the database itself. A copied database
then holds nothing that 10^6 guesses turn back into a six-digit code.

Losing this key costs little: codes still pending stop working (the doctor sends a new
one) and retried requests are no longer recognised as retries. So it is simply made
again, unlike the seed key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from pathlib import Path

from desktop.exostar.local.seedvault import KeyStore, _keyring_account, _new_key_file

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-identity-codes"
KEY_FILE = "code.key"
KEY_BYTES = 32


def code_key(folder: Path, store: KeyStore = "auto") -> bytes:
    """The one place this key is read or made: keyring first (unless "file"), else the file."""
    path = folder / KEY_FILE
    if store != "file" and not path.exists():
        from_keyring = _keyring_key(folder)
        if from_keyring is not None:
            return from_keyring
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        made = _new_key_file(path)
        return made if made is not None else path.read_bytes()
    if len(key) != KEY_BYTES:
        log.warning("code key %s was damaged; a new one is made", path)
        path.unlink()
        return code_key(folder, "file")
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return key


def keyed_hash(key: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the parts, each length-prefixed so no two lists hash alike."""
    message = b"".join(len(p.encode()).to_bytes(4, "big") + p.encode() for p in parts)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _keyring_key(folder: Path) -> bytes | None:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
            return None
        account = _keyring_account(folder)
        stored = keyring.get_password(KEYRING_SERVICE, account)
        if stored is None:
            stored = base64.b64encode(os.urandom(KEY_BYTES)).decode()
            keyring.set_password(KEYRING_SERVICE, account, stored)
        key = base64.b64decode(stored)
        return key if len(key) == KEY_BYTES else None
    except Exception as exc:  # noqa: BLE001 - any keyring trouble means: use the key file
        log.info(
            "OS keyring not usable for the code key (%s); using a key file", type(exc).__name__
        )
        return None
