"""EPCS Device Management: the account's phones and tokens, read through the adapter."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot, on_lane


class DeviceManagementController(FlowController):
    """Signals:
    busyChanged(bool): phones and tokens are being read.
    phonesLoaded(list): the account's `Phone` values.
    tokensLoaded(list): the account's `TokenInfo` values, newest first.
    failed(object): a `Refusal`: why they could not be read, and what to do.
    loadFinished(): a load ended, either way (after what it read, or why not, was sent).
    """

    phonesLoaded = Signal(list)
    tokensLoaded = Signal(list)
    loadFinished = Signal()

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    @async_slot()
    async def load(self) -> None:
        if self.busy:
            return
        try:
            await self._load()
        finally:
            self.loadFinished.emit()

    async def _load(self) -> None:
        user = self._context.user
        if user is None:
            return  # signed out while the screen was asking: nothing to show
        account = user.exostar_account
        if not account:
            self.decline("Your login is not linked to an identity-service account.", "no_account")
            return
        identity = self._context.identity
        async with self.flow("reading phones and tokens") as run:
            phones = await on_lane(identity.lane, identity.list_phones, account)
            tokens = await on_lane(identity.lane, identity.list_tokens, account)
        if run.refused:
            return
        self.phonesLoaded.emit(phones)
        self.tokensLoaded.emit(tokens)
