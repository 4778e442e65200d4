"""Two workstations, each an application process with the real window offscreen, while the
clinic's PostgreSQL server is stopped and started again: the front desk saves at one, the
doctor signs at the other. The server is a cluster of this module's own (the session's keeps
serving the other tests)."""

from __future__ import annotations

import pytest

from desktop.demo import DEMO_KEY
from desktop.domain.otp import generate_hotp
from desktop.store.server_away import SERVER_AWAY
from desktop.views.window_parts import CLINIC_AWAY
from tests.clinic_pair import clinic_desks, demo_desk
from tests.store_backends import ClinicTemplate
from tests.test_clinic_two_desks import HOTP, OXYCODONE, PATIENT, SIG, Clinic

AWAY_WORDS = "could not be reached"
SAFE_WORDS = "trying again is safe"


@pytest.fixture(scope="module")
def first_desk(privacyidea_server, tmp_path_factory):
    return demo_desk(privacyidea_server, tmp_path_factory.mktemp("clinic") / "desk")


@pytest.fixture
def clinic(pi_server, own_server, first_desk, tmp_path, no_keyring):
    url = ClinicTemplate(own_server).fresh_url()
    desks = clinic_desks(pi_server, own_server, url, first_desk, tmp_path)
    pi_server.assign(HOTP, "doctor")
    clinic = Clinic(own_server, url, desks)
    yield clinic
    for process in clinic.started:
        process.close()
    if not own_server.running:
        own_server.start()


def test_clinic_the_server_stopped_and_restarted_mid_flow(clinic, own_server):
    desk_a, desk_b = clinic.desks
    rx_id = clinic.prepared()  # for the doctor to sign
    front = clinic.start(
        desk_a, "prepare", "frontdesk", "frontdesk-demo-1", str(PATIENT),
        OXYCODONE.display, SIG, "20", "retry",
    )  # fmt: skip
    doctor = clinic.start(desk_b, "sign", "doctor", "doctor-demo-1", str(PATIENT), "retry")
    assert front.said() == {"ready": True}
    assert doctor.said() == {"ready": [rx_id], "blocker": ""}

    own_server.stop()
    front.go()  # Add to pending
    doctor.go(generate_hotp(DEMO_KEY, 0))  # Sign
    for desk, what in ((front, "was not saved"), (doctor, "was not signed")):
        told = desk.said()
        assert told["refused"] == SERVER_AWAY, told
        assert AWAY_WORDS in told["message"] and what in told["message"], told
        assert SAFE_WORDS in told["message"], told
        assert "Traceback" not in told["message"]
        assert told["status"] == CLINIC_AWAY, told

    own_server.start()  # back; neither process is restarted
    front.go()
    added = front.finished()
    assert "Added Oxycodone" in added["message"], added
    doctor.go(generate_hotp(DEMO_KEY, 1))
    assert doctor.finished() == {"signed": [rx_id]}

    saved = clinic.rows("SELECT id, status FROM prescriptions WHERE sig = %s", SIG)
    assert sorted(saved) == sorted([(rx_id, "signed"), (added["added"], "pending")])
    signed = clinic.rows(
        "SELECT workstation FROM audit WHERE event = 'signed' AND details LIKE %s", f"%#{rx_id}=%"
    )
    assert signed == [("front-desk-2",)]
    for desk in clinic.desks:
        code, words = clinic.verified(desk)
        assert code == 0, words
