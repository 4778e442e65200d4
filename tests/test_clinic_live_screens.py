"""Pending lists that reload by themselves when another desk writes, within 2 seconds, keeping
what the doctor selected and typed; and screens that are gone stop listening. The change
feed underneath is in `tests/test_clinic_live.py`."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.clinic.settings import parse_url
from desktop.store.audit_key import audit_key
from desktop.store.change_topics import PATIENTS, PRESCRIPTIONS
from desktop.store.clinic_store import open_clinic_store
from desktop.store.database import AppStore
from desktop.store.prescriptions import PrescriptionStore
from desktop.testing_env import IcorerxEnv
from tests.clinic_desks import clinic_url, desk, sign, template_desk, workstation
from tests.desk_writes import add_rx
from tests.test_clinic_desk import imported, station
from tests.test_compose_rx import open_compose

__all__ = ["clinic_url", "desk", "imported", "station", "template_desk", "workstation"]  # fixtures

LEFT = Qt.MouseButton.LeftButton
WAIT_MS = 10_000


@pytest.fixture
def desk_b(imported, qtbot, icorerx_loop):
    """The doctor signed in at desk B, a clinic workstation, in the real window."""
    env = IcorerxEnv(imported, qtbot)
    window = env.login("doctor", "doctor-demo-1")
    feed = env.application.feed
    assert feed is not None
    assert feed.listening.wait(10)
    yield env, window
    env.close()


@pytest.fixture
def front_desk_a(imported, desk, clinic_url, clinic_server):
    """Desk A's store on the same clinic database: the desk that was moved in, whose
    prescription signing key its signed prescriptions were signed with."""
    store = open_clinic_store(
        parse_url(clinic_url),
        clinic_server.password,
        audit_key=audit_key(imported, create=False),
        key_dir=desk,
        workstation="front-desk-a",
    )
    yield store
    store.close()


def pending_cell(patients_view, patient_id):
    row = next(n for n, p in enumerate(patients_view.controller.found) if p.id == patient_id)
    return patients_view.ui.patientTable.item(row, 3).text()


def test_clinic_live_desk_b_sees_desk_a_pending_prescription_within_2_s(
    desk_b, front_desk_a, qtbot
):
    _env, window = desk_b
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT_MS)
    found = patients.controller.found
    waiting = next(p for p in found if "1 prescription" in pending_cell(patients, p.id))
    row = found.index(waiting)
    patients.ui.patientTable.selectRow(row)

    # the patient list: its count is current, and the selected patient stays selected
    add_rx(front_desk_a, waiting.id)
    qtbot.waitUntil(lambda: pending_cell(patients, waiting.id) == "2 prescriptions", timeout=2000)
    assert patients.controller.found[patients._selected_row()].id == waiting.id
    # a patient added at desk A comes first in the list: the selection follows its patient
    rows = patients.ui.patientTable.rowCount()
    front_desk_a.add_patient("Aaron", "Aaberg", dt.date(1970, 5, 6))
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() == rows + 1, timeout=2000)
    assert patients.controller.found[0].last_name == "Aaberg"
    assert patients.controller.found[patients._selected_row()].id == waiting.id

    qtbot.mouseClick(patients.ui.composeRxButton, LEFT)
    compose = window.compose_view
    qtbot.waitUntil(lambda: compose.ui.rxTable.rowCount() >= 2, timeout=WAIT_MS)
    pending = compose.controller.pending
    assert len(pending) == 2
    compose.ui.rxTable.selectRow(1)
    chosen = compose.selected_prescription()
    assert chosen is not None and chosen.id == pending[1].id
    # what the doctor is typing for the next one
    compose.ui.sigEdit.setText("Take 1 tablet by mo")
    compose.ui.quantityEdit.setText("3")

    third = add_rx(front_desk_a, waiting.id)
    qtbot.waitUntil(lambda: len(compose.controller.pending) == 3, timeout=2000)
    assert third.id in [rx.id for rx in compose.controller.pending]
    assert compose.ui.sigEdit.text() == "Take 1 tablet by mo"
    assert compose.ui.quantityEdit.text() == "3"
    still = compose.selected_prescription()
    assert still is not None and still.id == chosen.id

    # desk A takes the selected one off the list: it goes, and the doctor is told
    front_desk_a.prescriptions.remove_pending(chosen.id, waiting.id)
    qtbot.waitUntil(
        lambda: chosen.id not in [rx.id for rx in compose.controller.pending], timeout=2000
    )
    assert "was taken off the pending list at another workstation" in (
        compose.ui.rxMessageLabel.text()
    )
    assert compose.selected_prescription() is None
    assert compose.ui.sigEdit.text() == "Take 1 tablet by mo"

    # the doctor, signed in at desk A too, signs the one selected here
    compose.ui.rxTable.selectRow(
        next(n for n, rx in enumerate(compose.controller.prescriptions) if rx.id == third.id)
    )
    sign(front_desk_a, [third.id], waiting.id, serial=None)
    qtbot.waitUntil(
        lambda: third.id not in [rx.id for rx in compose.controller.pending], timeout=2000
    )
    said = compose.ui.rxMessageLabel.text()
    assert "Lisinopril 10 mg tablet was signed by Dr. Dana Whitfield at " in said, said
    assert "no longer pending" in said
    signed = next(rx for rx in compose.controller.prescriptions if rx.id == third.id)
    assert not signed.pending
    assert compose.ui.quantityEdit.text() == "3"


def test_clinic_live_a_reload_the_feed_asked_for_fails_quietly(icorerx_env, qtbot, monkeypatch):
    """A change told while the database stumbles: logged, not shown; the next one reloads."""
    view, controller, patient = open_compose(icorerx_env, qtbot)
    changes = icorerx_env.application.context.changes
    tried: list[int] = []

    def stumbling(_self, patient_id):
        tried.append(patient_id)
        raise sqlite3.OperationalError("database is locked")

    refused: list[object] = []
    controller.failed.connect(refused.append)
    with monkeypatch.context() as patched:
        patched.setattr(PrescriptionStore, "for_patient", stumbling)
        changes.deliver(frozenset({PRESCRIPTIONS}))
        qtbot.waitUntil(lambda: patient.id in tried, timeout=2000)
    with qtbot.waitSignal(controller.prescriptionsLoaded, timeout=2000):
        changes.deliver(frozenset({PATIENTS, PRESCRIPTIONS}))
    assert refused == []
    assert "could not" not in view.ui.rxMessageLabel.text().lower()


def test_clinic_live_screens_of_a_signed_out_user_reload_nothing(icorerx_env, qtbot, monkeypatch):
    """At sign-out the screens go, and their controllers stop hearing other desks' changes:
    the next person's desk does not read the last person's patient again and again."""
    window = icorerx_env.login("doctor", "doctor-demo-1")
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT_MS)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, LEFT)
    compose = window.compose_view
    qtbot.waitUntil(lambda: compose.controller.patient is not None, timeout=WAIT_MS)
    old_patients, old_compose = patients.controller, compose.controller
    icorerx_env.sign_out()
    watches = (old_patients._watch, old_compose._watch)
    qtbot.waitUntil(lambda: not any(watch.active for watch in watches), timeout=WAIT_MS)

    window = icorerx_env.login("frontdesk", "frontdesk-demo-1")
    qtbot.waitUntil(lambda: window.patients_view is not None, timeout=WAIT_MS)
    fresh = window.patients_view.controller
    qtbot.waitUntil(lambda: fresh.found != [], timeout=WAIT_MS)
    read: list[int] = []
    searched: list[str] = []
    real_read, real_search = PrescriptionStore.for_patient, AppStore.search_patients
    monkeypatch.setattr(
        PrescriptionStore, "for_patient", lambda s, p: read.append(p) or real_read(s, p)
    )
    monkeypatch.setattr(
        AppStore, "search_patients", lambda s, t, **k: searched.append(t) or real_search(s, t, **k)
    )
    with qtbot.waitSignal(fresh.patientsFound, timeout=2000):
        icorerx_env.application.context.changes.deliver(frozenset({PRESCRIPTIONS}))
    assert len(searched) == 1  # the new list's search; the old one's screen is gone
    assert read == []  # nobody has a patient open now
