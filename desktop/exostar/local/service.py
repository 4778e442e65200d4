"""The local identity service: its own SQLite file, never shared with the application.

The connection is opened lazily on the first call, which arrives on the lane, so it
belongs to the lane's thread for its whole life.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from desktop.domain.models import Phone, PhoneChannel, TokenInfo, TokenKind, TokenStatus
from desktop.exostar.base import AdapterError, UnknownAccount, new_lane
from desktop.store.migrations import migrate


def _v1_accounts_phones_tokens(db: sqlite_utils.Database) -> None:
    db.table("accounts").create(
        {"id": str, "display_name": str, "created_at": str}, pk="id", not_null={"display_name"}
    )
    db.table("phones").create(
        {"id": str, "account": str, "number": str, "channels": str, "created_at": str},
        pk="id",
        foreign_keys=[("account", "accounts", "id")],
        not_null={"account", "number", "channels"},
    )
    db.table("tokens").create(
        {
            "serial": str,
            "account": str,
            "kind": str,
            "algorithm": str,
            "digits": int,
            "step": int,
            "counter": int,
            "drift": int,
            "last_used_step": int,
            "status": str,
            "fail_count": int,
            "bound_at": str,
            "last_used_at": str,
        },
        pk="serial",
        foreign_keys=[("account", "accounts", "id")],
        not_null={"kind", "status"},
        defaults={"counter": 0, "drift": 0, "fail_count": 0, "digits": 6, "step": 30},
    )
    db.table("tokens").create_index(["account"])


MIGRATIONS = [_v1_accounts_phones_tokens]


class LocalIdentityService:
    """Accounts, phones and tokens kept in `<data dir>/identity/identity.sqlite`."""

    name = "local"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lane = new_lane("identity")
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(self.folder / "identity.sqlite")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            migrate(db, MIGRATIONS, "identity service")
            self._db = db
        return self._db

    # IdentityService ---------------------------------------------------
    def check_health(self) -> str:
        try:
            accounts = self.db.table("accounts").count
        except Exception as exc:  # noqa: BLE001 - any storage failure reads the same to a user
            raise AdapterError(
                f"The local identity service could not open its database ({exc}).",
                f"Check that {self.folder} exists and is writable.",
            ) from exc
        return f"local identity service, {accounts} account(s)"

    def list_phones(self, account: str) -> list[Phone]:
        self._require_account(account)
        rows = self.db.table("phones").rows_where("account = ?", [account], order_by="created_at")
        return [
            Phone(
                row["id"],
                row["number"],
                tuple(PhoneChannel(c) for c in row["channels"].split(",") if c),
            )
            for row in rows
        ]

    def list_tokens(self, account: str) -> list[TokenInfo]:
        self._require_account(account)
        rows = self.db.table("tokens").rows_where(
            "account = ?", [account], order_by="bound_at desc, serial"
        )
        return [
            TokenInfo(
                row["serial"],
                TokenKind(row["kind"]),
                TokenStatus(row["status"]),
                _parse_time(row["bound_at"]),
                _parse_time(row["last_used_at"]),
            )
            for row in rows
        ]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # administration (local only) -----------------------------------------
    def list_phones_if_any(self, account: str) -> list[Phone]:
        """Like list_phones, but an unknown account simply has none."""
        if not self.db.table("accounts").count_where("id = ?", [account]):
            return []
        return self.list_phones(account)

    def ensure_account(self, account: str, display_name: str) -> None:
        self.db.table("accounts").upsert(
            {"id": account, "display_name": display_name, "created_at": _now()}, pk="id"
        )

    def ensure_phone(
        self, account: str, phone_id: str, number: str, channels: tuple[PhoneChannel, ...]
    ) -> None:
        self._require_account(account)
        self.db.table("phones").upsert(
            {
                "id": phone_id,
                "account": account,
                "number": number,
                "channels": ",".join(c.value for c in channels),
                "created_at": _now(),
            },
            pk="id",
        )

    def _require_account(self, account: str) -> None:
        if not self.db.table("accounts").count_where("id = ?", [account]):
            raise UnknownAccount(
                "Your login is not linked to an account at the identity service.",
                "Ask the clinic's administrator to link it, then sign in again.",
            )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
