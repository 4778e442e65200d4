"""A process that stops between an attempt entry and its outcome, as a kill would leave it.

    python -m tests.interrupted DATA_DIR SCENARIO

It writes what the controllers write before an identity-service change (the attempt entry,
with this process's pid), makes the change or not, and exits without the outcome. No Qt.
Scenarios: sync-done, sync-not-sent, suspend-done, suspend-not-sent, lost-done (reported
lost), sign, sign-spent (the code accepted), sign-locked (wrong codes until the token
locks), and synced (a sync recorded in full, to set up the suspend, lost and
sign-spent/locked scenarios).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from pathlib import Path

from desktop.config import Paths
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.formulary import load_formulary
from desktop.domain.prescriptions import RxDraft
from desktop.exostar.base import AdapterError
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.demo_device import DemoTokenDevice
from desktop.exostar.local.phone_codes import PhoneCodePolicy
from desktop.store import audited
from desktop.store.database import open_app_store

HOTP = "GALH12345678"
ACCOUNT = "doctor"


def main(data_dir: Path, scenario: str) -> None:
    store = open_app_store(Paths(data_dir).app_db)
    # No 30 s wait between phone codes: scenarios run back to back.
    identity = LocalIdentityService(
        data_dir / "identity", phone_policy=PhoneCodePolicy(resend_seconds=0)
    )
    attempt = uuid.uuid4().hex

    def attempt_entry(event: AuditEvent, **details: str | int | bool) -> None:
        audited.record(
            store,
            event,
            "doctor",
            Outcome.SUCCESS,
            token_serial=HOTP,
            details={"attempt": attempt, "pid": os.getpid(), **details},
        )

    def grant() -> str:
        (phone,) = identity.list_phones(ACCOUNT)
        sent = identity.send_phone_code(ACCOUNT, phone.id, phone.channels[0])
        code = identity.outbox(ACCOUNT)[-1].code or ""
        return identity.verify_phone_code(ACCOUNT, sent.challenge_id, code).id

    if scenario in ("sync-done", "sync-not-sent", "synced"):
        attempt_entry(AuditEvent.TOKEN_SYNC_STARTED)
        if scenario != "sync-not-sent":
            device = DemoTokenDevice(identity)
            otp1, otp2 = device.press(HOTP), device.press(HOTP)
            identity.add_token(ACCOUNT, HOTP, otp1, otp2, grant(), attempt)
        if scenario == "synced":
            details = {"attempt": attempt}
            audited.record(store, AuditEvent.TOKEN_ADDED, "doctor", "success", details=details)
    elif scenario in ("suspend-done", "suspend-not-sent"):
        attempt_entry(AuditEvent.TOKEN_CHANGE_STARTED, action="suspend")
        if scenario == "suspend-done":
            identity.suspend_token(ACCOUNT, HOTP, grant(), "on leave")
    elif scenario == "lost-done":
        attempt_entry(AuditEvent.TOKEN_CHANGE_STARTED, action="deactivate")
        identity.deactivate_token(ACCOUNT, HOTP, grant(), "lost: on the bus")
    elif scenario in ("sign", "sign-spent", "sign-locked"):
        patient = store.search_patients("")[0]
        oxycodone = next(m for m in load_formulary() if m.id == "oxycodone-5-mg-tab")
        draft = RxDraft(oxycodone, "Take 1 tablet by mouth daily", "10", 0)
        rx = store.prescriptions.add(patient.id, draft, "doctor", dt.datetime.now(dt.UTC))
        audited.record(
            store,
            AuditEvent.SIGN_ATTEMPT,
            "doctor",
            Outcome.SUCCESS,
            patient_id=patient.id,
            token_serial=None if scenario == "sign" else HOTP,
            details={"attempt": attempt, "pid": os.getpid(), "prescriptions": f"#{rx.id}"},
        )
        if scenario == "sign-spent":
            identity.verify_signing_code(ACCOUNT, DemoTokenDevice(identity).press(HOTP))
        elif scenario == "sign-locked":
            locked = False
            while not locked:
                try:
                    identity.verify_signing_code(ACCOUNT, "000000")
                except AdapterError as exc:
                    locked = bool(exc.details.get("locked_now"))
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(attempt, flush=True)
    os._exit(0)  # as a kill would: no clean-up, no outcome


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
