"""Several workstations, one privacyIDEA server: two application processes at once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from desktop import demo
from desktop.config import Paths
from desktop.demo import DEMO_KEY
from desktop.domain.models import Role
from desktop.domain.otp import generate_hotp, generate_totp
from desktop.store.database import open_app_store
from tests.privacyidea_backend import PrivacyIdeaBackend
from tests.privacyidea_server import DOCTORS

ROOT = Path(__file__).resolve().parent.parent
HOTP = "GALH12345678"
TOTP = "GAKT12345678"


def workstation(server, folder: Path) -> Path:
    """A data dir set up as a clinic would: privacyIDEA chosen, demo users, plus Dr. Marsh."""
    PrivacyIdeaBackend(server).configure(folder)
    demo.provision(Paths(folder))
    store = open_app_store(Paths(folder).app_db)
    try:
        store.add_user("doctor2", "doctor2-demo-1", "Dr. Lee Marsh", Role.PRESCRIBER, "doctor2")
    finally:
        store.close()
    return folder


def run_both(server, tmp_path: Path, first: tuple, second: tuple) -> list[dict]:
    """Start both workstations; both click Submit at the same moment. Their outcomes.

    Each is a separate application process with its own data dir, as on two desks.
    """
    processes = []
    for index, (user, password, serial, otp1, otp2) in enumerate((first, second)):
        data_dir = workstation(server, tmp_path / f"workstation-{index + 1}")
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.workstation",
                    str(data_dir),
                    user,
                    password,
                    serial,
                    otp1,
                    otp2,
                    server.sink.url,
                    DOCTORS[user][2],
                ],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for process in processes:  # both have signed in, authenticated and typed the codes
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if line != "ready":
            process.kill()
            raise AssertionError(f"a workstation stopped early: {line} {process.stderr.read()}")
    for process in processes:  # now both click Submit
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-3000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def test_two_doctors_sync_their_own_tokens_at_the_same_time(pi_server, tmp_path):
    now = time.time()
    totp = [generate_totp(DEMO_KEY, now - 60 + 30 * i, 30, 6, "sha1") for i in range(2)]
    outcomes = run_both(
        pi_server,
        tmp_path,
        ("doctor", "doctor-demo-1", HOTP, generate_hotp(DEMO_KEY, 4), generate_hotp(DEMO_KEY, 5)),
        ("doctor2", "doctor2-demo-1", TOTP, *totp),
    )
    assert [o["synced"] for o in outcomes] == [True, True], outcomes
    assert [o["status"] for o in outcomes] == ["Active", "Active"]
    assert pi_server.token(HOTP)["username"] == "doctor"
    assert pi_server.token(TOTP)["username"] == "doctor2"


def test_the_same_token_from_two_workstations_one_wins(pi_server, tmp_path):
    outcomes = run_both(
        pi_server,
        tmp_path,
        ("doctor", "doctor-demo-1", HOTP, generate_hotp(DEMO_KEY, 0), generate_hotp(DEMO_KEY, 1)),
        ("doctor2", "doctor2-demo-1", HOTP, generate_hotp(DEMO_KEY, 2), generate_hotp(DEMO_KEY, 3)),
    )
    winners = [o for o in outcomes if o["synced"]]
    losers = [o for o in outcomes if not o["synced"]]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0]["code"] == "token_other_account"
    assert "registered to another account" in losers[0]["message"]
    assert "888-810-7706" in losers[0]["message"]
    owner = pi_server.token(HOTP)["username"]
    assert owner == ("doctor" if outcomes[0]["synced"] else "doctor2")
    assert pi_server.token(HOTP)["active"]
