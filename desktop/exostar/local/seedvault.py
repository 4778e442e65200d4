"""Seeds encrypted at rest: AES-256-GCM, with the key kept outside the database file.

The key lives in the OS keyring when a real one is available, else in a key file
readable only by its owner. A copied database alone reveals no seed, and a row's
ciphertext is bound to its serial (associated data), so swapping two rows' keys
makes both unreadable instead of handing one doctor another's token.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import stat
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.exostar.base import AdapterError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-identity-seeds"
KEY_FILE = "seed.key"
NONCE_BYTES = 12
KeyStore = Literal["auto", "keyring", "file"]


class SeedVault:
    """Encrypts and decrypts token seeds with one master key."""

    def __init__(self, key: bytes, where: str) -> None:
        if len(key) != 32:
            raise ValueError("the seed key must be 32 bytes")
        self._aead = AESGCM(key)
        self.where = where
        """Where the key is kept, for the self-test and the IT person: never the key."""

    def seal(self, serial: str, seed: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, seed, serial.encode())

    def open(self, serial: str, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], serial.encode())
        except (InvalidTag, ValueError) as exc:
            raise AdapterError(
                f"The stored secret of token {serial} cannot be read on this workstation.",
                "The identity database was moved without its key, or was altered. Restore "
                "it with its key, or import the token's seed file again.",
                code="seed_unreadable",
            ) from exc


def open_vault(folder: Path, store: KeyStore = "auto") -> SeedVault:
    """The vault for an identity folder, creating its key on first use."""
    if store in ("auto", "keyring"):
        vault = _from_keyring(folder, create=True)
        if vault is not None:
            return vault
        if store == "keyring":
            raise AdapterError(
                "No OS keyring is available to keep the seed key.",
                'Set "key_store": "file" in settings.json to keep it in a file instead.',
                code="no_keyring",
            )
    return _from_file(folder / KEY_FILE)


def _keyring_account(folder: Path) -> str:
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]


def _from_keyring(folder: Path, create: bool) -> SeedVault | None:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
            return None
        account = _keyring_account(folder)
        stored = keyring.get_password(KEYRING_SERVICE, account)
        if stored is None:
            if not create:
                return None
            stored = base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()
            keyring.set_password(KEYRING_SERVICE, account, stored)
        return SeedVault(base64.b64decode(stored), f"OS keyring ({type(backend).__name__})")
    except Exception as exc:  # noqa: BLE001 - any keyring trouble means: use the key file
        log.info(
            "OS keyring not usable for the seed key (%s); using a key file", type(exc).__name__
        )
        return None


def _from_file(path: Path) -> SeedVault:
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, 0o600)
            log.warning("seed key file %s was readable by others; now owner-only", path)
        key = path.read_bytes()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = AESGCM.generate_key(bit_length=256)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
    return SeedVault(key, f"key file {path}")
