"""The clinic's one audit key: made by one desk, recorded by its check value, checked at every desk.

Every desk of a clinic appends to one audit chain, keyed with one HMAC key (32 random
bytes, `desktop.store.audit_key`): kept in each workstation's key store (the OS keyring
or the owner-only `audit.key` of its data folder), never in the database. Two desks
starting at once on an empty clinic must not each make one: each would then read the
other's entries as broken. So:

- the desk that makes the key records its CHECK VALUE (an HMAC under the key of a fixed
  label: it identifies the key and reveals nothing of it) in `clinic_audit_key` (schema
  step 10: one row at most, append-only), in the same transaction that finds the trail
  empty and no key recorded, holding the audit trail's own advisory lock. A second desk
  waits for that lock, finds the record and makes no key: it is told which desk holds it;
- every desk's key is checked against the record when it opens the clinic database: a
  key that is not the clinic's is refused with a plain message, before any entry is read
  or written with it;
- a clinic database from before step 10 (entries, no record) records the key of the
  first desk whose key chains the trail's first entry;
- `icorerx clinic audit-key --export FILE / --import FILE` carries the key to a new desk
  (an owner-only file; the import checks it against the record before keeping it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.rows import TupleRow

from desktop.clinic.settings import ClinicAddress, ClinicError
from desktop.domain.audit import canonical, chain_hash
from desktop.domain.errors import StartupError
from desktop.keys import get_key
from desktop.store.audit_key import AUDIT_KEY, KEY_FILE
from desktop.store.audit_rows import COLUMNS, as_hashed
from desktop.store.sql import lock_id

Connection = psycopg.Connection[TupleRow]

CHECK_LABEL = b"icorerx clinic audit key check"
KEY_LOCK = lock_id("audit append")
"""The audit trail's own lock (`desktop.store.audit.AUDIT_APPEND`): no entry is appended
between finding the trail empty and recording the key."""


def check_value(key: bytes) -> str:
    """The key's public identity: HMAC-SHA256 of a fixed label under the key, in hex."""
    return hmac.new(key, CHECK_LABEL, hashlib.sha256).hexdigest()


def shown(check: str) -> str:
    """The first 16 hex digits in groups of four, for people to compare by eye."""
    return " ".join(check[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class KeyRecord:
    """The clinic database's record of its audit key."""

    check: str
    made_by: str
    """The workstation that made it (or whose desk was moved in with it)."""
    kept_at: str
    """Where that workstation keeps it: 'key file /.../audit.key' or 'OS keyring (...)'."""
    made_at: str

    def matches(self, key: bytes) -> bool:
        return hmac.compare_digest(self.check, check_value(key))


def recorded(conn: Connection) -> KeyRecord | None:
    row = conn.execute(
        "SELECT check_value, made_by, kept_at, made_at FROM clinic_audit_key"
    ).fetchone()
    return None if row is None else KeyRecord(*(str(value) for value in row))


def clinic_key(
    conn: Connection,
    address: ClinicAddress,
    key_dir: Path,
    workstation: str,
    *,
    key: bytes | None = None,
) -> bytes:
    """The clinic's audit key on this workstation, checked against the clinic's record.

    `key`: the key the caller holds (else this workstation's key store, `key_dir`). Made
    here only when the clinic records no key and its trail is empty; `ClinicError` when
    this workstation holds no key of a clinic that has one, or holds another.
    """
    where = ""
    if key is None:
        try:
            held = get_key(key_dir, AUDIT_KEY, create=False)
            key, where = held.value, held.where
        except StartupError as exc:
            if (key_dir / KEY_FILE).exists():
                raise  # there, but unreadable or damaged: said as it is, nothing made
            record = recorded(conn)
            if record is not None:
                raise not_held(address, record, key_dir) from exc
    if key is not None:
        record = recorded(conn)
        if record is not None:
            if not record.matches(key):
                raise not_the_clinics(address, record, key_dir, where)
            return key
    return claim(conn, address, key_dir, workstation, key, where)


def claim(
    conn: Connection,
    address: ClinicAddress,
    key_dir: Path,
    workstation: str,
    key: bytes | None,
    where: str,
) -> bytes:
    """Record `key` (or a key made now, when None) as the clinic's: once, under the lock.

    One transaction holding the audit trail's lock: whoever waited finds the record the
    first one committed, and makes nothing. A key is made only while the trail is empty;
    a key brought to a trail that has entries must chain its first entry.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [KEY_LOCK])
        record = recorded(conn)
        if record is None:
            first = first_entry(conn)
            if key is None:
                if first is not None:  # a clinic database from before keys were recorded
                    raise legacy_not_held(address, key_dir)
                held = get_key(key_dir, AUDIT_KEY, create=True)
                key, where = held.value, held.where
            elif first is not None and not chains(key, first):
                raise not_the_trails(address, key_dir, where)
            conn.execute(
                "INSERT INTO clinic_audit_key (check_value, made_by, kept_at, made_at) "
                "VALUES (%s, %s, %s, %s)",
                [
                    check_value(key),
                    workstation,
                    where or "the key file it was given",
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ],
            )
            return key
    if key is None:
        raise not_held(address, record, key_dir)
    if not record.matches(key):
        raise not_the_clinics(address, record, key_dir, where)
    return key


def first_entry(conn: Connection) -> dict[str, object] | None:
    row = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq LIMIT 1").fetchone()
    return None if row is None else dict(zip(COLUMNS, row, strict=True))


def chains(key: bytes, row: dict[str, object]) -> bool:
    """Does `key` give the stored hash of this entry (the trail's first one)?"""
    stored = as_hashed(dict(row))
    expected = chain_hash(key, str(stored["prev_hash"]), canonical(stored))
    return hmac.compare_digest(expected, str(stored["hash"]))


# --- words -----------------------------------------------------------------------------------


def _where(address: ClinicAddress) -> str:
    return f"{address.database} on {address.server}"


def _carry(record: KeyRecord, key_dir: Path) -> str:
    return (
        f"On {record.made_by} (it keeps the key in {record.kept_at}) run: icorerx clinic "
        f"audit-key --export FILE. Carry FILE to this workstation and run: icorerx clinic "
        f"audit-key --import FILE --data-dir {key_dir}, then delete FILE and start iCoreRx "
        f"again. (Or copy {KEY_FILE} from that workstation's data folder into {key_dir}.)"
    )


def not_held(address: ClinicAddress, record: KeyRecord, key_dir: Path) -> ClinicError:
    return ClinicError(
        f"This workstation does not hold the audit key of the clinic database "
        f"{_where(address)}. Every desk of the clinic uses the one key that {record.made_by} "
        f"made on {record.made_at[:10]} (check value {shown(record.check)}); a new one is "
        "not made, since the desks would then read each other's entries as broken.",
        _carry(record, key_dir),
    )


def not_the_clinics(
    address: ClinicAddress, record: KeyRecord, key_dir: Path, where: str
) -> ClinicError:
    held = f" ({where})" if where else ""
    return ClinicError(
        f"The audit key on this workstation{held} is not the clinic's: the clinic database "
        f"{_where(address)} uses the key that {record.made_by} made on {record.made_at[:10]} "
        f"(check value {shown(record.check)}). Nothing was read or written with this one.",
        f"Keep a copy of this workstation's key, then move it out of {key_dir} (or out of the "
        f"OS keyring entry {AUDIT_KEY.service}) and put the clinic's key here. "
        + _carry(record, key_dir),
    )


def not_the_trails(address: ClinicAddress, key_dir: Path, where: str) -> ClinicError:
    held = f" ({where})" if where else ""
    return ClinicError(
        f"The audit key on this workstation{held} is not the key the audit trail of the "
        f"clinic database {_where(address)} is chained with. Nothing was read or written "
        "with it.",
        f"Put the clinic's audit key in {key_dir}: copy {KEY_FILE} from the data folder of "
        "the clinic's first workstation, or from the clinic's backups (icorerx clinic "
        "audit-key --import FILE does it and checks it), then start iCoreRx again.",
    )


def legacy_not_held(address: ClinicAddress, key_dir: Path) -> ClinicError:
    return ClinicError(
        f"This workstation does not hold the audit key of the clinic database "
        f"{_where(address)}, whose audit trail already has entries.",
        f"Copy {KEY_FILE} from the data folder of the clinic's first workstation (or from the "
        f"clinic's backups) into {key_dir} (icorerx clinic audit-key --import FILE does it "
        "and checks it), then start iCoreRx again.",
    )
