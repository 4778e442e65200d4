"""How the Admin screen and its pages are made: their controllers, and who they answer to.

The navigator places them; a page's controllers belong to the navigator (they outlive a
screen that is deleted while they finish a write), its views to the page that shows them.
"""

from __future__ import annotations

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
