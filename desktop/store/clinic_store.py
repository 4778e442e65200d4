"""The stores on the clinic's PostgreSQL database: `open_clinic_store`.

The same `AppStore` a single desk opens on its SQLite file, with `PostgresSql` under it.
The schema is the clinic's (`desktop.clinic.schema`, made by `icorerx clinic connect`);
this only opens it, and refuses a database whose schema is missing, older or newer than
this version knows, saying what to run. The audit chain is keyed with the clinic's
audit key (the key of the desk moved in with `icorerx clinic import-local`, kept with
the clinic's backups); its head is anchored by the identity service's checkpoint, not by
a file beside one desk's data. The prescription signing key is this workstation's, kept
in `key_dir` like a single desk's: each desk's public key is sealed into
`rx_signing_keys`, so every desk's signatures check from any desk.
"""

from __future__ import annotations

import socket
from pathlib import Path

from desktop.clinic.schema import SCHEMA_VERSION, current_version
from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError
from desktop.store.database import AppStore
from desktop.store.sql_postgres import PostgresSql

RUN_CONNECT = "Run icorerx clinic connect on this workstation (it prepares the database)."


def open_clinic_store(
    address: ClinicAddress,
    password: str,
    *,
    audit_key: bytes,
    key_dir: Path,
    workstation: str | None = None,
    ca_file: Path | None = None,
) -> AppStore:
    """An `AppStore` on the clinic database, or `ClinicError` saying what to fix."""
    conn = open_connection(address, password, ca_file=ca_file)
    try:
        conn.autocommit = True  # each statement outside a store's transaction commits alone
        version = current_version(conn)
        if version != SCHEMA_VERSION:
            older = version < SCHEMA_VERSION
            raise ClinicError(
                f"The clinic database {address.database} on {address.server} has schema "
                f"{version}; this version of iCoreRx works with schema {SCHEMA_VERSION}.",
                RUN_CONNECT if older else "Update iCoreRx on this workstation.",
            )
        return AppStore(
            PostgresSql(conn),
            audit_key,
            workstation=workstation or socket.gethostname(),
            key_dir=key_dir,
        )
    except BaseException:
        conn.close()
        raise
