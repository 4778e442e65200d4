"""How the Admin screen and its pages are made: their controllers, and who they answer to.

The navigator places them; a page's controllers belong to the navigator (they outlive a
screen that is deleted while they finish a write), its views to the page that shows them.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.controllers.context import AppContext
    from desktop.domain.models import Patient
    from desktop.views.access_control import AccessControlView
    from desktop.views.admin import AdminView
    from desktop.views.audit import AuditView
    from desktop.views.compose_rx import ComposeRxView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow
    from desktop.views.navigator import Navigator
    from desktop.views.people import PeopleView
    from desktop.views.signing_dialog import SigningDialog

log = logging.getLogger(__name__)

BEFORE_SIGN_IN: tuple[tuple[str, tuple[str, ...]], ...] = (
    # PySide makes a Qt class's Python enums the first time the class is used: the first
    # screen shown after sign-in would pay for these (QStyle's alone take ~25 ms) on the
    # turn that shows it.
    ("PySide6.QtWidgets", ("QStyle",)),
    ("PySide6.QtGui", ("QPlatformSurfaceEvent", "QInputMethodEvent")),
    ("PySide6.QtGui", ("QFocusEvent", "QContextMenuEvent")),
    ("PySide6.QtWidgets", ("QScroller",)),
    ("desktop.controllers.patients", ()),
    ("desktop.views.patients", ()),
)
"""What the patient list needs, loaded while the password is checked."""

AFTER_SIGN_IN: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Leaves first: importing `desktop.views.compose_rx` at once loads every Admin page's
    # code (~130 ms on one turn, measured with -X importtime); one module a turn keeps each
    # turn short. A name missing here (a module renamed) costs a longer turn, nothing else.
    ("desktop.controllers.compose_rx", ()),
    ("desktop.forms.ui_compose_rx", ()),
    ("PySide6.QtWidgets", ("QCompleter", "QHeaderView", "QAbstractItemView", "QDateEdit")),
    ("PySide6.QtWidgets", ("QTextBrowser", "QTabWidget", "QScrollArea", "QComboBox")),
    ("desktop.controllers.admin", ()),
    ("html", ()),
    ("desktop.domain.daily_review", ()),
    ("desktop.domain.daily_review_export", ()),
    ("PySide6.QtGui", ("QPdfWriter", "QPageLayout", "QPageSize", "QTextDocument")),
    ("desktop.controllers.daily_review", ()),
    ("desktop.forms.ui_admin", ()),
    ("desktop.domain.token_form", ()),
    ("desktop.controllers.access_control", ()),
    ("desktop.forms.ui_grant_entry_dialog", ()),
    ("desktop.views.grant_dialogs", ()),
    ("desktop.forms.ui_access_control", ()),
    ("desktop.views.access_control", ()),
    ("desktop.domain.audit_review", ()),
    # The audit controller checks prescription signatures: cryptography's key formats
    # (~10 ms) and the checking code, a turn each before the controller itself.
    ("cryptography.hazmat.primitives.asymmetric.ed25519", ()),
    ("cryptography.hazmat.primitives.serialization", ()),
    ("desktop.store.rx_keys", ()),
    ("desktop.store.rx_verify", ()),
    ("desktop.store.audit_review", ()),
    ("desktop.controllers.audit", ()),
    ("desktop.views.audit_model", ()),
    ("desktop.views.audit", ()),
    ("desktop.forms.ui_audit_review", ()),
    ("desktop.views.daily_review", ()),
    ("desktop.controllers.token_sync", ()),
    ("desktop.controllers.phone_auth", ()),
    ("desktop.controllers.token_lifecycle", ()),
    ("desktop.controllers.device_management", ()),
    ("desktop.forms.ui_device_management", ()),
    ("desktop.views.phone_code_dialog", ()),
    ("desktop.views.device_panels.phones", ()),
    ("desktop.views.token_lifecycle", ()),
    ("desktop.views.device_management", ()),
    ("desktop.domain.people", ()),
    ("desktop.controllers.people", ()),
    ("desktop.views.people", ()),
    ("desktop.views.admin", ()),
    ("desktop.views.rx_form", ()),
    ("desktop.views.pending_list", ()),
    ("desktop.views.compose_rx", ()),
)
"""What Compose Rx and the Admin pages need, loaded right after sign-in."""


def importer(module: str, names: tuple[str, ...] = ()) -> Callable[[], object]:
    """A building step of its own: loading a screen's code (or a Qt class's Python side)
    is much of the cost of its first build.

    A module that is not there (renamed since this list was written) is skipped: the
    screen that needs it loads what it needs when it is built.
    """

    def load() -> None:
        try:
            loaded = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            log.debug("no module %s to load ahead", module)
            return
        for name in names:
            getattr(loaded, name)

    return load


class MadeAhead:
    """Screens made in their page while it is hidden, a turn before the navigator places
    them in its layout and shows them there.

    Made as the child of the page it goes in, a form is styled once, as it is set up, and
    placing it costs ~0.5 ms. Made with no parent (as they were), placing it in the window
    styled the whole form again: 5-9 ms of GUI-thread CPU on the placing turn, the setup's
    own turn no shorter (measured per step, bench/responsiveness.py --turns).
    """

    def __init__(self) -> None:
        self.compose: ComposeRxView | None = None
        self.admin: AdminView | None = None
        self.device: DeviceManagementView | None = None

    def take_compose(self) -> ComposeRxView | None:
        view, self.compose = self.compose, None
        return view

    def take_admin(self) -> AdminView | None:
        view, self.admin = self.admin, None
        return view

    def take_device(self) -> DeviceManagementView | None:
        view, self.device = self.device, None
        return view

    def drop(self) -> None:
        """Signed out: what was made for the last person goes unplaced."""
        for view in (self.take_compose(), self.take_admin(), self.take_device()):
            if view is not None:
                view.deleteLater()


def admin(
    context: AppContext,
    owner: Navigator,
    people: Callable[[QWidget], PeopleView],
    parent: QWidget | None,
) -> AdminView:
    """The Admin tab for the signed-in user: its links as their roles allow."""
    from desktop.controllers.admin import admin_state
    from desktop.controllers.daily_review import DailyReviewController
    from desktop.views.admin import AdminView

    return AdminView(
        admin_state(context.require_user()),
        lambda host: owner.made.take_device() or device_management(context, owner, host),
        lambda host: audit(context, owner, host),
        lambda host: access_control(context, owner, host),
        people,
        DailyReviewController(context, owner),
        parent,
    )


def access_control(context: AppContext, owner: Navigator, parent: QWidget) -> AccessControlView:
    from desktop.controllers.access_control import AccessControlController
    from desktop.views.access_control import AccessControlView

    return AccessControlView(AccessControlController(context, owner), parent)


def audit(context: AppContext, owner: Navigator, parent: QWidget) -> AuditView:
    from desktop.controllers.audit import AuditController
    from desktop.views.audit import AuditView

    return AuditView(AuditController(context, owner), parent)


def device_management(
    context: AppContext, owner: Navigator, parent: QWidget | None
) -> DeviceManagementView:
    from desktop.controllers.device_management import DeviceManagementController
    from desktop.controllers.phone_auth import PhoneAuthController
    from desktop.controllers.step_up import StepUpSession
    from desktop.controllers.token_lifecycle import TokenLifecycleController
    from desktop.controllers.token_sync import TokenSyncController
    from desktop.views.device_management import DeviceManagementView

    step_up = StepUpSession(owner, context.identity)
    view = DeviceManagementView(
        DeviceManagementController(context, owner),
        PhoneAuthController(context, step_up, owner),
        TokenSyncController(context, step_up, owner),
        TokenLifecycleController(context, step_up, owner),
        parent,
    )
    # The phone confirmation belongs to this sign-in's screen: it goes with it at sign-out,
    # and its clock stops reaching a screen that is gone.
    step_up.setParent(view)
    view.busyChanged.connect(owner.deviceBusyChanged)
    owner.lockChanged.connect(step_up.end_on_lock)  # the lock ends the phone confirmation
    owner.screensDropped.connect(step_up.end_at_sign_out)  # and so does signing out
    view.syncAnswered.connect(owner.syncAnswered)
    return view


def signing(
    context: AppContext, owner: Navigator, window: MainWindow, patient: Patient
) -> SigningDialog:
    """The signing dialog for one patient's pending prescriptions (21 CFR 1311.140); when it
    closes, Compose Rx says what was signed and reads the prescriptions again."""
    from desktop.controllers.signing import SigningController
    from desktop.views.signing_dialog import SigningDialog

    controller = SigningController(context, owner)
    dialog = SigningDialog(controller, window)

    def finished(_result: int) -> None:
        compose = owner.compose
        if dialog.signed_now and compose is not None:
            count = len(dialog.signed_now)
            plural = "s" if count != 1 else ""
            done = f"Signed {count} prescription{plural} for {patient.full_name}."
            window.ui.statusBar.showMessage(done, 10_000)
            compose.announce(done)
        if compose is not None:
            compose.refresh()
        owner.signing_dialog = None
        dialog.deleteLater()
        controller.deleteLater()
        window.activateWindow()  # the keyboard comes back here, on any window manager

    dialog.finished.connect(finished)
    dialog.deviceManagementRequested.connect(owner.show_device_management)
    dialog.open()
    dialog.load(patient)
    return dialog
