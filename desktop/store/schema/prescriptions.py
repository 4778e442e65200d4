"""The prescriptions table (schema v2, rebuilt in v7) and the triggers that guard it.

A signature covers exactly what the doctor saw, so the database itself refuses to change
or delete a prescription once it has left 'pending' (see `desktop.store.prescriptions`).
"""

from __future__ import annotations

import sqlite_utils

KEYS_TABLE = """CREATE TABLE rx_signing_keys (
    fingerprint TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    added_at TEXT NOT NULL,
    seal TEXT NOT NULL
)"""
"""The practice's public signing keys (migration 7; `store.rx_keys` reads and adds them)."""


_V2_COLUMNS = (
    "id, patient_id, medication_id, medication_name, strength, form, route, schedule, sig, "
    "quantity, refills, status, prepared_by, prepared_at, signed_by, signed_at, token_serial"
)
_SIGNATURE_COLUMNS = "prescriber_name, prescriber_dea, content_hash, signature, key_fingerprint"
COLUMNS = f"{_V2_COLUMNS}, {_SIGNATURE_COLUMNS}"
"""Every column of a prescription row, its signature included."""


def _unchanged(columns: str) -> str:
    names = [column.strip() for column in columns.split(",") if column.strip() != "status"]
    return " AND ".join(f"NEW.{c} IS OLD.{c}" for c in names)


def _table(name: str, id_column: str, signature_columns: str = "") -> str:
    """The prescriptions table as v2 made it, or v7 (AUTOINCREMENT ids and the signature)."""
    return f"""CREATE TABLE {name} (
    id {id_column},
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    medication_id TEXT NOT NULL,
    medication_name TEXT NOT NULL,
    strength TEXT NOT NULL,
    form TEXT NOT NULL,
    route TEXT NOT NULL,
    schedule TEXT CHECK (schedule IS NULL OR schedule IN ('II', 'III', 'IV', 'V')),
    sig TEXT NOT NULL CHECK (length(trim(sig)) BETWEEN 3 AND 500),
    quantity TEXT NOT NULL,
    refills INTEGER NOT NULL CHECK (refills BETWEEN 0 AND 11),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'signed', 'sent', 'voided')),
    prepared_by TEXT NOT NULL,
    prepared_at TEXT NOT NULL,
    signed_by TEXT,
    signed_at TEXT,
    token_serial TEXT,{signature_columns}
    CHECK (schedule IS NOT 'II' OR refills = 0),
    CHECK (schedule NOT IN ('III', 'IV') OR refills <= 5),
    CHECK (status NOT IN ('signed', 'sent') OR (signed_by IS NOT NULL AND signed_at IS NOT NULL)),
    CHECK (status NOT IN ('signed', 'sent') OR schedule IS NULL OR token_serial IS NOT NULL)
)"""


def _guards(columns: str) -> list[str]:
    """The index and the triggers both versions share. `columns` are those the one step a
    signed row may take ('signed' -> 'sent') must leave as they were."""
    return [
        "CREATE INDEX prescriptions_by_patient ON prescriptions (patient_id, status)",
        f"""CREATE TRIGGER prescriptions_signed_are_immutable
        BEFORE UPDATE ON prescriptions
        WHEN OLD.status != 'pending'
            AND NOT (OLD.status = 'signed' AND NEW.status = 'sent' AND {_unchanged(columns)})
        BEGIN
            SELECT RAISE(ABORT, 'a signed prescription cannot be changed');
        END""",
        """CREATE TRIGGER prescriptions_sent_only_when_signed
        BEFORE UPDATE OF status ON prescriptions
        WHEN NEW.status = 'sent' AND OLD.status != 'signed'
        BEGIN
            SELECT RAISE(ABORT, 'unsigned prescriptions are never marked sent');
        END""",
        """CREATE TRIGGER prescriptions_signed_are_kept
        BEFORE DELETE ON prescriptions
        WHEN OLD.status != 'pending'
        BEGIN
            SELECT RAISE(ABORT, 'a signed prescription cannot be deleted');
        END""",
    ]


def migrate_prescriptions(db: sqlite_utils.Database) -> None:
    """Schema v2: the prescriptions table and the triggers that keep signatures honest."""
    statements = [_table("prescriptions", "INTEGER PRIMARY KEY"), *_guards(_V2_COLUMNS)]
    db.executescript("".join(f"{statement};\n" for statement in statements))


_V7_TABLE = _table(
    "prescriptions_v7",
    "INTEGER PRIMARY KEY AUTOINCREMENT",
    "".join(f"\n    {column.strip()} TEXT," for column in _SIGNATURE_COLUMNS.split(",")),
)

_V7_AFTER = [
    *_guards(COLUMNS),
    """CREATE TRIGGER prescriptions_added_as_pending
    BEFORE INSERT ON prescriptions
    WHEN NEW.status != 'pending' OR NEW.signature IS NOT NULL
    BEGIN
        SELECT RAISE(ABORT, 'a prescription is added as pending, and signed only by signing');
    END""",
    """CREATE TRIGGER prescriptions_signed_with_a_signature
    BEFORE UPDATE OF status ON prescriptions
    WHEN OLD.status = 'pending' AND NEW.status = 'signed'
        AND (NEW.signature IS NULL OR NEW.key_fingerprint IS NULL OR NEW.content_hash IS NULL
             OR NEW.prescriber_name IS NULL)
    BEGIN
        SELECT RAISE(ABORT, 'a prescription is signed only with its signature');
    END""",
]


def migrate_prescriptions_v7(db: sqlite_utils.Database) -> None:
    """Schema v7: ids never reused (AUTOINCREMENT), each signature archived with its row.

    The table is rebuilt (SQLite cannot add AUTOINCREMENT in place), its rows copied with
    their ids, so the sequence starts above the highest id kept. Rows signed before this
    version have no signature; `rx verify` vouches for them by their SIGNED audit entry.
    """
    conn = db.conn
    conn.execute(_V7_TABLE)
    conn.execute(
        f"INSERT INTO prescriptions_v7 ({_V2_COLUMNS}) SELECT {_V2_COLUMNS} FROM prescriptions"
    )
    conn.execute("DROP TABLE prescriptions")
    conn.execute("ALTER TABLE prescriptions_v7 RENAME TO prescriptions")
    for statement in _V7_AFTER:
        conn.execute(statement)
    conn.execute(KEYS_TABLE)
