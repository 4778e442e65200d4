"""Seeds encrypted at rest: AES-256-GCM, with the key kept outside the database file.

The key lives where the folder's keys are recorded to be (`desktop.keys`): the OS
keyring when a real one was usable when the folder's first key was made, else a key
file readable only by its owner. A copied database alone reveals no seed, and a row's
ciphertext is bound to its serial (associated data), so swapping two rows' keys
makes both unreadable instead of handing one doctor another's token.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.exostar import refusals
from desktop.keys import SEED_KEYRING_SERVICE, KeySpec, NoKeyring, get_key
from desktop.keys import KeyStore as KeyStore

log = logging.getLogger(__name__)

KEYRING_SERVICE = SEED_KEYRING_SERVICE
KEY_FILE = "seed.key"
KEY_BYTES = 32
NONCE_BYTES = 12


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
            raise refusals.seed_unreadable(serial) from exc


def open_vault(folder: Path, store: KeyStore = "auto", *, create: bool = True) -> SeedVault:
    """The vault for an identity folder; its key is created only if `create`.

    The key is kept where the folder's keys are recorded to be (`desktop.keys`): chosen
    once, so a later run with a keyring never makes a second key beside `seed.key`.
    Pass `create=False` once seeds are stored: a new key cannot open them, so a missing,
    short or unreadable key raises `StartupError` naming where it was kept.
    """
    try:
        held = get_key(folder, SEED_KEY, create=create, store=store)
    except NoKeyring as exc:
        raise refusals.no_keyring(exc) from exc
    return SeedVault(held.value, held.where)


_RESTORE_KEY = (
    f"Restore {KEY_FILE} (or the OS keyring entry) from the backup of this data folder, "
    "together with identity.sqlite, then start iCoreRx again. A new key cannot open the stored "
    "seeds: every token would have to be imported and synced again."
)

SEED_KEY = KeySpec(
    name="seed",
    what="The identity service's seed key",
    depends="its database holds token seeds sealed with it",
    restore=_RESTORE_KEY,
    size=KEY_BYTES,
    file_name=KEY_FILE,
    keyring_service=KEYRING_SERVICE,
)
