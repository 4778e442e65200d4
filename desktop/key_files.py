"""Keys kept as owner-only files in the data folder (`desktop.keys` chooses where)."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.errors import StartupError, startup_error

if TYPE_CHECKING:
    from desktop.keys import Kept, KeySpec

log = logging.getLogger("desktop.keys")  # one logger for the folder's keys, wherever kept


def missing(folder: Path, spec: KeySpec, kept: Kept | None) -> StartupError:
    path = folder / spec.file
    if kept == "keyring":
        return StartupError(
            f"{spec.what} is missing from the OS keyring (entry {spec.service}), but "
            f"{spec.depends}.",
            spec.restore,
            path=folder,
        )
    return StartupError(
        f"{spec.what} {path} is missing, but {spec.depends}.", spec.restore, path=path
    )


def read_key_file(path: Path, spec: KeySpec, *, create: bool, value: bytes | None = None) -> bytes:
    """The key in its owner-only file; made first (of `value`, else random) when `create`
    and there is none."""
    if create:
        made = _new_key_file(path, spec.size, value)
        if made is not None:
            return made
    key = b""
    try:
        owner_only(path)
        for _ in range(50):  # another process may be writing it this very moment
            key = path.read_bytes()
            if len(key) == spec.size:
                return key
            time.sleep(0.01)
    except FileNotFoundError:
        raise missing(path.parent, spec, "file") from None
    except OSError as exc:
        raise StartupError(
            f"{spec.what} {path} cannot be read ({exc.strerror or exc}).",
            f"Make it readable for the user who runs iCoreRx. If it is lost: {spec.restore}",
            path=path,
        ) from exc
    raise StartupError(
        f"{spec.what} {path} is damaged ({len(key)} bytes; a key is {spec.size}).",
        spec.restore,
        path=path,
    )


def owner_only(path: Path) -> None:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        with contextlib.suppress(OSError):  # a read-only folder: still usable, only warned
            os.chmod(path, 0o600)
        log.warning("key file %s was readable by others; now owner-only", path)


def _new_key_file(path: Path, size: int, value: bytes | None = None) -> bytes | None:
    """A new owner-only key file (of `value`, else random); None when one is there already."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as exc:
        raise startup_error(path, exc) from exc
    key = value or secrets.token_bytes(size)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:  # a full disk: leave no short key behind to be read later
        with contextlib.suppress(OSError):
            path.unlink()
        raise startup_error(path, exc) from exc
    return key
