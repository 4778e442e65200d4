"""EPCS Device Management: the account's phones and tokens, read through the adapter."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.models import Phone


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
        """Read the phones and the tokens: the screen's first read, and Refresh."""
        await self._read(phones=True)

    @async_slot()
    async def load_tokens(self) -> None:
        """Read the token list only: what a sync or a token's change can have changed.

        The phones stay as they are on screen (no token flow changes them), so the answer
        redraws the token list alone, and the identity service is asked one question.
        """
        await self._read(phones=False)

    async def _read(self, phones: bool) -> None:
        if self.busy:
            return
        try:
            await self._load(phones)
        finally:
            self.loadFinished.emit()

    async def _load(self, phones: bool) -> None:
        user = self._context.user
        if user is None:
            return  # signed out while the screen was asking: nothing to show
        account = user.exostar_account
        if not account:
            self.decline("Your login is not linked to an identity-service account.", "no_account")
            return
        identity = self._context.identity
        found: list[Phone] = []
        async with self.flow("reading phones and tokens" if phones else "reading tokens") as run:
            if phones:
                found = await on_lane(identity.lane, identity.list_phones, account)
            tokens = await on_lane(identity.lane, identity.list_tokens, account)
        if run.refused:
            return
        if phones:
            self.phonesLoaded.emit(found)
        self.tokensLoaded.emit(tokens)
