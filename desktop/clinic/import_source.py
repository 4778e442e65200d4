"""What `icorerx clinic import-local` moves: the desk's tables, how they are named, and the
checked snapshot of the desk (`Source`) both sides of the import work from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from psycopg import sql

from desktop.clinic.schema import Connection
from desktop.clinic.settings import ClinicError
from desktop.domain.audit import ChainReport

TABLES: Mapping[str, str] = {
    "users": "username",
    "patients": "id",
    "prescriptions": "id",
    "rx_signing_keys": "fingerprint",
    "epcs_designations": "id",
    "epcs_grants": "id",
    "practice": "id",
    "password_throttles": "username",
    "audit": "seq",
    "audit_day_reviews": "id",
}
"""Every table of a desk's database, in the order copied (a prescription names its patient),
with the key its rows are read back in."""

NOT_MOVED = frozenset({"write_keys"})
"""Tables of a desk's database left behind: the idempotency keys of its saves only matter
for a retry at that desk, in the minute after a save (`desktop.store.write_keys`)."""

TEXT_KEYS = {"username", "fingerprint"}

NOUNS: Mapping[str, tuple[str, str]] = {
    "users": ("person", "people"),
    "patients": ("patient", "patients"),
    "prescriptions": ("prescription", "prescriptions"),
    "rx_signing_keys": ("signing key", "signing keys"),
    "epcs_designations": ("EPCS designation", "EPCS designations"),
    "epcs_grants": ("EPCS grant", "EPCS grants"),
    "practice": ("practice record", "practice records"),
    "password_throttles": ("password throttle", "password throttles"),
    "audit": ("audit entry", "audit entries"),
    "audit_day_reviews": ("daily review", "daily reviews"),
}

IMPORT_LOCK = 0x1C0E_7258_0000_0002
"""The advisory lock an import holds: two imports at once cannot both find the database empty."""


class ImportRefused(ClinicError):
    """The import will not start (or was stopped before anything was kept): exit 2."""


class ImportFailed(ClinicError):
    """The server or the read-back stopped the import; the transaction was rolled back: exit 1."""


@dataclass(frozen=True)
class Source:
    """A desk's data folder, checked and read inside one snapshot of its database."""

    folder: Path
    workstation: str
    key: bytes
    chain: ChainReport
    log_id: str
    columns: Mapping[str, list[str]]
    counts: Mapping[str, int]
    rx_sequence: int
    """The highest prescription id the desk ever gave (SQLite's AUTOINCREMENT record)."""


def head(chain: ChainReport) -> str:
    if not chain.checked:
        return "no entries"
    noun = "entry" if chain.checked == 1 else "entries"
    return f"{chain.checked:,} {noun}, last hash {chain.last_hash[:12]}\u2026"


def listed(counts: Mapping[str, int]) -> str:
    parts = [
        f"{n:,} {NOUNS[table][0] if n == 1 else NOUNS[table][1]}"
        for table, n in counts.items()
        if n
    ]
    return ", ".join(parts) or "nothing"


def one(conn: Connection, query: sql.SQL | sql.Composed) -> tuple[Any, ...]:
    row = conn.execute(query).fetchone()
    assert row is not None  # an aggregate always answers one row
    return tuple(row)


def names(columns: list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(column) for column in columns)
