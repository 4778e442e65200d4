"""The audit chain's HMAC key: kept beside the database (or in the OS keyring), never in it."""

from __future__ import annotations

from pathlib import Path

from desktop.keys import KeySpec, KeyStore, get_key

KEY_FILE = "audit.key"
KEY_BYTES = 32


def audit_key(data_dir: Path, *, create: bool = True, store: KeyStore = "auto") -> bytes:
    """The chain's HMAC key of a data dir, created only if `create`.

    It is kept out of the database (in the OS keyring where the data dir's keys are
    recorded to be there, else in the owner-only `audit.key`: see `desktop.keys`) so
    that whoever can edit the database file cannot also re-chain it. Back it up with the
    database: without it the log cannot be checked. Pass `create=False` once the log
    holds entries: a new key would make every entry read as tampered, so a missing,
    short or unreadable key raises `StartupError` instead.
    """
    return get_key(data_dir, AUDIT_KEY, create=create, store=store).value


_RESTORE_KEY = (
    f"Restore {KEY_FILE} from the backup of this data folder (it is backed up together with "
    "icorerx.sqlite; or the OS keyring entry icorerx-audit, when the keys are kept there), "
    "then start iCoreRx again. A new key cannot stand in for it: every entry would then read "
    "as tampered."
)

AUDIT_KEY = KeySpec(
    name="audit",
    what="The audit log's key",
    depends="the audit log already holds entries",
    restore=_RESTORE_KEY,
    size=KEY_BYTES,
    file_name=KEY_FILE,
)
