"""The demo key-fob and the demo phone: stand-ins for hardware on a demo workstation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.errors import UserFacingError, generic_message
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.delivery import PhoneMessage
from desktop.exostar.local.demo_device import DemoTokenDevice

log = logging.getLogger(__name__)


class DemoDevicesController(QObject):
    """Signals:
    serialsLoaded(list): serials of the demo tokens that can be pressed.
    codeShown(str, str): a pressed token's serial and the code it shows.
    messagesLoaded(list): `PhoneMessage`s delivered to the signed-in doctor, newest first.
    failed(str): why the demo device could not answer.
    """

    serialsLoaded = Signal(list)
    codeShown = Signal(str, str)
    messagesLoaded = Signal(list)
    failed = Signal(str)

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
        try:
            serials = await on_lane(service.lane, DemoTokenDevice(service).serials)
        except Exception as exc:  # noqa: BLE001 - shown, logged in full
            self._fail(exc)
            return
        self.serialsLoaded.emit(serials)

    @async_slot(str)
    async def press(self, serial: str) -> None:
        if self._pressing or not serial:
            return
        self._pressing = True
        service = self._service()
        try:
            code = await on_lane(service.lane, DemoTokenDevice(service).press, serial, None)
        except Exception as exc:  # noqa: BLE001 - shown, logged in full
            self._fail(exc)
            return
        finally:
            self._pressing = False
        self.codeShown.emit(serial, code)

    @async_slot()
    async def load_messages(self) -> None:
        user = self._context.user
        service = self._service()
        account = user.exostar_account if user is not None else None
        try:
            # The demo phone is the outbox's reader: what it shows is delivered, and the
            # codes in it leave the outbox's file (NIST SP 800-63B: no stored plain codes).
            messages: list[PhoneMessage] = await on_lane(
                service.lane, lambda: service.outbox(account, mark_delivered=True)
            )
        except Exception as exc:  # noqa: BLE001 - shown, logged in full
            self._fail(exc)
            return
        self.messagesLoaded.emit(list(reversed(messages)))

    def _fail(self, exc: Exception) -> None:
        if not isinstance(exc, UserFacingError):
            log.exception("demo device failed", exc_info=exc)
        self.failed.emit(str(generic_message(exc)))
