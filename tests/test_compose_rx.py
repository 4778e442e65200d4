"""Compose Rx through the real window's data: the formulary, the pending list, who may sign."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.controllers.compose_rx import FRONT_DESK_CANNOT_SIGN, ComposeRxController
from desktop.store import audited
from desktop.views.compose_rx import ComposeRxView

# Typing in the medication box opens the completer's popup; the offscreen platform cannot
# give a popup the keyboard and says so. A real screen (xcb) does not.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")

LEFT = Qt.MouseButton.LeftButton
WAIT = 10_000


def open_compose(icorerx_env, qtbot, username="doctor", password="doctor-demo-1"):
    """Sign in, open the first patient's Compose Rx from the patient list, then a compose tab
    with its own controller for that patient (built directly: the window wires its own).
    """
    window = icorerx_env.login(username, password)
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, LEFT)
    patient = window.compose_view.patient
    assert patient is not None and patient.full_name == "Alvarez, Maria"
    context = icorerx_env.application.context
    controller = ComposeRxController(context)
    view = ComposeRxView(admin_factory=lambda parent: None, controller=controller, parent=None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(view.ui.medicationCombo.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(controller.prescriptionsLoaded, timeout=WAIT):
        view.show_patient(patient)
    return view, controller, patient


def fill(qtbot, view, medication, sig="Take 1 tablet by mouth daily", quantity="30"):
    combo = view.ui.medicationCombo
    combo.setEditText("")
    qtbot.keyClicks(combo.lineEdit(), medication)
    view.ui.sigEdit.setText(sig)
    view.ui.quantityEdit.setText(quantity)


def add(qtbot, view):
    with qtbot.waitSignal(view.controller.prescriptionsLoaded, timeout=WAIT):
        qtbot.mouseClick(view.ui.addRxButton, LEFT)


def cells(view, row):
    table = view.ui.rxTable
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_doctor_adds_a_schedule_ii_prescription(icorerx_env, qtbot):
    view, controller, patient = open_compose(icorerx_env, qtbot)
    assert view.ui.medicationCombo.count() >= 250
    assert view.ui.rxTable.rowCount() == 0
    assert not view.ui.signButton.isEnabled()
    assert "Nothing is waiting" in view.ui.signButton.toolTip()

    fill(qtbot, view, "oxycodone 5 mg tablet", "Take 1 tablet by mouth every 6 hours as needed")
    badge = view.ui.medicationScheduleLabel
    assert badge.isVisible()
    assert badge.text().startswith("Schedule II controlled substance: needs your hardware token")
    spin = view.ui.refillsSpin
    assert spin.value() == 0 and not spin.isEnabled()
    assert "1306.12" in spin.toolTip()
    with qtbot.waitSignal(controller.added, timeout=WAIT) as added:
        add(qtbot, view)
    rx = added.args[0]
    assert rx.patient_id == patient.id and rx.prepared_by == "doctor"
    assert cells(view, 0) == [
        "Oxycodone 5 mg tablet",
        "Take 1 tablet by mouth every 6 hours as needed",
        "30",
        "0",
        "Schedule II",
        "Pending signature",
    ]
    assert view.ui.medicationCombo.currentText() == "" and view.ui.sigEdit.text() == ""
    assert "Added Oxycodone 5 mg tablet" in view.ui.rxMessageLabel.text()
    assert not badge.isVisible() and spin.isEnabled()
    assert view.ui.signButton.isEnabled()

    with qtbot.waitSignal(view.signRequested, timeout=WAIT) as requested:
        qtbot.mouseClick(view.ui.signButton, LEFT)
    assert requested.args == [patient]

    # the lead's signing flow marks it signed, then refreshes the tab
    context = icorerx_env.application.context
    context.store.run_blocking(
        lambda s: audited.sign(
            s,
            [rx.id],
            patient.id,
            "doctor",
            "GALH12345678",
            dt.datetime.now(dt.UTC),
            {"attempt": "compose-test"},
            shown=s.prescriptions.shown_hash([rx.id], patient.id, "doctor"),
        )
    )
    with qtbot.waitSignal(controller.prescriptionsLoaded, timeout=WAIT):
        view.refresh()
    assert cells(view, 0)[5].startswith("Signed ")
    assert not view.ui.signButton.isEnabled()
    view.ui.rxTable.selectRow(0)
    assert not view.ui.removeRxButton.isEnabled()


def test_choosing_from_the_completer_and_the_refill_limits(icorerx_env, qtbot):
    view, _controller, _patient = open_compose(icorerx_env, qtbot)
    combo, spin = view.ui.medicationCombo, view.ui.refillsSpin
    completer = combo.completer()
    qtbot.keyClicks(combo.lineEdit(), "alpraz")
    qtbot.waitUntil(completer.popup().isVisible, timeout=WAIT)
    model = completer.completionModel()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "Alprazolam 1 mg tablet" in shown and all("Alprazolam" in s for s in shown)
    completer.popup().setCurrentIndex(model.index(shown.index("Alprazolam 1 mg tablet"), 0))
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert combo.currentText() == "Alprazolam 1 mg tablet"
    assert "Schedule IV" in view.ui.medicationScheduleLabel.text()
    assert spin.isEnabled() and spin.maximum() == 5 and "1306.22" in spin.toolTip()

    combo.setEditText("Lisinopril 10 mg tablet")
    assert not view.ui.medicationScheduleLabel.isVisible()
    spin.setValue(8)
    combo.setEditText("Hydrocodone/acetaminophen 5 mg/325 mg tablet")
    assert spin.value() == 0 and not spin.isEnabled()
    combo.setEditText("Lisinopril 10 mg tablet")
    assert spin.isEnabled() and spin.value() == 8 and spin.maximum() == 11  # restored


def test_invalid_input_is_marked_at_the_field_and_kept(icorerx_env, qtbot):
    view, controller, _patient = open_compose(icorerx_env, qtbot)
    fill(qtbot, view, "oxycodone", sig="x", quantity="thirty")
    with qtbot.waitSignal(controller.invalid, timeout=WAIT) as invalid:
        qtbot.mouseClick(view.ui.addRxButton, LEFT)
    assert set(invalid.args[0]) == {"medication", "sig", "quantity"}
    error = view.ui.rxFormErrorLabel
    assert error.isVisible()
    assert "Medication: Choose a medication" in error.text()
    assert "Directions:" in error.text() and "Quantity:" in error.text()
    for widget in (view.ui.medicationCombo.lineEdit(), view.ui.sigEdit, view.ui.quantityEdit):
        assert widget.property("invalid") is True
    assert view.ui.medicationCombo.currentText() == "oxycodone"
    assert view.ui.sigEdit.text() == "x" and view.ui.quantityEdit.text() == "thirty"
    assert view.ui.rxTable.rowCount() == 0

    qtbot.keyClicks(view.ui.quantityEdit, "x")
    assert view.ui.quantityEdit.property("invalid") is False
    assert "Quantity:" not in error.text() and "Directions:" in error.text()


def test_a_double_click_adds_once_and_remove_takes_it_off(icorerx_env, qtbot):
    view, controller, patient = open_compose(icorerx_env, qtbot)
    added = []
    controller.added.connect(added.append)
    fill(qtbot, view, "Lisinopril 10 mg tablet")
    with qtbot.waitSignal(controller.prescriptionsLoaded, timeout=WAIT):
        qtbot.mouseClick(view.ui.addRxButton, LEFT)
        qtbot.mouseClick(view.ui.addRxButton, LEFT)
        view.add()  # a script calling too
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT)
    assert len(added) == 1 and view.ui.rxTable.rowCount() == 1
    store = icorerx_env.application.context.store
    assert len(store.run_blocking(lambda s: s.prescriptions.pending(patient.id))) == 1

    assert not view.ui.removeRxButton.isEnabled()
    view.ui.rxTable.selectRow(0)
    assert view.ui.removeRxButton.isEnabled()
    with qtbot.waitSignal(controller.removed, timeout=WAIT):
        qtbot.mouseClick(view.ui.removeRxButton, LEFT)
    qtbot.waitUntil(lambda: view.ui.rxTable.rowCount() == 0, timeout=WAIT)
    assert "Removed Lisinopril 10 mg tablet" in view.ui.rxMessageLabel.text()
    assert not view.ui.signButton.isEnabled()


def test_front_desk_prepares_but_cannot_sign(icorerx_env, qtbot):
    view, controller, _patient = open_compose(icorerx_env, qtbot, "frontdesk", "frontdesk-demo-1")
    assert "doctor's signature" in view.ui.composeIntroLabel.text()
    fill(qtbot, view, "Alprazolam 0.5 mg tablet")
    assert "the doctor's hardware token" in view.ui.medicationScheduleLabel.text()
    view.ui.refillsSpin.setValue(2)
    with qtbot.waitSignal(controller.added, timeout=WAIT) as added:
        add(qtbot, view)
    assert added.args[0].prepared_by == "frontdesk" and added.args[0].refills == 2
    assert cells(view, 0)[5] == "Pending signature"
    assert controller.can_sign() == (False, FRONT_DESK_CANNOT_SIGN)
    assert not view.ui.signButton.isEnabled()
    assert view.ui.signButton.toolTip() == FRONT_DESK_CANNOT_SIGN
    with qtbot.assertNotEmitted(view.signRequested):
        view.ui.signButton.click()
