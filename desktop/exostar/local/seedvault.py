"""Seeds encrypted at rest: AES-256-GCM, with the key kept outside the database file.

The key lives in the OS keyring when a real one is available, else in a key file
readable only by its owner. A copied database alone reveals no seed, and a row's
ciphertext is bound to its serial (associated data), so swapping two rows' keys
makes both unreadable instead of handing one doctor another's token.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import stat
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.domain.errors import StartupError, startup_error
from desktop.exostar.base import AdapterError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-identity-seeds"
KEY_FILE = "seed.key"
KEY_BYTES = 32
NONCE_BYTES = 12
KeyStore = Literal["auto", "keyring", "file"]


class SeedVault:
    """Encrypts and decrypts token seeds with one master key."""

    def __init__(self, key: bytes, where: str) -> None:
        if len(key) != KEY_BYTES:
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


def open_vault(folder: Path, store: KeyStore = "auto", *, create: bool = True) -> SeedVault:
    """The vault for an identity folder; its key is created only if `create`.

    Pass `create=False` once seeds are stored: a new key cannot open them, so a missing,
    short or unreadable key raises `StartupError` naming where it was kept.
    """
    path = folder / KEY_FILE
    if store == "auto" and path.exists():
        # A key file is made only when no keyring was usable; once made it stays the key,
        # even if a keyring turns up later (and reading it needs no keyring at all).
        return _from_file(path, create=False)
    if store in ("auto", "keyring"):
        vault = _from_keyring(folder, create=create and store == "keyring")
        if vault is not None:
            return vault
        if store == "keyring":
            if _keyring_usable():
                raise StartupError(
                    f"The seed key of {folder} is missing from the OS keyring, but the identity "
                    "service holds token seeds sealed with it.",
                    _RESTORE_KEY,
                    path=folder,
                )
            raise AdapterError(
                "No OS keyring is available to keep the seed key.",
                'Set "key_store": "file" in settings.json to keep it in a file instead.',
                code="no_keyring",
            )
        if create:
            vault = _from_keyring(folder, create=True)
            if vault is not None:
                return vault
    return _from_file(path, create=create)


def _keyring_account(folder: Path) -> str:
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) >= 1
    except Exception:  # noqa: BLE001 - any keyring trouble means: not usable
        return False


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


_RESTORE_KEY = (
    f"Restore {KEY_FILE} (or the OS keyring entry) from the backup of this data folder, "
    "together with identity.sqlite, then start iCoreRx again. A new key cannot open the stored "
    "seeds: every token would have to be imported and synced again."
)


def _from_file(path: Path, *, create: bool = True) -> SeedVault:
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            with contextlib.suppress(OSError):  # a read-only folder: still usable, only warned
                os.chmod(path, 0o600)
            log.warning("seed key file %s was readable by others; now owner-only", path)
        key = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise StartupError(
                f"The identity service's seed key {path} is missing, but its database holds "
                "token seeds sealed with it.",
                _RESTORE_KEY,
                path=path,
            ) from None
        made = _new_key_file(path)
        if made is None:  # another process made it a moment ago
            return _from_file(path, create=False)
        return SeedVault(made, f"key file {path}")
    except OSError as exc:
        raise StartupError(
            f"The identity service's seed key {path} cannot be read ({exc.strerror or exc}).",
            f"Make it readable for the user who runs iCoreRx. If it is lost: {_RESTORE_KEY}",
            path=path,
        ) from exc
    if len(key) != KEY_BYTES:
        raise StartupError(
            f"The identity service's seed key {path} is damaged ({len(key)} bytes; a key is "
            f"{KEY_BYTES}).",
            _RESTORE_KEY,
            path=path,
        )
    return SeedVault(key, f"key file {path}")


def _new_key_file(path: Path) -> bytes | None:
    """A new owner-only key file; None when another process has just made one."""
    key = AESGCM.generate_key(bit_length=256)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as exc:
        raise startup_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:  # a full disk: leave no short key behind to be read later
        with contextlib.suppress(OSError):
            path.unlink()
        raise startup_error(path, exc) from exc
    return key
