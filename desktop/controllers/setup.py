"""First-run setup: the practice, its DEA-registered location, and the first administrator.

The values are checked as they are typed (`problems`) and again on Finish; the practice,
the administrator and their audit entries are written in one transaction on the store's
lane (Argon2 is slow on purpose), and the administrator is then signed in, so the
window can go straight on to adding people.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController, Refusal
from desktop.controllers.lanes import async_slot
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import AuditUnavailable
from desktop.domain.models import Role, User
from desktop.domain.people import PersonDetails, normalise_username
from desktop.domain.practice import setup_problems
from desktop.store import people

log = logging.getLogger(__name__)
SIGN_IN_AFTER_SETUP = "signing in after setup"
AUDIT = "audit_unavailable"


class SetupController(FlowController):
    """Signals:
    busyChanged(bool): setup is being written; the form should not take another Finish.
    problemsFound(dict): field name -> what is wrong, after Finish with a bad value.
    finished(object): the administrator, signed in; None when setup was written but the
        sign-in could not be recorded (the window then asks them to sign in).
    failed(object): a `Refusal`: why setup could not be written, and what to do.
    """

    problemsFound = Signal(dict)
    finished = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    def problems(
        self,
        practice_name: str,
        address: str,
        admin_username: str,
        admin_name: str,
        password: str,
        repeat: str,
    ) -> dict[str, str]:
        """What is wrong with the form as it stands (pure: called on every keystroke)."""
        return setup_problems(practice_name, address, admin_username, admin_name, password, repeat)

    @async_slot(str, str, str, str, str, str)
    async def finish(
        self,
        practice_name: str,
        address: str,
        admin_username: str,
        admin_name: str,
        password: str,
        repeat: str,
    ) -> None:
        if self.busy:
            return
        found = self.problems(practice_name, address, admin_username, admin_name, password, repeat)
        if found:
            self.problemsFound.emit(found)
            return
        admin = PersonDetails(
            normalise_username(admin_username),
            admin_name.strip(),
            frozenset({Role.PRACTICE_ADMIN}),
        )
        async with self.flow("first-run setup") as run:
            user: User = await self._context.store.run(
                lambda s: people.set_up_practice(
                    s, practice_name, address, admin, password, via="first-run screen"
                )
            )
            self._context.practice = await self._context.store.run(people.practice)
            self._context.setup_needed = False
            self._context.settings.demo = False  # a clinic now, whatever settings.json said
            log.info("practice set up; first administrator %s", user.username)
        if run.refused:
            return
        async with self.flow(SIGN_IN_AFTER_SETUP) as signing_in:
            await audit_trail.record(
                self._context, AuditEvent.LOGIN, Outcome.SUCCESS, actor=user.username
            )
        if signing_in.refused:
            self.finished.emit(None)  # set up, not signed in: the window asks them to sign in
            return
        self._context.user = user
        self.finished.emit(user)

    def refusal(self, exc: Exception, what: str) -> Refusal:
        if what == SIGN_IN_AFTER_SETUP and isinstance(exc, AuditUnavailable):
            log.warning("sign-in after setup not recorded, so refused: %s", exc.why)
            words = exc.because("you were not signed in")
            return Refusal(f"The practice is set up. {words.message}", AUDIT, words.next_step)
        return Refusal.of(exc, what)
