"""The append-only, hash-chained audit log in the application's database (21 CFR 1311.150).

Rows are numbered 1, 2, 3... and chained by an HMAC whose key lives in a file beside
the database (`audit.key`), never in it. SQLite triggers refuse UPDATE and DELETE, so
changing a row takes deliberate work (dropping the triggers), and `verify` still
finds it: the recomputed chain breaks at the first row touched. Rows cut off the end
(or all of them) leave a shorter chain that still links up: the chain's head, anchored
outside the database after every commit (`audit_anchor`), shows that.

Nothing secret is stored: `record` has no parameter for a password, a code or a seed,
and refuses detail values shaped like one (see `desktop.domain.audit.check_details`).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from desktop.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditEvent,
    ChainReport,
    DetailValue,
    canonical,
    chain_hash,
    check_chain,
    check_details,
    format_at,
)
from desktop.domain.spreadsheet import safe_cell
from desktop.keys import KeySpec, KeyStore, get_key
from desktop.store.audit_anchor import (
    Anchor,
    Anchored,
    AnchorForged,
    Head,
    compare,
    dump,
    log_id,
    parse,
)
from desktop.store.migrations import after_commit, write_transaction

log = logging.getLogger(__name__)

KEY_FILE = "audit.key"
UNKNOWN_USER = "unknown user"
KEY_BYTES = 32
VERIFY_CHUNK = 2000
"""Rows checked between two progress reports (and chances to cancel): ~50 ms of work."""
YIELD_EVERY = 64
"""Rows checked between two moments the check lets other threads run Python (~1.5 ms)."""
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
_INSERT = f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"

_SCHEMA = [
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        workstation TEXT NOT NULL,
        event TEXT NOT NULL,
        patient_id INTEGER,
        token_serial TEXT,
        outcome TEXT NOT NULL,
        reason TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX audit_at ON audit (at)",
    "CREATE INDEX audit_actor ON audit (actor, at)",
    "CREATE INDEX audit_event ON audit (event, at)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be changed'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: they cannot be deleted'); END""",
]


def migrate_audit(db: sqlite_utils.Database) -> None:
    """Schema v3: the audit table, its indexes, and the triggers that keep it append-only."""
    for statement in _SCHEMA:
        db.execute(statement)


def audit_key(data_dir: Path, *, create: bool = True, store: KeyStore = "auto") -> bytes:
    """The chain's HMAC key of a data dir, created only if `create`.

    It is kept out of the database (in the OS keyring where the data dir's keys are
    recorded to be there, else in the owner-only `audit.key`: see `desktop.keys`) so
    that whoever can edit the database file cannot also re-chain it. Back it up with the
    database: without it the log cannot be checked. Pass `create=False` once the log
    holds entries: a new key would make every entry read as tampered, so a missing,
    short or unreadable key raises `StartupError` instead.
    """
    return get_key(data_dir, AUDIT_KEY, create=create, store=store).value


_RESTORE_KEY = (
    f"Restore {KEY_FILE} from the backup of this data folder (it is backed up together with "
    "icorerx.sqlite; or the OS keyring entry icorerx-audit, when the keys are kept there), "
    "then start iCoreRx again. A new key cannot stand in for it: every entry would then read "
    "as tampered."
)

AUDIT_KEY = KeySpec(
    name="audit",
    what="The audit log's key",
    depends="the audit log already holds entries",
    restore=_RESTORE_KEY,
    size=KEY_BYTES,
    file_name=KEY_FILE,
)


class UnreadableEntry(ValueError):
    """A stored row cannot be read back as an entry: someone wrote to the table by hand."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"audit row {seq} cannot be read")
        self.seq = seq


class CheckCancelled(Exception):
    """An integrity check was stopped before the end.

    The first `checked` rows were checked and chain correctly; the rest were not looked
    at, so the log as a whole is vouched for by nobody.
    """

    def __init__(self, checked: int, total: int) -> None:
        super().__init__(f"the check was stopped after {checked} of {total} entries")
        self.checked = checked
        self.total = total


class AuditLog:
    """The audit table of one database, written from one workstation. Use it from one lane."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        workstation: str,
        key: bytes,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        anchor: Anchor | None = None,
    ) -> None:
        if len(key) < 16:
            raise ValueError("the audit key must be at least 16 bytes")
        self.db = db
        self.workstation = workstation
        self._key = key
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.anchor = anchor
        """The head file outside the database (see `audit_anchor`); None: not anchored."""
        self.on_anchor: Callable[[Anchored], None] | None = None
        """Told of each head this log anchored (on this lane), with the entry's event if it
        was its own: the composition root sends a checkpoint to the identity service."""
        self._began_log = False

    def record(
        self,
        event: AuditEvent,
        actor: str | None,
        outcome: str,
        *,
        patient_id: int | None = None,
        token_serial: str | None = None,
        reason: str = "",
        details: Mapping[str, DetailValue] | None = None,
    ) -> AuditEntry:
        """Append one entry, chained to the last, in one write transaction.

        The last row is read inside the same transaction that writes the next, so two
        processes (the window and the command line) queue on the write lock instead of
        both chaining to the same row. Inside a caller's transaction the entry joins it
        (as a savepoint) and commits or rolls back with the caller's change.

        Once the entry is committed (at the end of the caller's transaction, if there is
        one) the chain's head is anchored outside the database.
        """
        clean = check_details(details)
        joined = self.db.conn.in_transaction
        with self._transaction():
            last = self.db.conn.execute(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS_HASH)
            at = dt.datetime.fromisoformat(format_at(self._clock()))  # UTC, as stored
            unsigned = AuditEntry(
                seq, at, actor, self.workstation, AuditEvent(event), patient_id,
                token_serial, str(outcome), reason, clean, prev_hash, "",
            )  # fmt: skip
            entry_hash = chain_hash(self._key, prev_hash, canonical(unsigned.fields()))
            row = dict(unsigned.fields(), hash=entry_hash, details=_dump(clean))
            self.db.conn.execute(_INSERT, [row[column] for column in COLUMNS])
            if seq == 1:
                self._began_log = True
            if joined:
                after_commit(self.db, self._anchor_after_commit)
        if not joined:
            self._anchored(self.anchor_head(), AuditEvent(event).value)
        return dataclasses.replace(unsigned, hash=entry_hash)

    def _anchored(self, head: Head | None, event: str | None) -> None:
        if head is None or self.on_anchor is None:
            return
        try:
            self.on_anchor(Anchored(self.log_id, head, self.checkpoint_text(head), event))
        except Exception:  # the entry is committed and anchored; a checkpoint is extra
            log.exception("the audit checkpoint could not be queued")

    def unknown_user(self, typed: str) -> str:
        """What the log says for a name nobody holds: `unknown user #3f9a1c2b`, never the text.

        A password typed into the username field must not end up in the log, the export or
        the log file. The same text always gives the same mark (a keyed hash, HMAC under the
        audit key, cut to 8 hex digits), so repeated tries are seen as one source, while
        the text itself cannot be recovered without the key.
        """
        digest = hmac.new(
            self._key, b"icorerx unknown user\x00" + typed.encode("utf-8"), hashlib.sha256
        )
        return f"{UNKNOWN_USER} #{digest.hexdigest()[:8]}"

    @property
    def log_id(self) -> str:
        """This log's name at the identity service's checkpoint."""
        return log_id(self._key)

    def checkpoint_text(self, head: Head) -> str:
        """The head, sealed with the audit key, as the identity service keeps it."""
        return dump(self._key, head).strip()

    def _anchor_after_commit(self) -> None:
        self._anchored(self.anchor_head(), None)

    def anchor_head(self) -> Head | None:
        """Anchor the committed head (it only moves forward); the anchored head, if any.

        `record` calls it after every commit. Outside any transaction it is safe to call
        at any time, e.g. after a caller's own transaction that held entries committed.
        """
        if self.anchor is None or self.db.conn.in_transaction:
            return None
        return self.anchor.advance(self.db.conn, self._clock(), may_create=self._began_log)

    def reanchor(self) -> Head | None:
        """Anchor the log as it is now, whatever the anchor said: `icorerx audit anchor`.

        Only for a log whose chain was just checked: a log written before anchoring began,
        or one whose anchor was lost and whose last archive agrees with it.
        """
        if self.anchor is None:
            return None
        self._began_log = True
        with contextlib.suppress(FileNotFoundError):
            self.anchor.path.unlink()
        return self.anchor.advance(self.db.conn, self._clock(), may_create=True)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.db.conn.in_transaction:
            with self.db.atomic():  # a savepoint inside the caller's transaction
                yield
        else:
            with write_transaction(self.db):
                yield

    def entries(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        actor: str | None = None,
        event: AuditEvent | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """Newest first, for the review screen. `since` is inclusive, `until` exclusive.

        Raises `UnreadableEntry` for a row that was written by hand, not by `record`.
        """
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("at >= ?", None if since is None else format_at(since)),
            ("at < ?", None if until is None else format_at(until)),
            ("actor = ?", actor),
            ("event = ?", None if event is None else AuditEvent(event).value),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = self.db.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit {where} ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        )
        return [_entry(dict(zip(COLUMNS, values, strict=True))) for values in cursor]

    def actors(self) -> list[str]:
        """Everyone who appears in the log, for the screen's user filter."""
        cursor = self.db.conn.execute(
            "SELECT DISTINCT actor FROM audit WHERE actor IS NOT NULL ORDER BY actor"
        )
        return [str(row[0]) for row in cursor]

    def verify(
        self,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        chunk: int = VERIFY_CHUNK,
        checkpoint: str | None = None,
        anchored: bool = True,
    ) -> ChainReport:
        """Recompute the chain in seq order and name the first row that breaks it.

        Finds an edited row (its hash no longer matches), a deleted row (a gap in seq, or
        a link to a row that is gone) and reordered rows (links that point elsewhere). A
        row cut off the END leaves a valid shorter chain: the anchor catches that (below).

        Two years of entries take seconds to check, so a screen can follow and stop it:
        every `chunk` rows, `progress(rows read, rows in the log)` is called and then
        `cancelled()` asked; when it says yes, `CheckCancelled` is raised. Both are called
        on this (the lane's) thread: they must be thread-safe and quick.

        An intact chain is then compared with its anchor (`audit.head`) and, when given,
        with the `checkpoint` the identity service keeps (`checkpoint_text`): a cut-off
        end, an emptied log, a missing or forged anchor are reported, by entry number.
        `anchored=False` leaves the head file out (for `icorerx audit anchor`).
        """
        rows: Iterator[tuple[Any, ...]] = iter(self._cursor())
        total = 0
        if progress is not None or cancelled is not None:
            total = self.count()
            rows = _in_chunks(rows, max(1, chunk), total, progress, cancelled)
        stored = (_stored(dict(zip(COLUMNS, values, strict=True))) for values in rows)
        report = check_chain(self._key, stored, self._seq_of_hash)
        if report.ok:
            chain = report
            report = self._against_anchor(chain) if anchored else chain
            if checkpoint is not None:
                report = self._against_checkpoint(chain, report, checkpoint)
        if progress is not None and report.ok:
            progress(report.checked, max(total, report.checked))
        return report

    def _against_checkpoint(
        self, chain: ChainReport, report: ChainReport, checkpoint: str
    ) -> ChainReport:
        """The identity service's checkpoint catches a cut below it even without the file."""
        try:
            kept = parse(self._key, checkpoint)
        except AnchorForged as exc:
            problem = (
                f"The audit checkpoint kept by the identity service is not one iCoreRx wrote "
                f"({exc.why})."
            )
            seq = chain.checked
        else:
            problem = compare(self.db.conn, chain.checked, kept)
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

    def _against_anchor(self, report: ChainReport) -> ChainReport:
        """An intact chain, compared with its anchor: a cut-off tail or a lost anchor is named."""
        if self.anchor is None:
            return report
        try:
            anchored = self.anchor.read()
        except AnchorForged as exc:
            return _anchor_broken(
                report,
                report.checked,
                f"The audit log's anchor {self.anchor.path} is not one iCoreRx wrote "
                f"({exc.why}), so the end of the log cannot be vouched for.",
            )
        except OSError as exc:
            return _anchor_broken(
                report,
                report.checked,
                f"The audit log's anchor {self.anchor.path} cannot be read "
                f"({exc.strerror or exc}).",
            )
        if anchored is None:
            if report.checked == 0:
                return report
            return _anchor_broken(
                report,
                report.checked,
                f"The audit log holds {report.checked:,} entries, but its anchor "
                f"{self.anchor.path} is missing: it was deleted, or this log was written "
                "before anchoring began, so a cut-off end would not show.",
                next_step=ANCHOR_MISSING_STEP,
            )
        problem = compare(self.db.conn, report.checked, anchored)
        if not problem:
            return report
        return _anchor_broken(report, min(report.checked, anchored.seq) + 1, problem)

    def count(self) -> int:
        """How many entries the log holds now."""
        return int(self.db.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])

    def _cursor(self) -> sqlite3.Cursor:
        return self.db.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq")

    def _seq_of_hash(self, value: str) -> int | None:
        row = self.db.conn.execute("SELECT seq FROM audit WHERE hash = ?", [value]).fetchone()
        return None if row is None else int(row[0])

    def export_csv(self, path: Path) -> int:
        """Write every row, hashes included, to a CSV file; return how many rows.

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
                for values in self._cursor():
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


ANCHOR_STEP = (
    "Do not rely on this log until it is explained: tell the clinic's IT person, who can "
    "restore icorerx.sqlite (with the files beside it) from the backup of this data folder "
    "and compare it with the last exported archive."
)
ANCHOR_MISSING_STEP = (
    "The clinic's IT person should compare this log with the last exported archive; when "
    "they agree, `icorerx audit anchor` anchors the log as it is now (and records that it did)."
)


def _anchor_broken(
    report: ChainReport, seq: int, problem: str, next_step: str = ANCHOR_STEP
) -> ChainReport:
    return dataclasses.replace(
        report, ok=False, first_bad_seq=seq, problem=f"{problem} {next_step}"
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return safe_cell(value) if isinstance(value, str) else value


def _in_chunks(
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


def _dump(details: Mapping[str, DetailValue]) -> str:
    return json.dumps(dict(details), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """A row as it was hashed; details that are not a JSON object stay text (and fail)."""
    try:
        details = json.loads(row["details"])
    except (TypeError, ValueError):
        return row
    return dict(row, details=details) if isinstance(details, dict) else row


def _entry(row: dict[str, Any]) -> AuditEntry:
    stored = _stored(row)
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
