"""The Admin screen: EPCS User Controls (Device Management, Access Control), People, Audit
(the log, and its daily review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.controllers.admin import AdminState
from desktop.controllers.daily_review import DailyReviewController
from desktop.domain.daily_review import nudge_text
from desktop.forms.ui_admin import Ui_AdminForm
from desktop.views.access_control import AccessControlView
from desktop.views.audit import AuditView
from desktop.views.daily_review import DailyReviewView
from desktop.views.device_management import DeviceManagementView
from desktop.views.embed import embed
from desktop.views.messages import clear_message, show_message
from desktop.views.people import PeopleView


class AdminView(QWidget):
    def __init__(
        self,
        state: AdminState,
        device_factory: Callable[[QWidget], DeviceManagementView],
        audit_factory: Callable[[QWidget], AuditView],
        access_factory: Callable[[QWidget], AccessControlView],
        people_factory: Callable[[QWidget], PeopleView],
        review_controller: DailyReviewController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AdminForm()
        self.ui.setupUi(self)
        self._state = state
        self._device_factory = device_factory
        self._audit_factory = audit_factory
        self.device: DeviceManagementView | None = None
        self.audit: AuditView | None = None
        self._access_factory = access_factory
        self.access: AccessControlView | None = None
        self.ui.epcsAccessControlLink.clicked.connect(self.open_access_control)
        self.ui.auditLink.setEnabled(state.audit_enabled)
        self.ui.auditLink.setToolTip(state.audit_explanation)
        if state.audit_explanation:  # said beside the greyed-out link, as for Device Management
            show_message(self.ui.auditRestrictedLabel, state.audit_explanation, "info")
        else:
            clear_message(self.ui.auditRestrictedLabel)
        self.ui.auditLink.clicked.connect(self.open_audit)
        link = self.ui.epcsDeviceManagementLink
        link.setEnabled(state.epcs_enabled)
        link.setToolTip(state.explanation)
        if state.explanation:
            show_message(self.ui.epcsRestrictedLabel, state.explanation, "info")
        else:
            clear_message(self.ui.epcsRestrictedLabel)
        link.clicked.connect(self.open_device_management)
        self._people_factory = people_factory
        self.ui.peopleLink.setEnabled(state.people_enabled)
        self.ui.peopleLink.setToolTip(state.people_explanation)
        if state.people_explanation:
            show_message(self.ui.peopleRestrictedLabel, state.people_explanation, "info")
        else:
            clear_message(self.ui.peopleRestrictedLabel)
        self.ui.peopleLink.clicked.connect(self.open_people)
        self._wire_review(state, review_controller)

    def show_home(self) -> None:
        if self.device is not None and self.device.busy:
            return  # a sync in flight keeps the window on its screen
        self.ui.adminStack.setCurrentWidget(self.ui.adminHomePage)
        if self.ui.auditReviewLink.isEnabled():
            self.review_controller.load_pending()  # a day may have ended, or been reviewed

    def back_home(self) -> None:
        """From a page's Cancel or Back: home, with the keyboard on the first link."""
        self.show_home()
        self.focus_first()

    def focus_first(self) -> None:
        """Put the keyboard on the first thing this screen offers (Enter opens it)."""
        page = self.ui.adminStack.currentWidget()
        if page is self.ui.epcsDeviceManagementPage and self.device is not None:
            self.device.focus_first()
            return
        for link in (
            self.ui.epcsDeviceManagementLink,
            self.ui.epcsAccessControlLink,
            self.ui.peopleLink,
            self.ui.auditLink,
            self.ui.auditReviewLink,
        ):
            if link.isEnabled():
                link.setFocus()
                return

    # why a link is greyed out, for whoever asked to open its page ---------------------
    def device_management_refusal(self) -> str:
        return self._state.explanation

    def people_refusal(self) -> str:
        return self._state.people_explanation

    def audit_refusal(self) -> str:
        return self._state.audit_explanation

    # the pages ------------------------------------------------------------------------
    def open_audit(self) -> AuditView | None:
        if not self.ui.auditLink.isEnabled():
            return None
        if self.audit is None:
            self.audit = self._audit_factory(self.ui.auditPage)
            embed(self.ui.auditPageLayout, self.audit)
            self.audit.backRequested.connect(self.back_home)
        self.ui.adminStack.setCurrentWidget(self.ui.auditPage)
        self.audit.reload()
        return self.audit

    def open_people(self) -> PeopleView | None:
        """The window's one People screen, placed on this page (see `AccountsFlow`)."""
        if not self.ui.peopleLink.isEnabled():
            return None
        view = self._people_factory(self.ui.peoplePage)
        if self.ui.peoplePageLayout.indexOf(view) < 0:
            embed(self.ui.peoplePageLayout, view)
        self.ui.adminStack.setCurrentWidget(self.ui.peoplePage)
        view.refresh()
        return view

    @property
    def device_allowed(self) -> bool:
        """EPCS Device Management is open to this user (its link is not greyed out)."""
        return bool(self.ui.epcsDeviceManagementLink.isEnabled())

    def build_device_management(self) -> DeviceManagementView | None:
        """EPCS Device Management, built but not shown (None when the link is greyed out)."""
        if not self.device_allowed:
            return None
        if self.device is None:
            self.device = self._device_factory(self.ui.epcsDeviceManagementPage)
            embed(self.ui.epcsDeviceManagementLayout, self.device)
            self.device.cancelRequested.connect(self.back_home)
        return self.device

    def open_device_management(self) -> DeviceManagementView | None:
        device = self.build_device_management()
        if device is None:
            return None
        self.ui.adminStack.setCurrentWidget(self.ui.epcsDeviceManagementPage)
        device.refresh()
        device.focus_first()
        return device

    def open_access_control(self) -> AccessControlView:
        if self.access is None:
            self.access = self._access_factory(self.ui.epcsAccessControlPage)
            embed(self.ui.epcsAccessControlLayout, self.access)
            self.access.backRequested.connect(self.back_home)
        self.ui.adminStack.setCurrentWidget(self.ui.epcsAccessControlPage)
        self.access.refresh()
        return self.access

    # the daily audit review (21 CFR 1311.150) ----------------------------------------------
    def _wire_review(self, state: AdminState, controller: DailyReviewController) -> None:
        """The review link, and the reminder every administrator sees while days wait."""
        self.review_controller = controller
        self.review: DailyReviewView | None = None
        self._pending: list[dt.date] = []
        link = self.ui.auditReviewLink
        link.setEnabled(state.review_enabled)
        link.setToolTip(state.review_explanation)
        if state.review_explanation:
            show_message(self.ui.auditReviewRestrictedLabel, state.review_explanation, "info")
        else:
            clear_message(self.ui.auditReviewRestrictedLabel)
        self._show_nudge([])
        link.clicked.connect(lambda: self.open_audit_review())
        self.ui.auditReviewNowButton.clicked.connect(self._review_oldest)
        controller.pendingLoaded.connect(self._show_nudge)
        if link.isEnabled():
            controller.load_pending()

    def _show_nudge(self, pending: list[dt.date]) -> None:
        self._pending = list(pending)
        text = nudge_text(self._pending)
        if text:
            show_message(self.ui.auditReviewNudgeLabel, text, "error")
        else:
            clear_message(self.ui.auditReviewNudgeLabel)
        self.ui.auditReviewNowButton.setVisible(bool(text))

    def _review_oldest(self) -> None:
        self.open_audit_review(self._pending[0] if self._pending else None)

    def open_audit_review(self, day: dt.date | None = None) -> DailyReviewView | None:
        """Admin > Daily audit review, showing `day` (else the oldest day still to review)."""
        if not self.ui.auditReviewLink.isEnabled():
            return None
        if self.review is None:
            self.review = DailyReviewView(self.review_controller, self.ui.auditReviewPage)
            embed(self.ui.auditReviewPageLayout, self.review)
            self.review.backRequested.connect(self.back_home)
        self.ui.adminStack.setCurrentWidget(self.ui.auditReviewPage)
        self.review.refresh(day)
        self.review.focus_first()
        return self.review
