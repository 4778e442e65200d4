"""One way to run a controller's flow: busy while it runs, one `Refusal` when it fails.

Every screen's controller runs its adapter and store calls through `FlowController.flow`:

    async with self.flow("token sync") as run:
        result = await on_lane(...)
    if run.refused:
        return
    self.synced.emit(result)

The block sets `busy` (and says so on `busyChanged`), turns whatever it raises into one
`Refusal` (words for the doctor, a stable code, whether the typed codes are spent) and,
after `busy` is clear again, emits it on the controller's single `failed` signal. A
refusal that is decided before any call (an empty field) goes out through `decline`.
Views render a `Refusal` one way (`desktop.views.messages.show_refusal`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.domain.errors import AuditUnavailable, LoginFailed, UserFacingError, generic_message
from desktop.exostar.base import AdapterError, RefusalCode
from desktop.store.server_away import SERVER_AWAY, server_away_behind

log = logging.getLogger(__name__)

UNEXPECTED = "error"
"""The code of a failure nobody wrote words for: a defect, logged with its traceback."""


def spends_codes(code: str, *, sent: bool = False) -> bool:
    """Are the codes the doctor typed used up by this refusal? Then the form clears them.

    `sent`: the code reached the identity service before the flow stopped (a signature
    refused after the token check), which spends it whatever the refusal says.
    """
    return sent or RefusalCode.of(code).spends_codes


@dataclass(frozen=True)
class Refusal:
    """Why a flow stopped, for the doctor: what happened, what to do, what it cost.

    `code` is a stable reason a script or a view can branch on; `details` are the identity
    service's extras (tries left, seconds to wait, a suggested serial).
    """

    message: str
    code: str = UNEXPECTED
    next_step: str = ""
    codes_spent: bool = False
    suggestion: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The message and the next step, as one line for a label."""
        return f"{self.message} {self.next_step}".strip()

    def __str__(self) -> str:
        return self.text

    def noted(self, note: str) -> Refusal:
        """The same refusal with a remark added (an audit entry that could not be written)."""
        if not note:
            return self
        return replace(self, next_step=f"{self.next_step} {note}".strip())

    @classmethod
    def of(cls, exc: BaseException, what: str = "a flow", *, sent: bool = False) -> Refusal:
        """The refusal for any exception; one nobody expected is logged with its traceback."""
        if isinstance(exc, Refused):
            return exc.refusal
        away = server_away_behind(exc)
        if away is not None:  # also an audit entry the server's absence kept unwritten
            log.warning("%s: the clinic database is out of reach (%s)", what, away.detail)
            spent = spends_codes(SERVER_AWAY, sent=sent)
            return cls(away.message, SERVER_AWAY, away.next_step, spent)
        if isinstance(exc, AdapterError):
            suggestion = exc.details.get("suggestion")
            return cls(
                exc.message,
                exc.code,
                exc.next_step,
                spends_codes(exc.code, sent=sent),
                suggestion if isinstance(suggestion, str) else None,
                dict(exc.details),
            )
        if isinstance(exc, UserFacingError):
            code = refusal_code(exc)
            return cls(exc.message, code, exc.next_step, spends_codes(code, sent=sent))
        log.error("%s failed", what, exc_info=exc)
        words = generic_message(exc)
        return cls(words.message, UNEXPECTED, words.next_step, spends_codes(UNEXPECTED, sent=sent))


def refusal_code(exc: BaseException) -> str:
    """The stable reason behind `exc`: its own `code`, else one named for its kind."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    if isinstance(exc, LoginFailed):
        return "wrong_password"
    if isinstance(exc, AuditUnavailable):
        return "audit_unavailable"
    if isinstance(exc, UserFacingError):
        return "refused"
    return UNEXPECTED


def audit_reason(exc: BaseException) -> str:
    """The reason an audit entry gives for a failure: its refusal code, or a defect's type."""
    if isinstance(exc, UserFacingError) or isinstance(getattr(exc, "code", None), str):
        return refusal_code(exc)
    return type(exc).__name__


class Refused(Exception):
    """Raised inside a flow to stop it with words already written for this case."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.text)
        self.refusal = refusal


class FlowRun:
    """What a flow came to: `refusal` is set when it failed (and was emitted)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.refusal: Refusal | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None


Recorder = Callable[[Exception], Awaitable[str]]
"""Writes down a failure (an audit entry) before it is shown; returns words to add, if any."""


class FlowController(QObject):
    """A screen's controller: one flow at a time, failures as `Refusal`s on one signal.

    Signals:
    busyChanged(bool): a flow is in flight; the form takes no other.
    failed(object): a `Refusal`: why the last flow stopped, and what to do.
    """

    busyChanged = Signal(bool)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy == self._busy:
            return
        self._busy = busy
        self.busyChanged.emit(busy)

    def decline(self, message: str, code: str, next_step: str = "", **details: Any) -> None:
        """A refusal decided before anything was asked (an empty field, a missing step)."""
        self.failed.emit(Refusal(message, code, next_step, spends_codes(code), details=details))

    def refusal(self, exc: Exception, what: str) -> Refusal:
        """How this screen words `exc`; controllers with their own wording override it."""
        return Refusal.of(exc, what)

    @asynccontextmanager
    async def flow(
        self,
        what: str,
        *,
        record: Recorder | None = None,
        busy: bool = True,
        wanted: Callable[[], bool] | None = None,
    ) -> AsyncIterator[FlowRun]:
        """Run the block as one flow named `what` (for the log).

        `record` writes the failure down first (its words are added to the refusal);
        `busy=False` for reads that leave the form usable (a list loading); `wanted` says
        whether the answer is still wanted when it comes (a newer search replaced it): a
        refusal nobody waits for any more is logged, not shown.
        """
        run = FlowRun(what)
        was = self._busy
        if busy:
            self._set_busy(True)
        try:
            yield run
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes one refusal
            note = ""
            if record is not None:
                try:
                    note = await record(exc)
                except Exception:  # noqa: BLE001 - the refusal is shown either way
                    log.exception("%s: the failure could not be recorded", what)
            run.refusal = self.refusal(exc, what).noted(note)
        finally:
            if busy:
                self._set_busy(was)  # a flow run inside another leaves it busy
        if run.refusal is not None and (wanted is None or wanted()):
            self.failed.emit(run.refusal)
