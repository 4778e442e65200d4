"""The service account's password: in the OS keyring, else in an owner-only file."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.exostar import refusals
from desktop.exostar.privacyidea.settings import PrivacyIdeaSettings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "icorerx-privacyidea"
PASSWORD_FILE = "privacyidea-password"


def _keyring() -> Any | None:
    """The keyring module when a real OS keyring is behind it, else None."""
    try:
        import keyring
        from keyring.backends import fail

        return None if isinstance(keyring.get_keyring(), fail.Keyring) else keyring
    except Exception as exc:  # noqa: BLE001 - a broken keyring means: use the file
        log.info("OS keyring not usable for the service password (%s)", type(exc).__name__)
        return None


def read_password(data_dir: Path, settings: PrivacyIdeaSettings, options: Mapping[str, Any]) -> str:
    """The service account's password: OS keyring first, else the owner-only file."""
    keyring = _keyring()
    if keyring is not None:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, keyring_user(settings))
        except Exception as exc:  # noqa: BLE001 - a locked keyring means: look for the file
            log.info("OS keyring did not answer (%s)", type(exc).__name__)
            stored = None
        if stored:
            return str(stored)
    path = Path(options.get("password_file") or data_dir / PASSWORD_FILE).expanduser()
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise refusals.privacyidea_bad_settings(
            f"no password for the service account is stored (neither in the OS keyring nor "
            f"in {path})."
        ) from exc


def keyring_user(settings: PrivacyIdeaSettings) -> str:
    return f"{settings.service_account}@{settings.url}"


def store_password(data_dir: Path, settings: PrivacyIdeaSettings, password: str) -> str:
    """Keep the password in the OS keyring when there is a real one, else in a 0600 file."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_user(settings), password)
            return f"the OS keyring ({type(keyring.get_keyring()).__name__})"
        except Exception as exc:  # noqa: BLE001 - a locked keyring: the file below
            log.info("OS keyring did not take the password (%s)", type(exc).__name__)
    path = data_dir / PASSWORD_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password)
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return f"{path} (readable by this user only)"
