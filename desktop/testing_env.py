"""`IcorerxEnv`: a data dir with demo data, and helpers that drive the window as a user would.

Part of the `icorerx` pytest plugin (`desktop.testing`, which gives it as the `icorerx_env`
fixture); usable on its own as `IcorerxEnv(folder, qtbot)`. Qt is imported only when a
helper runs, after the plugin has chosen the platform.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import datetime as dt

    from desktop.composition import Application
    from desktop.controllers.flow import Refusal
    from desktop.domain.access_control import Grant
    from desktop.domain.models import Role, User
    from desktop.exostar.local import LocalIdentityService
    from desktop.views.access_control import AccessControlView
    from desktop.views.admin import AdminView
    from desktop.views.audit import AuditView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow
    from desktop.views.people import PeopleView

from desktop.testing_backends import WAIT_MS, IdentityBackend, LocalBackend, PhoneCode

T = TypeVar("T")


def cancel_pending(loop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    """Cancel what a test left running and let it unwind while its widgets still exist."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=WAIT_MS)


class IcorerxEnv:
    """A data dir with demo data, and helpers that drive the window as a user would."""

    def __init__(self, data_dir: Path, qtbot: Any, backend: IdentityBackend | None = None) -> None:
        self.data_dir = data_dir
        self.qtbot = qtbot
        self.backend: IdentityBackend = backend or LocalBackend(self)
        self._application: Application | None = None
        self._window: MainWindow | None = None

    @property
    def application(self) -> Application:
        if self._application is None:
            from desktop.app import ensure_qapplication
            from desktop.composition import Application

            ensure_qapplication()
            self._application = Application.open(self.data_dir)
        return self._application

    def main_window(self) -> MainWindow:
        """The application's window, shown and signed out (the same one on every call)."""
        if self._window is None:
            window = self.application.create_window()
            window.show()
            self.qtbot.waitExposed(window)
            self._window = window
        return self._window

    def login(self, username: str, password: str) -> MainWindow:
        """Sign in through the form; fails the test with the screen's message if refused."""
        from desktop.controllers.login import LoginController

        window = self.main_window()
        ui = window.login_view.ui
        ui.usernameEdit.setText(username)
        ui.passwordEdit.setText(password)
        controller: LoginController = window.login_controller
        refused: list[Refusal] = []
        controller.failed.connect(refused.append)
        try:
            self.qtbot.mouseClick(ui.loginButton, _left_button())
            self.qtbot.waitUntil(
                lambda: bool(refused) or window.context.user is not None, timeout=WAIT_MS
            )
        finally:
            controller.failed.disconnect(refused.append)
        if refused:
            raise AssertionError(f"sign-in as {username!r} was refused: {refused[-1]}")
        return window

    def navigate(self, opening: Coroutine[Any, Any, T]) -> T:
        """Run one of the window's navigator coroutines (`window.navigator.open_*`) to its end.

        Fails the test with the navigator's reason when the screen cannot be opened.
        """
        from desktop.views.awaiting import NavigationError

        task = asyncio.ensure_future(opening)
        try:
            self.qtbot.waitUntil(task.done, timeout=WAIT_MS)
        finally:
            task.cancel()
        try:
            return task.result()
        except NavigationError as exc:
            raise AssertionError(f"the screen did not open: {exc}") from exc

    def open_admin(self) -> AdminView:
        """Signed in: Compose Rx for the first patient (unless open) -> the Admin tab's home."""
        return self.navigate(self.main_window().navigator.open_admin())

    def open_device_management(self) -> DeviceManagementView:
        """Signed in: first patient -> Compose Rx -> Admin -> EPCS Device Management, read."""
        return self.navigate(self.main_window().navigator.open_device_management())

    def open_people(self) -> PeopleView:
        """Signed in as a practice administrator: first patient -> Compose Rx -> Admin -> People."""
        return self.navigate(self.main_window().navigator.open_people())

    def authenticate(self, channel: str = "sms") -> None:
        """On EPCS Device Management: Authenticate, send a code by `channel`, type it, Submit."""
        from PySide6.QtWidgets import QRadioButton

        device = self.open_device_management()
        dialog = device.open_phone_dialog()
        assert dialog is not None, device.ui.phoneStatusLabel.text()
        radio: QRadioButton = dialog.ui.voiceRadio if channel == "voice" else dialog.ui.smsRadio
        radio.setChecked(True)
        with self.qtbot.waitSignal(device.phone_auth.codeSent, timeout=WAIT_MS):
            self.qtbot.mouseClick(dialog.ui.sendCodeButton, _left_button())
        code = self.phone_codes()[-1].code
        assert code is not None
        dialog.ui.phoneCodeEdit.setText(code)
        with self.qtbot.waitSignal(device.phone_auth.authenticated, timeout=WAIT_MS):
            self.qtbot.mouseClick(dialog.ui.phoneCodeSubmitButton, _left_button())

    def sync_token(self, serial: str) -> DeviceManagementView:
        """Signed in as the doctor: Authenticate, then Add Token with two presses of `serial`.

        Time-based tokens get the codes of the two steps before now, as a doctor who pressed,
        waited for the digits to disappear and pressed again would have typed them.
        """
        import time as _time

        from desktop.domain.models import TokenKind

        self.authenticate()
        device = self.open_device_management()
        kind = self.backend.kind(serial)
        now = _time.time()
        codes = (
            (self.token_code(serial, at=now - 60), self.token_code(serial, at=now - 30))
            if kind is TokenKind.TOTP
            else (self.token_code(serial), self.token_code(serial))
        )
        device.ui.tokenSerialEdit.setText(serial)
        device.ui.otp1Edit.setText(codes[0])
        device.ui.otp2Edit.setText(codes[1])
        with self.qtbot.waitSignal(device.token_sync.synced, timeout=WAIT_MS):
            self.qtbot.mouseClick(device.ui.tokenSubmitButton, _left_button())
        self.qtbot.waitUntil(
            lambda: device.ui.tokenTable.rowCount() > 0 and device.lifecycle.settled,
            timeout=WAIT_MS,
        )
        return device

    # people and EPCS access control ---------------------------------------------------------
    def add_person(
        self,
        username: str,
        password: str,
        name: str,
        roles: Role | tuple[Role, ...],
        *,
        dea: str | None = None,
        dea_expiry: dt.date | None = None,
        account: str | None = None,
        phone: str | None = None,
    ) -> User:
        """A person added straight to the store, as the People screen would.

        A prescriber gets a DEA registration (`dea`, current for two years unless
        `dea_expiry`), licence CA A765432 and NPI 1234567893. With `account` the person is
        linked to that identity-service account; on the local service the account is made,
        with `phone` (SMS and voice) when given, so they can authenticate and sync a token.
        """
        import datetime as dt

        from desktop.domain.models import PhoneChannel, PrescriberCredentials

        credentials = None
        if dea is not None:
            expiry = dea_expiry or dt.date.today() + dt.timedelta(days=730)
            credentials = PrescriberCredentials(dea, expiry, "CA", "A765432", "1234567893")
        store = self.application.context.store
        user = store.run_blocking(
            lambda s: s.add_user(username, password, name, roles, account, prescriber=credentials)
        )
        if account and isinstance(self.backend, LocalBackend):
            identity = self._local_identity()
            identity.lane.submit(identity.ensure_account, account, name).result()
            if phone:
                channels = (PhoneChannel.SMS, PhoneChannel.VOICE)
                identity.lane.submit(
                    identity.ensure_phone, account, f"{account}-mobile", phone, channels
                ).result()
        return user

    def enter_epcs_grant(self, username: str, entered_by: str = "frontdesk") -> Grant:
        """Step 1 straight through the store: `entered_by` (designated) enters the grant."""
        import datetime as dt

        from desktop.domain.access_control import GrantEntry

        today = dt.date.today()
        entry = GrantEntry(username, True, today + dt.timedelta(days=365), "Exostar", today)
        store = self.application.context.store
        return store.run_blocking(lambda s: s.access_control.enter(entered_by, entry, today))

    def grant_epcs(
        self, username: str, entered_by: str = "frontdesk", approved_by: str = "doctor"
    ) -> Grant:
        """An active EPCS grant for `username`, entered and approved straight through the store
        (the approver's two factors are the screen's part). The demo's designated people,
        the front desk and the doctor, make it unless told otherwise."""
        import datetime as dt

        grant = self.enter_epcs_grant(username, entered_by)
        store = self.application.context.store
        return store.run_blocking(
            lambda s: s.access_control.approve(approved_by, grant.id, dt.date.today(), None)
        )

    def open_access_control(self) -> AccessControlView:
        """Signed in: first patient -> Compose Rx -> Admin -> EPCS Access Control, loaded."""
        return self.navigate(self.main_window().navigator.open_access_control())

    def open_audit_log(self) -> AuditView:
        """Signed in (audit reviewers): first patient -> Compose Rx -> Admin -> Audit log, read."""
        return self.navigate(self.main_window().navigator.open_audit_log())

    def sign_out(self) -> None:
        """Sign out through the File menu; the window shows the sign-in screen again."""
        window = self.main_window()
        window.ui.signOutAction.trigger()
        self.qtbot.waitUntil(lambda: window.context.user is None, timeout=WAIT_MS)

    def delay_identity(self, method: str, seconds: float) -> None:
        """Make one identity-service call answer `seconds` late, as a slow server would."""
        import time as _time

        identity = self.application.context.identity
        original = getattr(identity, method)

        def slow(*args: Any, **kwargs: Any) -> Any:
            _time.sleep(seconds)
            return original(*args, **kwargs)

        setattr(identity, method, slow)

    def phone_codes(self) -> list[PhoneCode]:
        """Messages the identity service sent to the doctor's phone, newest last.

        Each has `.text` as the phone shows it, `.code`, the code in it, and `.channel`.
        """
        return self.backend.phone_codes()

    def token_code(self, serial: str, at: float | None = None) -> str:
        """The demo token's next code, as if its button were pressed.

        Event tokens count the press; time tokens show the code for `at` (default now),
        so `token_code(s, at=time.time() + 30)` is the code after the next 30-second step.
        """
        return self.backend.press(serial, at)

    def _local_identity(self) -> LocalIdentityService:
        from desktop.exostar.local import LocalIdentityService

        identity = self.application.context.identity
        if not isinstance(identity, LocalIdentityService):
            raise AssertionError("phone codes and demo tokens come from the local adapter")
        return identity

    def close(self) -> None:
        from shiboken6 import isValid

        cancel_pending(asyncio.get_event_loop_policy().get_event_loop(), self.qtbot)
        if self._window is not None and isValid(self._window):
            self._window.close()
            self._window.deleteLater()
        self._window = None
        if self._application is not None:
            self._application.close()
            self._application = None


def _left_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
