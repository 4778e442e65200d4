"""A desk with a history and a workstation connected to a fresh clinic database: the fixtures
the `icorerx clinic import-local` tests share."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil

import keyring
import pytest

from desktop.clinic.connect import connect
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.config import Paths
from desktop.demo import DOCTOR, FRONT_DESK, provision
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import LoginFailed
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.settings_file import SETTINGS_FILE
from desktop.store import audited
from desktop.store.daily_review import DailyReviews
from desktop.store.database import open_app_store

PRIVACYIDEA = {
    "adapter": "privacyidea",
    "adapter_options": {
        "url": "https://otp.clinic.example",
        "realm": "clinic",
        "service_account": "icorerx",
        "public_key_file": "privacyidea-public.pem",
    },
    "workstation": "front-desk-2",
}
MEDS = {m.id: m for m in load_formulary()}
OXYCODONE = MEDS["oxycodone-5-mg-tab"]
LISINOPRIL = MEDS["lisinopril-10-mg-tab"]
SERIAL = "GALH12345678"
DOCTOR_NAME = DOCTOR[0]


def use_key_files():
    """Key files, whatever keyring this machine offers; returns the keyring to put back."""
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    return previous


def sign(store, ids, patient_id, serial=SERIAL):
    shown = store.prescriptions.shown_hash(ids, patient_id, DOCTOR_NAME)
    details = {"attempt": "t", "prescriptions": ", ".join(f"#{i}" for i in ids)}
    at = dt.datetime.now(dt.UTC)
    return audited.sign(store, ids, patient_id, DOCTOR_NAME, serial, at, details, shown=shown)


def build_desk(folder):
    """The demo desk with a history: signed, sent and pending prescriptions (a removed one
    above them), a password throttle, audit entries and a daily review."""
    provision(Paths(folder))
    store = open_app_store(folder / "icorerx.sqlite")
    try:
        rx = store.prescriptions
        first = rx.add(1, RxDraft(OXYCODONE, "Take 1 tablet every 6 hours", "20", 0), "fd")
        second = rx.add(1, RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "30", 2), "fd")
        sign(store, [first.id, second.id], 1)
        third = rx.add(2, RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "90", 1), "fd")
        sign(store, [third.id], 2, serial=None)
        store.db.execute("UPDATE prescriptions SET status = 'sent' WHERE id = ?", [third.id])
        rx.add(3, RxDraft(LISINOPRIL, "Take 2 tablets by mouth daily", "60", 0), "fd")
        gone = rx.add(3, RxDraft(OXYCODONE, "Take 1 tablet at bedtime", "10", 0), "fd")
        rx.remove_pending(gone.id, 3)  # its id is never given again, in the clinic either
        with pytest.raises(LoginFailed):
            store.authenticate(FRONT_DESK[0], "not-the-password")
        store.audit.record(AuditEvent.LOGIN, DOCTOR_NAME, Outcome.SUCCESS)
        store.db.conn.commit()
        day = store.audit.entries(limit=1)[0].at.date()
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        reviews = DailyReviews(store, tz=dt.UTC, clock=lambda: later)
        reviews.mark_reviewed(day, reviews.report(day).head.seq, DOCTOR_NAME, note="read")
    finally:
        store.close()


@pytest.fixture(scope="module")
def template_desk(tmp_path_factory):
    previous = use_key_files()
    try:
        folder = tmp_path_factory.mktemp("template") / "desk"
        build_desk(folder)
    finally:
        keyring.set_keyring(previous)
    return folder


@pytest.fixture
def desk(template_desk, tmp_path):
    folder = tmp_path / "desk"
    shutil.copytree(template_desk, folder)
    return folder


def connected_workstation(folder, clinic_server, url):
    folder.mkdir()
    (folder / SETTINGS_FILE).write_text(json.dumps(PRIVACYIDEA), encoding="utf-8")
    return connect_desk(folder, clinic_server, url)


def connect_desk(folder, clinic_server, url):
    """`icorerx clinic connect` on a desk whose settings are written; the folder."""
    said = io.StringIO()
    code = connect(
        folder,
        url,
        ca_file=clinic_server.ca_file,
        password_stdin=True,
        stdin=io.StringIO(clinic_server.password + "\n"),
        out=said,
        err=said,
    )
    assert code == 0, said.getvalue()
    return folder


@pytest.fixture
def clinic_url(clinic_server):
    return clinic_server.fresh_database()


@pytest.fixture
def workstation(clinic_server, clinic_url, tmp_path):
    return connected_workstation(tmp_path / "workstation", clinic_server, clinic_url)


@pytest.fixture
def clinic(clinic_server, clinic_url):
    with open_connection(parse_url(clinic_url), clinic_server.password) as conn:
        conn.autocommit = True
        yield conn
