"""The secrets a data folder depends on, and the one place that keeps them.

A folder's keys (the audit chain's HMAC key, the seed key, the prescription signing key)
are kept in the OS keyring where a real one is usable, else each in an owner-only file
in the folder. Which of the two is chosen ONCE per folder, the first time any of its keys
is made, and written to `keys.json` (owner-only) beside them; every later key of that
folder, and every later run, follows the record. So a run without a keyring that made
`seed.key` is never followed by a run with a keyring that makes a second key there and
orphans every stored seed. Folders from before the record keep their key files ("file").

A key is made only when the caller says nothing depends on it yet (`create=True`): once
data is sealed, chained or signed with it, a missing key raises `StartupError` naming
where it was kept and saying to restore it. Nothing is ever moved between the two stores.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from desktop.domain.errors import StartupError, UserFacingError, startup_error
from desktop.key_files import missing, owner_only, read_key_file

log = logging.getLogger(__name__)

RECORD_FILE = "keys.json"
KeyStore = Literal["auto", "keyring", "file"]
Kept = Literal["keyring", "file"]


@dataclass(frozen=True)
class KeySpec:
    """One named secret of a folder, and the words for it when it is lost."""

    name: str
    """Short and stable: the key file is `<name>.key` unless `file_name` says otherwise."""
    what: str
    """'The audit log's key': starts the sentences that name it."""
    depends: str
    """What would be lost without it: 'the audit log already holds entries'."""
    restore: str
    """What to do when it is lost, in words for the clinic's IT person."""
    size: int = 32
    file_name: str = ""
    keyring_service: str = ""

    @property
    def file(self) -> str:
        return self.file_name or f"{self.name}.key"

    @property
    def service(self) -> str:
        return self.keyring_service or f"icorerx-{self.name}"


@dataclass(frozen=True)
class HeldKey:
    value: bytes
    where: str
    """Where the key is kept, for the self-test and the IT person: never the key."""


class NoKeyring(UserFacingError):
    """Settings ask for the OS keyring, and there is none usable on this workstation."""

    code = "no_keyring"

    def __init__(self) -> None:
        super().__init__(
            "No OS keyring is available to keep the keys of this data folder.",
            'Set "key_store": "file" in settings.json to keep them in owner-only files instead.',
        )


def keyring_account(folder: Path) -> str:
    """The keyring entry's account: one per folder, the path itself never shown."""
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]


def keyring_usable() -> bool:
    """A real keyring backend (not the 'fail' one, nor one of too low a priority)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) >= 1
    except Exception:  # noqa: BLE001 - any keyring trouble means: not usable
        return False


def recorded_store(folder: Path) -> Kept | None:
    """The store recorded for `folder`, or None when none is recorded yet."""
    path = folder / RECORD_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StartupError(
            f"The record of where the keys of {folder} are kept ({path}) cannot be read "
            f"({exc.strerror or exc}).",
            "Make it readable for the user who runs iCoreRx.",
            path=path,
        ) from exc
    try:
        kept = json.loads(text).get("store")
    except (ValueError, AttributeError):
        kept = None
    if kept not in ("keyring", "file"):
        raise StartupError(
            f"The record of where the keys of {folder} are kept ({path}) is damaged.",
            f"Restore {RECORD_FILE} from the backup of this data folder, or write "
            '{"store": "file"} into it if the keys are the .key files beside it, '
            '{"store": "keyring"} if they are in the OS keyring.',
            path=path,
        )
    owner_only(path)
    return "keyring" if kept == "keyring" else "file"


def get_key(
    folder: Path,
    spec: KeySpec,
    *,
    create: bool,
    store: KeyStore = "auto",
    value: bytes | None = None,
) -> HeldKey:
    """The key `spec` of `folder`; made (in the folder's recorded store) only if `create`.

    `store` is the setting: "auto" follows the record (or, for a new folder, picks the
    keyring when one is usable); "keyring" or "file" force the choice for a new folder
    and must agree with the record of an existing one. `value`: the key to keep when one
    is made, instead of new random bytes (a key brought from elsewhere, e.g. the clinic's
    audit key); a key already there is returned as it is, whatever `value` says.
    """
    if value is not None and len(value) != spec.size:
        raise ValueError(f"{spec.name} keys are {spec.size} bytes")
    kept = recorded_store(folder)
    if kept is None:
        kept = _legacy_store(folder)
        if kept is not None:
            _record(folder, kept, quiet=True)  # what was already there: no key is moved
    if kept is not None and store != "auto" and store != kept:
        raise StartupError(
            f"The keys of {folder} are kept in "
            f"{'the OS keyring' if kept == 'keyring' else 'owner-only files'}, but "
            f'settings.json asks for "key_store": "{store}".',
            f'Set "key_store" to "{kept}" (or "auto"). Keys are never moved by themselves: '
            "stored data would become unreadable.",
            path=folder / RECORD_FILE,
        )
    if kept is None:
        if not create:
            raise missing(folder, spec, None)
        if store != "file" and keyring_usable():
            made = _first_in_keyring(folder, spec, value)
            if made is not None:
                if _record(folder, "keyring") == "keyring":
                    return _from_keyring(folder, spec, create=False)
                _forget(folder, spec)  # another process chose files a moment ago
        if store == "keyring" and recorded_store(folder) is None:
            raise NoKeyring()
        kept = _record(folder, "file")
    if kept == "keyring":
        return _from_keyring(folder, spec, create=create, value=value)
    path = folder / spec.file
    return HeldKey(read_key_file(path, spec, create=create, value=value), f"key file {path}")


def _first_in_keyring(folder: Path, spec: KeySpec, value: bytes | None = None) -> bytes | None:
    """The folder's first key, written to the keyring and read back; None if it would not take.

    A backend can look usable and still refuse (a locked collection, no session bus behind
    it): then the folder keeps its keys in files, chosen and recorded as such.
    """
    value = value or secrets.token_bytes(spec.size)
    try:
        import keyring

        account = keyring_account(folder)
        keyring.set_password(spec.service, account, base64.b64encode(value).decode())
        if keyring.get_password(spec.service, account) == base64.b64encode(value).decode():
            return value
    except Exception as exc:  # noqa: BLE001 - any keyring trouble means: use files
        log.info("OS keyring not usable for the keys of %s (%s)", folder, type(exc).__name__)
    return None


def _forget(folder: Path, spec: KeySpec) -> None:
    with contextlib.suppress(Exception):
        import keyring

        keyring.delete_password(spec.service, keyring_account(folder))


def _legacy_store(folder: Path) -> Kept | None:
    """Where a folder from before the record keeps its keys, when it has any."""
    if any(folder.glob("*.key")):
        return "file"
    if keyring_usable():
        try:
            import keyring

            account = keyring_account(folder)
            for service in (SEED_KEYRING_SERVICE, "icorerx-audit", "icorerx-rx-signing"):
                if keyring.get_password(service, account) is not None:
                    return "keyring"
        except Exception:  # noqa: BLE001 - an unreadable keyring holds nothing we can use
            return None
    return None


def _record(folder: Path, kept: Kept, *, quiet: bool = False) -> Kept:
    """Write the record once (owner-only, whole or not at all); return what is recorded.

    Two processes choosing at once both link their file in: the first wins, the second
    reads its choice.
    """
    path = folder / RECORD_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _temp(folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"store": kept, "version": 1}, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        if quiet:
            log.warning("could not record where the keys of %s are kept: %s", folder, exc)
            return kept
        raise startup_error(path, exc) from exc
    return recorded_store(folder) or kept


def _temp(folder: Path) -> tuple[int, str]:
    name = str(folder / f".{RECORD_FILE}.{secrets.token_hex(6)}.tmp")
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name


def _from_keyring(
    folder: Path, spec: KeySpec, *, create: bool, value: bytes | None = None
) -> HeldKey:
    if not keyring_usable():
        raise StartupError(
            f"The keys of {folder} are kept in the OS keyring, and no keyring can be reached now.",
            "Start iCoreRx in the desktop session of the user whose keyring holds them (and "
            "unlock the keyring if asked). The keys are not made again elsewhere: stored data "
            "would become unreadable.",
            path=folder,
        )
    import keyring

    account = keyring_account(folder)
    backend = type(keyring.get_keyring()).__name__
    try:
        stored = keyring.get_password(spec.service, account)
        if stored is None:
            if not create:
                raise missing(folder, spec, "keyring")
            made = value or secrets.token_bytes(spec.size)
            keyring.set_password(spec.service, account, base64.b64encode(made).decode())
            stored = keyring.get_password(spec.service, account)  # another process may have won
    except StartupError:
        raise
    except Exception as exc:  # noqa: BLE001 - a locked or broken keyring, in words
        raise StartupError(
            f"{spec.what} cannot be read from the OS keyring ({type(exc).__name__}).",
            "Unlock the keyring of this desktop session, then start iCoreRx again.",
            path=folder,
        ) from exc
    try:
        held = base64.b64decode(stored or "", validate=True)
    except ValueError:
        held = b""
    if len(held) != spec.size:
        raise StartupError(
            f"{spec.what} in the OS keyring (entry {spec.service}) is damaged.",
            spec.restore,
            path=folder,
        )
    return HeldKey(held, f"OS keyring ({backend})")


SEED_KEYRING_SERVICE = "icorerx-identity-seeds"
