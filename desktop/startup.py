"""Start-up checks of a data dir: nothing that was lost is silently started over.

A fresh data dir opens first-run setup, or gets demo data when asked for (`icorerx --demo`,
see `composition.Application.open`). A data dir whose
`icorerx.sqlite` is missing or empty while the files that went with it are still there
(the audit key and anchor, the embedded identity service's accounts and token seeds) lost its
database: starting over there would begin a new audit log that reports itself intact
beside a history it no longer has. That is refused, naming what is missing and what is
still there.
"""

from __future__ import annotations

from pathlib import Path

from desktop.config import Paths, Settings
from desktop.domain.errors import StartupError
from desktop.store.audit_anchor import HEAD_FILE
from desktop.store.audit_key import KEY_FILE as AUDIT_KEY_FILE
from desktop.store.database import open_app_store


def check_nothing_lost(paths: Paths, settings: Settings) -> None:
    """Raise `StartupError` when the application database is missing or empty beside data."""
    if settings.clinic_url:  # the records are in the clinic database, not in a file here
        return
    state = _app_database_state(paths.app_db)
    if state is None:
        return
    left = _what_is_still_there(paths, settings)
    if not left:
        return
    raise StartupError(
        f"The application database {paths.app_db} is {state}, but this data folder still holds "
        f"{_listed(left)}. Starting now would begin a new, empty database and a new audit log "
        "beside them.",
        f"Restore {paths.app_db.name} from the backup of this data folder (with the files "
        "beside it), then start iCoreRx again. If this workstation is meant to start over, "
        "move the whole folder aside first.",
        path=paths.app_db,
    )


def _app_database_state(path: Path) -> str | None:
    """'missing' or 'empty (...)' when the database holds nothing; None when it holds data."""
    if not path.exists():
        return "missing"
    store = open_app_store(path)
    try:
        if store.count_users() or store.count_audit_entries():
            return None
    finally:
        store.close()
    return "empty (no users, no audit entries)"


def _what_is_still_there(paths: Paths, settings: Settings) -> list[str]:
    left: list[str] = []
    key = paths.data_dir / AUDIT_KEY_FILE
    if key.exists():
        left.append(f"the audit log's key {key}")
    head = paths.data_dir / HEAD_FILE
    if head.exists():
        left.append(f"the audit log's anchor {head}")
    if settings.adapter == "local":
        from desktop.exostar.local import create_adapter
        from desktop.exostar.local.storage import DB_FILE

        identity = create_adapter(paths.data_dir, settings.adapter_options)
        try:
            counts = identity.lane.submit(identity.holdings).result()
        finally:
            identity.lane.submit(identity.close).result()
            identity.lane.shutdown()
        held = [f"{n} {_noun(table, n)}" for table, n in counts.items() if n]
        if held:
            where = identity.folder / DB_FILE
            left.append(f"the identity service's {where} ({', '.join(held)})")
    return left


def _noun(table: str, n: int) -> str:
    singular = {"accounts": "account", "tokens": "token", "seeds": "token seed"}[table]
    return singular if n == 1 else f"{singular}s"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
