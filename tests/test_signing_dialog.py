"""The signing dialog's life: it can be closed at any moment without leaving work behind."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from shiboken6 import isValid

from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft

CLICK = Qt.MouseButton.LeftButton
OXYCODONE = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")


def pending_tasks() -> list[asyncio.Task[object]]:
    loop = asyncio.get_event_loop_policy().get_event_loop()
    return [task for task in asyncio.all_tasks(loop) if not task.done()]


def open_compose_with_a_pending_rx(env, qtbot):
    window = env.login("doctor", "doctor-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, CLICK)
    compose = window.compose_view
    patient = compose.controller.patient
    draft = RxDraft(OXYCODONE, "Take 1 tablet by mouth every 6 hours as needed", "20", 0)
    store = env.application.context.store
    store.run_blocking(lambda s: s.prescriptions.add(patient.id, draft, "doctor"))
    compose.refresh()
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: not pending_tasks(), timeout=10_000)
    return window, compose


def test_closing_the_signing_dialog_before_it_has_loaded_leaves_nothing_running(icorerx_env, qtbot):
    window, compose = open_compose_with_a_pending_rx(icorerx_env, qtbot)
    # The identity service answers late, so the prescriptions and token are still being read
    # when the doctor closes the dialog.
    icorerx_env.delay_identity("list_tokens", 0.3)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    assert dialog is not None and dialog.controller.plan is None
    controller = dialog.controller
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.signing_dialog is None
    # Everything the dialog started ends, and nothing is delivered to it once it is gone.
    qtbot.waitUntil(lambda: not pending_tasks(), timeout=10_000)
    qtbot.waitUntil(lambda: not isValid(dialog) and not isValid(controller), timeout=10_000)
    assert compose.ui.signButton.isEnabled()  # the prescription still waits to be signed


def test_a_dialog_opened_again_after_an_early_close_shows_the_plan(icorerx_env, qtbot):
    window, compose = open_compose_with_a_pending_rx(icorerx_env, qtbot)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    qtbot.keyClick(window.signing_dialog, Qt.Key.Key_Escape)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=10_000)
    assert "no token is active" in dialog.ui.signErrorLabel.text()
    assert dialog.ui.signRxList.count() == 1
