"""EPCS Device Management: the account's phones and tokens, read through the adapter."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.errors import UserFacingError, generic_message

log = logging.getLogger(__name__)


class DeviceManagementController(QObject):
    """Signals:
    loadingChanged(bool): phones and tokens are being read.
    phonesLoaded(list): the account's `Phone` values.
    tokensLoaded(list): the account's `TokenInfo` values, newest first.
    loadFailed(str): why they could not be read, and what to do.
    loadFinished(): a load ended, either way (after what it read, or why not, was sent).
    """

    loadingChanged = Signal(bool)
    phonesLoaded = Signal(list)
    tokensLoaded = Signal(list)
    loadFailed = Signal(str)
    loadFinished = Signal()

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._loading = False

    @property
    def loading(self) -> bool:
        return self._loading

    @async_slot()
    async def load(self) -> None:
        if self._loading:
            return
        self._set_loading(True)
        try:
            await self._load()
        finally:
            self._set_loading(False)
            self.loadFinished.emit()

    async def _load(self) -> None:
        user = self._context.user
        if user is None:
            return  # signed out while the screen was asking: nothing to show
        account = user.exostar_account
        if not account:
            self.loadFailed.emit("Your login is not linked to an identity-service account.")
            return
        identity = self._context.identity
        try:
            phones = await on_lane(identity.lane, identity.list_phones, account)
            tokens = await on_lane(identity.lane, identity.list_tokens, account)
        except UserFacingError as exc:
            self.loadFailed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown as a generic message, logged in full
            log.exception("reading phones and tokens failed")
            self.loadFailed.emit(str(generic_message(exc)))
            return
        self.phonesLoaded.emit(phones)
        self.tokensLoaded.emit(tokens)

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.loadingChanged.emit(loading)
