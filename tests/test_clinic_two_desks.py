"""Two workstations against one clinic database and one privacyIDEA: each an application
process of its own, the real window offscreen (`tests.clinic_workstation`)."""

from __future__ import annotations

import datetime as dt
import io
import re
import signal
import time

import keyring
import pytest

from desktop import rx_cli
from desktop.audit_cli import verify
from desktop.clinic.server import IDLE_IN_TRANSACTION_S, open_connection
from desktop.clinic.settings import parse_url
from desktop.demo import DEMO_KEY
from desktop.domain.formulary import load_formulary
from desktop.domain.otp import generate_hotp, generate_totp
from desktop.domain.prescriptions import RxDraft
from desktop.store.clinic_store import open_clinic_store
from tests.clinic_desks import use_key_files
from tests.clinic_pair import DESKS, DOCTOR2, ClinicBuild, DeskProcess, clinic_rows

HOTP, TOTP = "GALH12345678", "GAKT12345678"
OXYCODONE = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")
PATIENT = 3  # Aisha Carter
SIG = "Take 1 tablet by mouth every 6 hours as needed for pain"


@pytest.fixture(scope="module")
def built_clinic(privacyidea_server, clinic_server, clinic_template, tmp_path_factory):
    """The clinic made once for the module (its tests run on one worker: conftest
    KEPT_TOGETHER); each test gets a copy."""
    previous = use_key_files()
    try:
        folder = tmp_path_factory.mktemp("clinic")
        return ClinicBuild(privacyidea_server, clinic_server, clinic_template.fresh_url(), folder)
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def clinic(pi_server, clinic_server, built_clinic, tmp_path, no_keyring):
    """Two desks of one clinic; the doctors' tokens assigned to them in privacyIDEA."""
    url, desks = built_clinic.copy(tmp_path)
    pi_server.assign(HOTP, "doctor")
    pi_server.assign(TOTP, "doctor2")
    clinic = Clinic(clinic_server, url, desks)
    yield clinic
    for process in clinic.started:  # a test that failed half way leaves none running
        process.close()


class Clinic:
    def __init__(self, server, url, desks):
        self.server = server
        self.url = url
        self.desks = desks
        self.started = []

    def rows(self, sql, *params):
        return clinic_rows(self.server, self.url, sql, *params)

    def start(self, desk, *args, env=None):
        process = DeskProcess(desk, *args, env=env)
        self.started.append(process)
        return process

    def prepare(self, desk):
        """The front desk adds an oxycodone prescription for the patient at `desk`."""
        process = self.start(
            desk, "prepare", "frontdesk", "frontdesk-demo-1", str(PATIENT),
            OXYCODONE.display, SIG, "20",
        )  # fmt: skip
        return process.finished()

    def prepared(self):
        """The same, added through the store at the first desk (the window's way is tested
        once, above): an id for the doctors to sign."""
        store = open_clinic_store(
            parse_url(self.url), self.server.password, key_dir=self.desks[0],
            workstation=DESKS[0],
        )  # fmt: skip
        try:
            draft = RxDraft(OXYCODONE, SIG, "20", 0)
            return store.prescriptions.add(PATIENT, draft, "frontdesk").id
        finally:
            store.close()

    def signing(self, *doctors, env=None):
        """Desks with the signing dialog open and the password typed, ready to click: each
        (desk, username, password, *extra). They start together; each process and what it
        shows as ready."""
        processes = [
            self.start(desk, "sign", user, password, str(PATIENT), *extra, env=env)
            for desk, user, password, *extra in doctors
        ]
        return [(process, process.said()) for process in processes]

    def verified(self, desk):
        """`icorerx audit verify` at the desk: its exit code and what it said."""
        out, err = io.StringIO(), io.StringIO()
        return verify(desk, out=out, err=err), out.getvalue() + err.getvalue()

    def rx_verified(self, desk):
        """`icorerx rx verify` at the desk: its exit code and how many rows it checked."""
        out, err = io.StringIO(), io.StringIO()
        code = rx_cli.verify(desk, out=out, err=err)
        assert code == 0, out.getvalue() + err.getvalue()
        return code, int(re.search(r"intact: (\d+) prescription", out.getvalue()).group(1))


def totp_now():
    return generate_totp(DEMO_KEY, time.time(), 30, 6, "sha1")


def test_clinic_front_desk_prepares_at_one_desk_and_the_doctor_signs_at_the_other(clinic):
    desk_a, desk_b = clinic.desks
    # The doctor signs in at B while the front desk prepares at A.
    process = clinic.start(desk_b, "sign", "doctor", "doctor-demo-1", str(PATIENT), "wait")
    added = clinic.prepare(desk_a)
    rx_id = added["added"]
    assert "Added Oxycodone" in added["message"]
    assert clinic.rows("SELECT status, prepared_by FROM prescriptions WHERE id = %s", rx_id) == [
        ("pending", "frontdesk")
    ]

    assert process.said() == {"signed_in": True}
    process.go()  # on to the patient
    assert process.said() == {"ready": [rx_id], "blocker": ""}
    process.go(generate_hotp(DEMO_KEY, 0))
    assert process.finished() == {"signed": [rx_id]}

    ((status, by, serial, signature),) = clinic.rows(
        "SELECT status, signed_by, token_serial, signature FROM prescriptions WHERE id = %s", rx_id
    )
    assert (status, by, serial) == ("signed", "doctor", HOTP) and signature
    entries = clinic.rows("SELECT event, workstation FROM audit ORDER BY seq")
    assert ("login", "front-desk-1") in entries  # the front desk signed in at A
    signed = clinic.rows(
        "SELECT workstation FROM audit WHERE event = 'signed' AND details LIKE %s", f"%#{rx_id}=%"
    )
    assert signed == [("front-desk-2",)]
    code, words = clinic.verified(desk_a)  # the clinic's chain, checked from the other desk
    assert code == 0, words
    assert clinic.rx_verified(desk_a) == (0, 2)  # the first desk's signature and B's


def test_clinic_both_desks_sign_the_same_prescription_at_once_and_one_signs_it(clinic):
    desk_a, desk_b = clinic.desks
    rx_id = clinic.prepared()
    (a, ready_a), (b, ready_b) = clinic.signing(
        (desk_a, "doctor", "doctor-demo-1"), (desk_b, "doctor2", "doctor2-demo-1")
    )
    assert ready_a == ready_b == {"ready": [rx_id], "blocker": ""}
    a.go(generate_hotp(DEMO_KEY, 0))
    b.go(totp_now())
    answers = {"front-desk-1": a.finished(), "front-desk-2": b.finished()}

    winners = [desk for desk, answer in answers.items() if "signed" in answer]
    losers = [desk for desk, answer in answers.items() if "refused" in answer]
    assert len(winners) == 1 and len(losers) == 1, answers
    (winner,), (loser,) = winners, losers
    assert answers[winner] == {"signed": [rx_id]}
    ((by, at, signature),) = clinic.rows(
        "SELECT signed_by, signed_at, signature FROM prescriptions WHERE id = %s", rx_id
    )
    assert signature and by == ("doctor" if winner == "front-desk-1" else "doctor2")
    name = "Dr. Dana Whitfield" if by == "doctor" else DOCTOR2[2]
    told = answers[loser]
    assert told["refused"] == "not_pending", told
    hhmm = dt.datetime.fromisoformat(at).astimezone().strftime("%H:%M")
    assert f"{name} signed this prescription (#{rx_id}) at {hhmm} at {winner}" in told["message"]
    assert "nothing was signed here" in told["message"]
    assert "Traceback" not in told["message"]

    signed_entries = clinic.rows(
        "SELECT workstation, details FROM audit WHERE event = 'signed' AND details LIKE %s",
        f"%#{rx_id}=%",
    )
    assert [workstation for workstation, _details in signed_entries] == [winner]
    failed = clinic.rows("SELECT workstation, reason FROM audit WHERE event = 'sign_failed'")
    assert failed == [(loser, "not_pending")]
    for desk in clinic.desks:  # the clinic's chain, and every signature, from either desk
        code, words = clinic.verified(desk)
        assert code == 0, words
        assert clinic.rx_verified(desk) == (0, 2)


@pytest.mark.parametrize("killed", ["before the commit", "after the commit"])
def test_clinic_a_desk_killed_while_signing_signs_once_or_not_at_all(clinic, killed):
    """kill -9 inside the signing transaction: nothing of it stays, and the other desk
    signs; just after its commit: signed once, whole, and the other desk is told."""
    desk_a, desk_b = clinic.desks
    rx_id = clinic.prepared()
    hold = "hold" if killed == "before the commit" else "hold-committed"
    (a, ready_a), (b, ready_b) = clinic.signing(
        (desk_a, "doctor", "doctor-demo-1", hold), (desk_b, "doctor", "doctor-demo-1")
    )
    assert ready_a == ready_b == {"ready": [rx_id], "blocker": ""}
    a.go(generate_hotp(DEMO_KEY, 0))
    assert a.said() == {"holding": True}
    if killed == "before the commit":  # marked signed and the entry written, not committed
        assert clinic.rows("SELECT status FROM prescriptions WHERE id = %s", rx_id) == [
            ("pending",)
        ]
    a.kill()  # kill -9
    assert a.returncode == -signal.SIGKILL

    ((status, by, at, signature),) = clinic.rows(
        "SELECT status, signed_by, signed_at, signature FROM prescriptions WHERE id = %s", rx_id
    )
    entries = clinic.rows(
        "SELECT workstation FROM audit WHERE event = 'signed' AND details LIKE %s", f"%#{rx_id}=%"
    )
    if killed == "before the commit":  # not half signed: not signed at all
        assert (status, by, signature, entries) == ("pending", None, None, [])
    else:  # signed once, with its signature and its entry
        assert (status, by, entries) == ("signed", "doctor", [("front-desk-1",)]) and signature
    code, words = clinic.verified(desk_a)
    assert code == 0, words

    b.go(generate_hotp(DEMO_KEY, 1))  # the doctor signs at the other desk
    told = b.finished()
    if killed == "before the commit":
        assert told == {"signed": [rx_id]}
        winner = "front-desk-2"
    else:
        hhmm = dt.datetime.fromisoformat(at).astimezone().strftime("%H:%M")
        assert told["refused"] == "not_pending"
        said_there = f"Dr. Dana Whitfield signed this prescription (#{rx_id}) at {hhmm}"
        assert f"{said_there} at front-desk-1" in told["message"]
        winner = "front-desk-1"
    signed = clinic.rows(
        "SELECT workstation FROM audit WHERE event = 'signed' AND details LIKE %s", f"%#{rx_id}=%"
    )
    assert signed == [(winner,)]
    code, words = clinic.verified(desk_b)
    assert code == 0, words
    assert clinic.rx_verified(desk_a) == (0, 2)


def test_clinic_a_desk_frozen_inside_its_signing_transaction_holds_the_others_up_briefly(clinic):
    """A desk that stops inside its transaction (frozen, or switched off with no word to the
    server) keeps its locks until the server ends its session; then the other desk signs."""
    desk_a, desk_b = clinic.desks
    rx_id = clinic.prepared()
    (a, ready_a), (b, ready_b) = clinic.signing(
        (desk_a, "doctor", "doctor-demo-1", "hold"),
        (desk_b, "doctor", "doctor-demo-1"),
        env={"CLINIC_IDLE_IN_TRANSACTION_S": "2"},  # the server ends the frozen one's session
    )
    assert ready_a == ready_b == {"ready": [rx_id], "blocker": ""}
    a.go(generate_hotp(DEMO_KEY, 0))
    assert a.said() == {"holding": True}  # and it stays so: the process is alive
    b.go(generate_hotp(DEMO_KEY, 1))
    assert b.finished() == {"signed": [rx_id]}
    assert a.returncode is None
    signed = clinic.rows(
        "SELECT workstation FROM audit WHERE event = 'signed' AND details LIKE %s", f"%#{rx_id}=%"
    )
    assert signed == [("front-desk-2",)]
    code, words = clinic.verified(desk_b)
    assert code == 0, words
    assert clinic.rx_verified(desk_b) == (0, 2)


def test_clinic_sessions_are_ended_by_the_server_when_idle_inside_a_transaction(clinic_server):
    """Every connection the application opens carries the limit (the frozen desk's own
    session is what the server ends)."""
    conn = open_connection(parse_url(clinic_server.url()), clinic_server.password)
    try:
        (shown,) = conn.execute("SHOW idle_in_transaction_session_timeout").fetchone()
    finally:
        conn.close()
    assert shown == f"{IDLE_IN_TRANSACTION_S}s" or shown == f"{IDLE_IN_TRANSACTION_S // 60}min"
