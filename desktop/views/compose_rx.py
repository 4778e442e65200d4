"""Compose Rx for one patient, with the top menu bar (Compose Rx | Admin).

The Compose Rx tab builds the patient's pending list: pick a medication from the
formulary, type the directions, quantity and refills, Add to pending (`RxFormPanel`,
desktop/views/rx_form.py); the doctor then signs the list (`PendingListPanel`,
desktop/views/pending_list.py; the signing dialog is opened by whoever listens to
`signRequested`). The two panels share this screen's form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.controllers.compose_rx import ComposeRxController
from desktop.domain.formulary import Medication
from desktop.domain.models import Patient
from desktop.domain.prescriptions import Prescription
from desktop.forms.ui_compose_rx import Ui_ComposeRxForm
from desktop.views.admin import AdminView
from desktop.views.embed import embed
from desktop.views.messages import clear_message, show_message, show_refusal
from desktop.views.pending_list import PendingListPanel
from desktop.views.rx_form import RxFormPanel


class ComposeRxView(QWidget):
    """Signals:
    backRequested(): the user wants the patient list again.
    signRequested(object): the `Patient` whose pending prescriptions the doctor wants to sign.
    """

    backRequested = Signal()
    signRequested = Signal(object)

    def __init__(
        self,
        admin_factory: Callable[[QWidget], AdminView],
        controller: ComposeRxController,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_ComposeRxForm()
        self.ui.setupUi(self)
        self._admin_factory = admin_factory
        self.admin: AdminView | None = None
        self.controller = controller
        self.patient: Patient | None = None
        self.ui.backToPatientsButton.clicked.connect(self.backRequested)
        self.ui.topMenuTabs.currentChanged.connect(self._on_tab)
        clear_message(self.ui.rxMessageLabel)
        self.rx_form = RxFormPanel(self.ui, controller, self)
        self.pending_list = PendingListPanel(self.ui, controller, self._has_patient, self)
        self.ui.signButton.clicked.connect(self._request_sign)
        self.destroyed.connect(controller.stop_watching)  # signed out: it reloads no more
        controller.failed.connect(lambda refusal: show_refusal(self.ui.rxMessageLabel, refusal))
        controller.load_formulary()

    # the patient -------------------------------------------------------
    def show_patient(self, patient: Patient) -> None:
        sex = f" \u00b7 {patient.sex}" if patient.sex else ""
        self.ui.patientBannerLabel.setText(
            f"{patient.full_name} \u00b7 DOB {patient.date_of_birth_text}{sex}"
        )
        self.ui.composeIntroLabel.setText(self._intro(patient))
        if self.patient != patient:
            self.rx_form.reset()
            self.pending_list.show_prescriptions([])
            clear_message(self.ui.rxMessageLabel)
        self.patient = patient
        self.ui.topMenuTabs.setCurrentWidget(self.ui.composeTab)
        self.controller.set_patient(patient)
        self.pending_list.update_sign()

    def _has_patient(self) -> bool:
        return self.patient is not None

    def refresh(self) -> None:
        """Reload the patient's prescriptions (after signing, say)."""
        self.controller.load()

    def _intro(self, patient: Patient) -> str:
        who = f"{patient.first_name} {patient.last_name}"
        if not self.controller.user_may_sign:
            return (
                f"Prescriptions for {who}. You can prepare them: they wait in the pending "
                "list for the doctor's signature."
            )
        return (
            f"Prescriptions for {who}: add each one to the pending list, then sign them. "
            "Controlled substances are signed with your hardware token, synced under "
            "Admin \u2192 EPCS Device Management."
        )

    # top menu bar ------------------------------------------------------
    def _on_tab(self, _index: int) -> None:
        admin = self.ui.topMenuTabs.currentWidget() is self.ui.adminTab
        if admin:
            self.ensure_admin().show_home()
        if self.ui.topMenuTabs.tabBar().hasFocus():
            return  # arrows on the tab bar move between tabs: the keyboard stays there
        if admin:
            self.ensure_admin().focus_first()
        elif self.ui.medicationCombo.isEnabled():
            self.ui.medicationCombo.setFocus()

    def hold(self, busy: bool) -> None:
        """Keep the user on the current screen while a device change is in flight."""
        self.ui.topMenuTabs.tabBar().setEnabled(not busy)
        self.ui.backToPatientsButton.setEnabled(not busy)

    def retire(self) -> None:
        """Signed out: the screen goes. Its tabs are removed as it is deleted, which would
        otherwise bring up (and build) the Admin tab for nobody."""
        self.ui.topMenuTabs.currentChanged.disconnect(self._on_tab)
        self.deleteLater()

    def show_admin(self) -> AdminView:
        """The Admin tab, brought to the front (from the signing dialog, say)."""
        self.ui.topMenuTabs.setCurrentWidget(self.ui.adminTab)
        return self.ensure_admin()

    def announce(self, text: str) -> None:
        """Say what just happened to this patient's prescriptions (a signature, say)."""
        show_message(self.ui.rxMessageLabel, text, "ok")

    def ensure_admin(self) -> AdminView:
        """Build the Admin screen the first time the tab is opened."""
        if self.admin is None:
            self.admin = self._admin_factory(self.ui.adminTab)
            embed(self.ui.adminTabLayout, self.admin)
        return self.admin

    # the panels, as the screen offers them (scripts, tests) ---------------------------
    def add(self) -> None:
        """Add to pending what the form holds (its Add button)."""
        self.rx_form.add()

    def selected_medication(self) -> Medication | None:
        return self.rx_form.selected_medication()

    def selected_prescription(self) -> Prescription | None:
        return self.pending_list.selected_prescription()

    def remove_selected(self) -> None:
        self.pending_list.remove_selected()

    def _request_sign(self) -> None:
        if self.patient is not None:
            if self.controller.can_sign()[0]:
                self.signRequested.emit(self.patient)
