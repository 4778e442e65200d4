"""Signing prescriptions (21 CFR 1311.140): password, and the token's code when controlled.

Completing the dialog is the signature. The password is checked on the store's lane,
the token code by the identity service on its lane (a code works once; wrong codes
count toward the token's lock), and only then are the prescriptions marked signed, in
one transaction that refuses anything no longer pending and holds the SIGNED entry.
The attempt entry, the password and the pending check come first, so a code is not
spent on a signature that was bound to be refused.

Controlled substances also need the prescriber's EPCS permission (21 CFR 1311.125): it
is read when the dialog opens, checked again before the code is spent, and once more in
the transaction that signs, so a permission revoked or ended meanwhile signs nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop import gaps
from desktop.controllers import audit_trail
from desktop.controllers.access_control import notify_ended
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.access_control import AccessRefused, Permission
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.errors import AuditUnavailable, LoginFailed, UserFacingError, generic_message
from desktop.domain.models import Patient, TokenInfo, TokenStatus
from desktop.domain.prescriptions import Prescription
from desktop.domain.rx_signature import Prescriber, shown_hash
from desktop.domain.throttle import (
    AccountDeactivated,
    AccountLocked,
    PasswordThrottled,
    WrongPassword,
)
from desktop.domain.token_form import digits_only
from desktop.exostar.base import AdapterError, SigningCheck
from desktop.store import audited
from desktop.store.database import AppStore
from desktop.store.prescriptions import ContentChanged, NoLongerPending

log = logging.getLogger(__name__)

ATTESTATION = (
    "By completing the two-factor authentication protocol at this time, you are legally "
    "signing the prescription(s) and authorizing the transmission of the above information "
    "to the pharmacy for dispensing. The two-factor authentication protocol may only be "
    "completed by the practitioner whose name and DEA registration number appear above."
)
AuditDetails = dict[str, DetailValue]
TOKEN_PROBLEMS = frozenset({"no_active_token", "locked", "token_suspended"})


@dataclass(frozen=True)
class SigningPlan:
    patient: Patient
    pending: list[Prescription]
    needs_token: bool
    token: TokenInfo | None
    blocker: str
    """Why signing cannot start, in plain words; empty when it can."""
    blocker_code: str = ""
    prescriber: str = ""
    """Who signs, as the attestation requires it to be shown."""
    prescriber_dea: str = ""
    """Their DEA registration number, shown with the name ("" when none is on file)."""
    permission: Permission | None = None
    """Controlled substances: the prescriber's EPCS permission as read for this dialog."""
    content_hash: str = ""
    """The hash of everything the dialog shows (`rx_signature.shown_hash`): what is signed."""


class SigningController(QObject):
    """Signals:
    prepared(object): the `SigningPlan` for the patient.
    busyChanged(bool): a signature is being checked.
    signed(list): the `Prescription`s now signed.
    failed(str, str): plain message with what to do, and a reason code.
    """

    prepared = Signal(object)
    busyChanged = Signal(bool)
    signed = Signal(list)
    failed = Signal(str, str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self.plan: SigningPlan | None = None
        self.code_spent = False
        """The last signature's token code reached the identity service (clear it)."""

    @property
    def busy(self) -> bool:
        return self._busy

    @async_slot(object)
    async def prepare(self, patient: Patient) -> None:
        user = self._context.require_user()
        try:
            pending: list[Prescription] = await self._context.store.run(
                lambda s: s.prescriptions.pending(patient.id)
            )
            needs_token = any(rx.medication.controlled for rx in pending)
            token = await self._active_token() if needs_token else None
            permission: Permission | None = None
            if needs_token and user.may_sign:
                today = dt.date.today()
                permission = await self._context.store.run(
                    lambda s: s.access_control.permission(user.username, today, user.username)
                )
        except Exception as exc:  # noqa: BLE001 - shown, logged in full when unexpected
            self._fail(exc)
            return
        if permission is not None:
            await notify_ended(self._context, permission.ended_now, permission.people)
        blocker, code = "", ""
        if not user.may_sign:
            blocker, code = (
                "Only the prescriber can sign. The prescriptions you prepared wait for the "
                "doctor's signature.",
                "not_a_prescriber",
            )
        elif not pending:
            blocker, code = "Nothing is waiting for a signature for this patient.", "nothing"
        elif permission is not None and not permission.allowed:
            blocker, code = permission.why_not(), "no_epcs_grant"
        elif needs_token and (token is None or token.status is not TokenStatus.ACTIVE):
            blocker, code = _token_blocker(token)
        self.plan = SigningPlan(
            patient,
            pending,
            needs_token,
            token,
            blocker,
            code,
            prescriber=user.display_name,
            prescriber_dea=user.prescriber.dea_number if user.prescriber else "",
            permission=permission,
            content_hash=shown_hash(
                patient,
                pending,
                Prescriber(
                    user.display_name, user.prescriber.dea_number if user.prescriber else ""
                ),
            ),
        )
        self.prepared.emit(self.plan)

    @async_slot(str, str, str)
    async def sign(self, password: str, code: str, shown: str = "") -> None:
        """Sign what the dialog showed: `shown` is its content hash (the plan's by default).

        The rows are signed only if they still hash to it, checked before the code is
        spent and again in the transaction that signs.
        """
        plan = self.plan
        if self._busy or plan is None or plan.blocker:
            return
        shown = shown or plan.content_hash
        user = self._context.require_user()
        self.code_spent = False
        if not password:
            self.failed.emit("Type your password.", "password_missing")
            return
        typed_code = digits_only(code)
        if plan.needs_token and len(typed_code) != 6:
            self.failed.emit(
                "Press your token's button and type the 6 digits it shows.", "code_missing"
            )
            return
        self._set_busy(True)
        ids = [rx.id for rx in plan.pending]
        # "#123456": a bare six-digit id would be refused as looking like a one-time code.
        rx_ids = ", ".join(f"#{rx.id}" for rx in plan.pending)
        attempt = audit_trail.new_attempt()
        details = audit_trail.attempt_details(
            attempt, prescriptions=rx_ids, controlled=plan.needs_token
        )
        begun = False
        try:
            # Everything that can be checked is checked before the code is spent: the
            # attempt entry can be written, the password, and that all is still pending.
            await self._context.store.run(
                lambda s: _begin(s, user.username, password, plan, details, shown)
            )
            begun = True
            serial: str | None = None
            if plan.needs_token:
                identity = self._context.identity
                self.code_spent = True
                check: SigningCheck = await on_lane(
                    identity.lane,
                    identity.verify_signing_code,
                    user.exostar_account or "",
                    typed_code,
                )
                serial = check.serial
            now = dt.datetime.now(dt.UTC)
            done: list[Prescription] = await self._context.store.run(
                lambda s: _finish(
                    s,
                    plan,
                    ids,
                    user.username,
                    serial,
                    now,
                    {"attempt": attempt, "prescriptions": rx_ids},
                    shown,
                )
            )
        except Exception as exc:  # noqa: BLE001 - shown, logged in full when unexpected
            unwritten = not begun and isinstance(exc, AuditUnavailable)  # no attempt entry
            note = "" if unwritten else await self._audit_refusal(plan, exc, attempt)
            self._set_busy(False)
            self._fail(exc, note)
            return
        self._set_busy(False)
        log.info("%d prescription(s) signed by %s", len(done), user.username)
        self.signed.emit(done)

    async def _audit_refusal(self, plan: SigningPlan, exc: Exception, attempt: str) -> str:
        """Record why signing stopped; words for the doctor if even that cannot be written."""
        code = _code(exc)
        serial = plan.token.serial if plan.token else None
        try:
            await audit_trail.record(
                self._context,
                AuditEvent.SIGN_FAILED,
                Outcome.FAILURE,
                patient_id=plan.patient.id,
                token_serial=serial,
                reason=code,
                details={"attempt": attempt},
            )
            if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
                await audit_trail.record(
                    self._context,
                    AuditEvent.TOKEN_LOCKED,
                    Outcome.FAILURE,
                    token_serial=str(exc.details.get("serial") or serial or ""),
                    reason="too many wrong codes",
                )
        except AuditUnavailable as unrecorded:
            log.warning("signing refusal not recorded: %s", unrecorded.why)
            return "" if isinstance(exc, AuditUnavailable) else unrecorded.note()
        return ""

    async def _active_token(self) -> TokenInfo | None:
        identity = self._context.identity
        account = self._context.require_user().exostar_account
        if not account:
            return None
        tokens: list[TokenInfo] = await on_lane(identity.lane, identity.list_tokens, account)
        live = [t for t in tokens if t.status is not TokenStatus.REVOKED]
        return live[0] if live else None

    def _fail(self, exc: Exception, note: str = "") -> None:
        if not isinstance(exc, UserFacingError):
            log.exception("signing failed", exc_info=exc)
        code = _code(exc)
        if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
            code = "locked"
        if code == "LoginFailed":
            wait = exc.wait_words if isinstance(exc, WrongPassword) else ""
            self.failed.emit(
                f"That password is not right. {wait or 'Type it again.'}", "wrong_password"
            )
            return
        if isinstance(exc, PasswordThrottled | AccountLocked | AccountDeactivated):
            self.failed.emit(str(exc), exc.code)  # a wait, a lock, a deactivation: in words
            return
        if isinstance(exc, AuditUnavailable):
            message = str(exc.because("nothing was signed"))
            if self.code_spent:
                message += " The code from your token was used: press its button for a new one."
            self.failed.emit(message, code)
            return
        message = str(generic_message(exc))
        tries = exc.details.get("tries_left") if isinstance(exc, AdapterError) else None
        if isinstance(tries, int) and code != "locked":
            message += " " + _tries_left(tries)
        self.failed.emit(f"{message} {note}".strip(), code)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyChanged.emit(busy)


def _begin(
    store: AppStore,
    username: str,
    password: str,
    plan: SigningPlan,
    details: AuditDetails,
    shown: str,
) -> None:
    """On the store's lane: the attempt entry, the password, and the pending check."""
    audited.record(
        store,
        AuditEvent.SIGN_ATTEMPT,
        username,
        Outcome.SUCCESS,
        patient_id=plan.patient.id,
        token_serial=plan.token.serial if plan.needs_token and plan.token else None,
        details=details,
    )
    gaps.widen()
    if plan.needs_token:
        store.access_control.require_permission(username, dt.date.today(), username)
    store.authenticate(username, password)
    ids = [rx.id for rx in plan.pending]
    store.prescriptions.require_pending(ids, plan.patient.id)
    if store.prescriptions.shown_hash(ids, plan.patient.id, username) != shown:
        raise ContentChanged()  # before the token code is spent on it


def _finish(
    store: AppStore,
    plan: SigningPlan,
    ids: list[int],
    username: str,
    serial: str | None,
    at: dt.datetime,
    details: AuditDetails,
    shown: str,
) -> list[Prescription]:
    """Sign, in one transaction with the permission's last check (controlled substances)."""
    with store.sql.transaction():
        if plan.needs_token:
            store.access_control.require_permission(username, dt.date.today(), username)
        return audited.sign(store, ids, plan.patient.id, username, serial, at, details, shown=shown)


def _code(exc: Exception) -> str:
    if isinstance(exc, AdapterError | AccessRefused):
        return exc.code
    if isinstance(exc, LoginFailed):
        return "LoginFailed"  # whatever the wait it started
    if isinstance(exc, PasswordThrottled | AccountLocked | AccountDeactivated):
        return exc.code
    if isinstance(exc, AuditUnavailable):
        return "audit_unavailable"
    if isinstance(exc, NoLongerPending):
        return NoLongerPending.code
    if isinstance(exc, ContentChanged):
        return ContentChanged.code
    return type(exc).__name__


def _tries_left(tries: int) -> str:
    """How far the token is from its lock: a doctor guessing at codes needs to know."""
    if tries == 1:
        return "One more wrong code locks your token, and it must then be resynced."
    return f"{tries} more wrong codes lock your token, and it must then be resynced."


def _token_blocker(token: TokenInfo | None) -> tuple[str, str]:
    where = "Open Admin > EPCS Device Management"
    if token is None:
        return (
            "A controlled-substance prescription needs a code from your hardware token, and "
            f"no token is active on your account. {where} to add and sync it, then sign.",
            "no_active_token",
        )
    if token.status is TokenStatus.LOCKED:
        return (
            f"Your token {token.serial} is locked after too many wrong codes. {where} and "
            "Resync it with two new codes, then sign.",
            "locked",
        )
    return (
        f"Your token {token.serial} is {token.status.value.lower()}: {token.status.meaning} "
        f"{where} to fix it, then sign.",
        "token_suspended",
    )
