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
from desktop.clinic.settings import ClinicSettings
from desktop.config import Settings
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
