"""The real window of a clinic workstation while its database server goes away and comes back.

The workstation reaches the session's PostgreSQL server through a relay
(`tests/clinic_proxy.py`) that the test cuts and restores: the save is refused with words
and the form keeps what was typed, the status bar says the database is unreachable, and
once it answers the same window saves and signs without a restart. A save and a signature
whose commit reached the server but whose answer was lost are tried again from the same
form and dialog: nothing is doubled and the audit chain verifies.
"""

from __future__ import annotations

import io
import json
import logging
import shutil

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.clinic import import_local
from desktop.clinic.settings import parse_url
from desktop.composition import Application
from desktop.controllers import clinic_reach
from desktop.demo import DOCTOR
from desktop.settings_file import SETTINGS_FILE
from desktop.store.audit_key import KEY_FILE
from desktop.store.server_away import SERVER_AWAY, ClinicServerAway
from desktop.views.window_parts import CLINIC_AWAY
from tests.clinic_desks import clinic, clinic_url, desk, template_desk, workstation
from tests.clinic_proxy import ClinicProxy
from tests.clinic_server import ROLE
from tests.test_compose_rx import fill

__all__ = ["clinic", "clinic_url", "desk", "template_desk", "workstation"]  # fixtures used here

# The medication box's completer popup cannot take the keyboard offscreen (test_compose_rx).
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard"),
    pytest.mark.usefixtures("no_keyring"),
]

LEFT = Qt.MouseButton.LeftButton
WAIT = 15_000


@pytest.fixture
def proxy(clinic_server):
    relay = ClinicProxy(clinic_server.port)
    relay.start()
    yield relay
    relay.cut()


@pytest.fixture
def through_relay(desk, workstation, clinic_url, proxy):
    """The desk moved into the clinic; the workstation reaches its database through the relay
    (the relay reads the protocol, so this link is plain: no CA named)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (workstation / "privacyidea-public.pem").write_bytes(pem)
    (workstation / "privacyidea-password").write_text("service-account-password")
    assert import_local.import_local(workstation, desk, out=io.StringIO()) == 0
    for key_file in (KEY_FILE, "rx-signing.key"):  # the clinic's audit key; a signing key
        shutil.copy2(desk / key_file, workstation / key_file)
    path = workstation / SETTINGS_FILE
    values = json.loads(path.read_text(encoding="utf-8"))
    values.update(clinic_url=proxy.url(parse_url(clinic_url).database, ROLE), clinic_ca_file="")
    path.write_text(json.dumps(values), encoding="utf-8")
    return workstation


@pytest.fixture
def window(through_relay, qtbot, icorerx_loop, monkeypatch):
    monkeypatch.setattr(clinic_reach, "RETRY_MS", 100)  # asked again sooner than 3 s
    application = Application.open(through_relay)
    shown = application.create_window()
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.close()
    application.close()


def open_compose(window, qtbot) -> None:
    patients = window.patients_view
    qtbot.waitUntil(lambda: patients.ui.patientTable.rowCount() > 0, timeout=WAIT)
    patients.ui.patientTable.selectRow(0)
    qtbot.mouseClick(patients.ui.composeRxButton, LEFT)
    compose = window.compose_view
    qtbot.waitUntil(compose.ui.medicationCombo.isEnabled, timeout=WAIT)


def status(window) -> str:
    label = window.findChild(QLabel, "clinicStatusLabel")
    assert isinstance(label, QLabel)
    return label.text()


def saving(refusal) -> bool:
    """The refusal of the save (a list being loaded meanwhile is refused in its own words)."""
    return "loaded" not in refusal.message


def count(clinic, statement: str, *params: object) -> int:
    return int(clinic.execute(statement, list(params)).fetchone()[0])


def test_the_server_away_mid_save_and_mid_sign_then_back_in_the_same_window(
    window, proxy, clinic, qtbot, caplog
):
    # Away at sign-in: said so, and no failed sign-in is held against the account.
    ui = window.login_view.ui
    ui.usernameEdit.setText(DOCTOR[0])
    ui.passwordEdit.setText(DOCTOR[1])
    failed_before = count(clinic, "SELECT count(*) FROM audit WHERE event = 'login_failed'")
    proxy.cut()
    with qtbot.waitSignal(window.login_controller.failed, timeout=WAIT) as refused:
        qtbot.mouseClick(ui.loginButton, LEFT)
    assert refused.args[0].code == SERVER_AWAY
    assert refused.args[0].message == (
        "The clinic database could not be reached. You were not signed in."
    )
    proxy.restore()
    with qtbot.waitSignal(window.signedIn, timeout=WAIT):
        qtbot.mouseClick(ui.loginButton, LEFT)
    assert count(clinic, "SELECT count(*) FROM audit WHERE event = 'login_failed'") == (
        failed_before
    )
    open_compose(window, qtbot)
    compose = window.compose_view
    controller = compose.controller
    patient = controller.patient
    qtbot.waitUntil(lambda: status(window) != CLINIC_AWAY, timeout=WAIT)
    normal = status(window)
    pending = len(controller.pending)

    # Away at Save: refused in words, the form keeps what was typed, the status bar says so.
    fill(qtbot, compose, "lisinopril 10 mg tablet", "Take 1 tablet by mouth daily", "30")
    typed = (compose.ui.medicationCombo.currentText(), compose.ui.sigEdit.text())
    proxy.cut()
    with qtbot.waitSignal(controller.failed, timeout=WAIT, check_params_cb=saving) as refused:
        qtbot.mouseClick(compose.ui.addRxButton, LEFT)
    refusal = refused.args[0]
    assert refusal.code == SERVER_AWAY
    assert refusal.message == (
        "The clinic database could not be reached. The prescription was not saved."
    )
    assert "trying again is safe" in refusal.next_step
    assert refusal.message in compose.ui.rxMessageLabel.text()
    assert (compose.ui.medicationCombo.currentText(), compose.ui.sigEdit.text()) == typed
    assert compose.ui.quantityEdit.text() == "30"
    qtbot.waitUntil(lambda: status(window) == CLINIC_AWAY, timeout=WAIT)

    # Back: the status bar names the database again by itself, and the same form saves.
    proxy.restore()
    qtbot.waitUntil(lambda: status(window) == normal, timeout=WAIT)
    with qtbot.waitSignal(controller.prescriptionsLoaded, timeout=WAIT):
        qtbot.mouseClick(compose.ui.addRxButton, LEFT)
    assert len(controller.pending) == pending + 1

    # The answer to the next save is lost after its commit: Save again finds it, adds nothing.
    fill(qtbot, compose, "lisinopril 10 mg tablet", "Take 1 tablet by mouth twice daily", "60")
    proxy.drop_answer_to(b"COMMIT", after=b"INSERT INTO prescriptions")
    with qtbot.waitSignal(controller.failed, timeout=WAIT, check_params_cb=saving) as refused:
        qtbot.mouseClick(compose.ui.addRxButton, LEFT)
    assert refused.args[0].code == SERVER_AWAY
    assert "cannot tell yet whether it was kept" in refused.args[0].message
    assert compose.ui.sigEdit.text() == "Take 1 tablet by mouth twice daily"
    with qtbot.waitSignal(controller.added, timeout=WAIT) as added:
        qtbot.mouseClick(compose.ui.addRxButton, LEFT)
    rx = added.args[0]
    assert rx.sig == "Take 1 tablet by mouth twice daily"
    assert count(clinic, "SELECT count(*) FROM prescriptions WHERE sig = %s", rx.sig) == 1
    qtbot.waitUntil(lambda: len(controller.pending) == pending + 2, timeout=WAIT)

    # Signing: away when the doctor confirms; the dialog stays, with the password typed.
    qtbot.waitUntil(compose.ui.signButton.isEnabled, timeout=WAIT)
    qtbot.mouseClick(compose.ui.signButton, LEFT)
    dialog = window.signing_dialog
    assert dialog is not None
    signing = dialog.controller
    qtbot.waitUntil(lambda: signing.plan is not None, timeout=WAIT)
    ids = [p.id for p in signing.plan.pending]
    assert len(ids) == pending + 2 and not signing.plan.needs_token
    dialog.ui.signPasswordEdit.setText(DOCTOR[1])
    signed_before = count(clinic, "SELECT count(*) FROM audit WHERE event = 'signed'")
    proxy.cut()
    with qtbot.waitSignal(signing.failed, timeout=WAIT) as refused:
        qtbot.mouseClick(dialog.ui.signConfirmButton, LEFT)
    assert refused.args[0].code == SERVER_AWAY
    assert refused.args[0].message == (
        "The clinic database could not be reached. The prescriptions were not signed."
    )
    assert window.signing_dialog is dialog and dialog.ui.signPasswordEdit.text() == DOCTOR[1]

    # Back, and the signature's answer is lost after its commit: Sign again finds it.
    proxy.restore()
    proxy.drop_answer_to(b"COMMIT", after=b"SET status = 'signed'")
    with qtbot.waitSignal(signing.failed, timeout=WAIT) as refused:
        qtbot.mouseClick(dialog.ui.signConfirmButton, LEFT)
    assert proxy.tripped.is_set() and refused.args[0].code == SERVER_AWAY, refused.args[0]
    with qtbot.waitSignal(signing.signed, timeout=WAIT) as signed:
        qtbot.mouseClick(dialog.ui.signConfirmButton, LEFT)
    assert sorted(p.id for p in signed.args[0]) == sorted(ids)
    assert count(clinic, "SELECT count(*) FROM audit WHERE event = 'signed'") == signed_before + 1
    assert count(
        clinic, "SELECT count(*) FROM prescriptions WHERE status = 'signed' AND id = ANY(%s)", ids
    ) == len(ids)
    store = window.context.store
    report = store.run_blocking(lambda s: s.audit.verify(anchored=False))
    assert report.ok, report.problem
    qtbot.waitUntil(lambda: status(window) == normal, timeout=WAIT)
    assert patient == controller.patient
    defects = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert defects == []  # the server away is not a defect: no traceback in the log


def test_a_controlled_signature_kept_but_unanswered_is_found_again_without_a_new_code(
    icorerx_env, qtbot, monkeypatch
):
    """The token's code was checked, the signature committed, and the answer was lost: the
    doctor is told the code was used; Sign again (with the next code) shows the signature
    made, asks the identity service nothing and records nothing twice. On a single desk's
    SQLite file, where the keys work the same; the loss is the store step's answer."""
    from desktop.controllers import signing
    from tests.test_signing import HOTP, OXYCODONE, add_rx, confirm, open_patient, start_signing

    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.sync_token(HOTP)
    _window, compose = open_patient(icorerx_env)
    patient = compose.controller.patient
    rx = add_rx(icorerx_env, patient.id, OXYCODONE)
    dialog = start_signing(icorerx_env, qtbot, compose)
    identity = icorerx_env.application.context.identity
    checked: list[str] = []
    verify = identity.verify_signing_code
    monkeypatch.setattr(
        identity, "verify_signing_code", lambda *a: checked.append(a[1]) or verify(*a)
    )
    real_finish = signing.finish

    def kept_then_lost(*args):
        real_finish(*args)
        raise ClinicServerAway(unknown=True, detail="answer lost after COMMIT")

    monkeypatch.setattr(signing, "finish", kept_then_lost)
    message, code = confirm(
        qtbot, dialog, "doctor-demo-1", icorerx_env.token_code(HOTP), expect="failed"
    )
    assert code == SERVER_AWAY
    assert "cannot tell yet whether it was kept" in message
    assert "The code from your token was used: press its button for a new one." in message
    assert dialog.ui.signOtpEdit.text() == ""  # spent: cleared, as for any spent code
    assert dialog.ui.signPasswordEdit.text() == "doctor-demo-1"
    assert len(checked) == 1

    (done,) = confirm(qtbot, dialog, "doctor-demo-1", icorerx_env.token_code(HOTP))
    assert [r.id for r in done] == [rx.id] and done[0].token_serial == HOTP
    assert len(checked) == 1  # the retry found the signature: no code asked for or spent
    store = icorerx_env.application.context.store

    def entries(s):
        return [e.event.value for e in s.audit.entries(limit=1000)]

    events = store.run_blocking(entries)
    assert events.count("signed") == 1
    assert store.run_blocking(lambda s: s.audit.verify(anchored=False)).ok


def test_a_removal_kept_but_unanswered_is_removed_when_tried_again(icorerx_env, qtbot, monkeypatch):
    """Remove pressed again after the answer was lost (the server away at COMMIT, the list
    not read since): told "Removed", not that the prescription is no longer pending."""
    from desktop.store.prescriptions import PrescriptionStore
    from tests.rx_store import LISINOPRIL
    from tests.test_signing import add_rx, open_patient

    icorerx_env.login("doctor", "doctor-demo-1")
    _window, compose = open_patient(icorerx_env)
    controller = compose.controller
    rx = add_rx(icorerx_env, controller.patient.id, LISINOPRIL)
    keys: list[str | None] = []
    real = PrescriptionStore.remove_pending

    def kept_then_lost(self, rx_id, patient_id, *, key=None):
        keys.append(key)
        real(self, rx_id, patient_id, key=key)
        if len(keys) == 1:
            raise ClinicServerAway(unknown=True, detail="answer lost after COMMIT")

    monkeypatch.setattr(PrescriptionStore, "remove_pending", kept_then_lost)
    with qtbot.waitSignal(controller.failed, timeout=10_000) as failed:
        controller.remove(rx.id)
    assert failed.args[0].code == SERVER_AWAY
    assert "cannot tell yet whether it was kept" in failed.args[0].message
    qtbot.waitUntil(lambda: not controller.busy)
    with qtbot.waitSignal(controller.removed, timeout=10_000):
        controller.remove(rx.id)
    assert keys[0] is not None and keys == [keys[0], keys[0]]  # the same attempt, its key
