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

Where the clinic's audit key comes from, when the caller does not pass it: the
workstation's own key store (`desktop.keys`, the data folder's `audit.key` or the OS
keyring). It is created there only while the clinic's audit trail is empty and no key is
recorded (the clinic's first workstation), and recorded in the same transaction, so two
first workstations cannot each make one; every other workstation gets it from the
clinic's IT person (`icorerx clinic audit-key`). Whichever key is used, passed or kept, is
checked against the clinic's record before the store opens (`desktop.clinic.audit_key`).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from desktop.clinic.audit_key import clinic_key
from desktop.clinic.schema import require_current
from desktop.clinic.server import open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError
from desktop.store.database import AppStore
from desktop.store.server_away import ClinicServerAway
from desktop.store.sql_postgres import PgConnection, PostgresSql

RUN_CONNECT = "Run icorerx clinic connect on this workstation (it prepares the database)."
RECONNECT_TIMEOUT_S = 5
"""How long a call waits for the server to answer a new connection once the first was lost:
the lane waits with it, so a save after a cable is pulled says so in seconds."""


def open_clinic_store(
    address: ClinicAddress,
    password: str,
    *,
    audit_key: bytes | None = None,
    key_dir: Path,
    workstation: str | None = None,
    ca_file: Path | None = None,
) -> AppStore:
    """An `AppStore` on the clinic database, or `ClinicError` saying what to fix.

    Without `audit_key`, the clinic's audit key is the one kept for `key_dir` (see above).
    """
    conn = open_connection(address, password, ca_file=ca_file)
    try:
        conn.autocommit = True  # each statement outside a store's transaction commits alone
        require_current(conn, f"{address.database} on {address.server}")
        name = workstation or socket.gethostname()
        key = clinic_key(conn, address, key_dir, name, key=audit_key)
        return AppStore(
            PostgresSql(conn, reconnector(address, password, ca_file)),
            key,
            workstation=name,
            key_dir=key_dir,
        )
    except BaseException:
        conn.close()
        raise


def reconnector(
    address: ClinicAddress, password: str, ca_file: Path | None
) -> Callable[[], PgConnection]:
    """Opens the connection again as it was first opened (address, password, CA), for a
    store whose connection the network or a server restart took away."""

    def reconnect() -> PgConnection:
        try:
            conn = open_connection(
                address, password, ca_file=ca_file, timeout_s=RECONNECT_TIMEOUT_S
            )
        except ClinicError as exc:
            raise ClinicServerAway(detail=f"{exc.message} {exc.next_step}") from exc
        try:
            conn.autocommit = True
            require_current(conn, f"{address.database} on {address.server}")
        except BaseException:
            conn.close()
            raise
        return conn

    return reconnect
