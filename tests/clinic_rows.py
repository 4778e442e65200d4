"""The rows of a desk and of the clinic database, and the import run as the command line runs it."""

from __future__ import annotations

import sqlite3

from desktop.cli import main
from desktop.clinic import import_source


def run_import(desk, workstation, capsys):
    code = main(["clinic", "import-local", str(desk), "--data-dir", str(workstation)])
    said = capsys.readouterr()
    return code, said.out, said.err


def desk_rows(desk):
    db = sqlite3.connect(desk / "icorerx.sqlite")
    try:
        tables = {}
        for table, key in import_source.TABLES.items():
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY {key}")
            columns = [c[0] for c in cursor.description]
            tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
        return tables
    finally:
        db.close()


def clinic_rows(conn):
    tables = {}
    for table, key in import_source.TABLES.items():
        order = f'{key} COLLATE "C"' if key in ("username", "fingerprint") else key
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
        columns = [c.name for c in cursor.description]
        tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
    return tables


def clinic_counts(conn):
    tables = [*import_source.TABLES, "clinic_imports"]
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def assert_clinic_empty(conn):
    assert set(clinic_counts(conn).values()) == {0}


def trigger_state(conn, name="prescriptions_signed_with_a_signature"):
    return conn.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [name]).fetchone()[0]
