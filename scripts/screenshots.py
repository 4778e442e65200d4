"""Screenshots for the README, taken from the real window on a real (virtual) X screen.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py \
        [demo|clinic|NAME ...]
    xvfb-run -a -s "-screen 0 1024x600x24" .venv/bin/python scripts/screenshots.py \
        --fill --out docs/screenshots/1024x600
    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_SCALE_FACTOR=2 \
        .venv/bin/python scripts/screenshots.py --fill --out docs/screenshots/2x

`demo` (the help page's flow) uses a scratch data dir with demo data; `clinic` (first-run
setup, People, a one-time password, a wait after wrong passwords) an empty one. Both by
default. Writes OUT/*.png (default docs/screenshots). With
--fill the window takes the whole screen, as a maximised window on a small or scaled one.
With NAMEs (e.g. `epcs-access-control`), only those are written.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
import shot_tools  # scripts/shot_tools.py, beside this script
from PySide6.QtWidgets import QWidget
from screenshots_clinic import clinic_tour, demo_banner
from shot_tools import new_window, save, settle, until

from desktop import walkthrough
from desktop.app import ensure_qapplication
from desktop.composition import Application
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.demo_device import DemoTokenDevice
from desktop.views.device_management import DeviceManagementView
from desktop.views.main_window import MainWindow


async def tour(app: Application) -> None:
    window = new_window(app)
    await settle()
    with contextlib.suppress(walkthrough.WalkthroughError):
        await walkthrough.sign_in(window, "doctor", "wrong-password")
    await settle()
    save(window, "login-wrong-password")
    await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
    patients = window.patients_view
    assert patients is not None
    await until(lambda: patients.ui.patientTable.rowCount() > 2)
    patients.ui.patientTable.selectRow(2)
    await settle()
    save(window, "patients")
    await walkthrough.open_admin(window, patient_row=2)
    await settle()
    save(window, "admin")
    device = await walkthrough.open_device_management(window)
    await settle()
    save(window, "epcs-device-management")
    await device_flow(app, window, device)
    await review_flow(app, window)
    window.close()

    window = new_window(app)
    await walkthrough.sign_in(window, "frontdesk", "frontdesk-demo-1")
    await walkthrough.open_admin(window)
    await settle()
    save(window, "admin-front-desk")
    await entry_flow(window)
    window.close()


async def device_flow(app: Application, window: QWidget, device: DeviceManagementView) -> None:
    identity = app.context.identity
    assert isinstance(identity, LocalIdentityService)
    fob = DemoTokenDevice(identity)

    def on_lane(fn: Callable[..., Any], *args: Any) -> Any:
        return identity.lane.submit(fn, *args).result()

    dialog = device.open_phone_dialog()
    assert dialog is not None
    dialog.ui.sendCodeButton.click()
    await until(lambda: device.phone_auth.sent is not None)
    await settle(1.2)
    save(dialog, "phone-code-dialog")
    code = on_lane(identity.outbox)[-1].code
    dialog.ui.phoneCodeEdit.setText(code)
    dialog.ui.phoneCodeSubmitButton.click()
    await until(lambda: device.phone_auth.step_up.grant is not None)
    for _ in range(37):
        on_lane(fob.press, "GALH12345678", None)
    device.ui.tokenSerialEdit.setText("GALH12345678")
    first = on_lane(fob.press, "GALH12345678", None)
    device.ui.otp1Edit.setText(first)
    await settle(2.2)
    save(window, "add-token-waiting")
    device.ui.otp2Edit.setText(first)
    await settle()
    save(window, "add-token-identical-codes")
    device.ui.otp2Edit.setText(on_lane(fob.press, "GALH12345678", None))
    original = identity.add_token

    def slow(*args: Any) -> Any:
        time.sleep(2.5)
        return original(*args)

    identity.add_token = slow  # type: ignore[method-assign]
    device.ui.tokenSubmitButton.click()
    await settle(1.6)
    save(window, "add-token-syncing")
    await until(lambda: not device.busy)
    await until(lambda: device.ui.tokenTable.rowCount() == 1)
    await settle()
    save(window, "token-active")
    await sign_flow(window, on_lane, fob)


async def sign_flow(window: MainWindow, on_lane: Callable[..., Any], fob: DemoTokenDevice) -> None:
    compose = window.compose_view
    assert compose is not None and compose.controller is not None
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.composeTab)
    await until(lambda: bool(compose.controller and compose.controller.formulary))
    compose.ui.medicationCombo.setCurrentText("Oxycodone 5 mg tablet")
    compose.ui.sigEdit.setText("Take 1 tablet by mouth every 6 hours as needed for pain")
    compose.ui.quantityEdit.setText("20")
    compose.add()
    await until(lambda: compose.ui.rxTable.rowCount() == 1)
    await settle()
    save(window, "compose-rx")
    patient = compose.patient
    assert patient is not None
    window.navigator.show_patients()
    patients = window.patients_view
    assert patients is not None
    await until(lambda: patients.ui.patientTable.rowCount() > 2)
    await settle()
    save(window, "patients-waiting")
    window.navigator.show_compose_rx(patient)
    await settle()
    compose.ui.signButton.click()
    dialog = window.signing_dialog
    assert dialog is not None
    await until(lambda: dialog.controller.plan is not None)
    dialog.ui.signPasswordEdit.setText("doctor-demo-1")
    token = window.open_token_simulator()  # usable while the signing dialog is open
    await until(lambda: token.ui.simSerialCombo.count() > 0)
    token.ui.simButton.click()
    await until(lambda: bool(token.displayed_code()))
    await settle()
    save(token, "demo-token")
    dialog.ui.signOtpEdit.setText(token.displayed_code())
    token.close()
    await settle()
    save(dialog, "signing-dialog")
    dialog.ui.signConfirmButton.click()
    await until(lambda: window.signing_dialog is None)
    await until(
        lambda: "Signed" in (compose.ui.rxTable.item(0, 5) or compose.ui.rxTable.item(0, 0)).text()
    )
    await settle()
    save(window, "compose-rx-signed")
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin = compose.ensure_admin()
    admin.show_home()
    admin.open_audit()
    audit = admin.audit
    assert audit is not None
    await until(lambda: audit.ui.auditTable.model().rowCount() > 5)
    await settle()
    save(window, "audit-log")
    help_dialog = window.open_sync_help()
    await settle()
    save(help_dialog, "sync-help")
    help_dialog.close()
    await access_flow(window, on_lane, fob)


async def access_flow(
    window: MainWindow, on_lane: Callable[..., Any], fob: DemoTokenDevice
) -> None:
    """EPCS Access Control as the doctor: a second prescriber's grant waits for approval."""
    from desktop.domain.access_control import GrantEntry
    from desktop.domain.models import PrescriberCredentials, Role

    today = dt.date.today()
    credentials = PrescriberCredentials(
        "AM1234563", today + dt.timedelta(days=500), "CA", "A765432", "1234567893"
    )
    entry = GrantEntry("marsh", True, today + dt.timedelta(days=400), "Exostar", today)
    store = window.context.store
    await store.run(
        lambda s: s.add_user(
            "marsh", "marsh-demo-1", "Dr. Lee Marsh", Role.PRESCRIBER, prescriber=credentials
        )
    )
    await store.run(lambda s: s.access_control.enter("frontdesk", entry, today))
    view = await walkthrough.step(window.navigator.open_access_control(), "Access Control")
    view.select_grant("marsh")
    await settle()
    save(window, "epcs-access-control")
    dialog = view.open_approval()
    assert dialog is not None
    dialog.ui.approvePasswordEdit.setText("doctor-demo-1")
    dialog.ui.approveOtpEdit.setText(on_lane(fob.press, "GALH12345678", None))
    await settle()
    save(dialog, "epcs-access-approval")
    dialog.ui.approveConfirmButton.click()
    await until(lambda: view.dialog is None and view.grants[0].state.value == "active")


async def entry_flow(window: MainWindow) -> None:
    """The front desk enters a grant: the form shows the registration it confirms."""
    from desktop.domain.models import PrescriberCredentials, Role

    credentials = PrescriberCredentials(
        "AK1234563", dt.date.today() + dt.timedelta(days=700), "CA", "G112233", "1234567893"
    )
    await window.context.store.run(
        lambda s: s.add_user(
            "kaur", "kaur-demo-1", "Dr. Priya Kaur", Role.PRESCRIBER, prescriber=credentials
        )
    )
    view = await walkthrough.step(window.navigator.open_access_control(), "Access Control")
    dialog = view.open_entry()
    assert dialog is not None
    dialog.ui.grantPrescriberCombo.setCurrentIndex(
        dialog.ui.grantPrescriberCombo.findText("Dr. Priya Kaur")
    )
    dialog.ui.grantLicenceExpiryEdit.setDate(dialog.ui.grantLicenceExpiryEdit.date().addYears(2))
    dialog.ui.grantProofedByEdit.setText("Exostar")
    dialog.ui.grantCheckedBox.setChecked(True)
    await settle()
    save(dialog, "epcs-access-entry")
    dialog.reject()


async def review_flow(app: Application, window: MainWindow) -> None:
    """Yesterday's security events, the Admin reminder, and the daily audit review."""
    from desktop.domain.audit import AuditEvent

    yesterday = dt.date.today() - dt.timedelta(days=1)

    def write(store: Any) -> None:
        audit, clock = store.audit, store.audit._clock
        try:
            serial, refused = {"token_serial": "GALH12345678"}, {"reason": "wrong token code"}
            for hour, minute, event, actor, outcome, extra in (
                (7, 58, AuditEvent.LOGIN_FAILED, "frontdesk", "failure", {}),
                (7, 59, AuditEvent.LOGIN_FAILED, "frontdesk", "failure", {}),
                (8, 0, AuditEvent.LOGIN, "frontdesk", "success", {}),
                (9, 12, AuditEvent.PHONE_CODE_FAILED, "doctor", "failure", {}),
                (9, 14, AuditEvent.TOKEN_RESYNCED, "doctor", "success", serial),
                (12, 30, AuditEvent.IDLE_LOCK, "doctor", "success", {}),
                (16, 5, AuditEvent.SIGN_FAILED, "doctor", "refused", refused),
                (17, 45, AuditEvent.AUDIT_VERIFIED, "doctor", "success", {}),
            ):  # fmt: skip
                at = dt.datetime.combine(yesterday, dt.time(hour, minute)).astimezone()
                audit._clock = lambda at=at: at
                audit.record(event, actor, outcome, **extra)
        finally:
            audit._clock = clock

    app.context.store.run_blocking(write)
    compose = window.compose_view
    assert compose is not None
    compose.ui.topMenuTabs.setCurrentWidget(compose.ui.adminTab)
    admin = compose.ensure_admin()
    admin.show_home()
    await until(lambda: admin.ui.auditReviewNowButton.isVisible())
    await settle()
    save(window, "admin-review-reminder")
    admin.ui.auditReviewNowButton.click()
    review = admin.review
    assert review is not None
    await until(lambda: review.controller.report is not None)
    await settle()
    save(window, "audit-review")
    admin.back_home()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=shot_tools.OUT, help="folder for the PNGs")
    parser.add_argument("--fill", action="store_true", help="the window fills the screen")
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these screenshots")
    args = parser.parse_intermixed_args()
    tours = {name for name in args.names if name in ("demo", "clinic")}
    shot_tools.ONLY.update(name for name in args.names if name not in tours)
    shot_tools.OUT, shot_tools.FILL = args.out.resolve(), args.fill
    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        for name, provision, walk in (
            ("demo", True, tour),
            ("clinic", False, clinic_tour),
            ("clinic", True, demo_banner),
        ):
            if tours and name not in tours:
                continue
            with tempfile.TemporaryDirectory(prefix="icorerx-shots-") as scratch:
                app = Application.open(Path(scratch), provision_demo=provision)
                try:
                    loop.run_until_complete(walk(app))
                finally:
                    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
