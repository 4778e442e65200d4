"""The audit chain's head, anchored outside the database (`<data dir>/audit.head`).

The hash chain shows an edited or removed row in the middle of the log, but a row cut
off the END leaves a shorter chain that is still valid, and deleting every row leaves an
empty one. So after every committed append the chain's head (how many entries, the last
entry's number and hash, and when) is written to an owner-only file beside the database,
sealed with an HMAC under the audit key: whoever edits the database cannot also move the
anchor back without the key. `AuditLog.verify` compares the chain with it.

The anchor only ever moves forward. Several processes may write one data dir (two
windows, the command line), so the file is replaced under an exclusive file lock, only
by a head with a higher entry number, and only when the head it replaces is still part
of the chain: a log cut back and written on again never moves the anchor past the cut.
A missing anchor beside a non-empty log is not silently written again; `icorerx audit
anchor` does that deliberately, and is itself recorded in the log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.store.sql import Sql, database_errors

log = logging.getLogger(__name__)

HEAD_FILE = "audit.head"
LOCK_FILE = "audit.head.lock"
_DOMAIN = b"icorerx audit head v1\x00"


@dataclass(frozen=True)
class Head:
    """Where the chain stood: `count` entries, the last numbered `seq` with hash `hash`."""

    count: int
    seq: int
    hash: str
    at: dt.datetime

    def fields(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "seq": self.seq,
            "hash": self.hash,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        }

    @property
    def when(self) -> str:
        """The moment in words for a report: 2026-11-30 14:02 (UTC)."""
        return self.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Anchored:
    """A head just anchored, as the identity service's checkpoint takes it."""

    log_id: str
    head: Head
    sealed: str
    """The head with its HMAC, as text: what the identity service keeps."""
    event: str | None
    """The event of the entry that moved it (None: anchored after a caller's commit)."""


def seal(key: bytes, fields: dict[str, Any]) -> str:
    """The HMAC that authenticates a head (also used for the identity service's checkpoint)."""
    body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, _DOMAIN + body, hashlib.sha256).hexdigest()


def parse(key: bytes, text: str) -> Head:
    """The head in `text`, or `AnchorForged` when it is not one sealed under `key`."""
    try:
        raw = json.loads(text)
        fields = {name: raw[name] for name in ("count", "seq", "hash", "at")}
        mac = str(raw["mac"])
        head = Head(
            count=int(fields["count"]),
            seq=int(fields["seq"]),
            hash=str(fields["hash"]),
            at=dt.datetime.fromisoformat(str(fields["at"])),
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise AnchorForged("it cannot be read as an anchor") from exc
    if not hmac.compare_digest(seal(key, fields).encode(), mac.encode()):
        raise AnchorForged("its seal does not match: it was written without the audit key")
    if head.at.tzinfo is None:
        head = Head(head.count, head.seq, head.hash, head.at.replace(tzinfo=dt.UTC))
    return head


def dump(key: bytes, head: Head) -> str:
    fields = head.fields()
    return json.dumps({**fields, "mac": seal(key, fields)}, sort_keys=True) + "\n"


def log_id(key: bytes) -> str:
    """A name for this log at the identity service, derived from its key (not from its rows,
    so it survives the deletion of every row), revealing nothing about the key."""
    return hmac.new(key, b"icorerx audit log id", hashlib.sha256).hexdigest()[:20]


class AnchorForged(ValueError):
    """The head file exists but is not one iCoreRx wrote with this log's key."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def committed_head(conn: Sql, at: dt.datetime) -> Head | None:
    """The chain's head as committed now (None for an empty log).

    Entries are numbered 1, 2, 3... without gaps (a gap is the chain's own finding), so
    the last number is the count: no COUNT(*) over two years of entries at every append.
    """
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return Head(count=int(row[0]), seq=int(row[0]), hash=str(row[1]), at=at)


def hash_at(conn: Sql, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()
    return None if row is None else str(row[0])


class Anchor:
    """The head file of one data dir, sealed with the audit key."""

    def __init__(self, data_dir: Path, key: bytes) -> None:
        self.path = data_dir / HEAD_FILE
        self.lock_path = data_dir / LOCK_FILE
        self._key = key
        self._complained = ""

    def read(self) -> Head | None:
        """The anchored head; None when there is no file; `AnchorForged` when it fails its seal."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return parse(self._key, text)

    def advance(self, conn: Sql, now: dt.datetime, *, may_create: bool) -> Head | None:
        """Anchor the committed head, if it moves the anchor forward; return what is anchored.

        Call it after a COMMIT, never before. `may_create`: this process began the log
        (wrote entry 1), so a missing file is the first anchor, not a deleted one.
        Never raises for the anchor's own trouble: the entry is committed, the trouble is
        logged, and `verify` reports it.
        """
        trouble: tuple[type[Exception], ...] = (OSError, *database_errors())
        try:
            with self._locked():
                try:
                    anchored = self.read()
                except AnchorForged as exc:
                    self._complain(f"the audit anchor {self.path} is not trusted ({exc.why})")
                    return None
                head = committed_head(conn, now)
                if head is None:
                    return anchored
                if anchored is None:
                    if not may_create:
                        self._complain(
                            f"the audit anchor {self.path} is missing beside a log of "
                            f"{head.count} entries; it is not written again by itself"
                        )
                        return None
                elif anchored.seq >= head.seq:
                    return anchored
                elif hash_at(conn, anchored.seq) != anchored.hash:
                    self._complain(
                        f"the audit log no longer holds entry {anchored.seq} as anchored; "
                        "the anchor stays where it was"
                    )
                    return anchored
                self.write(head)
                return head
        except trouble as exc:
            self._complain(f"the audit anchor {self.path} could not be written ({exc})")
            return None

    def write(self, head: Head) -> None:
        """Replace the file atomically (temp file, fsync, rename), readable by the owner only."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(dump(self._key, head))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.path.parent)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on `audit.head.lock`, shared by every process on this data dir."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    def _complain(self, problem: str) -> None:
        if problem != self._complained:  # once per problem, not once per entry
            log.error("%s", problem)
            self._complained = problem


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def format_count(n: int) -> str:
    return f"{n:,} {'entry' if n == 1 else 'entries'}"


def compare(conn: Sql, checked: int, anchored: Head) -> str:
    """What is wrong with a valid chain of `checked` entries against the anchor ('' if nothing)."""
    if anchored.seq > checked:
        lost = anchored.seq - checked
        if checked == 0:
            return (
                f"The audit log is empty, but its anchor, written {anchored.when}, says "
                f"{format_count(anchored.count)}: all {format_count(lost)} were deleted."
            )
        return (
            f"The audit log ends at entry {checked:,} but its anchor, written {anchored.when}, "
            f"says {format_count(anchored.count)}: {format_count(lost)} at the end "
            f"{'was' if lost == 1 else 'were'} deleted."
        )
    if anchored.seq and hash_at(conn, anchored.seq) != anchored.hash:
        return (
            f"Entry {anchored.seq:,} is not the entry its anchor, written {anchored.when}, "
            "names: the log was cut back and written on again."
        )
    return ""
