"""`icorerx rx verify`: is every signed prescription the one that was signed?

Exit 0 when every signed prescription matches its signature and its SIGNED audit entry
(says how many), 1 when some do not (each named: id, patient, drug, and why), 2 when
the check could not run (no database, a missing key, an unreadable file: said why).
The check is itself recorded in the audit log, as `audit verify` is.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from desktop.audit_cli import open_existing_store, record_outcome
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import UserFacingError, generic_message

INTACT = 0
BROKEN = 1
COULD_NOT_CHECK = 2


def verify(data_dir: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from desktop.store.rx_verify import verify_prescriptions

    try:
        store = open_existing_store(data_dir)
    except UserFacingError as exc:
        print(f"icorerx: the prescriptions could not be checked. {exc}", file=err)
        return COULD_NOT_CHECK
    try:
        try:
            report = verify_prescriptions(store)
        except (UserFacingError, OSError, sqlite3.Error) as exc:
            print(
                f"icorerx: the prescriptions could not be checked. {generic_message(exc)}",
                file=err,
            )
            return COULD_NOT_CHECK
        print(report.summary, file=out)
        for problem in report.problems:
            print(f"  {problem.text}", file=out)
        if report.problems:
            print(
                "Do not send these prescriptions. Tell your practice's security contact today "
                "and keep the exported copies of the audit log.",
                file=out,
            )
        recorded = record_outcome(
            store,
            err,
            AuditEvent.AUDIT_VERIFIED,
            Outcome.SUCCESS if report.ok else Outcome.FAILURE,
            reason="" if report.ok else report.summary,
            details={
                "scope": "prescriptions",
                "rows": report.checked,
                "bad_rows": ", ".join(f"#{p.rx_id}" for p in report.problems) or None,
            },
        )
    finally:
        store.close()
    if not report.ok:
        return BROKEN
    return INTACT if recorded else COULD_NOT_CHECK
