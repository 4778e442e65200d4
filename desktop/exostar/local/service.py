"""The local identity service: its own SQLite file, never shared with the application.

The connection is opened lazily on the first call, which arrives on the lane, so it
belongs to the lane's thread for its whole life. Every state change runs in one
BEGIN IMMEDIATE transaction, so the window and a command-line tool on the same file
never interleave half-done changes.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

from desktop import gaps
from desktop.domain.errors import SUPPORT_PHONE, StartupError, startup_error
from desktop.domain.models import Phone, PhoneChannel, TokenInfo
from desktop.domain.otp import DEFAULT_POLICY, OtpPolicy
from desktop.domain.seeds import SeedRecord
from desktop.domain.serials import normalize_serial
from desktop.domain.waits import Waits
from desktop.exostar import refusals
from desktop.exostar.base import (
    AdapterError,
    PhoneCodeSent,
    SigningCheck,
    StepUpGrant,
    TokenSyncResult,
    UnknownAccount,
    new_lane,
)
from desktop.exostar.local.clock import SYSTEM_CLOCK, Clock, as_datetime, from_iso, to_iso
from desktop.exostar.local.codekey import code_key, keyed_hash
from desktop.exostar.local.delivery import DeliveryChannel, PhoneMessage
from desktop.exostar.local.outbox import OutboxChannel
from desktop.exostar.local.phone_codes import PhoneCodePolicy, PhoneCodes
from desktop.exostar.local.schema import DELIVERED_CODE_TEXT, MIGRATIONS
from desktop.exostar.local.seedvault import KeyStore, SeedVault, open_vault
from desktop.exostar.local.tokens import (
    ImportReport,
    TokenAction,
    TokenBook,
    answer_json,
    token_info,
)
from desktop.store.migrations import SchemaTooNew, migrate, write_transaction

log = logging.getLogger(__name__)
DB_FILE = "identity.sqlite"


class LocalIdentityService:
    """Accounts, phones, tokens and seeds kept in `<data dir>/identity/identity.sqlite`."""

    name = "local"

    def __init__(
        self,
        folder: Path,
        *,
        key_store: KeyStore = "auto",
        delivery: DeliveryChannel | None = None,
        clock: Clock = SYSTEM_CLOCK,
        otp_policy: OtpPolicy = DEFAULT_POLICY,
        phone_policy: PhoneCodePolicy | None = None,
        monotonic: Clock = time.monotonic,
    ) -> None:
        self.folder = folder
        self.lane = new_lane("identity")
        self.clock = clock
        self.waits = Waits(lambda: self.clock(), monotonic)
        """Resend waits, pauses, code and grant lifetimes: never longer than they are."""
        self._key_store: KeyStore = key_store
        self._delivery = delivery
        self._otp_policy = otp_policy
        self._phone_policy = phone_policy or PhoneCodePolicy()
        self._db: sqlite_utils.Database | None = None
        self._vault: SeedVault | None = None
        self._code_key: bytes | None = None
        self._on_phone: dict[str, str] = {}
        """Texts of code messages this process delivered, by message id, while their code
        can still be typed: what the demo phone's screen still shows. Never in the file."""

    @property
    def db(self) -> sqlite_utils.Database:
        """Opened on first use; a file that cannot be opened raises `StartupError` naming it."""
        if self._db is None:
            path = self.folder / DB_FILE
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite_utils.Database(path)
            except (OSError, sqlite3.Error) as exc:
                raise startup_error(path, exc) from exc
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA foreign_keys = ON")
                # A delivered code's text is overwritten, not left in a free page.
                db.execute("PRAGMA secure_delete = ON")
                migrate(db, MIGRATIONS, "identity service")
            except BaseException as exc:
                db.close()
                if isinstance(exc, SchemaTooNew) and exc.path is None:
                    raise SchemaTooNew(f"{exc.message} ({path})", exc.next_step, path=path) from exc
                if isinstance(exc, OSError | sqlite3.Error):
                    raise startup_error(path, exc) from exc
                raise
            self._db = db
        return self._db

    @property
    def vault(self) -> SeedVault:
        """The seed key; made only while no seed is stored, so stored seeds never lose theirs."""
        if self._vault is None:
            seeds = self.db.table("seeds").count
            self._vault = open_vault(self.folder, self._key_store, create=not seeds)
        return self._vault

    def holdings(self) -> dict[str, int]:
        """How many accounts, tokens and seeds it keeps; {} when it has no database file yet.

        Never creates one: the application asks this at start-up to tell a fresh data
        folder from one whose application database was lost.
        """
        if self._db is None and not (self.folder / DB_FILE).exists():
            return {}
        return {table: self.db.table(table).count for table in ("accounts", "tokens", "seeds")}

    def check_storage(self) -> None:
        """Open the database and, when seeds are stored, check that the seed key opens them.

        Run at start-up so a damaged file or a lost key stops the application with words
        (`StartupError`), not at the doctor's first token sync. One row that no longer opens
        is a tampered row, reported when that token is used; a key that opens none is the
        wrong key.
        """
        rows = list(self.db.execute("SELECT serial, sealed_key FROM seeds").fetchall())
        if not rows:
            return
        vault = self.vault
        for serial, sealed in rows:
            try:
                vault.open(str(serial), bytes(sealed))
            except AdapterError:
                continue
            return
        raise StartupError(
            f"The seed key ({vault.where}) does not open any of the {len(rows)} token seeds in "
            f"{self.folder / DB_FILE}: it is not the key they were sealed with.",
            "Restore the seed key from the backup of this data folder, together with "
            "identity.sqlite, then start iCoreRx again.",
            path=self.folder / DB_FILE,
        )

    @property
    def delivery(self) -> DeliveryChannel:
        if self._delivery is None:
            self._delivery = OutboxChannel(lambda: self.db)
        return self._delivery

    def _tokens(self) -> TokenBook:
        return TokenBook(self.db, self.vault, self.clock, self._otp_policy)

    def _phones(self) -> PhoneCodes:
        return PhoneCodes(self.db, self.clock, self._phone_policy, self.waits, key=self.code_key)

    @property
    def code_key(self) -> bytes:
        """The key of the stored codes' and requests' keyed hashes (outside the database)."""
        if self._code_key is None:
            self._code_key = code_key(self.folder, self._key_store)
        return self._code_key

    # IdentityService ---------------------------------------------------
    def check_health(self) -> str:
        try:
            accounts = self.db.table("accounts").count
            seeds = self.db.table("seeds").count
        except Exception as exc:  # noqa: BLE001 - any storage failure reads the same to a user
            raise AdapterError(
                f"The local identity service could not open its database ({exc}).",
                f"Check that {self.folder} exists and is writable.",
            ) from exc
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
        digest = self._request_hash("add_token", serial, otp1, otp2)
        with write_transaction(self.db):
            earlier = self._earlier_answer(account, idempotency_key, digest)
            if earlier is not None:
                log.info("add-token request %s answered again", idempotency_key[:8])
                return self._replay(earlier)
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
        earlier = self._earlier_answer(account, idempotency_key, None)
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

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        closer = getattr(self._delivery, "close", None)
        if callable(closer):
            closer()

    # administration and demo (local only) --------------------------------
    def import_seeds(self, records: Sequence[SeedRecord], source: str) -> ImportReport:
        with write_transaction(self.db):
            return self._tokens().import_seeds(records, source)

    def token_overview(self) -> list[dict[str, Any]]:
        return self._tokens().overview()

    def seed_for_device(self, serial: str) -> tuple[dict[str, Any], bytes] | None:
        """A seed as the physical token holds it: for the demo token simulator only."""
        return self._tokens().seed(serial)

    def outbox(
        self, account: str | None = None, *, mark_delivered: bool = False
    ) -> list[PhoneMessage]:
        """Messages delivered to the outbox, in the order they were sent: the demo phone's
        inbox. By rowid, not by time: a message sent under a wrong clock keeps its place.

        `mark_delivered`: the reader is the phone, so what it reads now is delivered, and
        the codes in it are gone from the outbox from then on (the answer still has them).
        """
        where = "account = ?" if account else None
        rows = list(
            self.db.table("outbox").rows_where(
                where, [account] if account else [], order_by="rowid"
            )
        )
        shown_since = self.clock() - self._phone_policy.code_seconds
        for message_id in list(self._on_phone):
            row = next((r for r in rows if r["id"] == message_id), None)
            if row is not None and from_iso(row["created_at"]) < shown_since:
                del self._on_phone[message_id]
        messages = [
            PhoneMessage(
                row["id"],
                row["account"],
                row["phone_number"],
                PhoneChannel(row["channel"]),
                self._on_phone.get(row["id"], row["text"]),
                as_datetime(from_iso(row["created_at"])),
            )
            for row in rows
        ]
        if mark_delivered:
            fresh = [row for row in rows if not row.get("delivered_at")]
            if fresh:
                with write_transaction(self.db):
                    for row in fresh:
                        if from_iso(row["created_at"]) >= shown_since:
                            self._on_phone[row["id"]] = row["text"]
                        self._forget_code(row["id"])
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return messages

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
            raise UnknownAccount(
                "Your login is not linked to an account at the identity service.",
                "Ask the clinic's administrator to link it, then sign in again.",
            )

    def _phone(self, account: str, phone_id: str) -> Phone:
        for phone in self.list_phones(account):
            if phone.id == phone_id:
                return phone
        raise refusals.unknown_phone()

    def _forget_code(self, message_id: str) -> None:
        """A code message that reached the phone (or whose code was used) keeps no code."""
        self.db.execute(
            "UPDATE outbox SET text = ?, delivered_at = ? "
            "WHERE id = ? AND delivered_at IS NULL AND id IN (SELECT id FROM phone_codes)",
            [DELIVERED_CODE_TEXT, to_iso(self.clock()), message_id],
        )
        self.db.execute(
            "UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
            [to_iso(self.clock()), message_id],
        )

    def _request_hash(self, operation: str, serial: str, otp1: str, otp2: str) -> str:
        """What a request asked, keyed-hashed: its codes may still be valid, so never plain."""
        codes = ["".join(code.split()) for code in (otp1, otp2)]
        return keyed_hash(self.code_key, "request", operation, normalize_serial(serial), *codes)

    def _earlier_answer(self, account: str, key: str, digest: str | None) -> dict[str, Any] | None:
        """The stored answer to this key; a key reused for a different request is refused."""
        rows = list(self.db.table("requests").rows_where("key = ? AND account = ?", [key, account]))
        if not rows:
            return None
        stored = rows[0].get("request_hash")
        if digest is not None and stored and not secrets.compare_digest(stored, digest):
            raise refusals.request_key_reused()
        answer: dict[str, Any] = json.loads(rows[0]["answer"])
        return answer

    def _replay(self, answer: Mapping[str, Any]) -> TokenSyncResult:
        if not answer["ok"]:
            raise AdapterError.from_json(answer["error"])
        if "result" not in answer:  # stored before results had one serialisation
            answer = {"ok": True, "result": {**answer, "token": {"serial": answer["serial"]}}}
        data = answer["result"]
        rows = list(self.db.table("tokens").rows_where("serial = ?", [data["token"]["serial"]]))
        return TokenSyncResult.from_json(data, token_info(rows[0]))


def _now(service: LocalIdentityService) -> str:
    return to_iso(service.clock())
