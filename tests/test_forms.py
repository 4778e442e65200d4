"""Forms are compiled from ui/, current, and carry every objectName of the contract."""

from __future__ import annotations

import importlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_forms  # noqa: E402

# UI-CONTRACT.md, for the screens that exist so far.
CONTRACT = {
    "login": {"usernameEdit", "passwordEdit", "loginButton", "loginErrorLabel"},
    "main_window": {"mainStack", "patientsPage", "composeRxPage"},
    "patients": {"patientSearchEdit", "patientTable", "composeRxButton"},
    "compose_rx": {
        "topMenuTabs",
        "composeTab",
        "adminTab",
        "medicationCombo",
        "sigEdit",
        "quantityEdit",
        "refillsSpin",
        "addRxButton",
        "rxTable",
        "signButton",
    },
    "admin": {
        "adminStack",
        "adminHomePage",
        "epcsDeviceManagementPage",
        "epcsUserControlsGroup",
        "epcsDeviceManagementLink",
        "epcsAccessControlPage",
        "epcsAccessControlLink",
        "peoplePage",
        "peopleLink",
    },
    "access_control": {
        "grantTable",
        "enterGrantButton",
        "approveGrantButton",
        "refuseGrantButton",
        "revokeGrantButton",
    },
    "grant_approval_dialog": {
        "approvePasswordEdit",
        "approveOtpEdit",
        "approveConfirmButton",
        "approveErrorLabel",
    },
    "people": {
        "peopleTable",
        "addPersonButton",
        "personUsernameEdit",
        "personNameEdit",
        "personRolesGroup",
        "deaNumberEdit",
        "deaExpiryEdit",
        "npiEdit",
        "licenceStateEdit",
        "licenceNumberEdit",
        "savePersonButton",
        "personErrorLabel",
    },
    "setup": {
        "setupPracticeNameEdit",
        "setupAddressEdit",
        "setupAdminUsernameEdit",
        "setupAdminNameEdit",
        "setupPasswordEdit",
        "setupPasswordRepeatEdit",
        "setupFinishButton",
        "setupErrorLabel",
    },
    "device_management": {
        "managePhonesGroup",
        "phoneTable",
        "authenticateButton",
        "manageTokenGroup",
        "tokenTable",
        "addTokenButton",
        "tokenSerialEdit",
        "otp1Edit",
        "otp2Edit",
        "tokenSubmitButton",
        "syncProgress",
        "tokenStatusLabel",
        "tokenErrorLabel",
        "deviceCancelButton",
    },
    "signing_dialog": {
        "attestationText",
        "signPrescriberLabel",
        "signPasswordEdit",
        "signOtpEdit",
        "signConfirmButton",
        "signErrorLabel",
    },
    "token_simulator": {"simSerialCombo", "simButton", "simDisplay"},
    "phone_code_dialog": {
        "smsRadio",
        "voiceRadio",
        "sendCodeButton",
        "phoneCodeEdit",
        "phoneCodeSubmitButton",
        "phoneAuthMessageLabel",
    },
}


def test_generated_forms_are_current():
    stale = build_forms.stale_files()
    assert not stale, f"run scripts/build_forms.py: stale {[p.name for p in stale]}"


def test_every_form_has_a_generated_module():
    for ui in (ROOT / "ui").glob("*.ui"):
        assert (ROOT / "desktop" / "forms" / f"ui_{ui.stem}.py").exists(), ui.name


def test_contract_object_names_exist():
    for form, names in CONTRACT.items():
        tree = ET.parse(ROOT / "ui" / f"{form}.ui")
        present = {w.get("name") for w in tree.iter("widget")}
        assert names <= present, f"{form}.ui lacks {sorted(names - present)}"


def test_object_names_are_unique_across_screens_a_user_sees_together():
    seen: dict[str, str] = {}
    for ui in sorted((ROOT / "ui").glob("*.ui")):
        for widget in ET.parse(ui).iter("widget"):
            name = widget.get("name")
            if name in seen and name not in {"centralWidget"}:
                raise AssertionError(f"{name} is in {seen[name]} and {ui.name}")
            seen[name] = ui.name


def test_each_form_builds(qapp):
    from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

    for ui in (ROOT / "ui").glob("*.ui"):
        module = importlib.import_module(f"desktop.forms.ui_{ui.stem}")
        cls = next(getattr(module, n) for n in dir(module) if n.startswith("Ui_"))
        root_class = ET.parse(ui).getroot().find("widget").get("class")
        host = {"QMainWindow": QMainWindow, "QDialog": QDialog}.get(root_class, QWidget)()
        cls().setupUi(host)
        host.deleteLater()
