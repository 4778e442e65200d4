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
import uuid
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from desktop.controllers import audit_trail
from desktop.controllers.context import AppContext
from desktop.controllers.epcs_notices import notify_ended
from desktop.controllers.flow import FlowController, Refusal, audit_reason
from desktop.controllers.lanes import async_slot, on_lane
from desktop.controllers.signing_steps import begin, finish, token_blocker, tries_left
from desktop.domain.access_control import Permission
from desktop.domain.audit import AuditEvent, DetailValue, Outcome
from desktop.domain.errors import AuditUnavailable, LoginFailed
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
from desktop.store.server_away import server_away_behind

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
    write_key: str = ""
    """This signature's idempotency key (`store.write_keys`): every try of this dialog sends
    it, so a signature whose answer the network lost is found, not signed twice."""


class SigningController(FlowController):
    """Signals:
    prepared(object): the `SigningPlan` for the patient.
    busyChanged(bool): a signature is being checked.
    signed(list): the `Prescription`s now signed.
    failed(object): a `Refusal`: plain words with what to do, a reason code, and whether
        the token code was spent (the form clears it).
    """

    prepared = Signal(object)
    signed = Signal(list)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.plan: SigningPlan | None = None
        self.code_spent = False
        """The last signature's token code reached the identity service (clear it)."""

    @async_slot(object)
    async def prepare(self, patient: Patient) -> None:
        user = self._context.require_user()
        async with self.flow("reading what is to be signed", busy=False) as run:
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
        if run.refused:
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
            blocker, code = token_blocker(token)
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
            write_key=uuid.uuid4().hex,
        )
        self.prepared.emit(self.plan)

    @async_slot(str, str, str)
    async def sign(self, password: str, code: str, shown: str = "") -> None:
        """Sign what the dialog showed: `shown` is its content hash (the plan's by default).

        The rows are signed only if they still hash to it, checked before the code is
        spent and again in the transaction that signs.
        """
        plan = self.plan
        if self.busy or plan is None or plan.blocker:
            return
        shown = shown or plan.content_hash
        user = self._context.require_user()
        self.code_spent = False
        if not password:
            self.decline("Type your password.", "password_missing")
            return
        typed_code = digits_only(code)
        if plan.needs_token and len(typed_code) != 6:
            self.decline(
                "Press your token's button and type the 6 digits it shows.", "code_missing"
            )
            return
        ids = [rx.id for rx in plan.pending]
        # "#123456": a bare six-digit id would be refused as looking like a one-time code.
        rx_ids = ", ".join(f"#{rx.id}" for rx in plan.pending)
        attempt = audit_trail.new_attempt()
        details = audit_trail.attempt_details(
            attempt, prescriptions=rx_ids, controlled=plan.needs_token
        )
        begun = False
        key = plan.write_key or None

        async def record(exc: Exception) -> str:
            if not begun and isinstance(exc, AuditUnavailable):
                return ""  # not even the attempt entry could be written
            return await self._audit_refusal(plan, exc, attempt)

        async with self.flow("signing", record=record) as run:
            # A retry of a signature the clinic database kept but whose answer was lost:
            # what it signed. Else everything that can be checked is checked before the
            # code is spent: the attempt entry can be written, the password, and that all
            # is still pending.
            done = await self._context.store.run(
                lambda s: begin(s, user.username, password, plan, details, shown, key)
            )
            begun = True
            if done is None:
                outcome: AuditDetails = {"attempt": attempt, "prescriptions": rx_ids}
                done = await self._sign(plan, ids, typed_code, key, outcome, shown)
        if run.refused or done is None:
            return
        log.info("%d prescription(s) signed by %s", len(done), user.username)
        self.signed.emit(done)

    async def _sign(
        self,
        plan: SigningPlan,
        ids: list[int],
        typed_code: str,
        key: str | None,
        details: AuditDetails,
        shown: str,
    ) -> list[Prescription]:
        """The token's code (controlled substances), then the signature's one transaction."""
        user = self._context.require_user()
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
        return await self._context.store.run(
            lambda s: finish(s, plan, ids, user.username, serial, now, details, shown, key)
        )

    async def _audit_refusal(self, plan: SigningPlan, exc: Exception, attempt: str) -> str:
        """Record why signing stopped; words for the doctor if even that cannot be written."""
        code = audit_reason(exc)
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
            if isinstance(exc, AuditUnavailable) or server_away_behind(exc) is not None:
                return ""  # the refusal already says the database could not be reached
            return unrecorded.note()
        return ""

    async def _active_token(self) -> TokenInfo | None:
        identity = self._context.identity
        account = self._context.require_user().exostar_account
        if not account:
            return None
        tokens: list[TokenInfo] = await on_lane(identity.lane, identity.list_tokens, account)
        live = [t for t in tokens if t.status is not TokenStatus.REVOKED]
        return live[0] if live else None

    def refusal(self, exc: Exception, what: str) -> Refusal:
        """Signing's own words: the password, the lock, what the log's trouble stopped."""
        refusal = Refusal.of(exc, what, sent=self.code_spent)
        code = refusal.code
        if isinstance(exc, AdapterError) and exc.details.get("locked_now"):
            code = "locked"
        if isinstance(exc, LoginFailed):
            wait = exc.wait_words if isinstance(exc, WrongPassword) else ""
            return replace(
                refusal,
                message="That password is not right.",
                next_step=wait or "Type it again.",
                code="wrong_password",
            )
        if isinstance(exc, PasswordThrottled | AccountLocked | AccountDeactivated):
            return refusal  # a wait, a lock, a deactivation: in words
        away = server_away_behind(exc)
        if away is not None:  # the dialog keeps its plan and key: signing again is safe
            several = self.plan is not None and len(self.plan.pending) > 1
            consequence = (
                "the prescriptions were not signed"
                if several
                else "the prescription was not signed"
            )
            refusal = Refusal.of(away.because(consequence), what, sent=self.code_spent)
            if self.code_spent:
                refusal = refusal.noted(
                    "The code from your token was used: press its button for a new one."
                )
            return refusal
        if isinstance(exc, AuditUnavailable):
            refusal = Refusal.of(exc.because("nothing was signed"), what, sent=self.code_spent)
            if self.code_spent:
                refusal = refusal.noted(
                    "The code from your token was used: press its button for a new one."
                )
            return refusal
        tries = exc.details.get("tries_left") if isinstance(exc, AdapterError) else None
        if isinstance(tries, int) and code != "locked":
            refusal = refusal.noted(tries_left(tries))
        return replace(refusal, code=code)
