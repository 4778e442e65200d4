"""`icorerx --self-test`: proves an installation works, without touching its data.

It drives the real window offscreen against a scratch data dir with demo data:
every form builds, both stores migrate, the adapter loads, the doctor signs in and
reaches EPCS Device Management. A configured data dir is only read, never written.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop import config

CHECK_TIMEOUT_S = 30.0
SELF_TEST_BINDING_CALLS = 300
"""Enough to see a binding that loses a reference per call; far too few to abort."""


def self_test(data_dir: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        import qasync
        from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

        from desktop import forms
        from desktop.app import ensure_qapplication
        from desktop.composition import Application
    except ImportError as exc:
        from desktop.cli import QT_LIBRARIES_HINT

        print(QT_LIBRARIES_HINT.format(error=exc), file=sys.stderr)
        return 2

    qt_app = ensure_qapplication()
    failures: list[str] = []

    from desktop.bindingcheck import check_binding

    binding = check_binding(SELF_TEST_BINDING_CALLS)
    if binding.ok:
        print(f"ok   {binding.summary}")
    else:
        failures.append(binding.summary)

    names = [m.name for m in pkgutil.iter_modules(forms.__path__) if m.name.startswith("ui_")]
    for name in names:
        module = importlib.import_module(f"desktop.forms.{name}")
        form_class = next(getattr(module, a) for a in dir(module) if a.startswith("Ui_"))
        host: QWidget = QMainWindow() if "MainWindow" in form_class.__name__ else QDialog()
        if "Dialog" not in form_class.__name__ and "MainWindow" not in form_class.__name__:
            host = QWidget()
        form_class().setupUi(host)
        host.deleteLater()
    print(f"ok   forms: {len(names)} built")

    with tempfile.TemporaryDirectory(prefix="icorerx-selftest-") as scratch:
        application = Application.open(Path(scratch), provision_demo=True)
        print(f"ok   stores: application and identity databases migrated in {scratch}")
        loop = qasync.QEventLoop(qt_app)
        asyncio.set_event_loop(loop)
        try:
            with loop:
                loop.run_until_complete(
                    asyncio.wait_for(_drive(application, failures), CHECK_TIMEOUT_S)
                )
        except TimeoutError:
            failures.append(f"the window did not answer within {CHECK_TIMEOUT_S:.0f} s")
        finally:
            application.close()

    if (data_dir / "settings.json").exists():
        failures.extend(_check_configured(data_dir))
    for failure in failures:
        print(f"FAIL {failure}")
    print("self-test passed" if not failures else "self-test FAILED")
    return 0 if not failures else 1


async def _drive(application: object, failures: list[str]) -> None:
    from desktop import walkthrough
    from desktop.composition import Application

    assert isinstance(application, Application)
    window = application.create_window()
    window.show()
    try:
        await walkthrough.sign_in(window, "doctor", "doctor-demo-1")
        print("ok   window: the demo doctor signed in")
        await walkthrough.open_admin(window)
        device = await walkthrough.open_device_management(window)
    except walkthrough.WalkthroughError as exc:
        failures.append(f"window: {exc}")
        return
    finally:
        window.close()
    problem = device.ui.deviceMessageLabel.text() if device.ui.phoneTable.rowCount() != 1 else ""
    if problem or device.ui.phoneTable.rowCount() != 1:
        failures.append(f"EPCS Device Management: {problem or 'the demo phone is missing'}")
    else:
        print(f"ok   adapter: {application.context.identity.name}; phones and tokens read")


def _check_configured(data_dir: Path) -> list[str]:
    from desktop.config import Settings
    from desktop.exostar import registry

    settings = Settings.load(data_dir)
    failures = _check_clinic(data_dir, settings)
    try:
        identity = registry.create(settings.adapter, data_dir, settings.adapter_options)
        status = identity.lane.submit(identity.check_health).result(timeout=CHECK_TIMEOUT_S)
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return [*failures, f"configured identity service in {data_dir}: {exc}"]
    print(f"ok   configured identity service in {data_dir}: {status}")
    return failures


def _check_clinic(data_dir: Path, settings: config.Settings) -> list[str]:
    """A workstation of a clinic: its database answers, with the schema this version uses."""
    from desktop.clinic.settings import ClinicSettings

    clinic = ClinicSettings.from_settings(settings)
    if clinic is None:
        return []
    from desktop.clinic.password import read_password
    from desktop.clinic.schema import require_current
    from desktop.clinic.server import open_connection
    from desktop.domain.errors import UserFacingError

    address = clinic.address
    where = f"{address.database} on {address.server}"
    try:
        password = read_password(data_dir, address)
        with open_connection(address, password, ca_file=clinic.ca_path) as conn:
            version = require_current(conn, where)
    except UserFacingError as exc:
        return [f"clinic database {where}: {exc}"]
    print(f"ok   clinic database {where}: reachable, schema {version} current")
    return []
