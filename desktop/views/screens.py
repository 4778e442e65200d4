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
    from desktop.views.access_control import AccessControlView
    from desktop.views.admin import AdminView
    from desktop.views.audit import AuditView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.navigator import Navigator
    from desktop.views.people import PeopleView

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


def admin(
    context: AppContext,
    owner: Navigator,
    people: Callable[[QWidget], PeopleView],
    parent: QWidget,
) -> AdminView:
    """The Admin tab for the signed-in user: its links as their roles allow."""
    from desktop.controllers.admin import admin_state
    from desktop.controllers.daily_review import DailyReviewController
    from desktop.views.admin import AdminView

    return AdminView(
        admin_state(context.require_user()),
        lambda host: device_management(context, owner, host),
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
    context: AppContext, owner: Navigator, parent: QWidget
) -> DeviceManagementView:
    from desktop.controllers.device_management import DeviceManagementController
    from desktop.controllers.phone_auth import PhoneAuthController
    from desktop.controllers.step_up import StepUpSession
    from desktop.controllers.token_lifecycle import TokenLifecycleController
    from desktop.controllers.token_sync import TokenSyncController
    from desktop.views.device_management import DeviceManagementView

    step_up = StepUpSession(owner)
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
    view.syncAnswered.connect(owner.syncAnswered)
    return view
