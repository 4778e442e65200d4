"""Signing prescriptions (21 CFR 1311.140): password, and the token's code when controlled.

Completing the dialog is the signature. The password is checked on the store's lane,
the token code by the identity service on its lane (a code works once; wrong codes
count toward the token's lock), and only then are the prescriptions marked signed, in
one transaction that refuses anything no longer pending.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import async_slot, on_lane
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.errors import UserFacingError, generic_message
from desktop.domain.models import Patient, TokenInfo, TokenStatus
from desktop.domain.prescriptions import Prescription
from desktop.domain.token_form import digits_only
from desktop.exostar.base import AdapterError, SigningCheck

log = logging.getLogger(__name__)

ATTESTATION = (
    "By completing the two-factor authentication protocol at this time, you are legally "
    "signing the prescription(s) and authorizing the transmission of the above information "
    "to the pharmacy for dispensing. The two-factor authentication protocol may only be "
    "completed by the practitioner whose name and DEA registration number appear above."
)
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
        except Exception as exc:  # noqa: BLE001 - shown, logged in full when unexpected
            self._fail(exc)
            return
        blocker, code = "", ""
        if not user.role.may_sign:
            blocker, code = (
                "Only the prescriber can sign. The prescriptions you prepared wait for the "
                "doctor's signature.",
                "not_a_prescriber",
            )
        elif not pending:
            blocker, code = "Nothing is waiting for a signature for this patient.", "nothing"
        elif needs_token and (token is None or token.status is not TokenStatus.ACTIVE):
            blocker, code = _token_blocker(token)
        self.plan = SigningPlan(
            patient, pending, needs_token, token, blocker, code, prescriber=user.display_name
        )
        self.prepared.emit(self.plan)

    @async_slot(str, str)
    async def sign(self, password: str, code: str) -> None:
        plan = self.plan
        if self._busy or plan is None or plan.blocker:
            return
        user = self._context.require_user()
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
        rx_ids = ", ".join(str(rx.id) for rx in plan.pending)
        await audit_trail.record(
            self._context,
            AuditEvent.SIGN_ATTEMPT,
            Outcome.SUCCESS,
            patient_id=plan.patient.id,
            details={"prescriptions": rx_ids, "controlled": plan.needs_token},
        )
        try:
            await self._context.store.run(lambda s: s.authenticate(user.username, password))
            serial: str | None = None
            if plan.needs_token:
                identity = self._context.identity
                check: SigningCheck = await on_lane(
                    identity.lane,
                    identity.verify_signing_code,
                    user.exostar_account or "",
                    typed_code,
                )
                serial = check.serial
            ids = [rx.id for rx in plan.pending]
            now = dt.datetime.now(dt.UTC)
            done: list[Prescription] = await self._context.store.run(
                lambda s: s.prescriptions.mark_signed(
                    ids, plan.patient.id, user.username, serial, now
                )
            )
        except Exception as exc:  # noqa: BLE001 - shown, logged in full when unexpected
            await self._audit_refusal(plan, exc)
            self._fail(exc)
            return
        finally:
            self._set_busy(False)
        await audit_trail.record(
            self._context,
            AuditEvent.SIGNED,
            Outcome.SUCCESS,
            patient_id=plan.patient.id,
            token_serial=serial,
            details={"prescriptions": rx_ids},
        )
        log.info("%d prescription(s) signed by %s", len(done), user.username)
        self.signed.emit(done)

    async def _audit_refusal(self, plan: SigningPlan, exc: Exception) -> None:
        code = exc.code if isinstance(exc, AdapterError) else type(exc).__name__
        serial = plan.token.serial if plan.token else None
        await audit_trail.record(
            self._context,
            AuditEvent.SIGN_FAILED,
            Outcome.FAILURE,
            patient_id=plan.patient.id,
            token_serial=serial,
            reason=code,
        )
        if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
            await audit_trail.record(
                self._context,
                AuditEvent.TOKEN_LOCKED,
                Outcome.FAILURE,
                token_serial=str(exc.details.get("serial") or serial or ""),
                reason="too many wrong codes",
            )

    async def _active_token(self) -> TokenInfo | None:
        identity = self._context.identity
        account = self._context.require_user().exostar_account
        if not account:
            return None
        tokens: list[TokenInfo] = await on_lane(identity.lane, identity.list_tokens, account)
        live = [t for t in tokens if t.status is not TokenStatus.REVOKED]
        return live[0] if live else None

    def _fail(self, exc: Exception) -> None:
        if not isinstance(exc, UserFacingError):
            log.exception("signing failed", exc_info=exc)
        code = exc.code if isinstance(exc, AdapterError) else type(exc).__name__
        if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
            code = "locked"
        if code == "LoginFailed":
            self.failed.emit("That password is not right. Type it again.", "wrong_password")
            return
        self.failed.emit(str(generic_message(exc)), code)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busyChanged.emit(busy)


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
