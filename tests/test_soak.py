"""A working day in one process: the help page's path, over and over, through the real window.

Each trip goes Patients -> Compose Rx -> Admin -> EPCS Device Management -> Cancel -> Compose
Rx, opens the signing dialog and closes it (every other trip before it has finished loading,
as an impatient doctor would), and goes back to Patients. The process must not abort, the
number of live widgets must stay flat (screens are reused, dialogs are deleted), signal
connections must not pile up, nothing may be left running between trips, and the last trips
must not be slower than the first ones (a ratio measured within the run, never a time in
seconds). The references to None/True/False must not fall: a binding that drops one per call
aborts the interpreter within a few hundred trips on Python 3.11.

    ICORERX_SOAK_TRIPS=1000 pytest tests/test_soak.py -s   # a longer day, with its figures
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from PySide6.QtCore import SIGNAL, QEvent, QMetaMethod, QObject, Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft

CLICK = Qt.MouseButton.LeftButton
WAIT_MS = 10_000
WARM_UP = 10
TRIPS = int(os.environ.get("ICORERX_SOAK_TRIPS", "300"))
WINDOW = 50
WIDGET_TOLERANCE = 2
SLOWDOWN_LIMIT = 2.0
REFS_JITTER = 100
"""Objects freed during the run may hold a few references to True/False; a binding that
drops one per call loses thousands over the trips."""
OXYCODONE = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")


def pending_tasks() -> list[asyncio.Task[object]]:
    loop = asyncio.get_event_loop_policy().get_event_loop()
    return [task for task in asyncio.all_tasks(loop) if not task.done()]


def trip(env, qtbot, read_the_dialog: bool) -> None:
    window = env.main_window()
    device = env.open_device_management()
    compose = window.compose_view
    admin = compose.admin
    assert admin.ui.adminStack.currentWidget() is admin.ui.epcsDeviceManagementPage
    assert device.ui.phoneTable.rowCount() == 1
    qtbot.mouseClick(device.ui.deviceCancelButton, CLICK)
    assert admin.ui.adminStack.currentWidget() is admin.ui.adminHomePage

    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    qtbot.waitUntil(lambda: compose.ui.signButton.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(compose.ui.signButton, CLICK)
    dialog = window.signing_dialog
    assert dialog is not None
    if read_the_dialog:
        qtbot.waitUntil(lambda: dialog.controller.plan is not None, timeout=WAIT_MS)
        assert "no token is active" in dialog.ui.signErrorLabel.text()
    with qtbot.waitSignal(compose.controller.prescriptionsLoaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ui.signCancelButton, CLICK)
    assert window.signing_dialog is None

    qtbot.mouseClick(compose.ui.backToPatientsButton, CLICK)
    assert window.ui.mainStack.currentWidget() is window.ui.patientsPage
    qtbot.waitUntil(lambda: not pending_tasks(), timeout=WAIT_MS)


def deleted_now() -> None:
    """Carry out the deletions already asked for (a closed dialog, say): whether one is still
    pending when the figures are taken depends on the machine's pace, not on a leak."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def live_widgets() -> int:
    return len(QApplication.allWidgets())


def connections(root: QObject) -> int:
    """Slots connected to the signals of `root` and everything under it."""
    total = 0
    for obj in [root, *root.findChildren(QObject)]:
        meta = obj.metaObject()
        for index in range(meta.methodCount()):
            method = meta.method(index)
            if method.methodType() is QMetaMethod.MethodType.Signal:
                total += obj.receivers(SIGNAL(bytes(method.methodSignature()).decode()))
    return total


def singleton_refs() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def resident_mib() -> float:
    statm = Path("/proc/self/statm")
    return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_300_trips_keep_the_widget_count_flat_and_the_pace_steady(icorerx_env, qtbot):
    started = time.perf_counter()
    window = icorerx_env.login("doctor", "doctor-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT_MS)
    patient_id = patients.controller._current[0].id
    draft = RxDraft(OXYCODONE, "Take 1 tablet by mouth every 6 hours as needed", "20", 0)
    store = icorerx_env.application.context.store
    store.run_blocking(lambda s: s.prescriptions.add(patient_id, draft, "doctor"))

    for number in range(WARM_UP):
        trip(icorerx_env, qtbot, read_the_dialog=number % 2 == 0)
    deleted_now()
    widgets_before = live_widgets()
    objects_before = len(window.findChildren(QObject))
    connections_before = connections(window)
    refs_before = singleton_refs()
    memory_before = resident_mib()

    times: list[float] = []
    for number in range(TRIPS):
        begin = time.perf_counter()
        trip(icorerx_env, qtbot, read_the_dialog=number % 2 == 0)
        times.append(time.perf_counter() - begin)

    deleted_now()
    refs_after = singleton_refs()
    widgets_after = live_widgets()
    objects_after = len(window.findChildren(QObject))
    connections_after = connections(window)
    first = statistics.median(times[:WINDOW])
    last = statistics.median(times[-WINDOW:])
    print(
        f"\nsoak: {TRIPS} trips after {WARM_UP} to warm up; live widgets {widgets_before} -> "
        f"{widgets_after}; objects under the window {objects_before} -> {objects_after}; "
        f"connections {connections_before} -> {connections_after}; "
        f"median trip, first {WINDOW}: {first * 1000:.1f} ms, last {WINDOW}: "
        f"{last * 1000:.1f} ms (x{last / first:.2f}); resident memory {memory_before:.0f} -> "
        f"{resident_mib():.0f} MiB; references to None/True/False {refs_before} -> "
        f"{refs_after}; {time.perf_counter() - started:.1f} s in all"
    )
    assert abs(widgets_after - widgets_before) <= WIDGET_TOLERANCE
    assert abs(objects_after - objects_before) <= WIDGET_TOLERANCE
    assert connections_after == connections_before
    fallen = [before - after for before, after in zip(refs_before, refs_after, strict=True)]
    assert max(fallen) < REFS_JITTER, f"references to None/True/False fell by {fallen}"
    assert last <= SLOWDOWN_LIMIT * first
