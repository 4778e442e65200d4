"""The local identity service: its own SQLite file, never shared with the application.

Its file and keys are opened on first use (`storage.IdentityStorage`). Every state change
runs in one BEGIN IMMEDIATE transaction, so the window and a command-line tool on the same
file never interleave half-done changes.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from typing import Any

from desktop import gaps
from desktop.domain.errors import SUPPORT_PHONE
from desktop.domain.models import Phone, PhoneChannel, TokenInfo
from desktop.domain.seeds import SeedRecord
from desktop.exostar import refusals
from desktop.exostar.base import (
    AdapterError,
    PhoneCodeSent,
    SigningCheck,
    StepUpGrant,
    TokenSyncResult,
)
from desktop.exostar.local.clock import as_datetime, to_iso
from desktop.exostar.local.delivery import PhoneMessage
from desktop.exostar.local.request_ledger import answer_json, earlier_answer, replay, request_hash
from desktop.exostar.local.seed_inventory import ImportReport
from desktop.exostar.local.storage import IdentityStorage
from desktop.exostar.local.tokens import TokenAction
from desktop.store.migrations import write_transaction

log = logging.getLogger(__name__)


class LocalIdentityService(IdentityStorage):
    """Accounts, phones, tokens and seeds kept in `<data dir>/identity/identity.sqlite`."""

    name = "local"

    # IdentityService ---------------------------------------------------
    def check_health(self) -> str:
        try:
            accounts = self.db.table("accounts").count
            seeds = self.db.table("seeds").count
        except Exception as exc:  # noqa: BLE001 - any storage failure reads the same to a user
            raise refusals.local_database_unreadable(self.folder, str(exc)) from exc
        return f"local identity service, {accounts} account(s), {seeds} token seed(s)"

    def list_phones(self, account: str) -> list[Phone]:
        self._require_account(account)
        rows = self.db.table("phones").rows_where("account = ?", [account], order_by="created_at")
        return [
            Phone(
                row["id"],
                row["number"],
                tuple(PhoneChannel(c) for c in row["channels"].split(",") if c),
            )
            for row in rows
        ]

    def send_phone_code(self, account: str, phone_id: str, channel: PhoneChannel) -> PhoneCodeSent:
        phone = self._phone(account, phone_id)
        with write_transaction(self.db):
            sent = self._phones().send(account, phone, PhoneChannel(channel), self.delivery)
        log.info("phone code sent to account %s by %s", account, sent.channel.value)
        return sent

    def verify_phone_code(self, account: str, challenge_id: str, code: str) -> StepUpGrant:
        self._require_account(account)
        with write_transaction(self.db):
            try:
                answer: StepUpGrant | AdapterError = self._phones().verify(
                    account, challenge_id, code
                )
            except AdapterError as exc:
                answer = exc
        # A refused code still commits its try count: raised only after the commit.
        if isinstance(answer, AdapterError):
            log.info("phone code refused for account %s: %s", account, answer.code)
            if answer.details.get("paused_now"):
                minutes = int(answer.details.get("pause_seconds", 300)) // 60
                self._notify(
                    account,
                    f"{answer.details.get('wrong_in_a_row')} wrong phone codes in a row were "
                    f"typed on your account, so phone confirmation is paused for {minutes} "
                    "minutes.",
                )
            elif answer.details.get("locked_now"):
                self._notify(
                    account,
                    f"{answer.details.get('wrong_in_a_row')} wrong phone codes in a row were "
                    "typed on your account, so phone confirmation is locked until a practice "
                    "administrator unlocks it.",
                )
            raise answer
        log.info("step-up granted to account %s", account)
        return answer

    def list_tokens(self, account: str) -> list[TokenInfo]:
        self._require_account(account)
        return self._tokens().of_account(account)

    def add_token(
        self,
        account: str,
        serial: str,
        otp1: str,
        otp2: str,
        grant_id: str,
        idempotency_key: str,
    ) -> TokenSyncResult:
        self._require_account(account)
        digest = request_hash(self.code_key, "add_token", serial, otp1, otp2)
        with write_transaction(self.db):
            earlier = earlier_answer(self.db, account, idempotency_key, digest)
            if earlier is not None:
                log.info("add-token request %s answered again", idempotency_key[:8])
                return replay(self.db, earlier)
            phones = self._phones()
            phones.require_grant(account, grant_id)
            tokens = self._tokens()
            locked_since = tokens.locked_since(account, serial)
            if locked_since is not None:
                phones.require_fresh_grant(account, grant_id)
            try:
                answer: TokenSyncResult | AdapterError = tokens.add(account, serial, otp1, otp2)
            except AdapterError as exc:
                answer = exc
                if exc.details.pop("sync_failure", False) and phones.note_sync_failure(
                    account, grant_id
                ):
                    answer = refusals.sync_tries_spent()
            gaps.widen()  # the kill campaign's hook: a kill here must leave no half-binding
            self.db.table("requests").insert(
                {
                    "key": idempotency_key,
                    "account": account,
                    "operation": "add_token",
                    "answer": answer_json(answer),
                    "created_at": to_iso(self.clock()),
                    "request_hash": digest,
                }
            )
        if isinstance(answer, AdapterError):
            log.info("token sync refused for account %s: %s", account, answer.code)
            raise answer
        log.info("token %s synced to account %s", answer.token.serial, account)
        what = "resynced" if answer.resynced else "added to your account"
        self._notify(account, f"your hardware token {answer.token.serial} was {what}.")
        return answer

    def add_token_outcome(self, account: str, serial: str, idempotency_key: str) -> bool | None:
        """What became of an add-token request (AddRequestLedger).

        The request's answer is stored in the same transaction as the binding, so no
        stored answer means nothing was bound.
        """
        earlier = earlier_answer(self.db, account, idempotency_key, None)
        return bool(earlier and earlier.get("ok"))

    def verify_signing_code(self, account: str, code: str) -> SigningCheck:
        self._require_account(account)
        with write_transaction(self.db):
            try:
                answer: SigningCheck | AdapterError = self._tokens().check(account, code)
            except AdapterError as exc:
                answer = exc
            gaps.widen()
        if isinstance(answer, AdapterError):
            log.info("signing code refused for account %s: %s", account, answer.code)
            if answer.details.get("locked_now"):
                serial = answer.details.get("serial") or "on your account"
                self._notify(account, f"your hardware token {serial} was locked after wrong codes.")
            raise answer
        return answer

    def deactivate_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        return self._change_status(account, serial, grant_id, TokenAction.DEACTIVATE, reason)

    def suspend_token(self, account: str, serial: str, grant_id: str, reason: str) -> TokenInfo:
        return self._change_status(account, serial, grant_id, TokenAction.SUSPEND, reason)

    def resume_token(self, account: str, serial: str, grant_id: str) -> TokenInfo:
        return self._change_status(account, serial, grant_id, TokenAction.RESUME, "")

    def _change_status(
        self, account: str, serial: str, grant_id: str, action: TokenAction, reason: str
    ) -> TokenInfo:
        self._require_account(account)
        with write_transaction(self.db):
            self._phones().require_grant(account, grant_id)
            info = self._tokens().change_status(account, serial, action, reason)
            gaps.widen()
        log.info("token %s %s on account %s", info.serial, action.value, account)
        self._notify(account, f"your hardware token {info.serial} was {action.value}.")
        return info

    def end_step_up(self, account: str, grant_id: str) -> None:
        with write_transaction(self.db):
            ended = self._phones().end_grant(account, grant_id)
        if ended:
            log.info("step-up grant of account %s ended before its time", account)

    def send_notice(self, account: str, text: str) -> None:
        """A free-form notice to the account's phone: the outbox, or the SMS gateway."""
        self._require_account(account)
        self._deliver_notice(account, f"iCoreRx: {text}")

    def checkpoint(self, log_id: str, count: int, head: str) -> None:
        """Nothing to do, and only because the anchor is already outside the database.

        The embedded service lives in the same data folder as the audit log, so a copy of
        the head here would add nothing that whoever can write the folder could not also
        rewrite. The head file `audit.head` beside the database, sealed with the audit key,
        is this setup's anchor; a clinic server (privacyIDEA) keeps a second one off the
        workstation.
        """

    def read_checkpoint(self, log_id: str) -> str | None:
        """Never one: see `checkpoint`."""
        return None

    # administration and demo (local only) --------------------------------
    def import_seeds(self, records: Sequence[SeedRecord], source: str) -> ImportReport:
        with write_transaction(self.db):
            return self._tokens().seeds.import_seeds(records, source)

    def token_overview(self) -> list[dict[str, Any]]:
        return self._tokens().seeds.overview()

    def seed_for_device(self, serial: str) -> tuple[dict[str, Any], bytes] | None:
        """A seed as the physical token holds it: for the demo token simulator only."""
        return self._tokens().seeds.seed(serial)

    def outbox(
        self, account: str | None = None, *, mark_delivered: bool = False
    ) -> list[PhoneMessage]:
        """The demo phone's inbox (`PhoneInbox.read`)."""
        return self._inbox.read(
            self.db,
            self.clock(),
            self._phone_policy.code_seconds,
            account,
            mark_delivered=mark_delivered,
        )

    def unlock_phone_confirmation(self, account: str) -> bool:
        """A practice administrator lifts the lock after 100 wrong phone codes in a row (and
        any pause): the run starts again from nothing. True when there was one to lift."""
        self._require_account(account)
        with write_transaction(self.db):
            was = self._phones().unlock(account)
        if was:
            log.info("phone confirmation unlocked for account %s", account)
            self._notify(account, "phone confirmation on your account was unlocked.")
        return was

    def phone_confirmation_locked(self, account: str) -> bool:
        """True while 100 wrong codes in a row keep phone confirmation locked."""
        if not self.db.table("accounts").count_where("id = ?", [account]):
            return False
        return self._phones().is_locked(account)

    def list_phones_if_any(self, account: str) -> list[Phone]:
        """Like list_phones, but an unknown account simply has none."""
        if not self.db.table("accounts").count_where("id = ?", [account]):
            return []
        return self.list_phones(account)

    def ensure_account(self, account: str, display_name: str) -> None:
        table = self.db.table("accounts")
        if not table.count_where("id = ?", [account]):
            table.insert({"id": account, "display_name": display_name, "created_at": _now(self)})

    def ensure_phone(
        self, account: str, phone_id: str, number: str, channels: tuple[PhoneChannel, ...]
    ) -> None:
        self._require_account(account)
        self.db.table("phones").upsert(
            {
                "id": phone_id,
                "account": account,
                "number": number,
                "channels": ",".join(c.value for c in channels),
                "created_at": _now(self),
            },
            pk="id",
        )

    # internals ---------------------------------------------------------
    def _notify(self, account: str, what: str) -> None:
        """Tell the doctor on their phone, a channel independent of this workstation.

        NIST SP 800-63B asks for it whenever an authenticator is bound or changes. A notice
        that cannot be delivered is logged; it never undoes the change it reports.
        """
        self._deliver_notice(
            account, f"iCoreRx: {what} If this was not you, call {SUPPORT_PHONE} right away."
        )

    def _deliver_notice(self, account: str, text: str) -> None:
        phones = self.list_phones(account)
        if not phones:
            return
        phone = phones[0]
        channel = PhoneChannel.SMS if PhoneChannel.SMS in phone.channels else phone.channels[0]
        message = PhoneMessage(
            secrets.token_urlsafe(16),
            account,
            phone.number,
            channel,
            text,
            as_datetime(self.clock()),
        )
        try:
            with write_transaction(self.db):
                self.delivery.deliver(message)
        except AdapterError as exc:
            log.warning("security notice to account %s not delivered: %s", account, exc.code)

    def _require_account(self, account: str) -> None:
        if not self.db.table("accounts").count_where("id = ?", [account]):
            raise refusals.account_not_linked()

    def _phone(self, account: str, phone_id: str) -> Phone:
        for phone in self.list_phones(account):
            if phone.id == phone_id:
                return phone
        raise refusals.unknown_phone()


def _now(service: LocalIdentityService) -> str:
    return to_iso(service.clock())
