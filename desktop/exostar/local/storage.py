"""The identity service's own SQLite file and keys: opening them, and checking they match."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from desktop.domain.errors import StartupError, startup_error
from desktop.domain.otp import DEFAULT_POLICY, OtpPolicy
from desktop.domain.waits import Waits
from desktop.exostar.base import AdapterError, new_lane
from desktop.exostar.local.clock import SYSTEM_CLOCK, Clock
from desktop.exostar.local.codekey import code_key
from desktop.exostar.local.delivery import DeliveryChannel
from desktop.exostar.local.outbox import OutboxChannel, PhoneInbox
from desktop.exostar.local.phone_codes import PhoneCodePolicy, PhoneCodes
from desktop.exostar.local.schema import MIGRATIONS
from desktop.exostar.local.seedvault import KeyStore, SeedVault, open_vault
from desktop.exostar.local.tokens import TokenBook
from desktop.store.migrations import migrate, refused_opening

DB_FILE = "identity.sqlite"


def open_database(folder: Path) -> sqlite_utils.Database:
    """The migrated database; a file that cannot be opened raises `StartupError` naming it."""
    path = folder / DB_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
    except (OSError, sqlite3.Error) as exc:
        raise startup_error(path, exc) from exc
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        # A delivered code's text is overwritten, not left in a free page.
        db.execute("PRAGMA secure_delete = ON")
        migrate(db, MIGRATIONS, "identity service")
    except BaseException as exc:
        db.close()
        said = refused_opening(path, exc)
        if said is exc:
            raise
        raise said from exc
    return db


def check_seed_key(db: sqlite_utils.Database, folder: Path, vault: Callable[[], SeedVault]) -> None:
    """When seeds are stored, check that the seed key opens them.

    One row that no longer opens is a tampered row, reported when that token is used; a
    key that opens none is the wrong key (`StartupError`).
    """
    rows = list(db.execute("SELECT serial, sealed_key FROM seeds").fetchall())
    if not rows:
        return
    opened = vault()
    for serial, sealed in rows:
        try:
            opened.open(str(serial), bytes(sealed))
        except AdapterError:
            continue
        return
    raise StartupError(
        f"The seed key ({opened.where}) does not open any of the {len(rows)} token seeds in "
        f"{folder / DB_FILE}: it is not the key they were sealed with.",
        "Restore the seed key from the backup of this data folder, together with "
        "identity.sqlite, then start iCoreRx again.",
        path=folder / DB_FILE,
    )


class IdentityStorage:
    """The service's file, keys and delivery channel, each opened on first use.

    The connection is opened lazily on the first call, which arrives on the lane, so it
    belongs to the lane's thread for its whole life.
    """

    def __init__(
        self,
        folder: Path,
        *,
        key_store: KeyStore = "auto",
        delivery: DeliveryChannel | None = None,
        clock: Clock = SYSTEM_CLOCK,
        otp_policy: OtpPolicy = DEFAULT_POLICY,
        phone_policy: PhoneCodePolicy | None = None,
        monotonic: Clock = time.monotonic,
    ) -> None:
        self.folder = folder
        self.lane = new_lane("identity")
        self.clock = clock
        self.waits = Waits(lambda: self.clock(), monotonic)
        """Resend waits, pauses, code and grant lifetimes: never longer than they are."""
        self._key_store: KeyStore = key_store
        self._delivery = delivery
        self._otp_policy = otp_policy
        self._phone_policy = phone_policy or PhoneCodePolicy()
        self._db: sqlite_utils.Database | None = None
        self._vault: SeedVault | None = None
        self._code_key: bytes | None = None
        self._inbox = PhoneInbox()

    @property
    def db(self) -> sqlite_utils.Database:
        """Opened on first use; a file that cannot be opened raises `StartupError` naming it."""
        if self._db is None:
            self._db = open_database(self.folder)
        return self._db

    @property
    def vault(self) -> SeedVault:
        """The seed key; made only while no seed is stored, so stored seeds never lose theirs."""
        if self._vault is None:
            seeds = self.db.table("seeds").count
            self._vault = open_vault(self.folder, self._key_store, create=not seeds)
        return self._vault

    def holdings(self) -> dict[str, int]:
        """How many accounts, tokens and seeds it keeps; {} when it has no database file yet.

        Never creates one: the application asks this at start-up to tell a fresh data
        folder from one whose application database was lost.
        """
        if self._db is None and not (self.folder / DB_FILE).exists():
            return {}
        return {table: self.db.table(table).count for table in ("accounts", "tokens", "seeds")}

    def check_storage(self) -> None:
        """Open the database and, when seeds are stored, check that the seed key opens them.

        Run at start-up so a damaged file or a lost key stops the application with words
        (`StartupError`), not at the doctor's first token sync.
        """
        check_seed_key(self.db, self.folder, lambda: self.vault)

    @property
    def delivery(self) -> DeliveryChannel:
        if self._delivery is None:
            self._delivery = OutboxChannel(lambda: self.db)
        return self._delivery

    def _tokens(self) -> TokenBook:
        return TokenBook(self.db, self.vault, self.clock, self._otp_policy)

    def _phones(self) -> PhoneCodes:
        return PhoneCodes(self.db, self.clock, self._phone_policy, self.waits, key=self.code_key)

    @property
    def code_key(self) -> bytes:
        """The key of the stored codes' and requests' keyed hashes (outside the database)."""
        if self._code_key is None:
            self._code_key = code_key(self.folder, self._key_store)
        return self._code_key

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        closer = getattr(self._delivery, "close", None)
        if callable(closer):
            closer()
