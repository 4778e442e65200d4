"""The clinic database's password: in the OS keyring when there is one, else an owner-only file.

Whether the keyring is usable is decided the way the data folder's keys decide it
(`desktop.keys.keyring_usable`); the file lives in the data folder, which is the user's
alone (`desktop.filemodes`), and is written whole or not at all.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from desktop.clinic.settings import ClinicAddress, ClinicError
from desktop.filemodes import FILE_MODE, private_dir, private_file
from desktop.keys import keyring_usable

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-clinic-database"
PASSWORD_FILE = "clinic-password"


def keyring_user(address: ClinicAddress) -> str:
    """One keyring entry per role and database: the address, which holds no secret."""
    return address.url


def store_password(data_dir: Path, address: ClinicAddress, password: str) -> str:
    """Keep the password; return where it is kept, in words for the IT person."""
    if keyring_usable():
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, keyring_user(address), password)
            if keyring.get_password(KEYRING_SERVICE, keyring_user(address)) == password:
                return f"the OS keyring ({type(keyring.get_keyring()).__name__})"
        except Exception as exc:  # noqa: BLE001 - a locked keyring: the file below
            log.info("OS keyring did not take the clinic password (%s)", type(exc).__name__)
    path = data_dir / PASSWORD_FILE
    tmp = path.with_name(f".{PASSWORD_FILE}.tmp")
    try:
        private_dir(data_dir)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password)
            handle.flush()
            os.fsync(handle.fileno())
        private_file(tmp)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ClinicError(
            f"The clinic database's password could not be kept in {path} ({exc.strerror or exc}).",
            "Free some space or make the data folder writable for this user, then run "
            "icorerx clinic connect again.",
        ) from exc
    return f"{path} (readable by this user only)"


def read_password(data_dir: Path, address: ClinicAddress) -> str:
    """The kept password: the OS keyring first, else the owner-only file."""
    if keyring_usable():
        try:
            import keyring

            stored = keyring.get_password(KEYRING_SERVICE, keyring_user(address))
        except Exception as exc:  # noqa: BLE001 - a locked keyring means: look for the file
            log.info("OS keyring did not answer (%s)", type(exc).__name__)
            stored = None
        if stored:
            return str(stored)
    path = data_dir / PASSWORD_FILE
    try:
        private_file(path)
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClinicError(
            f"No password for the clinic database {address} is kept on this workstation "
            f"(neither in the OS keyring nor in {path}).",
            "Run icorerx clinic connect again to enter it.",
        ) from exc
