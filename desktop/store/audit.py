"""The append-only, hash-chained audit log in the application's database (21 CFR 1311.150).

Rows are numbered 1, 2, 3... and chained by an HMAC whose key lives in a file beside
the database (`audit.key`), never in it. SQLite triggers refuse UPDATE and DELETE, so
changing a row takes deliberate work (dropping the triggers), and `verify` still
finds it: the recomputed chain breaks at the first row touched. Rows cut off the end
(or all of them) leave a shorter chain that still links up: the chain's head, anchored
outside the database after every commit (`audit_anchor`), shows that.

On the clinic's PostgreSQL database (`desktop.store.sql.PostgresSql`) every desk appends
to one chain: each append holds an advisory lock from reading the head to its commit, so
two desks never chain to the same row, and the head is anchored by the identity service's
checkpoint (`on_anchor`), not by a file beside one desk's data.

Nothing secret is stored: `record` has no parameter for a password, a code or a seed,
and refuses detail values shaped like one (see `desktop.domain.audit.check_details`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
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
from desktop.store.audit_anchor import Anchor, Anchored, Head, committed_head, dump, log_id
from desktop.store.audit_rows import (
    COLUMNS,
    INSERT,
    as_hashed,
    dump_details,
    entry_from_row,
    write_csv,
)
from desktop.store.audit_verify import (
    VERIFY_CHUNK,
    against_anchor,
    against_checkpoint,
    in_chunks,
)
from desktop.store.sql import Cursor, Sql, as_sql, sqlite_db

log = logging.getLogger(__name__)

UNKNOWN_USER = "unknown user"
AUDIT_APPEND = "audit append"
"""The lock every desk holds from reading the chain's head to committing the next entry."""
HEAD = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"


class AuditLog:
    """The audit table of one database, written from one workstation. Use it from one lane."""

    def __init__(
        self,
        db: sqlite_utils.Database | Sql,
        workstation: str,
        key: bytes,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        anchor: Anchor | None = None,
    ) -> None:
        if len(key) < 16:
            raise ValueError("the audit key must be at least 16 bytes")
        self.sql = as_sql(db)
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
        joined = self.sql.in_transaction
        written: list[AuditEntry] = []

        def chained_to(last: Any) -> tuple[str, list[object]]:
            seq, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS_HASH)
            at = dt.datetime.fromisoformat(format_at(self._clock()))  # UTC, as stored
            unsigned = AuditEntry(
                seq, at, actor, self.workstation, AuditEvent(event), patient_id,
                token_serial, str(outcome), reason, clean, prev_hash, "",
            )  # fmt: skip
            entry_hash = chain_hash(self._key, prev_hash, canonical(unsigned.fields()))
            row = dict(unsigned.fields(), hash=entry_hash, details=dump_details(clean))
            written.append(dataclasses.replace(unsigned, hash=entry_hash))
            return INSERT, [row[column] for column in COLUMNS]

        # One desk at a time reads the head and appends (see `Sql.append_serialised`).
        self.sql.append_serialised(AUDIT_APPEND, HEAD, chained_to)
        entry = written[-1]
        if entry.seq == 1:
            self._began_log = True
        if joined:
            self.sql.after_commit(self._anchor_after_commit)
        else:
            self._anchored(self.anchor_head(), AuditEvent(event).value)
        return entry

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
        if self.sql.in_transaction:
            return None
        if self.anchor is None:
            return self._clinic_head()
        return self.anchor.advance(self.sql, self._clock(), may_create=self._began_log)

    def _clinic_head(self) -> Head | None:
        """On the clinic database no file beside one desk can anchor the chain: the committed
        head goes to `on_anchor`, which sends it to the identity service as its checkpoint."""
        if self.sql.dialect != "postgresql" or self.on_anchor is None:
            return None
        return committed_head(self.sql, dt.datetime.now(dt.UTC))

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
        return self.anchor.advance(self.sql, self._clock(), may_create=True)

    @property
    def db(self) -> sqlite_utils.Database:
        """The single desk's database file (SQLite only: for tools that mend or inspect it)."""
        return sqlite_db(self.sql)

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
        cursor = self.sql.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit {where} ORDER BY seq DESC LIMIT ?",
            [*params, limit],
        )
        return [entry_from_row(dict(zip(COLUMNS, values, strict=True))) for values in cursor]

    def actors(self) -> list[str]:
        """Everyone who appears in the log, for the screen's user filter."""
        cursor = self.sql.execute(
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
            rows = in_chunks(rows, max(1, chunk), total, progress, cancelled)
        stored = (as_hashed(dict(zip(COLUMNS, values, strict=True))) for values in rows)
        report = check_chain(self._key, stored, self._seq_of_hash)
        if report.ok:
            chain = report
            report = against_anchor(self.sql, self.anchor, chain) if anchored else chain
            if checkpoint is not None:
                report = against_checkpoint(self.sql, self._key, chain, report, checkpoint)
        if progress is not None and report.ok:
            progress(report.checked, max(total, report.checked))
        return report

    def count(self) -> int:
        """How many entries the log holds now."""
        return int(self.sql.execute("SELECT COUNT(*) FROM audit").fetchone()[0])

    def _cursor(self) -> Cursor:
        return self.sql.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq")

    def _seq_of_hash(self, value: str) -> int | None:
        row = self.sql.execute("SELECT seq FROM audit WHERE hash = ?", [value]).fetchone()
        return None if row is None else int(row[0])

    def export_csv(self, path: Path) -> int:
        """Write every row, hashes included, to a CSV file; return how many rows.

        This file is what the clinic archives for the DEA's two-year retention: see
        `audit_rows.write_csv` for how formula-like cells are kept as text.
        """
        return write_csv(self._cursor(), path)
