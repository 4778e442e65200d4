"""Many desks, one clinic database: does a desk wait longer when more desks sign at once?

    .venv/bin/python bench/clinic.py [--desks 1,2,4,8] [--per-desk 200] [--pace-ms 250]
                                     [--url postgresql://USER@HOST:PORT/DB] [--quick]

Each simulated desk is a process of its own using the store layer, no window: it opens its
own clinic store (`open_clinic_store`, its own connection, its own prescription signing key
in a folder of its own, the clinic's one audit key) and then, `--per-desk` times, composes a
controlled-substance prescription (`prescriptions.add`) and signs it as the signing flow
does on the store's lane: the SIGN_ATTEMPT audit entry and the shown-content check
(`signing_steps.begin` without the password check, a client-side Argon2 hash that never
touches the server), then one transaction with the permission's last check and
`audited.sign` (marked signed with a real Ed25519 signature, the key registered, the SIGNED
entry chained). One such round is one latency sample: from the moment it was due to the
commit of the SIGNED entry.

Pacing: a desk has a person in it, who prepares a prescription every few seconds at most.
Each desk runs to a schedule of one round every `--pace-ms` (250 ms by default: more than
ten times faster than a person, and 32 rounds a second for 8 desks, well inside what one
2-core server handles), starting at a random moment within the first period, so desks
collide as independent people do. A round due while the last one still runs starts late,
and its lateness counts in its latency. The target is about contention between desks (the
audit chain's lock, row locks, commits), not about how many processes one shared machine
can run flat out: the paced figures make the ratio; the same counts unpaced (every desk
as fast as it can) are printed for the record, as the server's capacity.

The server: a throwaway PostgreSQL 15 cluster on 127.0.0.1 (`tests/clinic_server.py`,
with PostgreSQL's own fsync and synchronous commit left ON: a clinic's server keeps its
commits), or `--url` (the role must be allowed to create databases; its password in
PGPASSWORD, its CA in --ca-file). The schema, two people (the doctor with an EPCS grant,
the front desk) and the patients are set up once, through the clinic code, in a template
database; each desk count runs on a fresh copy of it. After every run the audit chain is
checked as `icorerx audit verify` does (`AuditLog.verify`) and its entry count compared
with what the desks wrote. Printed per desk count: desks, prescriptions, seconds,
throughput (prescriptions/s), p50 and p95 latency (ms), the p95 of the time a round spent
in its two audit appends (waiting for the chain's lock, reading the head, writing the entry;
for the SIGN_ATTEMPT entry, its commit too: where contention between desks shows), the
chain's check; then the round trips to the server one prescription takes; and last,
`p95 8 desks / 1 desk: ratio X.XX` (target <= 1.5).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # tests/clinic_server.py starts the throwaway cluster

TARGET_RATIO = 1.5
DEFAULT_PACE_MS = 250.0
SERIAL = "GALH12345678"
MEDICATION = "oxycodone-5-mg-tab"
DESK_TIMEOUT_S = 600.0


def _now() -> float:
    """A clock every desk process shares (CLOCK_MONOTONIC), so one start time serves all."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


# --- one desk (a child process) -------------------------------------------------------------


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
        began = _now()  # the audit appends: waiting for the lock, the head, the entry
        try:
            append(name, read, write)
        finally:
            waited[0] += _now() - began

    store.sql.append_serialised = timed  # type: ignore[method-assign]
    one_round(0)  # a desk already at work: the signer loaded, its key registered
    warm_up, round_trips = 1, 0
    if job["count_round_trips"]:
        round_trips = _counted(store.sql, lambda: one_round(1))
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
        wait = due - _now()
        if wait > 0:
            time.sleep(wait)
        if n == 0:
            began = _now() if not pace else due
        if not pace:
            due = _now()
        waited[0] = 0.0
        one_round(n)
        ended = _now()
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


def _counted(sql: Any, action: Any) -> int:
    """How many times `action` waits for the server: libpq's protocol trace, counted.

    A round trip is one Sync (a statement with parameters) or one simple Query (BEGIN,
    SAVEPOINT, COMMIT...) sent by the desk: each is answered before the desk goes on.
    """
    pgconn = sql.conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        try:
            action()
        finally:
            pgconn.untrace()
        trace.seek(0)
        sent = [line.split("\t") for line in trace if "\tF\t" in line or line.startswith("F\t")]
    return sum(1 for fields in sent if any(f.startswith(("Sync", "Query")) for f in fields))


# --- the parent: server, template, runs ------------------------------------------------------


@dataclass
class Target:
    """Where the databases are made: the throwaway cluster, or the server of `--url`."""

    base_url: str
    password: str
    ca_file: str
    server: Any = None  # tests.clinic_server.ClinicServer, when the bench started it

    def admin(self, statement: str) -> None:
        if self.server is not None:
            self.server.admin(statement)
            return
        from desktop.clinic.server import open_connection
        from desktop.clinic.settings import parse_url

        ca = Path(self.ca_file) if self.ca_file else None
        with open_connection(parse_url(self.base_url), self.password, ca_file=ca) as conn:
            conn.autocommit = True
            conn.execute(statement.encode())

    def url(self, database: str) -> str:
        head, _, _ = self.base_url.rpartition("/")
        return f"{head}/{database}"

    def role(self) -> str:
        from desktop.clinic.settings import parse_url

        return parse_url(self.base_url).user


def set_up_template(target: Target, name: str, audit_key: bytes) -> list[int]:
    """The schema, the people and the patients, once; the patients' ids."""
    from desktop.clinic.schema import ensure_schema
    from desktop.clinic.server import open_connection
    from desktop.clinic.settings import parse_url
    from desktop.demo import DOCTOR, FRONT_DESK, PATIENTS, demo_access_control, doctor_credentials
    from desktop.domain.models import Role
    from desktop.store.clinic_store import open_clinic_store

    target.admin(f"CREATE DATABASE {name} OWNER {target.role()}")
    address = parse_url(target.url(name))
    ca = Path(target.ca_file) if target.ca_file else None
    conn = open_connection(address, target.password, ca_file=ca)
    try:
        ensure_schema(conn, "bench", name)
    finally:
        conn.close()
    with tempfile.TemporaryDirectory(prefix="icorerx-clinic-bench-") as folder:
        store = open_clinic_store(
            address, target.password, audit_key=audit_key, key_dir=Path(folder), ca_file=ca
        )
        try:
            for username, password, display, roles, account in (DOCTOR, FRONT_DESK):
                credentials = doctor_credentials() if Role.PRESCRIBER in roles else None
                store.add_user(username, password, display, roles, account, prescriber=credentials)
            demo_access_control(store)
            return [store.add_patient(*patient).id for patient in PATIENTS]
        finally:
            store.close()


@dataclass
class Run:
    desks: int
    prescriptions: int
    seconds: float
    latencies: list[float]
    lock_waits: list[float]
    chain: str
    chain_ok: bool
    round_trips: int

    @property
    def throughput(self) -> float:
        return self.prescriptions / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    def line(self) -> str:
        return (
            f"desks {self.desks:>2}  prescriptions {self.prescriptions:>5}  "
            f"seconds {self.seconds:7.2f}  throughput {self.throughput:7.2f} /s  "
            f"p50 {self.p50:7.1f} ms  p95 {self.p95:7.1f} ms  "
            f"(in audit appends p95 {percentile(self.lock_waits, 95):6.1f} ms)  "
            f"audit chain: {self.chain}"
        )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (the value at or below which `pct` % of the samples lie)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def run_desks(
    target: Target,
    template: str,
    audit_key: bytes,
    patients: list[int],
    desks: int,
    per_desk: int,
    pace_ms: float,
) -> Run:
    """`desks` desk processes on a fresh copy of the template; their figures, chain checked."""
    name = f"icorerx_bench_{desks}_{secrets.token_hex(3)}"
    target.admin(f"CREATE DATABASE {name} TEMPLATE {template} OWNER {target.role()}")
    try:
        with tempfile.TemporaryDirectory(prefix="icorerx-clinic-desks-") as scratch:
            results = _drive(target, name, audit_key, patients, desks, per_desk, pace_ms, scratch)
        rounds = desks * per_desk + sum(r["warm_up"] for r in results)
        chain, ok = check_chain(target, name, audit_key, expected=2 * rounds)
    finally:
        target.admin(f"DROP DATABASE IF EXISTS {name}")
    latencies = [ms for result in results for ms in result["latencies_ms"]]
    seconds = max(r["ended"] for r in results) - min(r["began"] for r in results)
    waits = [ms for result in results for ms in result["lock_waits_ms"]]
    trips = max(r["round_trips"] for r in results)
    return Run(desks, len(latencies), seconds, latencies, waits, chain, ok, trips)


def _drive(
    target: Target,
    database: str,
    audit_key: bytes,
    patients: list[int],
    desks: int,
    per_desk: int,
    pace_ms: float,
    scratch: str,
) -> list[dict[str, Any]]:
    children = []
    for desk in range(1, desks + 1):
        key_dir = Path(scratch) / f"desk-{desk}"
        key_dir.mkdir()
        log = (Path(scratch) / f"desk-{desk}.log").open("w")
        child = subprocess.Popen(
            [sys.executable, __file__, "--desk-child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        job = {
            "url": target.url(database),
            "password": target.password,
            "ca_file": target.ca_file,
            "audit_key": audit_key.hex(),
            "key_dir": str(key_dir),
            "desk": desk,
            "count": per_desk,
            "pace_ms": pace_ms,
            "patients": patients,
            "count_round_trips": desk == 1,
        }
        assert child.stdin is not None
        child.stdin.write(json.dumps(job) + "\n")
        child.stdin.flush()
        children.append((child, log))
    try:
        for child, log in children:
            _expect(child, log, "ready")
        start = _now() + 0.3
        for child, _log in children:
            assert child.stdin is not None
            child.stdin.write(f"{start}\n")
            child.stdin.flush()
        return [json.loads(_expect(child, log, "{")) for child, log in children]
    finally:
        for child, log in children:
            if child.poll() is None:
                child.kill()
            child.wait()
            for pipe in (child.stdin, child.stdout):
                if pipe is not None:
                    pipe.close()
            log.close()


def _expect(child: subprocess.Popen[str], log: TextIO, prefix: str) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line.startswith(prefix):
        child.wait(timeout=DESK_TIMEOUT_S)
        log.flush()
        said = Path(log.name).read_text(encoding="utf-8")
        raise RuntimeError(f"a desk process failed ({child.returncode}): {line}{said[-2000:]}")
    return line


def check_chain(target: Target, database: str, audit_key: bytes, expected: int) -> tuple[str, bool]:
    """The chain checked as `icorerx audit verify` checks it, and its length against the desks'."""
    from desktop.clinic.server import open_connection
    from desktop.clinic.settings import parse_url
    from desktop.store.audit import AuditLog
    from desktop.store.sql_postgres import PostgresSql

    ca = Path(target.ca_file) if target.ca_file else None
    conn = open_connection(parse_url(target.url(database)), target.password, ca_file=ca)
    try:
        sql = PostgresSql(conn)
        report = AuditLog(sql, "bench", audit_key).verify()
        bench_entries = int(
            sql.execute(
                "SELECT count(*) FROM audit WHERE event IN ('sign_attempt', 'signed') "
                "AND workstation LIKE 'desk-%'"
            ).fetchone()[0]
        )
    finally:
        conn.close()
    ok = report.ok and bench_entries == expected
    said = "verifies" if report.ok else "BROKEN"
    counts = f"{report.checked} entries ({bench_entries} by the desks, {expected} expected)"
    return f"{said}, {counts}", ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--desks", default="1,2,4,8", help="desk counts (default 1,2,4,8)")
    parser.add_argument("--per-desk", type=int, default=200, help="prescriptions per desk")
    parser.add_argument(
        "--pace-ms",
        type=float,
        default=DEFAULT_PACE_MS,
        help=f"each desk's schedule: one prescription every N ms (default {DEFAULT_PACE_MS:g})",
    )
    parser.add_argument("--no-unpaced", action="store_true", help="skip the unpaced runs")
    parser.add_argument("--url", help="a server to use instead of a throwaway cluster")
    parser.add_argument("--ca-file", default="", help="the CA of --url's TLS")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 1,2 desks, 5 each")
    parser.add_argument("--desk-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.desk_child:
        return desk_child(sys.stdin, sys.stdout)
    if args.quick:
        args.desks, args.per_desk, args.pace_ms = "1,2", 5, 20.0
    counts = sorted({int(n) for n in args.desks.split(",")})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still remove the cluster
    server = None
    if args.url:
        target = Target(args.url, os.environ.get("PGPASSWORD", ""), args.ca_file)
    else:
        from tests.clinic_server import ClinicServer

        server = ClinicServer(durable=True)
        server.create()
        target = Target(server.url(), server.password, str(server.ca_file), server)
        print(
            f"throwaway PostgreSQL 15 on 127.0.0.1:{server.port} (fsync and synchronous_commit "
            f"on, as PostgreSQL ships), started in {server.startup_s:.1f} s"
        )
    try:
        return run_bench(target, counts, args.per_desk, args.pace_ms, not args.no_unpaced)
    finally:
        if server is not None:
            server.remove()


def run_bench(
    target: Target, counts: list[int], per_desk: int, pace_ms: float, unpaced: bool
) -> int:
    audit_key = secrets.token_bytes(32)
    template = f"icorerx_bench_template_{secrets.token_hex(3)}"
    try:
        patients = set_up_template(target, template, audit_key)
        print(
            f"each desk composes and signs {per_desk} prescriptions (a SIGN_ATTEMPT and a "
            f"SIGNED entry each), paced at one every {pace_ms:g} ms, starting at a random "
            f"moment in the first {pace_ms:g} ms; load before: {_load()}"
        )
        paced = []
        for desks in counts:
            paced.append(run_desks(target, template, audit_key, patients, desks, per_desk, pace_ms))
            print(paced[-1].line(), flush=True)
        trips = paced[0].round_trips
        print(f"round trips to the server per prescription (compose + sign): {trips}")
        free = []
        if unpaced:
            print("for the record, unpaced (every desk as fast as it can; the machine's limit):")
            for desks in counts:
                free.append(run_desks(target, template, audit_key, patients, desks, per_desk, 0))
                print(free[-1].line(), flush=True)
        print(f"load after: {_load()}")
    finally:
        target.admin(f"DROP DATABASE IF EXISTS {template}")
    low, high = paced[0], paced[-1]
    ratio = high.p95 / low.p95 if low.p95 else float("inf")
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    chains = all(run.chain_ok for run in [*paced, *free])
    print(f"target: p95 ratio <= {TARGET_RATIO} ({verdict}); every audit chain verifies: {chains}")
    plural = "" if low.desks == 1 else "s"
    print(f"p95 {high.desks} desks / {low.desks} desk{plural}: ratio {ratio:.2f}")
    return 0 if chains else 1


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


if __name__ == "__main__":
    sys.exit(main())
