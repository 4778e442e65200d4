"""The application window: sign-in, then the screens its `Navigator` builds and opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.domain import DEMO_BANNER
from desktop.forms.ui_main_window import Ui_MainWindow
from desktop.views.accounts import AccountsFlow
from desktop.views.embed import InTurns, embed
from desktop.views.login import LoginView
from desktop.views.session_lock import SessionLock
from desktop.views.sizing import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QLabel, QMessageBox

    from desktop.controllers.clinic_reach import ClinicReachController
    from desktop.controllers.context import AppContext
    from desktop.controllers.demo_devices import DemoDevicesController
    from desktop.controllers.login import LoginController
    from desktop.domain.models import Patient, User
    from desktop.views.compose_rx import ComposeRxView
    from desktop.views.demo_devices import DemoPhoneDialog, TokenSimulatorDialog
    from desktop.views.idle_lock import IdleWatcher
    from desktop.views.navigator import Navigator
    from desktop.views.patients import PatientsView
    from desktop.views.signing_dialog import SigningDialog
    from desktop.views.sync_close import SyncCloseGuard
    from desktop.views.sync_help import SyncHelpDialog
    from desktop.views.window_parts import StatusParts


Part = TypeVar("Part")


def _attached(part: Part | None) -> Part:
    if part is None:
        raise RuntimeError("the window is not attached to the application yet")
    return part


class MainWindow(QMainWindow):
    """Signals:
    signedIn(object): a `User` is signed in and past the password step (on the patient
        list; right after first-run setup, on People).
    lockChanged(bool): the window locked after inactivity, or was unlocked.

    Built in steps so the sign-in screen paints before the rest of the application
    loads. With `paint_first` (the start-up path) the window is the sign-in form alone
    until its first paint; `parts.start()` then adds the menus, the status bar and the
    navigator, a part a turn, and `attach` wires the controllers (the stores and the
    identity service) once they are open. Without it the whole window is built at once.
    """

    signedIn = Signal(object)
    lockChanged = Signal(bool)

    sync_close: SyncCloseGuard
    idle_watcher: IdleWatcher
    tls_banner: QLabel
    tls_status: QLabel
    status_parts: StatusParts

    def __init__(
        self,
        demo: bool = False,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
        paint_first: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._demo = demo
        self.accounts = AccountsFlow(self)
        self.clinic_reach: ClinicReachController | None = None
        self._context: AppContext | None = None
        self._login_controller: LoginController | None = None
        self._demo_controller: DemoDevicesController | None = None
        self._navigator: Navigator | None = None
        self.token_simulator: TokenSimulatorDialog | None = None
        self.demo_phone: DemoPhoneDialog | None = None
        self.sync_help: SyncHelpDialog | None = None
        self.session = SessionLock(self)
        self.ui.demoBannerLabel.setText(DEMO_BANNER)
        self.ui.demoBannerLabel.setVisible(demo)
        self.login_view = LoginView(demo, self.ui.loginPage)
        embed(self.ui.loginPageLayout, self.login_view)
        self.ui.mainStack.setCurrentWidget(self.ui.loginPage)
        self.login_view.focus_username()
        fit_to_screen(self)
        if first_run:  # a brand-new data dir: the setup form paints first, not a sign-in
            self.accounts.show_setup_form()
        rest = (self._build_menus, self._build_status_bar, self._build_navigator)
        self.parts = InTurns(rest, self)
        """What the first paint does without (`paint_first`): `parts.start()` builds it a
        part a turn, `parts.finish()` at once; `parts.finished` says when it is there."""
        if not paint_first:
            self.parts.finish()

    def _build_menus(self) -> None:
        from desktop.views import window_parts

        window_parts.add_menus(self)

    def _build_status_bar(self) -> None:
        from desktop.views import window_parts

        self.status_parts = status = window_parts.add_status_bar(self)
        self.tls_banner, self.tls_status = status.tls_banner, status.tls
        status.show_modes(self.ui, self._demo, tls_unchecked=False)

    def _build_navigator(self) -> None:
        from desktop.views.idle_lock import IdleWatcher
        from desktop.views.navigator import Navigator
        from desktop.views.sync_close import SyncCloseGuard

        self.sync_close = SyncCloseGuard(self, self.device_busy)
        self._navigator = navigator = Navigator(self)
        navigator.deviceBusyChanged.connect(self._on_device_busy)
        navigator.syncAnswered.connect(self.sync_close.answered)
        self.lockChanged.connect(navigator.lockChanged)
        self.idle_watcher = IdleWatcher(parent=self)
        self.idle_watcher.idle.connect(self.lock)

    @property
    def navigator(self) -> Navigator:
        """Builds and opens the signed-in screens (the window is completed first if need be)."""
        if self._navigator is None:
            self.parts.finish()
        assert self._navigator is not None
        return self._navigator

    def attach(self, context: AppContext) -> None:
        """Wire the controllers: from here on the window signs users in."""
        from PySide6.QtGui import QKeySequence

        from desktop.controllers.demo_devices import DemoDevicesController
        from desktop.controllers.login import LoginController

        self.parts.finish()  # what is left of the window's parts: signing in needs them all
        self._context = context
        # Set here, after the first paint: turning text into a key sequence loads Python's
        # whole Qt enum namespace (~40 ms).
        self.ui.quitAction.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.ui.syncHelpAction.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self._login_controller = LoginController(context, self)
        self._login_controller.loginSucceeded.connect(self._on_signed_in)
        # The patient list is built while the username and password are typed (a piece a
        # turn), and again while a password is checked after a sign-out: it shows at once.
        self.navigator.prepare_patients()
        self._login_controller.busyChanged.connect(
            lambda busy: self.navigator.prepare_patients() if busy else None
        )
        self.login_view.bind(self._login_controller, context.settings.demo)
        if context.settings.clinic_url:  # a clinic's workstation: say when its database is away
            from desktop.controllers.clinic_reach import ClinicReachController
            from desktop.views import window_parts

            self.clinic_reach = ClinicReachController(context, self)
            clinic = self.status_parts.clinic
            self.clinic_reach.awayChanged.connect(
                lambda away: window_parts.show_clinic(clinic, context.settings, away)
            )
            self.clinic_reach.watch()
        self._demo_controller = DemoDevicesController(context, self)
        self.ui.demoMenu.menuAction().setVisible(self._demo_controller.available)
        self.show_practice()
        if context.setup_needed:
            self.accounts.show_setup()
        elif self.ui.mainStack.currentWidget() is self.ui.setupPage:
            self.ui.mainStack.setCurrentWidget(self.ui.loginPage)

    def show_practice(self) -> None:
        """The demo banner, or the practice's name in the title; the status bar's notes."""
        from desktop.views import window_parts

        if self._context is not None:
            self._demo = self._context.settings.demo
        window_parts.show_practice(self, self._context)

    @property
    def attached(self) -> bool:
        """`attach` has run: the window has its controllers."""
        return self._context is not None

    @property
    def context(self) -> AppContext:
        return _attached(self._context)

    @property
    def login_controller(self) -> LoginController:
        return _attached(self._login_controller)

    @property
    def demo_controller(self) -> DemoDevicesController:
        return _attached(self._demo_controller)

    # the screens (built and opened by the navigator) -----------------------------------
    @property
    def patients_view(self) -> PatientsView | None:
        return self.navigator.patients

    @property
    def compose_view(self) -> ComposeRxView | None:
        return self.navigator.compose

    @property
    def signing_dialog(self) -> SigningDialog | None:
        return self.navigator.signing_dialog

    def open_signing(self, patient: Patient) -> SigningDialog:
        """The signing dialog for one patient's pending prescriptions (21 CFR 1311.140)."""
        return self.navigator.open_signing(patient)

    def open_token_simulator(self) -> TokenSimulatorDialog:
        from desktop.views import window_parts
        from desktop.views.demo_devices import TokenSimulatorDialog

        self.token_simulator = window_parts.beside(
            self, self.token_simulator, lambda: TokenSimulatorDialog(self.demo_controller)
        )
        return self.token_simulator

    def open_demo_phone(self) -> DemoPhoneDialog:
        from desktop.views import window_parts
        from desktop.views.demo_devices import DemoPhoneDialog

        self.demo_phone = window_parts.beside(
            self, self.demo_phone, lambda: DemoPhoneDialog(self.demo_controller)
        )
        return self.demo_phone

    @property
    def locked(self) -> bool:
        return self.session.locked

    def lock(self) -> None:
        """Hide what was on screen until the same user types their password again."""
        self.session.lock()

    def sign_out(self) -> None:
        self.session.sign_out()

    def beside_windows(self) -> list[QWidget]:
        """The demo token, the demo phone and the help: windows of their own, beside this one."""
        return [w for w in (self.token_simulator, self.demo_phone, self.sync_help) if w is not None]

    def _on_device_busy(self, busy: bool) -> None:
        """While a token syncs, the window stays on its screen, as the help page promises."""
        self.ui.signOutAction.setEnabled(not busy)
        self.ui.signOutButton.setEnabled(not busy)
        if self.navigator.compose is not None:
            self.navigator.compose.hold(busy)

    # events ------------------------------------------------------------
    def _on_signed_in(self, user: User) -> None:
        if self.session.unlock(user):
            return
        self.show_signed_in(user)
        self.idle_watcher.start()
        if user.must_change_password:  # a one-time password: their own one comes first
            self.accounts.show_change_password(user)
            return
        self._enter(user)

    def _enter(self, user: User) -> None:
        """Past sign-in (and any password change): the patient list."""
        self.ui.peopleAction.setVisible(user.is_practice_admin)
        self.navigator.show_patients()
        self.navigator.prepare_next()
        self.signedIn.emit(user)

    def signed_in_elsewhere(self, user: User) -> None:
        """First-run setup signed its administrator in: on to People, not the patient list."""
        self.show_signed_in(user)
        self.idle_watcher.start()
        self.ui.peopleAction.setVisible(user.is_practice_admin)
        self.signedIn.emit(user)

    def password_changed(self, user: User) -> None:
        self.show_signed_in(user)
        self._enter(user)

    def show_signed_in(self, user: User) -> None:
        self.ui.signOutAction.setEnabled(True)
        self.ui.signOutButton.setEnabled(True)
        # Kept short, so Sign out stays in view beside it on a small screen.
        self.show_session(f"Signed in as {user.display_name} ({user.roles_label})", sign_out=True)
        self.ui.signedInLabel.setToolTip(f"Identity service: {self.context.identity.name}")

    def show_session(self, text: str, sign_out: bool) -> None:
        from PySide6.QtCore import Qt  # not before the first paint: the namespace costs ~25 ms

        self.ui.signedInLabel.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self.ui.signedInLabel.setText(text)
        self.ui.signOutButton.setVisible(sign_out)

    @property
    def wait_box(self) -> QMessageBox | None:
        """ "Your token is still syncing", while it is asked."""
        return self.sync_close.wait_box

    @property
    def sync_not_done_box(self) -> QMessageBox | None:
        return self.sync_close.sync_not_done_box

    def device_busy(self) -> bool:
        return self._navigator is not None and self._navigator.device_busy

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.device_busy():
            event.ignore()
            self.sync_close.ask_to_wait()
            return
        for dialog in self.beside_windows():  # its refresh timer must not outlive the window
            dialog.close()
        super().closeEvent(event)
        if self._navigator is not None:  # a closed window watches nobody's input
            self.idle_watcher.stop()
            self._navigator.stop_building()  # and builds no screen after its lanes close

    def open_sync_help(self) -> SyncHelpDialog:
        """The help page's steps, beside the window while they are followed."""
        from desktop.views import window_parts
        from desktop.views.sync_help import SyncHelpDialog

        self.sync_help = window_parts.beside(self, self.sync_help, SyncHelpDialog)
        self.sync_help.activateWindow()
        return self.sync_help
