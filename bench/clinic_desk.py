"""One simulated desk of `bench/clinic.py`: a process of its own, using the store layer, no window.

    .venv/bin/python bench/clinic_desk.py < job

It reads its job (a JSON line: the database, the audit key, its folder, how many rounds at
what pace), opens its own clinic store, says `ready`, waits for the start time (a line), runs
its rounds to schedule and prints its figures as a JSON line. The first desk also counts the
round trips one round takes (`tests/pg_trace.py`).
"""

from __future__ import annotations

import json
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # tests/pg_trace.py counts the round trips

SERIAL = "GALH12345678"
MEDICATION = "oxycodone-5-mg-tab"


def now() -> float:
    """A clock every desk process shares (CLOCK_MONOTONIC), so one start time serves all."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def desk_child(stdin: TextIO, stdout: TextIO) -> int:
    """Read the job, open the store, say ready, wait for the start, run, print the results."""
    import datetime as dt

    from desktop.clinic.settings import parse_url
    from desktop.demo import DOCTOR, FRONT_DESK
    from desktop.domain.audit import AuditEvent, Outcome
    from desktop.domain.formulary import load_formulary
    from desktop.domain.prescriptions import RxDraft
    from desktop.keys import get_key
    from desktop.store import audited, rx_keys
    from desktop.store.clinic_store import open_clinic_store
    from tests import pg_trace

    job = json.loads(stdin.readline())
    key_dir = Path(job["key_dir"])
    # This desk's own prescription signing key, as the desk's first start makes it.
    get_key(key_dir, rx_keys.RX_SIGNING_KEY, create=True, store="file")
    store = open_clinic_store(
        parse_url(job["url"]),
        job["password"],
        audit_key=bytes.fromhex(job["audit_key"]),
        key_dir=key_dir,
        workstation=f"desk-{job['desk']}",
        ca_file=Path(job["ca_file"]) if job["ca_file"] else None,
    )
    medication = {m.id: m for m in load_formulary()}[MEDICATION]
    patients: list[int] = job["patients"]
    doctor, front_desk = DOCTOR[0], FRONT_DESK[0]
    rng = random.Random(job["desk"])

    def one_round(n: int) -> None:
        patient = patients[(job["desk"] + n) % len(patients)]
        draft = RxDraft(medication, "Take 1 tablet by mouth every 6 hours as needed", "20", 0)
        rx = store.prescriptions.add(patient, draft, front_desk)
        details: dict[str, Any] = {"attempt": secrets.token_hex(8), "prescriptions": f"#{rx.id}"}
        audited.record(
            store,
            AuditEvent.SIGN_ATTEMPT,
            doctor,
            Outcome.SUCCESS,
            patient_id=patient,
            token_serial=SERIAL,
            details=details,
        )
        shown = store.prescriptions.shown_hash([rx.id], patient, doctor)
        at = dt.datetime.now(dt.UTC)
        with store.sql.transaction():
            store.access_control.require_permission(doctor, at.date(), doctor)
            audited.sign(store, [rx.id], patient, doctor, SERIAL, at, details, shown=shown)

    waited = [0.0]
    append = store.sql.append_serialised

    def timed(name: str, read: str, write: Any) -> None:
        began = now()  # the audit appends: waiting for the lock, the head, the entry
        try:
            append(name, read, write)
        finally:
            waited[0] += now() - began

    store.sql.append_serialised = timed  # type: ignore[method-assign]
    one_round(0)  # a desk already at work: the signer loaded, its key registered
    warm_up, round_trips = 1, 0
    if job["count_round_trips"]:
        round_trips = len(pg_trace.round_trips(store.sql, lambda: one_round(1)))
        warm_up += 1
    print("ready", file=stdout, flush=True)
    start = float(stdin.readline())
    pace = job["pace_ms"] / 1000.0
    offset = rng.uniform(0, pace) if pace else 0.0
    latencies: list[float] = []
    lock_waits: list[float] = []
    began = ended = 0.0
    for n in range(job["count"]):
        due = start + offset + n * pace
        wait = due - now()
        if wait > 0:
            time.sleep(wait)
        if n == 0:
            began = now() if not pace else due
        if not pace:
            due = now()
        waited[0] = 0.0
        one_round(n)
        ended = now()
        latencies.append((ended - due) * 1000.0)
        lock_waits.append(waited[0] * 1000.0)
    store.close()
    result = {
        "latencies_ms": latencies,
        "lock_waits_ms": lock_waits,
        "began": began,
        "ended": ended,
        "round_trips": round_trips,
        "warm_up": warm_up,
    }
    print(json.dumps(result), file=stdout, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(desk_child(sys.stdin, sys.stdout))
