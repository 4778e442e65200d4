"""The practice's prescription signing key (Ed25519) and the public keys it has signed with.

The private key is held like the other keys of the data folder (`desktop.keys`: the OS
keyring, else an owner-only file); it is made only while no prescription carries a
signature, so a lost key is refused, never silently replaced. Each public key the
practice signs with is kept in `rx_signing_keys`, sealed with an HMAC under the audit
key: rows signed before a key change still verify, and a key slipped into the table by
someone who can edit the database file (but holds no audit key) is not trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from desktop.domain.audit import AuditEvent
from desktop.domain.rx_signature import encode_signature, fingerprint
from desktop.keys import KeySpec, get_key
from desktop.store.sql import Sql, SqliteSql

if TYPE_CHECKING:
    from desktop.store.database import AppStore

RX_SIGNING_KEY = KeySpec(
    name="rx-signing",
    what="The prescription signing key",
    depends="the database holds prescriptions signed with it",
    restore=(
        "Restore rx-signing.key (or the OS keyring entry icorerx-rx-signing) from the backup "
        "of this data folder, together with icorerx.sqlite, then start iCoreRx again. A new "
        "key cannot stand in for it: the signed prescriptions could no longer be checked."
    ),
)


class RxSigner:
    """Signs prescriptions' canonical content with the practice's private key."""

    def __init__(self, private_key: bytes, where: str) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(private_key)
        self.public_key = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.fingerprint = fingerprint(self.public_key)
        self.where = where

    def sign(self, content: bytes) -> str:
        return encode_signature(self._key.sign(content))


def data_dir(db: sqlite_utils.Database | AppStore) -> Path:
    """The folder whose key files go with the database: where the signing key is kept."""
    folder = SqliteSql(db).folder() if isinstance(db, sqlite_utils.Database) else db.key_dir
    if folder is None:
        raise RuntimeError("the prescription signing key needs a folder for its key file")
    return folder


def signer_for(store: AppStore) -> RxSigner:
    """The practice's signer; its key is made only while no row carries a signature.

    On the clinic database each workstation signs with a key of its own (its public key
    sealed into `rx_signing_keys` like any other): a workstation's key is made only while
    no prescription was signed at that workstation, so a new desk can sign from its first
    day and a desk that lost its key is refused, as a single desk is.
    """
    signer: RxSigner | None = getattr(store, "_rx_signer", None)
    if signer is None:
        if store.sql.dialect == "postgresql":
            signed = store.sql.execute(
                "SELECT 1 FROM audit WHERE event = ? AND workstation = ? LIMIT 1",
                [AuditEvent.SIGNED.value, store.workstation],
            ).fetchone()
        else:
            signed = store.sql.execute(
                "SELECT 1 FROM prescriptions WHERE signature IS NOT NULL LIMIT 1"
            ).fetchone()
        held = get_key(data_dir(store), RX_SIGNING_KEY, create=signed is None)
        signer = RxSigner(held.value, held.where)
        store._rx_signer = signer  # type: ignore[attr-defined]
    return signer


def _seal(audit_key: bytes, fingerprint_hex: str, public_key: bytes) -> str:
    message = b"icorerx rx-signing key\x00" + fingerprint_hex.encode() + b"\x00" + public_key
    return hmac.new(audit_key, message, hashlib.sha256).hexdigest()


def register(store: AppStore, signer: RxSigner, audit_key: bytes, at: dt.datetime) -> None:
    """Keep the signer's public key (sealed) so its signatures can be checked later.

    Once a transaction that kept it has committed, this store does not write it again: the
    row is never deleted, and one statement less per signature is one round trip less for
    a desk on the clinic database.
    """
    kept: set[str] = getattr(store, "_rx_keys_kept", set())
    if signer.fingerprint in kept:
        return

    def committed() -> None:
        kept.add(signer.fingerprint)
        store._rx_keys_kept = kept  # type: ignore[attr-defined]

    store.sql.insert_or_ignore(
        "rx_signing_keys",
        {
            "fingerprint": signer.fingerprint,
            "public_key": signer.public_key,
            "added_at": at.astimezone(dt.UTC).isoformat(),
            "seal": _seal(audit_key, signer.fingerprint, signer.public_key),
        },
    )
    if not store.sql.after_commit(committed):
        committed()  # outside a transaction: the row is already committed


def trusted_keys(sql: Sql, audit_key: bytes) -> dict[str, Ed25519PublicKey]:
    """Fingerprint -> public key, for every stored key whose seal is right."""
    trusted: dict[str, Ed25519PublicKey] = {}
    for fingerprint_hex, public_key, _at, seal in sql.execute(
        "SELECT fingerprint, public_key, added_at, seal FROM rx_signing_keys"
    ):
        raw = bytes(public_key) if isinstance(public_key, bytes | memoryview) else b""
        expected = _seal(audit_key, str(fingerprint_hex), raw)
        if (
            hmac.compare_digest(expected.encode(), str(seal).encode())
            and fingerprint(raw) == fingerprint_hex
            and len(raw) == 32
        ):
            trusted[str(fingerprint_hex)] = Ed25519PublicKey.from_public_bytes(raw)
    return trusted


def signature_valid(key: Ed25519PublicKey, signature: bytes, content: bytes) -> bool:
    try:
        key.verify(signature, content)
    except InvalidSignature:
        return False
    return True
