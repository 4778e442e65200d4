"""`icorerx audit verify`, `export --csv FILE` and `anchor`, for the clinic's IT person.

The check and the export are themselves recorded in the log (1311.150 asks that
access to the audit trail be auditable), after the fact, so a verify reports the log
as it found it and an export holds every row written before it.

`verify` compares the chain with its anchor (`audit.head`) and, when the identity
service is a clinic server (privacyIDEA), with the checkpoint kept there: a log cut
back below either is reported by entry number, exit 1.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from desktop.audit_checkpoints import (
    EMBEDDED_SERVICE,
    comparison_words,
    keeps_checkpoints,
    read_kept,
)
from desktop.clinic.settings import ClinicSettings
from desktop.config import Paths, Settings
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import UserFacingError, generic_message, startup_error
from desktop.exostar.base import AdapterError
from desktop.store.database import AppStore, open_app_store

INTACT = 0
BROKEN = 1
BAD_INPUT = 2
COULD_NOT_CHECK = BAD_INPUT


def verify(data_dir: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Exit 0 when the chain is intact, 1 when broken (the row is named), 2 when it could
    not be checked (no database, a missing or damaged key, an unreadable file: said why)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        store = open_existing_store(data_dir)
    except UserFacingError as exc:
        print(f"icorerx: the audit log could not be checked. {exc}", file=err)
        return COULD_NOT_CHECK
    try:
        try:
            keeps, checkpoint = read_checkpoint(data_dir, store.audit.log_id)
        except AdapterError as exc:
            print(
                "icorerx: the audit log could not be checked against the identity service's "
                f"checkpoint. {exc}",
                file=err,
            )
            return COULD_NOT_CHECK  # the store is closed below
        try:
            report = store.audit.verify(checkpoint=checkpoint)
        except (UserFacingError, OSError, sqlite3.Error) as exc:
            print(f"icorerx: the audit log could not be checked. {generic_message(exc)}", file=err)
            return COULD_NOT_CHECK
        print(report.summary, file=out)
        if words := comparison_words(keeps, checkpoint):
            print(words, file=out)
        if report.ok and report.checked:
            print(f"Last hash: {report.last_hash}", file=out)
        outcome = Outcome.SUCCESS if report.ok else Outcome.FAILURE
        recorded = record_outcome(
            store,
            err,
            AuditEvent.AUDIT_VERIFIED,
            outcome,
            reason="" if report.ok else report.problem,
            details={"rows": report.checked, "first_bad_seq": report.first_bad_seq},
        )
    finally:
        store.close()
    if not report.ok:
        return BROKEN
    return INTACT if recorded else COULD_NOT_CHECK


def anchor(data_dir: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Anchor a log whose anchor is missing (or was written before anchoring began).

    Only an intact chain is anchored, and only when no anchor or checkpoint says the log
    was longer: a cut-off end is never made to look whole. Recorded in the log. Exit 0
    anchored, 1 refused (the reason is said), 2 could not check.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        store = open_existing_store(data_dir)
    except UserFacingError as exc:
        print(f"icorerx: the audit log could not be anchored. {exc}", file=err)
        return COULD_NOT_CHECK
    try:
        audit = store.audit
        try:
            if audit.anchor is not None and audit.anchor.path.exists():
                print(
                    f"The audit log already has its anchor {audit.anchor.path}; nothing was "
                    "changed. `icorerx audit verify` compares the log with it.",
                    file=out,
                )
                return BROKEN
            _keeps, checkpoint = read_checkpoint(data_dir, audit.log_id)
            report = audit.verify(checkpoint=checkpoint, anchored=False)
        except (UserFacingError, OSError, sqlite3.Error) as exc:
            print(f"icorerx: the audit log could not be anchored. {generic_message(exc)}", file=err)
            return COULD_NOT_CHECK
        if not report.ok:
            print(f"{report.summary}\nNothing was anchored.", file=out)
            return BROKEN
        head = store.audit.reanchor()
        recorded = record_outcome(
            store,
            err,
            AuditEvent.AUDIT_VERIFIED,
            Outcome.SUCCESS,
            reason="anchored again by hand",
            details={"rows": report.checked, "anchored": True},
        )
    finally:
        store.close()
    if (head is None and report.checked) or not recorded:
        print("icorerx: the anchor could not be written; see the log file.", file=err)
        return COULD_NOT_CHECK
    print(f"Audit log anchored at {report.checked:,} entries.", file=out)
    return INTACT


def read_checkpoint(data_dir: Path, log_id: str) -> tuple[bool, str | None]:
    """Whether the identity service keeps checkpoints, and the head it keeps for this log
    (None: none yet, or a service that keeps none). The Audit screen reads it the same way."""
    settings = Settings.load(data_dir)
    if settings.adapter == EMBEDDED_SERVICE:
        return False, None  # the embedded service keeps none: the head file is the anchor
    from desktop.exostar import registry

    identity = registry.create(settings.adapter, data_dir, settings.adapter_options)
    try:
        kept = identity.lane.submit(read_kept, identity, log_id).result()
    finally:
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown()
    return keeps_checkpoints(identity), kept


def export(
    data_dir: Path, csv_file: Path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Write the whole log to `csv_file`; exit 0, or 2 with the reason it could not be written."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        store = open_existing_store(data_dir)
    except UserFacingError as exc:
        print(f"icorerx: {exc}", file=err)
        return BAD_INPUT
    try:
        try:
            count = store.audit.export_csv(csv_file)
        except (UserFacingError, sqlite3.Error) as exc:
            print(f"icorerx: nothing was exported. {generic_message(exc)}", file=err)
            return BAD_INPUT
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            record_outcome(
                store,
                err,
                AuditEvent.AUDIT_EXPORTED,
                Outcome.FAILURE,
                reason=reason,
                details={"file": csv_file.name},
            )
            print(
                f"icorerx: {csv_file} could not be written ({reason}).\n"
                "Check that the folder exists and that you may write there. Nothing was exported.",
                file=err,
            )
            return BAD_INPUT
        recorded = record_outcome(
            store,
            err,
            AuditEvent.AUDIT_EXPORTED,
            Outcome.SUCCESS,
            details={"rows": count, "file": csv_file.name},
        )
        if not recorded:
            # Fail closed: an export the log does not know about must not exist.
            csv_file.unlink(missing_ok=True)
            print(f"icorerx: {csv_file} was removed again; nothing was exported.", file=err)
            return BAD_INPUT
    finally:
        store.close()
    noun = "entry" if count == 1 else "entries"
    print(f"Exported {count:,} audit {noun} to {csv_file}", file=out)
    return 0


def open_existing_store(data_dir: Path, *, on_clinic: bool = True) -> AppStore:
    """The data dir's store; never creates a database where there was none.

    A workstation connected to a clinic (`icorerx clinic connect`) keeps its records in the
    clinic database: that is the store, as the application opens it (`on_clinic=False`:
    the folder's own file, whatever it is connected to).
    """
    path = Paths(data_dir).app_db
    settings = Settings.load(data_dir)  # its workstation name goes into the entry we add
    clinic = ClinicSettings.from_settings(settings) if on_clinic else None
    if clinic is not None:
        from desktop.clinic.desk import open_desk_store  # psycopg: only for a clinic

        return open_desk_store(data_dir, settings, clinic)
    if not path.exists():
        raise UserFacingError(
            f"There is no iCoreRx database in {data_dir}.",
            "Pass the data dir the application uses with --data-dir.",
        )
    try:
        store = open_app_store(path)
    except sqlite3.Error as exc:
        raise startup_error(path, exc) from exc
    if settings.workstation:
        store.workstation = settings.workstation
    return store


def record_outcome(
    store: AppStore,
    err: TextIO,
    event: AuditEvent,
    outcome: Outcome,
    *,
    reason: str = "",
    details: dict[str, str | int | bool | None],
) -> bool:
    """Record what the command did; say so on stderr (and fail the command) if it cannot."""
    try:
        store.audit.record(event, None, outcome, reason=reason, details=details)
    except (OSError, ValueError, sqlite3.Error, UserFacingError) as exc:
        words = exc if isinstance(exc, ValueError | UserFacingError) else generic_message(exc)
        print(f"icorerx: the {event.value} entry could not be added to the log. {words}", file=err)
        return False
    return True
