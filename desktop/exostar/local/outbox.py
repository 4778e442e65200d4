"""The default delivery channel: messages land in the service's outbox table.

On a demo workstation the outbox is the doctor's phone: the demo phone panel and the
pytest plugin's `phone_codes()` read it (`PhoneInbox`).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from desktop.domain.models import PhoneChannel
from desktop.exostar.local.clock import as_datetime, from_iso, to_iso
from desktop.exostar.local.delivery import PhoneMessage
from desktop.exostar.local.schema import DELIVERED_CODE_TEXT
from desktop.store.migrations import write_transaction


class OutboxChannel:
    name = "outbox"

    def __init__(self, db: Callable[[], sqlite_utils.Database]) -> None:
        self._db = db

    def deliver(self, message: PhoneMessage) -> None:
        self._db().table("outbox").insert(
            {
                "id": message.id,
                "account": message.account,
                "phone_number": message.phone_number,
                "channel": message.channel.value,
                "text": message.text,
                "created_at": message.created_at.isoformat(),
            }
        )


class PhoneInbox:
    """The outbox as the demo phone reads it."""

    def __init__(self) -> None:
        self._on_phone: dict[str, str] = {}
        """Texts of code messages this process delivered, by message id, while their code
        can still be typed: what the demo phone's screen still shows. Never in the file."""

    def read(
        self,
        db: sqlite_utils.Database,
        now: float,
        code_seconds: float,
        account: str | None,
        *,
        mark_delivered: bool,
    ) -> list[PhoneMessage]:
        """Messages delivered to the outbox, in the order they were sent: the demo phone's
        inbox. By rowid, not by time: a message sent under a wrong clock keeps its place.

        `mark_delivered`: the reader is the phone, so what it reads now is delivered, and
        the codes in it are gone from the outbox from then on (the answer still has them).
        """
        where = "account = ?" if account else None
        rows = list(
            db.table("outbox").rows_where(where, [account] if account else [], order_by="rowid")
        )
        shown_since = now - code_seconds
        for message_id in list(self._on_phone):
            row = next((r for r in rows if r["id"] == message_id), None)
            if row is not None and from_iso(row["created_at"]) < shown_since:
                del self._on_phone[message_id]
        messages = [
            PhoneMessage(
                row["id"],
                row["account"],
                row["phone_number"],
                PhoneChannel(row["channel"]),
                self._on_phone.get(row["id"], row["text"]),
                as_datetime(from_iso(row["created_at"])),
            )
            for row in rows
        ]
        if mark_delivered:
            fresh = [row for row in rows if not row.get("delivered_at")]
            if fresh:
                with write_transaction(db):
                    for row in fresh:
                        if from_iso(row["created_at"]) >= shown_since:
                            self._on_phone[row["id"]] = row["text"]
                        forget_code(db, now, row["id"])
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return messages


def forget_code(db: sqlite_utils.Database, now: float, message_id: str) -> None:
    """A code message that reached the phone (or whose code was used) keeps no code."""
    db.execute(
        "UPDATE outbox SET text = ?, delivered_at = ? "
        "WHERE id = ? AND delivered_at IS NULL AND id IN (SELECT id FROM phone_codes)",
        [DELIVERED_CODE_TEXT, to_iso(now), message_id],
    )
    db.execute(
        "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
        [to_iso(now), message_id],
    )
