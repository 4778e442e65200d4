"""Demo data for a workstation with no account anywhere (demo mode only).

Idempotent: running it twice adds nothing twice. A real installation never gets
these accounts: a data dir set up for a clinic refuses them (`DemoRefused`); a demo one
records demo mode in its settings file and its practice row, and every screen says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.config import Paths, Settings
from desktop.domain.access_control import Designation, Grant, GrantState
from desktop.domain.errors import StartupError
from desktop.domain.models import PhoneChannel, PrescriberCredentials, Role, TokenKind
from desktop.domain.practice import DEMO_PRACTICE_NAME, Practice
from desktop.domain.seeds import SeedRecord
from desktop.exostar.local import create_adapter
from desktop.store.access_control import seed_demo_grant
from desktop.store.database import AppStore, open_app_store
from desktop.store.migrations import write_transaction
from desktop.store.practice import read_practice, write_practice

DEMO_ADDRESS = "100 Example Street, Springfield, IL 62701 (fictional)"


class DemoRefused(StartupError):
    """Demo data asked for on a data dir that was set up for a clinic."""


DOCTOR = (
    "doctor",
    "doctor-demo-1",
    "Dr. Dana Whitfield",
    (Role.PRESCRIBER, Role.PRACTICE_ADMIN),  # a small practice: the registrant runs it
    "doctor",
)
FRONT_DESK = ("frontdesk", "frontdesk-demo-1", "Sam Ortiz", (Role.STAFF,), None)
DOCTOR_DEA = "AW1234563"
DOCTOR_NPI = "1234567893"


def doctor_credentials(today: dt.date | None = None) -> PrescriberCredentials:
    """The demo doctor's registration: current for three years from the day it is added."""
    start = today or dt.date.today()
    return PrescriberCredentials(
        dea_number=DOCTOR_DEA,
        dea_expiry=start + dt.timedelta(days=3 * 365),
        licence_state="CA",
        licence_number="A123456",
        npi=DOCTOR_NPI,
    )


DOCTOR_PHONE = ("doctor-mobile", "+15550100100", (PhoneChannel.SMS, PhoneChannel.VOICE))

DEMO_KEY = b"12345678901234567890"
DEMO_TOKENS = [
    SeedRecord("GALH12345678", TokenKind.HOTP, "sha1", 6, 30, 0, 0, DEMO_KEY, "Demo", "event"),
    SeedRecord("GAKT12345678", TokenKind.TOTP, "sha1", 6, 30, 0, 0, DEMO_KEY, "Demo", "time"),
]

PATIENTS = [
    ("Maria", "Alvarez", dt.date(1958, 3, 14), "F"),
    ("James", "Bennett", dt.date(1972, 11, 2), "M"),
    ("Aisha", "Carter", dt.date(1990, 6, 27), "F"),
    ("Robert", "Nguyen", dt.date(1946, 1, 9), "M"),
    ("Linda", "Okafor", dt.date(1983, 8, 30), "F"),
    ("Thomas", "Reilly", dt.date(2001, 4, 18), "M"),
    ("Grace", "Whitman", dt.date(1965, 12, 5), "F"),
]


@dataclass
class DemoReport:
    added: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.added:
            return "Demo data is already in place; nothing was added."
        return "Added demo data: " + "; ".join(self.added) + "."


def has_data(paths: Paths) -> bool:
    if not paths.app_db.exists():
        return False
    store = open_app_store(paths.app_db)
    try:
        return store.count_users() > 0
    finally:
        store.close()


def refuse_if_clinic(store: AppStore, paths: Paths) -> None:
    """Demo accounts (with passwords printed in the README) never enter a clinic's data."""
    practice = read_practice(store.db)
    if practice is not None and not practice.demo:
        raise DemoRefused(
            f"{paths.data_dir} is set up for {practice.name}, a clinic: demo accounts, "
            "patients and tokens are never added to a clinic's data.",
            "Run the demo in a data folder of its own:  icorerx --demo --data-dir ~/icorerx-demo",
            path=paths.app_db,
        )


def provision(paths: Paths) -> DemoReport:
    """Demo data in `paths`; `DemoRefused` (nothing written) on a clinic's data dir."""
    report = DemoReport()
    settings = Settings.load(paths.data_dir)
    store = open_app_store(paths.app_db)
    try:
        refuse_if_clinic(store, paths)
        if not settings.demo:
            settings.demo = True
            settings.save(paths.data_dir)
        with write_transaction(store.db):
            if read_practice(store.db) is None:
                write_practice(store.db, Practice(DEMO_PRACTICE_NAME, DEMO_ADDRESS, demo=True))
        for username, password, name, roles, account in (DOCTOR, FRONT_DESK):
            if not store.has_user(username):
                credentials = doctor_credentials() if Role.PRESCRIBER in roles else None
                store.add_user(username, password, name, roles, account, prescriber=credentials)
                report.added.append(f"user {username}")
        if demo_access_control(store):
            report.added.append("the doctor's EPCS permission")
        if store.count_patients() == 0:
            for first, last, born, sex in PATIENTS:
                store.add_patient(first, last, born, sex)
            report.added.append(f"{len(PATIENTS)} patients")
    finally:
        store.close()
    if settings.adapter == "local":
        identity = create_adapter(paths.data_dir, settings.adapter_options)
        try:
            account = DOCTOR[4] or ""
            before = len(identity.list_phones_if_any(account))
            identity.ensure_account(account, DOCTOR[2])
            identity.ensure_phone(account, *DOCTOR_PHONE)
            if before == 0:
                report.added.append("the doctor's identity account and phone")
            imported = identity.import_seeds(DEMO_TOKENS, "demo").imported
            if imported:
                report.added.append("demo tokens " + ", ".join(imported))
        finally:
            identity.close()
            identity.lane.shutdown()
    return report


def demo_access_control(store: AppStore, now: dt.datetime | None = None) -> bool:
    """The doctor's active EPCS permission, with a history as a practice would have it.

    The doctor (the DEA registrant) and the front desk are the two designated access-control
    administrators; a month ago the front desk entered the doctor's grant, having checked
    the registration and licence, and the doctor approved it. Kept in the grant's rows, not
    the audit log: the demo's log starts empty, as a new installation's does. Idempotent.
    """
    moment = now or dt.datetime.now(dt.UTC)
    people = store.access_control.users()
    doctor = people.get(DOCTOR[0])
    if doctor is None or doctor.prescriber is None or FRONT_DESK[0] not in people:
        return False
    if store.access_control.latest_grant(doctor.username) is not None:
        return False
    designated = moment - dt.timedelta(days=31)
    entered = moment - dt.timedelta(days=30)
    credentials = doctor.prescriber
    grant = Grant(
        id=0,
        prescriber=doctor.username,
        state=GrantState.ACTIVE,
        entered_by=FRONT_DESK[0],
        entered_at=entered,
        dea_number=credentials.dea_number,
        dea_expiry=credentials.dea_expiry,
        licence_state=credentials.licence_state,
        licence_number=credentials.licence_number,
        licence_expiry=entered.date() + dt.timedelta(days=2 * 365),
        proofed_by="Exostar",
        proofed_on=(entered - dt.timedelta(days=2)).date(),
        approved_by=doctor.username,
        approved_at=entered + dt.timedelta(hours=2),
    )
    seed_demo_grant(
        store,
        grant,
        [
            Designation(DOCTOR[0], DOCTOR[0], designated),
            Designation(FRONT_DESK[0], DOCTOR[0], designated),
        ],
    )
    return True
