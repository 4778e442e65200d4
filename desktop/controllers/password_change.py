"""Choosing one's own password: after a one-time password, before anything else.

The same rules as everywhere (NIST SP 800-63B 5.1.1.2), checked as typed and again on
the store's lane, where the new hash and the PASSWORD_CHANGED entry commit together.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot
from desktop.domain.models import User
from desktop.domain.passwords import password_problem
from desktop.store import people

log = logging.getLogger(__name__)


class ChangePasswordController(FlowController):
    """Signals:
    busyChanged(bool): the new password is being saved.
    changed(object): the `User`, who no longer has to change their password.
    failed(object): a `Refusal`: why the password was not saved, naming the rule it breaks.
    """

    changed = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    def _words(self) -> list[str]:
        user = self._context.require_user()
        practice = self._context.practice
        return [user.display_name, *([practice.name] if practice else [])]

    def problems(self, password: str, repeat: str) -> dict[str, str]:
        """ "password" and "repeat" -> what is wrong, as typed."""
        found: dict[str, str] = {}
        user = self._context.user
        if password:
            problem = password_problem(
                password, username=user.username if user else "", context=self._words()
            )
            if problem:
                found["password"] = problem
        if repeat and not found and repeat != password:
            found["repeat"] = "The two passwords are not the same. Type it again."
        return found

    @async_slot(str, str)
    async def change(self, password: str, repeat: str) -> None:
        if self.busy:
            return
        user = self._context.require_user()
        found = self.problems(password, repeat)
        if not password:
            found.setdefault("password", "Type the password you want to use from now on.")
        if not found and repeat != password:
            found["repeat"] = "Type the same password again below."
        if found:
            self.decline(next(iter(found.values())), "password_refused")
            return
        words = self._words()
        async with self.flow("password change") as run:
            updated: User = await self._context.store.run(
                lambda s: people.change_password(s, user.username, password, words)
            )
        if run.refused:
            return
        log.info("%s chose a new password", user.username)
        self._context.user = updated
        self.changed.emit(updated)
