"""Compose Rx for one patient, with the top menu bar (Compose Rx | Admin)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.models import Patient
from desktop.forms.ui_compose_rx import Ui_ComposeRxForm
from desktop.views.admin import AdminView
from desktop.views.embed import embed


class ComposeRxView(QWidget):
    """Signals:
    backRequested(): the user wants the patient list again.
    """

    backRequested = Signal()

    def __init__(
        self, admin_factory: Callable[[QWidget], AdminView], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ui = Ui_ComposeRxForm()
        self.ui.setupUi(self)
        self._admin_factory = admin_factory
        self.admin: AdminView | None = None
        self.ui.backToPatientsButton.clicked.connect(self.backRequested)
        self.ui.topMenuTabs.currentChanged.connect(self._on_tab)

    def show_patient(self, patient: Patient) -> None:
        sex = f" \u00b7 {patient.sex}" if patient.sex else ""
        self.ui.patientBannerLabel.setText(
            f"{patient.full_name} \u00b7 DOB {patient.date_of_birth_text}{sex}"
        )
        self.ui.composeIntroLabel.setText(
            f"Prescriptions for {patient.first_name} {patient.last_name}. "
            "To sign controlled-substance prescriptions your hardware token must be synced: "
            "open the Admin tab, then EPCS Device Management."
        )
        self.ui.topMenuTabs.setCurrentWidget(self.ui.composeTab)

    def _on_tab(self, _index: int) -> None:
        if self.ui.topMenuTabs.currentWidget() is self.ui.adminTab:
            self.ensure_admin().show_home()

    def hold(self, busy: bool) -> None:
        """Keep the user on the current screen while a device change is in flight."""
        self.ui.topMenuTabs.tabBar().setEnabled(not busy)
        self.ui.backToPatientsButton.setEnabled(not busy)

    def ensure_admin(self) -> AdminView:
        """Build the Admin screen the first time the tab is opened."""
        if self.admin is None:
            self.admin = self._admin_factory(self.ui.adminTab)
            embed(self.ui.adminTabLayout, self.admin)
        return self.admin
