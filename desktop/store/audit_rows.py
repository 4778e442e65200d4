"""The audit table's rows: their columns, reading one back as an entry, and the CSV archive."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from desktop.domain.audit import AuditEntry, AuditEvent, DetailValue
from desktop.domain.spreadsheet import safe_cell

COLUMNS = [
    "seq",
    "at",
    "actor",
    "workstation",
    "event",
    "patient_id",
    "token_serial",
    "outcome",
    "reason",
    "details",
    "prev_hash",
    "hash",
]
INSERT = f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


class UnreadableEntry(ValueError):
    """A stored row cannot be read back as an entry: someone wrote to the table by hand."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"audit row {seq} cannot be read")
        self.seq = seq


def write_csv(rows: Iterable[tuple[Any, ...]], path: Path) -> int:
    """Write `rows` (every column, hashes included) to a CSV file; return how many rows.

    This file is what the clinic archives for the DEA's two-year retention. A cell a
    spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage
    return) is written with a leading apostrophe (`safe_cell`); `read_cell` gives the
    value back, so the chain can still be re-checked from the file, and its last hash
    vouches for the log as it stood. The file appears whole or not at all, readable by
    its owner only.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    # mkstemp makes the file 0600; os.replace keeps that mode.
    count = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for values in rows:
                writer.writerow([_cell(value) for value in values])
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return safe_cell(value) if isinstance(value, str) else value


def dump_details(details: Mapping[str, DetailValue]) -> str:
    return json.dumps(dict(details), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def as_hashed(row: dict[str, Any]) -> dict[str, Any]:
    """A row as it was hashed; details that are not a JSON object stay text (and fail)."""
    try:
        details = json.loads(row["details"])
    except (TypeError, ValueError):
        return row
    return dict(row, details=details) if isinstance(details, dict) else row


def entry_from_row(row: dict[str, Any]) -> AuditEntry:
    stored = as_hashed(row)
    details = stored["details"] if isinstance(stored["details"], dict) else {}
    try:
        at = dt.datetime.fromisoformat(str(row["at"]))
        event = AuditEvent(row["event"])
    except ValueError as exc:
        raise UnreadableEntry(int(row["seq"])) from exc
    return AuditEntry(
        seq=int(row["seq"]),
        at=at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC),
        actor=None if row["actor"] is None else str(row["actor"]),
        workstation=str(row["workstation"]),
        event=event,
        patient_id=row["patient_id"] if isinstance(row["patient_id"], int) else None,
        token_serial=None if row["token_serial"] is None else str(row["token_serial"]),
        outcome=str(row["outcome"]),
        reason=str(row["reason"]),
        details=details,
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
    )
