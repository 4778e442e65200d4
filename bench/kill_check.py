"""What the kill campaign checks after each kill -9: start-up recovery finished, both databases
intact, the audit chain verifies, and every change the identity service or the prescriptions
table holds has its audit entry. It reads the identity service's tables: a test harness's
right, never the application's."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Check:
    problems: list[str] = field(default_factory=list)
    """Damage: a failed integrity check, a broken chain, a recovery that did not finish."""
    unaudited: set[str] = field(default_factory=set)
    """One line per change with no entry (or attempt with no outcome), stable across checks."""
    recovered: Counter[str] = field(default_factory=Counter)


def check(data_dir: Path) -> Check:
    """Start the composition root as the application does, let recovery run, then look."""
    from desktop.composition import Application
    from desktop.store import audited

    found = Check()
    for path in (data_dir / "icorerx.sqlite", data_dir / "identity" / "identity.sqlite"):
        with sqlite3.connect(path) as db:
            answer = db.execute("PRAGMA integrity_check").fetchone()[0]
        if answer != "ok":
            found.problems.append(f"{path.name}: integrity_check says {answer}")
    application = Application(data_dir)
    try:
        if not application.recovery.done.wait(60):
            found.problems.append("start-up recovery did not finish within 60 s")
        for attempt, resolution in application.recovery.recovered:
            what = "happened" if resolution.happened else "did not happen"
            found.recovered[f"{attempt.event.value}: {what}"] += 1
        store = application.context.store
        report = store.run_blocking(lambda s: s.audit.verify())
        if not report.ok:
            found.problems.append(f"audit chain: {report.summary}")
        for attempt in store.run_blocking(audited.open_attempts):
            found.unaudited.add(f"audit row {attempt.seq} ({attempt.event.value}) has no outcome")
        rows = store.run_blocking(lambda s: _audit_rows(s))
    finally:
        application.close()
    found.unaudited |= _unaudited(data_dir, rows)
    return found


def _audit_rows(store: Any) -> list[tuple[int, str, str | None, str, dict[str, Any]]]:
    cursor = store.db.conn.execute(
        "SELECT seq, event, token_serial, outcome, details FROM audit ORDER BY seq"
    )
    return [
        (seq, event, serial, outcome, json.loads(details))
        for seq, event, serial, outcome, details in cursor
    ]


def _unaudited(
    data_dir: Path, rows: list[tuple[int, str, str | None, str, dict[str, Any]]]
) -> set[str]:
    missing: set[str] = set()
    signed_entries: set[int] = set()
    binding_ids: set[str] = set()
    last_status_entry: dict[str, str] = {}
    for _seq, event, serial, outcome, details in rows:
        if event == "signed":
            for part in str(details.get("prescriptions") or "").split(","):
                part = part.strip().lstrip("#")
                if part.isdigit():
                    signed_entries.add(int(part))
        if outcome != "success":
            continue
        if event in ("token_added", "token_resynced"):
            binding_ids.add(str(details.get("attempt")))
            last_status_entry[serial or ""] = "Active"
        elif event == "token_suspended":
            last_status_entry[serial or ""] = "Suspended"
        elif event == "token_resumed":
            last_status_entry[serial or ""] = "Active"
        elif event == "token_deactivated":
            last_status_entry[serial or ""] = "Revoked"
    with sqlite3.connect(data_dir / "icorerx.sqlite") as app_db:
        signed = [
            int(row[0])
            for row in app_db.execute(
                "SELECT id FROM prescriptions WHERE status IN ('signed', 'sent')"
            )
        ]
    for rx_id in signed:
        if rx_id not in signed_entries:
            missing.add(f"prescription {rx_id} is signed with no SIGNED entry")
    with sqlite3.connect(data_dir / "identity" / "identity.sqlite") as identity_db:
        requests = identity_db.execute(
            "SELECT key, answer FROM requests WHERE operation = 'add_token'"
        ).fetchall()
        tokens = identity_db.execute(
            "SELECT serial, status FROM tokens WHERE bound_at IS NOT NULL"
        ).fetchall()
    for key, answer in requests:
        if json.loads(answer).get("ok") and key not in binding_ids:
            missing.add(f"token binding by request {key[:8]} has no TOKEN_ADDED/RESYNCED entry")
    for serial, status in tokens:
        audited_status = last_status_entry.get(serial)
        if audited_status is None:
            missing.add(f"token {serial} is bound with no entry at all")
        elif (status in ("Active", "Locked") and audited_status != "Active") or (
            status in ("Suspended", "Revoked") and audited_status != status
        ):
            missing.add(f"token {serial} is {status}; the log last says {audited_status}")
    return missing
