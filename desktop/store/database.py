"""The application's database: users and patients.

The connection belongs to the thread that opened it; the controllers reach the
store through its own single-worker lane so password hashing and queries never
run on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import socket
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import startup_error
from desktop.domain.models import Patient, PrescriberCredentials, Role, User
from desktop.domain.throttle import AccountDeactivated, AccountLocked, wrong_password
from desktop.filemodes import private_dir, private_file
from desktop.store.access_control import AccessControl
from desktop.store.audit import AuditLog
from desktop.store.audit_anchor import Anchor, Anchored
from desktop.store.audit_key import KEY_FILE as AUDIT_KEY_FILE
from desktop.store.audit_key import audit_key
from desktop.store.migrations import migrate, refused_opening
from desktop.store.prescriptions import PrescriptionStore
from desktop.store.schema import MIGRATIONS
from desktop.store.sql import Sql, as_sql, sqlite_db
from desktop.store.throttle import Throttles
from desktop.store.user_rows import (
    credential_columns,
    date_fragment,
    patient_from_row,
    roles_text,
    user_from_row,
)

_DUMMY_HASH_INPUT = "not-a-real-password"


class AppStore:
    """Users, patients and the audit log. Not thread-safe: use it from one lane."""

    def __init__(
        self,
        db: sqlite_utils.Database | Sql,
        audit_key: bytes | None = None,
        *,
        workstation: str | None = None,
        audit_key_dir: Path | None = None,
        key_dir: Path | None = None,
    ) -> None:
        self.sql = as_sql(db)
        self.workstation: str = workstation or socket.gethostname()
        """Written into every audit entry; set it before the first `audit` use."""
        self._hasher = PasswordHasher()
        self._dummy_hash: str | None = None
        self._audit_key = audit_key
        self._audit_key_dir = audit_key_dir
        self._key_dir = key_dir
        self._audit: AuditLog | None = None
        self.on_anchor: Callable[[Anchored], None] | None = None
        """Told of every head the audit log anchors (on this lane): see `AuditLog.on_anchor`."""

    @property
    def audit(self) -> AuditLog:
        """The audit log on this database; its key is read on first use.

        A key is created only while the log is empty: once it holds entries a missing key
        stops the application (`StartupError`) instead of starting a log that reads as
        tampered.
        """
        if self._audit is None:
            key = self._audit_key
            if key is None:
                if self._audit_key_dir is None:
                    raise RuntimeError("no audit key: pass audit_key, or open with open_app_store")
                key = audit_key(self._audit_key_dir, create=not self.count_audit_entries())
            # The head file is a single desk's anchor; a clinic's is the identity service's
            # checkpoint (`desktop.audit_checkpoints`), which every desk can reach.
            anchor = None if self._audit_key_dir is None else Anchor(self._audit_key_dir, key)
            self._audit = AuditLog(self.sql, self.workstation, key, anchor=anchor)
            self._audit.on_anchor = self._anchored
        return self._audit

    @property
    def db(self) -> sqlite_utils.Database:
        """The single desk's SQLite file, for the parts not yet on the `sql` interface."""
        return sqlite_db(self.sql)

    @property
    def key_dir(self) -> Path | None:
        """The folder whose key files (audit, prescription signing) go with this database."""
        return self._key_dir or self._audit_key_dir or self.sql.folder()

    def _anchored(self, anchored: Anchored) -> None:
        if self.on_anchor is not None:
            self.on_anchor(anchored)

    def count_audit_entries(self) -> int:
        row = self.sql.execute("SELECT max(seq) FROM audit").fetchone()
        return int(row[0] or 0)

    @property
    def prescriptions(self) -> PrescriptionStore:
        """Prescriptions on this connection, so they run on the same lane as the rest."""
        store: PrescriptionStore | None = getattr(self, "_prescriptions", None)
        if store is None:
            store = self._prescriptions = PrescriptionStore(self.sql)
        return store

    @property
    def access_control(self) -> AccessControl:
        """EPCS designations and grants (21 CFR 1311.125), on this connection."""
        return AccessControl(self)

    @property
    def throttles(self) -> Throttles:
        """Wrong passwords in a row per account, on this connection (see `authenticate`)."""
        throttles: Throttles | None = getattr(self, "_throttles", None)
        if throttles is None:
            throttles = self._throttles = Throttles(self.sql)
        return throttles

    def _hash_for_unknown_user(self) -> str:
        """A real hash to verify against, so an unknown name takes as long as a wrong password."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(_DUMMY_HASH_INPUT)
        return self._dummy_hash

    # users -------------------------------------------------------------
    def add_user(
        self,
        username: str,
        password: str,
        display_name: str,
        roles: Role | Iterable[Role],
        exostar_account: str | None = None,
        *,
        prescriber: PrescriberCredentials | None = None,
        must_change_password: bool = False,
    ) -> User:
        username = username.strip().lower()
        held = frozenset([roles] if isinstance(roles, Role) else roles)
        user = User(
            username,
            display_name,
            held,
            exostar_account,
            prescriber=prescriber,
            must_change_password=must_change_password,
        )
        now = dt.datetime.now(dt.UTC).isoformat()
        self.sql.insert(
            "users",
            {
                "username": username,
                "display_name": display_name,
                "role": user.role.value,
                "roles": roles_text(held),
                "password_hash": self._hasher.hash(password),
                "exostar_account": exostar_account,
                "created_at": now,
                "updated_at": now,
                "active": 1,
                "must_change_password": int(must_change_password),
                **credential_columns(prescriber),
            },
        )
        return user

    def has_user(self, username: str) -> bool:
        found = self.sql.execute(
            "SELECT 1 FROM users WHERE username = ?", [username.strip().lower()]
        ).fetchone()
        return found is not None

    def authenticate(self, username: str, password: str) -> User:
        """Return the user, or raise without saying which half was wrong.

        Sign-in, the idle-lock password and the signing password all come here, so one
        count of wrong passwords holds per account (`Throttles`): a try during a wait, or
        on a locked account, is refused before the password is checked (`PasswordThrottled`,
        `AccountLocked`); a wrong one raises `LoginFailed`, saying when a wait begins.
        Unknown usernames are counted and held back alike, under their keyed hash
        (`actor_for`), never their text. The right password of a deactivated person raises
        `AccountDeactivated`.
        """
        name = username.strip().lower()
        rows = self._user_rows(name)
        if not rows:  # what was typed may be a password: it is counted by a keyed hash
            name = self.audit.unknown_user(name)
        self.throttles.refuse_if_held(name)
        stored = rows[0]["password_hash"] if rows else self._hash_for_unknown_user()
        try:
            self._hasher.verify(stored, password)
            ok = bool(rows)
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            failure = self.throttles.failed(name, self._record_lock)
            if failure.locked_now:
                raise AccountLocked()
            raise wrong_password(failure.wait_s, failure.until)
        self.throttles.succeeded(name)
        row = rows[0]
        if not row.get("active", 1):
            raise AccountDeactivated()
        if self._hasher.check_needs_rehash(row["password_hash"]):
            self.sql.execute(
                "UPDATE users SET password_hash = ? WHERE username = ?",
                [self._hasher.hash(password), row["username"]],
            )
        return user_from_row(row)

    def actor_for(self, typed: str) -> str:
        """What the audit log and the log file may say for a name typed at sign-in.

        The username when someone holds it; else `unknown user #…` (a keyed hash): a
        password typed into the username field is never stored or logged as text.
        """
        name = typed.strip().lower()
        return name if self.has_user(name) else self.audit.unknown_user(name)

    def _record_lock(self, username: str, failures: int) -> None:
        self.audit.record(
            AuditEvent.ACCOUNT_LOCKED,
            None,
            Outcome.SUCCESS,
            reason=f"{failures} wrong passwords in a row",
            details={"person": username},
        )

    def verify_password(self, username: str, password: str) -> bool:
        """Is this the person's current password? (No count: for choosing a new one.)"""
        rows = self._user_rows(username)
        if not rows:
            return False
        try:
            return bool(self._hasher.verify(rows[0]["password_hash"], password))
        except (VerificationError, InvalidHashError):
            return False

    def _user_rows(self, username: str) -> list[dict[str, Any]]:
        return self.sql.query("SELECT * FROM users WHERE username = ?", [username])

    def hash_password(self, password: str) -> str:
        return self._hasher.hash(password)

    def count_users(self) -> int:
        return int(self.sql.execute("SELECT count(*) FROM users").fetchone()[0])

    # patients ----------------------------------------------------------
    def add_patient(
        self, first_name: str, last_name: str, date_of_birth: dt.date, sex: str = ""
    ) -> Patient:
        patient_id = self.sql.insert_returning_id(
            "patients",
            {
                "first_name": first_name,
                "last_name": last_name,
                "date_of_birth": date_of_birth.isoformat(),
                "sex": sex,
            },
        )
        return Patient(patient_id, first_name, last_name, date_of_birth, sex)

    def count_patients(self) -> int:
        return int(self.sql.execute("SELECT count(*) FROM patients").fetchone()[0])

    def search_patients(self, text: str, limit: int = 200) -> list[Patient]:
        """Match on name words or a date of birth typed as MM/DD/YYYY, YYYY-MM-DD or part of it."""
        terms = text.strip().split()
        clauses: list[str] = []
        params: list[str] = []
        for term in terms:
            dob = date_fragment(term)
            if dob is not None:
                clauses.append(f"date_of_birth {self.sql.like} ?")
                params.append(dob)
            else:
                clauses.append(f"(first_name {self.sql.like} ? OR last_name {self.sql.like} ?)")
                like = f"{term.strip(',')}%"
                params.extend([like, like])
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.sql.query(
            f"SELECT * FROM patients {where} ORDER BY last_name, first_name LIMIT ?",
            [*params, limit],
        )
        return [patient_from_row(row) for row in rows]

    def close(self) -> None:
        self.sql.close()


def open_app_store(path: Path) -> AppStore:
    """Open (and bring forward) the database, and check the audit key that goes with it.

    Anything that stops it (a full disk, a read-only folder, a damaged file, a missing or
    short `audit.key` beside a log with entries) raises `StartupError` naming the file.
    The folder is made owner-only (0700) and the database with its -wal and -shm files
    0600 (SQLite gives the latter two the database file's mode).
    """
    try:
        private_dir(path.parent)
        private_file(path)
        db = sqlite_utils.Database(path)
        private_file(path)
    except (OSError, sqlite3.Error) as exc:
        raise startup_error(path, exc) from exc
    try:
        db.execute("PRAGMA journal_mode = WAL")
        for suffix in ("-wal", "-shm"):
            private_file(path.with_name(path.name + suffix))
        migrate(db, MIGRATIONS, "application")
        store = AppStore(db, audit_key_dir=path.parent)
        entries = store.count_audit_entries()
        if entries or (path.parent / AUDIT_KEY_FILE).exists():
            store._audit_key = audit_key(path.parent, create=not entries)
    except BaseException as exc:
        db.close()
        said = refused_opening(path, exc)
        if said is exc:
            raise
        raise said from exc
    return store
