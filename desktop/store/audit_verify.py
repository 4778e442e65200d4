"""Checking the audit chain: in chunks a screen can follow and stop, then against its anchors.

The chain itself is recomputed by `desktop.domain.audit.check_chain`; an intact chain is
then compared with the head anchored outside the database (`audit_anchor`) and with the
checkpoint the identity service keeps, so a cut-off end or an emptied log shows too.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from typing import Any

from desktop.domain.audit import ChainReport
from desktop.store.audit_anchor import Anchor, AnchorForged, compare, parse
from desktop.store.sql import Sql

VERIFY_CHUNK = 2000
"""Rows checked between two progress reports (and chances to cancel): ~50 ms of work."""
YIELD_EVERY = 64
"""Rows checked between two moments the check lets other threads run Python (~1.5 ms)."""


class CheckCancelled(Exception):
    """An integrity check was stopped before the end.

    The first `checked` rows were checked and chain correctly; the rest were not looked
    at, so the log as a whole is vouched for by nobody.
    """

    def __init__(self, checked: int, total: int) -> None:
        super().__init__(f"the check was stopped after {checked} of {total} entries")
        self.checked = checked
        self.total = total


ANCHOR_STEP = (
    "Do not rely on this log until it is explained: tell the clinic's IT person, who can "
    "restore icorerx.sqlite (with the files beside it) from the backup of this data folder "
    "and compare it with the last exported archive."
)
ANCHOR_MISSING_STEP = (
    "The clinic's IT person should compare this log with the last exported archive; when "
    "they agree, `icorerx audit anchor` anchors the log as it is now (and records that it did)."
)


def against_checkpoint(
    conn: Sql, key: bytes, chain: ChainReport, report: ChainReport, checkpoint: str
) -> ChainReport:
    """The identity service's checkpoint catches a cut below it even without the file."""
    try:
        kept = parse(key, checkpoint)
    except AnchorForged as exc:
        problem = (
            f"The audit checkpoint kept by the identity service is not one iCoreRx wrote "
            f"({exc.why})."
        )
        seq = chain.checked
    else:
        problem = compare(conn, chain.checked, kept)
        seq = min(chain.checked, kept.seq) + 1
        if not problem:
            return report
        problem = f"{problem} (the identity service's checkpoint)"
    if not report.ok:  # the anchor file's finding follows
        return dataclasses.replace(
            report,
            first_bad_seq=min(seq, report.first_bad_seq or seq),
            problem=f"{problem} {report.problem}",
        )
    return _anchor_broken(report, seq, problem)


def against_anchor(conn: Sql, anchor: Anchor | None, report: ChainReport) -> ChainReport:
    """An intact chain, compared with its anchor: a cut-off tail or a lost anchor is named."""
    if anchor is None:
        return report
    try:
        anchored = anchor.read()
    except AnchorForged as exc:
        return _anchor_broken(
            report,
            report.checked,
            f"The audit log's anchor {anchor.path} is not one iCoreRx wrote "
            f"({exc.why}), so the end of the log cannot be vouched for.",
        )
    except OSError as exc:
        return _anchor_broken(
            report,
            report.checked,
            f"The audit log's anchor {anchor.path} cannot be read ({exc.strerror or exc}).",
        )
    if anchored is None:
        if report.checked == 0:
            return report
        return _anchor_broken(
            report,
            report.checked,
            f"The audit log holds {report.checked:,} entries, but its anchor "
            f"{anchor.path} is missing: it was deleted, or this log was written "
            "before anchoring began, so a cut-off end would not show.",
            next_step=ANCHOR_MISSING_STEP,
        )
    problem = compare(conn, report.checked, anchored)
    if not problem:
        return report
    return _anchor_broken(report, min(report.checked, anchored.seq) + 1, problem)


def _anchor_broken(
    report: ChainReport, seq: int, problem: str, next_step: str = ANCHOR_STEP
) -> ChainReport:
    return dataclasses.replace(
        report, ok=False, first_bad_seq=seq, problem=f"{problem} {next_step}"
    )


def in_chunks(
    rows: Iterator[tuple[Any, ...]],
    chunk: int,
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[tuple[Any, ...]]:
    """`rows`, stopping every `chunk` to report and to ask whether to go on.

    `total` was counted before the walk began; another process may append meanwhile,
    so the figure reported never falls below the rows already read. Every few rows
    the walk lets go of the interpreter for a moment (`sleep(0)`): otherwise a thread
    that wants it back, such as a window's, waits out the full switch interval each
    time, and a check of seconds makes every one of its short Python calls slow.
    """
    for read, values in enumerate(rows):
        if read % chunk == 0:
            if progress is not None:
                progress(read, max(total, read))
            if cancelled is not None and cancelled():
                raise CheckCancelled(read, max(total, read))
        if read % YIELD_EVERY == 0:
            time.sleep(0)
        yield values
