"""A workstation connected to the clinic database (`icorerx clinic connect`) opens its
stores there: `open_desk_store`, which the composition root calls instead of opening the
desk's own SQLite file.

What it takes from the data folder: the address and CA (settings.json), the password
(`password.py`: the OS keyring, else the owner-only file), and the clinic's audit key
(this workstation's key store, see `desktop.store.clinic_store`). A clinic shares one
identity service too: settings.json with a `clinic_url` is refused unless its identity
service is privacyIDEA (`desktop.config`), before anything here runs.
"""

from __future__ import annotations

from pathlib import Path

from desktop.clinic.password import read_password
from desktop.clinic.server import Connection, open_connection
from desktop.clinic.settings import ClinicSettings
from desktop.config import Settings
from desktop.store.change_feed import ChangeFeed
from desktop.store.clinic_store import open_clinic_store
from desktop.store.database import AppStore


def open_desk_store(data_dir: Path, settings: Settings, clinic: ClinicSettings) -> AppStore:
    """The `AppStore` on the clinic database, or `ClinicError` saying what to fix."""
    address = clinic.address
    return open_clinic_store(
        address,
        read_password(data_dir, address),
        key_dir=data_dir,
        workstation=settings.workstation or None,
        ca_file=clinic.ca_path,
    )


FEED_CONNECT_S = 3
"""How long the change feed waits for the server before it tries again: it retries alone."""


def desk_change_feed(data_dir: Path, clinic: ClinicSettings) -> ChangeFeed:
    """The change feed of this workstation's clinic database, not yet started.

    The password is read on the feed's thread when it first connects (the OS keyring
    may be slow), and kept for its reconnects.
    """
    address = clinic.address
    known: list[str] = []

    def connect() -> Connection:
        if not known:
            known.append(read_password(data_dir, address))
        return open_connection(address, known[0], ca_file=clinic.ca_path, timeout_s=FEED_CONNECT_S)

    return ChangeFeed(connect)
