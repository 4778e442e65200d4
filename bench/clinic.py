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

Where each part lives, beside this script: one desk process (`bench/clinic_desk.py`), the
server, the template and the runs (`bench/clinic_runs.py`), the printed lines
(`bench/clinic_report.py`); the round trips are read from libpq's trace by `tests/pg_trace.py`.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # tests/clinic_server.py starts the throwaway cluster
if str(HERE) not in sys.path:
    sys.path.append(str(HERE))  # the modules beside this script, when it is loaded by path

from clinic_report import load_average  # noqa: E402 - bench/clinic_report.py, beside this script
from clinic_runs import (  # noqa: E402 - bench/clinic_runs.py, beside this script
    Target,
    check_chain,
    run_desks,
    set_up_template,
)

__all__ = ["Target", "check_chain", "main", "run_bench", "set_up_template"]

TARGET_RATIO = 1.5
DEFAULT_PACE_MS = 250.0


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
    args = parser.parse_args(argv)
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
            f"moment in the first {pace_ms:g} ms; load before: {load_average()}"
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
        print(f"load after: {load_average()}")
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


if __name__ == "__main__":
    sys.exit(main())
