"""The application window: sign-in, patient list, Compose Rx, built as they are opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QMainWindow, QMessageBox, QWidget

from desktop.config import TLS_OFF_WARNING
from desktop.domain.errors import SUPPORT_EMAIL, SUPPORT_PHONE
from desktop.domain.practice import DEMO_BANNER
from desktop.forms.ui_main_window import Ui_MainWindow
from desktop.views.accounts import AccountsFlow
from desktop.views.embed import embed
from desktop.views.idle_lock import IdleWatcher, close_for_lock, in_flight, open_windows
from desktop.views.login import LoginView
from desktop.views.messages import show_message
from desktop.views.sizing import fit_to_screen

if TYPE_CHECKING:
    from desktop.controllers.context import AppContext
    from desktop.controllers.demo_devices import DemoDevicesController
    from desktop.controllers.login import LoginController
    from desktop.domain.models import Patient, User
    from desktop.views.access_control import AccessControlView
    from desktop.views.admin import AdminView
    from desktop.views.audit import AuditView
    from desktop.views.compose_rx import ComposeRxView
    from desktop.views.demo_devices import DemoPhoneDialog, TokenSimulatorDialog
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.patients import PatientsView
    from desktop.views.signing_dialog import SigningDialog
    from desktop.views.sync_help import SyncHelpDialog


class MainWindow(QMainWindow):
    """Signals:
    signedIn(object): a `User` is signed in and past the password step (on the patient
        list; right after first-run setup, on People).
    lockChanged(bool): the window locked after inactivity, or was unlocked.

    Built in two steps so the sign-in screen paints before the rest of the application
    loads: the window shows its forms at once, and `attach` wires the controllers (the
    event loop, the stores and the identity service) right after the first paint.
    """

    signedIn = Signal(object)
    lockChanged = Signal(bool)

    def __init__(
        self, demo: bool = False, parent: QWidget | None = None, *, first_run: bool = False
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.accounts = AccountsFlow(self)
        # The banner above every screen carries the whole sentence; the status bar keeps a
        # short form, so Sign out stays in view beside it on a small screen.
        self._demo_status = QLabel("Demo workstation", self.ui.statusBar)
        self._demo_status.setToolTip(DEMO_BANNER)
        self._demo_status.setObjectName("demoStatusLabel")
        self.ui.statusBar.addPermanentWidget(self._demo_status)
        self._show_demo_mode(demo)
        self._build_tls_warning()
        self._context: AppContext | None = None
        self._login_controller: LoginController | None = None
        self._demo_controller: DemoDevicesController | None = None
        self.login_view = LoginView(demo, self.ui.loginPage)
        embed(self.ui.loginPageLayout, self.login_view)
        self.patients_view: PatientsView | None = None
        self.compose_view: ComposeRxView | None = None
        self.token_simulator: TokenSimulatorDialog | None = None
        self.demo_phone: DemoPhoneDialog | None = None
        self.wait_box: QMessageBox | None = None
        self.sync_not_done_box: QMessageBox | None = None
        self.signing_dialog: SigningDialog | None = None
        self._close_when_idle = False
        self.idle_watcher = IdleWatcher(parent=self)
        self.idle_watcher.idle.connect(self.lock)
        self._locked_page: QWidget | None = None
        self.ui.demoMenu.menuAction().setVisible(False)
        # Who is signed in, and Sign out, keep their own place at the status bar's right:
        # passing messages use the rest of it.
        self.ui.statusBar.addPermanentWidget(self.ui.sessionBar)
        # A long name gives way (cut at its end) before the Sign out button does.
        self.ui.signedInLabel.setMinimumWidth(120)
        self.ui.signOutButton.hide()
        self.ui.signOutButton.clicked.connect(self.sign_out)
        self.ui.signOutAction.triggered.connect(self.sign_out)
        self.ui.quitAction.triggered.connect(self.close)
        self.ui.supportAction.triggered.connect(self._show_support)
        self.ui.syncHelpAction.triggered.connect(self.open_sync_help)
        self.sync_help: SyncHelpDialog | None = None
        self.ui.aboutAction.triggered.connect(self._show_about)
        self.ui.tokenSimulatorAction.triggered.connect(self.open_token_simulator)
        self.ui.demoPhoneAction.triggered.connect(self.open_demo_phone)
        self.ui.peopleAction.triggered.connect(self.accounts.show_people_main)
        self.ui.mainStack.setCurrentWidget(self.ui.loginPage)
        self.login_view.ui.usernameEdit.setFocus()
        fit_to_screen(self)
        if first_run:  # a brand-new data dir: the setup form paints first, not a sign-in
            self.accounts.show_setup_form()

    def attach(self, context: AppContext) -> None:
        """Wire the controllers: from here on the window signs users in."""
        from desktop.controllers.demo_devices import DemoDevicesController
        from desktop.controllers.login import LoginController

        self._context = context
        # Set here, after the first paint: turning text into a key sequence loads Python's
        # whole Qt enum namespace (~40 ms).
        self.ui.quitAction.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.ui.syncHelpAction.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self._login_controller = LoginController(context, self)
        self._login_controller.loginSucceeded.connect(self._on_signed_in)
        self.login_view.bind(self._login_controller, context.settings.demo)
        self._demo_controller = DemoDevicesController(context, self)
        self.ui.demoMenu.menuAction().setVisible(self._demo_controller.available)
        self.show_practice()
        if context.setup_needed:
            self.accounts.show_setup()
        elif self.ui.mainStack.currentWidget() is self.ui.setupPage:
            self.ui.mainStack.setCurrentWidget(self.ui.loginPage)

    def _show_demo_mode(self, demo: bool) -> None:
        """A demo data dir says so on every screen, and in the status bar."""
        self.ui.demoBannerLabel.setText(DEMO_BANNER)
        self.ui.demoBannerLabel.setVisible(demo)
        self._demo_status.setVisible(demo)

    def _build_tls_warning(self) -> None:
        """A banner under the demo one, and a short form in the status bar, shown while the
        identity server's certificate is not checked."""
        self.tls_banner = QLabel(TLS_OFF_WARNING, self.ui.demoBannerLabel.parentWidget())
        self.tls_banner.setObjectName("tlsBannerLabel")
        self.tls_banner.setWordWrap(True)
        self.tls_banner.setAccessibleName("Identity server connection not checked")
        layout = self.ui.demoBannerLabel.parentWidget().layout()
        if isinstance(layout, QBoxLayout):  # right under the demo banner, above every screen
            layout.insertWidget(layout.indexOf(self.ui.demoBannerLabel) + 1, self.tls_banner)
        self.tls_status = QLabel("TLS checks off", self.ui.statusBar)
        self.tls_status.setObjectName("tlsStatusLabel")
        self.tls_status.setToolTip(TLS_OFF_WARNING)
        self.ui.statusBar.addPermanentWidget(self.tls_status)
        self._show_tls_warning(False)

    def _show_tls_warning(self, unchecked: bool) -> None:
        self.tls_banner.setVisible(unchecked)
        self.tls_status.setVisible(unchecked)

    def show_practice(self) -> None:
        """The demo banner, or the practice's name in the title."""
        if self._context is not None:
            self._show_demo_mode(self._context.settings.demo)
            self._show_tls_warning(self._context.settings.tls_unchecked)
        practice = self._context.practice if self._context is not None else None
        if self._context is not None and self._context.settings.demo:
            self.setWindowTitle(f"iCoreRx \u00b7 {DEMO_BANNER}")
        elif practice is not None:
            self.setWindowTitle(f"iCoreRx \u00b7 {practice.name}")
        else:
            self.setWindowTitle("iCoreRx")

    @property
    def context(self) -> AppContext:
        if self._context is None:
            raise RuntimeError("the window is not attached to the application yet")
        return self._context

    @property
    def login_controller(self) -> LoginController:
        if self._login_controller is None:
            raise RuntimeError("the window is not attached to the application yet")
        return self._login_controller

    @property
    def demo_controller(self) -> DemoDevicesController:
        if self._demo_controller is None:
            raise RuntimeError("the window is not attached to the application yet")
        return self._demo_controller

    # navigation --------------------------------------------------------
    def show_patients(self) -> None:
        from desktop.controllers.patients import PatientsController
        from desktop.views.patients import PatientsView

        if self.patients_view is None:
            controller = PatientsController(self.context, self)
            self.patients_view = PatientsView(controller, self.ui.patientsPage)
            embed(self.ui.patientsPageLayout, self.patients_view)
            controller.patientChosen.connect(self.show_compose_rx)
        self.patients_view.search_now()  # again on return: prescriptions added or signed since
        self.ui.mainStack.setCurrentWidget(self.ui.patientsPage)
        self.patients_view.ui.patientSearchEdit.setFocus()

    def show_compose_rx(self, patient: Patient) -> None:
        from desktop.controllers.compose_rx import ComposeRxController
        from desktop.views.compose_rx import ComposeRxView

        if self.compose_view is None:
            self.compose_view = ComposeRxView(
                self._build_admin,
                self.ui.composeRxPage,
                controller=ComposeRxController(self.context, self),
            )
            embed(self.ui.composeRxPageLayout, self.compose_view)
            self.compose_view.backRequested.connect(self.show_patients)
            self.compose_view.signRequested.connect(self.open_signing)
        self.compose_view.show_patient(patient)
        self.ui.mainStack.setCurrentWidget(self.ui.composeRxPage)

    def open_signing(self, patient: Patient) -> SigningDialog:
        """The signing dialog for one patient's pending prescriptions (21 CFR 1311.140)."""
        from desktop.controllers.signing import SigningController
        from desktop.views.signing_dialog import SigningDialog

        controller = SigningController(self.context, self)
        dialog = SigningDialog(controller, self)
        self.signing_dialog = dialog

        def finished(_result: int) -> None:
            if dialog.signed_now and self.compose_view is not None:
                count = len(dialog.signed_now)
                plural = "s" if count != 1 else ""
                done = f"Signed {count} prescription{plural} for {patient.full_name}."
                self.ui.statusBar.showMessage(done, 10_000)
                show_message(self.compose_view.ui.rxMessageLabel, done, "ok")
            if self.compose_view is not None:
                self.compose_view.refresh()
            self.signing_dialog = None
            dialog.deleteLater()
            controller.deleteLater()
            self.activateWindow()  # the keyboard comes back here, on any window manager

        dialog.finished.connect(finished)
        dialog.deviceManagementRequested.connect(self.open_device_management_for_token)
        dialog.open()
        dialog.load(patient)
        return dialog

    def open_device_management_for_token(self) -> None:
        """From the signing dialog: straight to Admin > EPCS Device Management."""
        if self.compose_view is None:
            return
        self.compose_view.ui.topMenuTabs.setCurrentWidget(self.compose_view.ui.adminTab)
        self.compose_view.ensure_admin().open_device_management()

    def open_token_simulator(self) -> TokenSimulatorDialog:
        from desktop.views.demo_devices import TokenSimulatorDialog

        if self.token_simulator is None:
            self.token_simulator = TokenSimulatorDialog(self.demo_controller)
            self._own_demo_device(self.token_simulator)
        self.token_simulator.show()
        self.token_simulator.raise_()
        return self.token_simulator

    def open_demo_phone(self) -> DemoPhoneDialog:
        from desktop.views.demo_devices import DemoPhoneDialog

        if self.demo_phone is None:
            self.demo_phone = DemoPhoneDialog(self.demo_controller)
            self._own_demo_device(self.demo_phone)
        self.demo_phone.show()
        self.demo_phone.raise_()
        return self.demo_phone

    def _own_demo_device(self, device: QWidget) -> None:
        """A demo device (or the help) is a window of its own, not this one's child: a dialog
        that holds this window (signing, the phone code) must not hold the token, the phone
        or the steps that answer it. It goes when this window goes."""
        self.destroyed.connect(device.deleteLater)

    @property
    def locked(self) -> bool:
        return self._locked_page is not None

    def lock(self) -> None:
        """Hide what was on screen until the same user types their password again."""
        user = self.context.user if self._context is not None else None
        if user is None or self.locked:
            return
        # The demo token, phone and help are windows of their own, kept for after the unlock:
        # hidden, not closed. Every other window of the session (signing, token actions, the
        # phone code, grants, message boxes) is cancelled, its data and pending action gone.
        own = (self, self.token_simulator, self.demo_phone, self.sync_help)
        session = open_windows(own)
        if self._device_busy() or in_flight(session):
            self.idle_watcher.poke()  # a signature or code is being checked: lock after it
            return
        self._locked_page = self.ui.mainStack.currentWidget()
        for dialog in own[1:]:
            if dialog is not None:
                dialog.hide()
        close_for_lock(session)
        self._show_session(f"Locked \u00b7 {user.display_name}", sign_out=True)
        self.ui.mainStack.setCurrentWidget(self.ui.loginPage)
        self.login_view.lock_for(user.username)
        self.idle_watcher.stop()
        self.login_controller.record_lock("locked after 10 minutes without activity")
        self.lockChanged.emit(True)

    def sign_out(self) -> None:
        if self._device_busy() or self._login_controller is None:
            return
        self._locked_page = None
        self.idle_watcher.stop()
        self.login_view.unlock()
        self._login_controller.logout()
        for view in (self.patients_view, self.compose_view):
            if view is not None:
                view.deleteLater()
        self.patients_view = None
        self.compose_view = None
        self.accounts.reset()
        self.ui.peopleAction.setVisible(False)
        self.ui.signOutAction.setEnabled(False)
        self._show_session("Not signed in", sign_out=False)
        self.ui.statusBar.clearMessage()
        self.ui.mainStack.setCurrentWidget(self.ui.loginPage)
        self.login_view.reset()

    # builders ----------------------------------------------------------
    def _build_admin(self, parent: QWidget) -> AdminView:
        from desktop.controllers.admin import admin_state
        from desktop.controllers.daily_review import DailyReviewController
        from desktop.views.admin import AdminView

        user = self.context.require_user()
        return AdminView(
            admin_state(user),
            self._build_device_management,
            self._build_audit,
            parent,
            access_factory=self._build_access_control,
            people_factory=self.accounts.people_for,
            review_controller=DailyReviewController(self.context, self),
        )

    def _build_access_control(self, parent: QWidget) -> AccessControlView:
        from desktop.controllers.access_control import AccessControlController
        from desktop.views.access_control import AccessControlView

        return AccessControlView(AccessControlController(self.context, self), parent)

    def _build_audit(self, parent: QWidget) -> AuditView:
        from desktop.controllers.audit import AuditController
        from desktop.views.audit import AuditView

        return AuditView(AuditController(self.context, self), parent)

    def _build_device_management(self, parent: QWidget) -> DeviceManagementView:
        from desktop.controllers.device_management import DeviceManagementController
        from desktop.controllers.phone_auth import PhoneAuthController
        from desktop.controllers.step_up import StepUpSession
        from desktop.controllers.token_lifecycle import TokenLifecycleController
        from desktop.controllers.token_sync import TokenSyncController
        from desktop.views.device_management import DeviceManagementView

        step_up = StepUpSession(self)
        view = DeviceManagementView(
            DeviceManagementController(self.context, self),
            PhoneAuthController(self.context, step_up, self),
            TokenSyncController(self.context, step_up, self),
            TokenLifecycleController(self.context, step_up, self),
            parent,
        )
        # The phone confirmation belongs to this sign-in's screen: it goes with it at sign-out,
        # and its clock stops reaching a screen that is gone.
        step_up.setParent(view)
        view.busyChanged.connect(self._on_device_busy)
        self.lockChanged.connect(step_up.end_on_lock)  # the lock ends the phone confirmation
        view.syncAnswered.connect(self._on_sync_answered)
        return view

    def _on_device_busy(self, busy: bool) -> None:
        """While a token syncs, the window stays on its screen, as the help page promises."""
        self.ui.signOutAction.setEnabled(not busy)
        self.ui.signOutButton.setEnabled(not busy)
        if self.compose_view is not None:
            self.compose_view.hold(busy)

    def _on_sync_answered(self, synced: bool, why_not: str) -> None:
        """The answer came: the "still syncing" question is moot, and a close waits for it.

        The window closes by itself only after a success; after a refusal it stays open and
        says so, since whoever asked to close it expects the token to be synced.
        """
        if self.wait_box is not None:
            self.wait_box.reject()  # "has not answered yet" is no longer true
        if not self._close_when_idle:
            return
        self._close_when_idle = False
        if synced:
            # Once the flow has ended in full: its outcome recorded, the screen refreshed.
            self._close_when_settled()
            return
        self.raise_()
        self.activateWindow()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Your token was not synced",
            "The identity service answered, but your token was not synced, so the window "
            "stayed open.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("syncNotDoneBox")
        box.setInformativeText(f"{why_not}\n\nThe same words stay under Manage Token.")
        box.finished.connect(box.deleteLater)
        self.sync_not_done_box = box
        box.open()

    # events ------------------------------------------------------------
    def _on_signed_in(self, user: User) -> None:
        if self._locked_page is not None:
            page, self._locked_page = self._locked_page, None
            self.login_view.unlock()
            self.ui.mainStack.setCurrentWidget(page)
            self._show_signed_in(user)
            self.idle_watcher.start()
            self.login_controller.record_lock("unlocked with the password")
            self.lockChanged.emit(False)
            return
        self._show_signed_in(user)
        self.idle_watcher.start()
        if user.must_change_password:  # a one-time password: their own one comes first
            self.accounts.show_change_password(user)
            return
        self._enter(user)

    def _enter(self, user: User) -> None:
        """Past sign-in (and any password change): the patient list."""
        self.ui.peopleAction.setVisible(user.is_practice_admin)
        self.show_patients()
        self.signedIn.emit(user)

    def signed_in_elsewhere(self, user: User) -> None:
        """First-run setup signed its administrator in: on to People, not the patient list."""
        self._show_signed_in(user)
        self.idle_watcher.start()
        self.ui.peopleAction.setVisible(user.is_practice_admin)
        self.signedIn.emit(user)

    def password_changed(self, user: User) -> None:
        self._show_signed_in(user)
        self._enter(user)

    def _show_signed_in(self, user: User) -> None:
        self.ui.signOutAction.setEnabled(True)
        self.ui.signOutButton.setEnabled(True)
        # Kept short, so Sign out stays in view beside it on a small screen.
        self._show_session(f"Signed in as {user.display_name} ({user.roles_label})", sign_out=True)
        self.ui.signedInLabel.setToolTip(f"Identity service: {self.context.identity.name}")

    def _show_session(self, text: str, sign_out: bool) -> None:
        self.ui.signedInLabel.setText(text)
        self.ui.signOutButton.setVisible(sign_out)

    def _device_busy(self) -> bool:
        admin = self.compose_view.admin if self.compose_view is not None else None
        return bool(admin and admin.device and admin.device.busy)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._device_busy():
            event.ignore()
            self._ask_to_wait()
            return
        for dialog in (self.demo_phone, self.token_simulator, self.sync_help):
            if dialog is not None:  # its refresh timer must not outlive the window
                dialog.close()
        super().closeEvent(event)

    def _ask_to_wait(self) -> None:
        if self.wait_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Your token is still syncing",
            "The identity service has not answered yet. Closing now would leave you not "
            "knowing whether your token was synced.\n\nThe window can close by itself as "
            "soon as the answer arrives.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("waitForSyncBox")
        close_later = box.addButton("&Close when finished", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Keep the window open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(close_later)

        def answered() -> None:
            self._close_when_idle = box.clickedButton() is close_later and self._device_busy()
            self.wait_box = None
            box.deleteLater()

        box.finished.connect(answered)
        self.wait_box = box
        box.open()

    def _close_when_settled(self) -> None:
        """Close once the sync's outcome is recorded and shown, not merely no longer busy."""
        from desktop.controllers.settling import when_settled

        when_settled(self.close)

    def open_sync_help(self) -> SyncHelpDialog:
        """The help page's steps, beside the window while they are followed."""
        from desktop.views.sync_help import SyncHelpDialog

        if self.sync_help is None:
            self.sync_help = SyncHelpDialog()
            self._own_demo_device(self.sync_help)
        self.sync_help.show()
        self.sync_help.raise_()
        self.sync_help.activateWindow()
        return self.sync_help

    def _show_support(self) -> None:
        QMessageBox.information(
            self,
            "Contact support",
            f"Call {SUPPORT_PHONE} or write to {SUPPORT_EMAIL}.",
        )

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            "About iCoreRx",
            "iCoreRx desktop: sync your EPCS hardware token and sign controlled-substance "
            "prescriptions.",
        )
