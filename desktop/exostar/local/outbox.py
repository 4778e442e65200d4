"""The default delivery channel: messages land in the service's outbox table.

On a demo workstation the outbox is the doctor's phone: the demo phone panel and the
pytest plugin's `phone_codes()` read it.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from desktop.exostar.local.delivery import PhoneMessage


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
