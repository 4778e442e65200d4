"""The parent side of `bench/clinic.py`: the database server it targets, the template set up
once through the clinic code, the desk processes (`bench/clinic_desk.py`) driven on a fresh
copy of it, and the audit chain checked after each run."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from clinic_desk import now  # bench/clinic_desk.py, beside this script
from clinic_report import Run  # bench/clinic_report.py, beside this script

DESK = Path(__file__).resolve().with_name("clinic_desk.py")
DESK_TIMEOUT_S = 600.0


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
            [sys.executable, str(DESK)],
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
        start = now() + 0.3
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
