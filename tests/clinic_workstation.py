"""One clinic workstation in its own process: the real window, offscreen, on the clinic database.

    python -m tests.clinic_workstation DIR prepare USER PASSWORD PATIENT MEDICATION SIG QTY [retry]
    python -m tests.clinic_workstation DIR sign USER PASSWORD PATIENT [OPTION...]

`prepare` (the front desk): sign in, open the patient, type a prescription into Compose Rx
and click Add; prints {"added": id, "message": ...}.

`sign` (a doctor): sign in, open the patient, click Sign, type the password, then print
{"ready": [pending ids], "blocker": ...} and wait for a line "go CODE" on stdin (so two
desks click at the same moment; CODE is the token's code, "-" for none). Then it types
the code, clicks Sign and prints {"signed": [ids]} or {"refused": code, "message": ...}
with the words the dialog shows.

OPTIONs of `sign`: `hold`, `hold-committed`, `wait`, `retry`.

`hold`: the desk stops inside its signing transaction, once the rows are marked signed and
the SIGNED entry is written but before the commit: it prints {"holding": true} and waits
forever, for the test to kill it. `hold-committed`: the same once the transaction has
committed, before the window hears of it.

`prepare ... retry` and `sign ... retry` (the server going away): `prepare` types the
prescription, prints {"ready": true} and clicks Add at each "go" line; `sign` clicks Sign at
each "go CODE" line. A refusal prints {"refused": code, "message": ..., "status": ...} (the
tab's or the dialog's words, and the status bar's once it says the clinic database is
unreachable, or after 15 s) and waits for the next "go"; it ends at {"added": ...} or
{"signed": ...}.

`sign ... wait`: once signed in, print {"signed_in": true} and wait for a "go" line before
opening the patient (the doctor signs in while the front desk prepares).

`CLINIC_IDLE_IN_TRANSACTION_S` in the environment: after how long the server ends this
desk's session when it stops inside a transaction (`desktop.clinic.server`), shortened.

Every line this prints on stdout is one JSON object.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # key files

import qasync  # noqa: E402

from desktop import walkthrough  # noqa: E402
from desktop.app import ensure_qapplication  # noqa: E402
from desktop.composition import Application  # noqa: E402
from desktop.controllers.flow import Refusal  # noqa: E402
from desktop.domain.audit import AuditEvent  # noqa: E402
from desktop.store.server_away import SERVER_AWAY  # noqa: E402
from desktop.views.window_parts import CLINIC_AWAY  # noqa: E402


def say(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def hold_before_commit() -> None:
    """Stop the store's lane inside the signing transaction, after the SIGNED entry."""
    from desktop.store import audited

    real = audited.record

    def record(store: Any, event: AuditEvent, *args: Any, **kwargs: Any) -> Any:
        entry = real(store, event, *args, **kwargs)
        if event is AuditEvent.SIGNED:
            say(holding=True)
            threading.Event().wait()  # until the test kills this process
        return entry

    audited.record = record  # type: ignore[assignment]


def hold_after_commit() -> None:
    """Stop the store's lane once the signing transaction has committed, before the window
    hears of it."""
    from desktop.controllers import signing

    real = signing.finish

    def finish(*args: Any, **kwargs: Any) -> Any:
        done = real(*args, **kwargs)
        say(holding=True)
        threading.Event().wait()  # until the test kills this process
        return done

    signing.finish = finish  # type: ignore[assignment]


async def go() -> str:
    """The next "go CODE" line on stdin: its code ("" for "-" or none)."""
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    code = line.split()[1] if len(line.split()) > 1 else "-"
    return "" if code == "-" else code


async def refused(window: Any, refusal: Refusal, label: Any) -> None:
    """Say the refusal as the window shows it, with the status bar once it has heard."""
    if refusal.code == SERVER_AWAY:
        with contextlib.suppress(walkthrough.WalkthroughError):
            await walkthrough.until(
                lambda: walkthrough.clinic_status(window) == CLINIC_AWAY,
                "the status bar to say the clinic database is unreachable",
                timeout=15,
            )
    say(refused=refusal.code, message=label.text(), status=walkthrough.clinic_status(window))


async def prepare(
    window: Any, patient_id: int, medication: str, sig: str, qty: str, *retry: str
) -> None:
    compose = await walkthrough.open_patient(window, patient_id)
    if not retry:
        rx = await walkthrough.add_prescription(compose, medication, sig, qty)
        say(added=rx.id, message=compose.ui.rxMessageLabel.text())
        return
    walkthrough.type_prescription(compose, medication, sig, qty)
    say(ready=True)
    while True:
        await go()
        answer = await walkthrough.click_add(compose)
        if not isinstance(answer, Refusal):
            say(added=answer.id, message=compose.ui.rxMessageLabel.text())
            return
        await refused(window, answer, compose.ui.rxMessageLabel)


async def sign(window: Any, password: str, patient_id: int, *options: str) -> None:
    retry = "retry" in options
    if "wait" in options:  # signed in while the front desk prepares; on to the patient at "go"
        say(signed_in=True)
        await go()
    compose = await walkthrough.open_patient(window, patient_id)
    dialog = await walkthrough.open_signing(window, compose)
    plan = dialog.controller.plan
    assert plan is not None
    say(ready=[rx.id for rx in plan.pending], blocker=plan.blocker)
    while True:
        answer = await walkthrough.confirm_signature(dialog, password, await go())
        if not isinstance(answer, Refusal):
            say(signed=[rx.id for rx in answer])
            return
        if not retry:
            say(refused=answer.code, message=dialog.ui.signErrorLabel.text())
            return
        await refused(window, answer, dialog.ui.signErrorLabel)


async def run(argv: list[str]) -> None:
    data_dir, script, user, password, patient, *rest = argv
    if idle := os.environ.get("CLINIC_IDLE_IN_TRANSACTION_S"):
        from desktop.clinic import server

        server.IDLE_IN_TRANSACTION_S = int(idle)
    if script == "sign" and rest == ["hold"]:
        hold_before_commit()
    if script == "sign" and rest == ["hold-committed"]:
        hold_after_commit()
    app = Application.open(Path(data_dir))
    window = app.create_window()
    window.show()
    await walkthrough.sign_in(window, user, password)
    if script == "prepare":
        await prepare(window, int(patient), *rest)
    elif script == "sign":
        await sign(window, password, int(patient), *rest)
    else:
        raise SystemExit(f"unknown script {script}")


def main() -> None:
    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(run(sys.argv[1:]))
    os._exit(0)  # skip Qt's teardown at interpreter exit


if __name__ == "__main__":
    main()
