"""The demo key-fob and the demo phone: stand-ins for hardware on a demo workstation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.flow import FlowController
from desktop.controllers.lanes import async_slot, on_lane
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.delivery import PhoneMessage
from desktop.exostar.local.demo_device import DemoTokenDevice

log = logging.getLogger(__name__)


class DemoDevicesController(FlowController):
    """Signals:
    serialsLoaded(list): serials of the demo tokens that can be pressed.
    codeShown(str, str): a pressed token's serial and the code it shows.
    messagesLoaded(list): `PhoneMessage`s delivered to the signed-in doctor, newest first.
    failed(object): a `Refusal`: why the demo device could not answer.
    """

    serialsLoaded = Signal(list)
    codeShown = Signal(str, str)
    messagesLoaded = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._pressing = False

    @property
    def available(self) -> bool:
        return self._context.settings.demo and isinstance(
            self._context.identity, LocalIdentityService
        )

    def _service(self) -> LocalIdentityService:
        identity = self._context.identity
        assert isinstance(identity, LocalIdentityService)
        return identity

    @async_slot()
    async def load_serials(self) -> None:
        service = self._service()
        async with self.flow("reading the demo tokens", busy=False) as run:
            serials = await on_lane(service.lane, DemoTokenDevice(service).serials)
        if run.refused:
            return
        self.serialsLoaded.emit(serials)

    @async_slot(str)
    async def press(self, serial: str) -> None:
        if self._pressing or not serial:
            return
        self._pressing = True
        service = self._service()
        try:
            async with self.flow("pressing a demo token", busy=False) as run:
                code = await on_lane(service.lane, DemoTokenDevice(service).press, serial, None)
        finally:
            self._pressing = False
        if run.refused:
            return
        self.codeShown.emit(serial, code)

    @async_slot()
    async def load_messages(self) -> None:
        user = self._context.user
        service = self._service()
        account = user.exostar_account if user is not None else None
        async with self.flow("reading the demo phone", busy=False) as run:
            # The demo phone is the outbox's reader: what it shows is delivered, and the
            # codes in it leave the outbox's file (NIST SP 800-63B: no stored plain codes).
            messages: list[PhoneMessage] = await on_lane(
                service.lane, lambda: service.outbox(account, mark_delivered=True)
            )
        if run.refused:
            return
        self.messagesLoaded.emit(list(reversed(messages)))
