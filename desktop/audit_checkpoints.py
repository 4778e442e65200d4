"""Audit checkpoints at the identity service: a second anchor, off this workstation.

The head file beside the database (`audit.head`) goes with the data folder: whoever can
delete rows there can delete it too. A clinic server (privacyIDEA) keeps and audits what
it is sent, so every `EVERY_ENTRIES` entries, every `EVERY_S` seconds of use, at sign-out
and when the application closes, the latest anchored head (sealed with the audit key) is
sent there (`IdentityService.checkpoint`). `icorerx audit verify` and the Audit screen's
integrity check compare the log with it (`read_kept`, then `AuditLog.verify(checkpoint=...)`),
and say so in the same words (`comparison_words`).

Sending runs on the identity service's lane, never on the store's; a checkpoint that
cannot be sent is logged and tried again with the next one (the entries themselves are
committed and anchored locally either way).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout

from desktop.domain.audit import AuditEvent
from desktop.exostar.base import IdentityService
from desktop.store.audit_anchor import Anchored

log = logging.getLogger(__name__)

EVERY_ENTRIES = 50
EVERY_S = 5 * 60.0
CLOSE_WAIT_S = 10.0
EMBEDDED_SERVICE = "local"
"""The embedded service's name: it keeps no checkpoint (see its `checkpoint`)."""
FORCING_EVENTS = frozenset({AuditEvent.LOGOUT.value})
"""Entries after which a checkpoint is sent at once (sign-out)."""


class Checkpoints:
    """Decides when a head is due and sends it on the identity lane. Thread-safe."""

    def __init__(
        self,
        identity: IdentityService,
        *,
        every_entries: int = EVERY_ENTRIES,
        every_s: float = EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._identity = identity
        self._every_entries = every_entries
        self._every_s = every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: Anchored | None = None
        self._sent_count = 0
        self._sent_at: float | None = None

    def note(self, anchored: Anchored) -> None:
        """A head was anchored (on the store's lane): send it if a checkpoint is due."""
        with self._lock:
            self._latest = anchored
            now = self._clock()
            due = (
                anchored.event in FORCING_EVENTS
                or self._sent_at is None
                or anchored.head.count - self._sent_count >= self._every_entries
                or now - self._sent_at >= self._every_s
            )
            if not due:
                return
            self._sent_count = anchored.head.count
            self._sent_at = now
        self._identity.lane.submit(self._send, anchored)

    def flush(self) -> None:
        """Send the latest head if it was not sent yet, and wait for it (at close)."""
        with self._lock:
            latest = self._latest
            if latest is None or latest.head.count <= self._sent_count:
                return
            self._sent_count = latest.head.count
        try:
            self._identity.lane.submit(self._send, latest).result(timeout=CLOSE_WAIT_S)
        except FutureTimeout:
            log.warning("the last audit checkpoint was not confirmed in time")
        except RuntimeError:  # the lane was already shut down
            log.warning("the last audit checkpoint could not be sent: the service is closed")

    def _send(self, anchored: Anchored) -> None:
        try:
            self._identity.checkpoint(anchored.log_id, anchored.head.count, anchored.sealed)
        except Exception as exc:  # noqa: BLE001 - logged; the next checkpoint tries again
            log.warning("audit checkpoint at %s entries not sent: %s", anchored.head.count, exc)
            with self._lock:
                self._sent_count = min(self._sent_count, anchored.head.count - 1)


def read_kept(identity: object, log_id: str) -> str | None:
    """The head the identity service keeps for `log_id`; run it on the service's lane.

    None when it keeps none yet, or keeps none at all (a service without
    `read_checkpoint`, or the embedded one, whose anchor is the head file).
    """
    reader = getattr(identity, "read_checkpoint", None)
    if not callable(reader):
        return None
    kept = reader(log_id)
    return None if kept is None else str(kept)


def keeps_checkpoints(identity: object) -> bool:
    """True for a service that keeps the log's head off this workstation (privacyIDEA)."""
    has_reader = callable(getattr(identity, "read_checkpoint", None))
    return has_reader and getattr(identity, "name", "") != EMBEDDED_SERVICE


def comparison_words(keeps: bool, kept: str | None, error: str = "") -> str:
    """One sentence for the reviewer: what the log's end was compared with ("" for none).

    `keeps`: the service keeps checkpoints (`keeps_checkpoints`); `error`: why the kept one
    could not be read, which leaves the end of the log not vouched for by the server.
    """
    if error:
        return (
            "The copy of the log's end kept on the clinic's identity server could not be "
            f"read, so the log was not compared with it ({error}). Check again when the "
            "server answers."
        )
    if not keeps:
        return ""
    if kept is None:
        return (
            "The clinic's identity server keeps no copy of this log's end yet (one is sent "
            f"at sign-out and every {EVERY_ENTRIES} entries): the log was compared with the "
            "anchor file beside the database only."
        )
    return (
        "The log's end was also compared with the copy kept on the clinic's identity "
        "server: entries cut off the end would show even if the anchor file went too."
    )
