"""A workstation connected to the clinic database starts on it: the stores, the window's
status bar, the sign-in form of a moved folder, the self-test, and a server that is down."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from PySide6.QtWidgets import QLabel

from desktop import selftest
from desktop.clinic import import_local
from desktop.clinic.settings import ClinicError, parse_url
from desktop.composition import Application
from desktop.config import Settings
from desktop.domain.errors import StartupError
from desktop.domain.prescriptions import RxDraft
from desktop.settings_file import SETTINGS_FILE
from desktop.store.audit_key import KEY_FILE
from tests.clinic_desks import LISINOPRIL, clinic, clinic_url, desk, template_desk, workstation
from tests.clinic_server import free_port
from tests.fresh_python import last_line
from tests.test_startup import run_app

__all__ = ["clinic", "clinic_url", "desk", "template_desk", "workstation"]  # fixtures used here


@pytest.fixture
def station(workstation):
    """The connected workstation with the privacyIDEA server's public key its settings name."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (workstation / "privacyidea-public.pem").write_bytes(pem)
    (workstation / "privacyidea-password").write_text("service-account-password")
    return workstation


@pytest.fixture
def imported(desk, station, no_keyring):
    """The clinic holds the desk's history; the workstation holds the clinic's audit key."""
    out, err = io.StringIO(), io.StringIO()
    assert import_local.import_local(station, desk, out=out, err=err) == 0, err.getvalue()
    shutil.copy2(desk / KEY_FILE, station / KEY_FILE)
    return station


def point_at_nothing(folder):
    """The workstation's settings name a port on which no server listens."""
    path = folder / SETTINGS_FILE
    values = json.loads(path.read_text(encoding="utf-8"))
    address = parse_url(values["clinic_url"])
    port = free_port()
    values["clinic_url"] = f"postgresql://{address.user}@127.0.0.1:{port}/{address.database}"
    path.write_text(json.dumps(values), encoding="utf-8")
    return f"127.0.0.1:{port}"


def test_clinic_workstation_starts_on_the_clinic_database_and_writes_there(imported, clinic):
    application = Application.open(imported)
    try:
        assert not application.context.setup_needed  # the desk's people came with it

        def write(store):
            rx = store.prescriptions.add(
                1, RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "30", 0), "frontdesk"
            )
            return rx.id, store.audit.verify(anchored=False)

        rx_id, chain = application.context.store.run_blocking(write)
    finally:
        application.close()
    assert chain.ok, chain
    row = clinic.execute(
        "SELECT patient_id, status FROM prescriptions WHERE id = %s", [rx_id]
    ).fetchone()
    assert row == (1, "pending")
    assert not (imported / "icorerx.sqlite").exists()  # nothing went to a file of its own


def test_clinic_workstation_without_the_audit_key_is_told_where_to_get_it(
    desk, station, no_keyring
):
    assert import_local.import_local(station, desk, out=io.StringIO()) == 0
    with pytest.raises(ClinicError) as refused:
        Application.open(station).close()
    assert "does not hold the audit key" in refused.value.message
    assert "icorerx clinic audit-key --export" in refused.value.next_step  # on the desk moved in
    assert "icorerx clinic audit-key --import" in refused.value.next_step
    assert f"copy {KEY_FILE}" in refused.value.next_step
    assert not (station / KEY_FILE).exists()  # no new key beside the clinic's chain


def test_clinic_first_workstation_makes_the_audit_key_for_an_empty_clinic(
    station, clinic, no_keyring
):
    application = Application.open(station)
    try:
        assert application.context.setup_needed  # nobody there yet: first-run setup
        entries = application.context.store.run_blocking(lambda s: s.count_audit_entries())
    finally:
        application.close()
    assert entries == clinic.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert (station / KEY_FILE).exists()


def test_clinic_workstation_on_the_embedded_identity_service_is_refused(station):
    path = station / SETTINGS_FILE
    values = json.loads(path.read_text(encoding="utf-8"))
    values.update(adapter="local", adapter_options={})
    path.write_text(json.dumps(values), encoding="utf-8")
    with pytest.raises(StartupError, match='"adapter": "privacyidea"'):
        Application.open(station).close()


def test_clinic_status_bar_names_the_clinic_database(imported, clinic_url, qtbot):
    address = parse_url(clinic_url)
    application = Application.open(imported)
    try:
        window = application.create_window()
        qtbot.addWidget(window)
        window.show()
        label = window.findChild(QLabel, "clinicStatusLabel")
        assert isinstance(label, QLabel)
        assert label.text() == f"Clinic database: 127.0.0.1/{address.database}"
        assert label.isVisible()
        window.close()
    finally:
        application.close()


def test_clinic_status_bar_says_nothing_on_a_single_desk(desk, qtbot, no_keyring):
    application = Application.open(desk)
    try:
        window = application.create_window()
        qtbot.addWidget(window)
        window.show()
        label = window.findChild(QLabel, "clinicStatusLabel")
        assert isinstance(label, QLabel)
        assert not label.isVisible()
        hint = window.login_view.ui.demoHintLabel.text()
        assert "moved into the clinic database" not in hint
        window.close()
    finally:
        application.close()


def test_clinic_moved_folder_says_so_on_the_sign_in_form(imported, desk, qtbot):
    application = Application.open(desk)
    try:
        window = application.create_window()
        qtbot.addWidget(window)
        window.show()
        hint = window.login_view.ui.demoHintLabel
        assert "were moved into the clinic database" in hint.text()
        assert "does not reach the clinic database" in hint.text()
        assert hint.isVisible()
        window.close()
    finally:
        application.close()


def test_clinic_server_down_at_start_is_one_message_naming_it(qapp, station, capsys):
    server = point_at_nothing(station)
    code, shown = run_app(station)
    assert code == 2
    assert len(shown) == 1, shown
    text, fix = shown[0]
    assert f"clinic database server at {server} cannot be reached" in text
    assert "Check that the server is running" in fix
    err = capsys.readouterr().err
    assert server in err and "Traceback" not in err


def test_clinic_self_test_reports_the_clinic_database(imported, clinic_url, capsys):
    address = parse_url(clinic_url)
    failures = selftest._check_configured(imported)
    said = capsys.readouterr().out
    assert f"ok   clinic database {address.database} on {address.server}: reachable" in said
    assert "schema" in said and "current" in said
    assert not any("clinic database" in failure for failure in failures), failures


def test_clinic_self_test_fails_when_the_clinic_database_is_down(station, capsys):
    server = point_at_nothing(station)
    failures = selftest._check_clinic(station, Settings.load(station))
    assert len(failures) == 1
    assert server in failures[0] and "cannot be reached" in failures[0]
    assert "ok   clinic database" not in capsys.readouterr().out


def test_clinic_self_test_fails_on_a_schema_behind(station, clinic, capsys):
    clinic.execute(
        "DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)"
    )
    failures = selftest._check_clinic(station, Settings.load(station))
    assert len(failures) == 1 and "Run icorerx clinic connect" in failures[0], failures


def test_clinic_workstation_through_the_real_start_up_opens_sign_in(imported, qapp):
    """`desktop.app.run` as a doctor starts it: no set-up form at the first paint (the
    workstation has no database file of its own), then sign-in on the clinic database."""
    from desktop.app import run

    seen: dict[str, object] = {}

    def painted(window):
        seen["setup_at_paint"] = window.ui.mainStack.currentWidget() is window.ui.setupPage

    def ready(window):
        seen["page"] = window.ui.mainStack.currentWidget().objectName()
        seen["status"] = window.findChild(QLabel, "clinicStatusLabel").text()
        qapp.quit()

    assert run(imported, on_painted=painted, on_ready=ready) == 0
    assert seen["setup_at_paint"] is False
    assert seen["page"] == "loginPage"
    assert str(seen["status"]).startswith("Clinic database: 127.0.0.1/")


def test_clinic_code_is_not_loaded_by_a_single_desk(desk):
    probe = (
        "import sys\nfrom pathlib import Path\nfrom desktop.composition import Application\n"
        "Application.open(Path(sys.argv[1])).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg'"
        " or m == 'desktop.clinic.desk'))\n"
    )
    assert last_line(probe, str(desk)) == "[]"
