"""Two workstations of one clinic: one PostgreSQL database, one privacyIDEA, two data folders.

The clinic starts as a practice does: its first desk's records (the demo doctor and front
desk, patients, the doctor's EPCS permission, a second doctor, Dr. Lee Marsh, with hers,
and a prescription signed there) are moved into a fresh clinic database with `icorerx clinic
import-local`; both workstations are connected with `icorerx clinic connect` and hold the
clinic's audit key (each makes its own prescription signing key at its first signature).
Each workstation runs as its own process (`tests.clinic_workstation`).

A module makes that clinic once (`ClinicBuild`) and gives each test a copy of it: the
database copied with `CREATE DATABASE ... TEMPLATE`, the desks' folders copied beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop import demo
from desktop.clinic.import_local import import_local
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.config import Paths
from desktop.domain.access_control import Designation
from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.models import PrescriberCredentials, Role
from desktop.domain.prescriptions import RxDraft
from desktop.exostar.privacyidea.mapping import checkpoint_serial
from desktop.settings_file import SETTINGS_FILE
from desktop.store.access_control import seed_demo_grant
from desktop.store.audit_anchor import log_id
from desktop.store.audit_key import KEY_FILE
from desktop.store.database import open_app_store
from tests.clinic_desks import LISINOPRIL, connect_desk, sign

ROOT = Path(__file__).resolve().parent.parent
DESKS = ("front-desk-1", "front-desk-2")
DOCTOR2 = ("doctor2", "doctor2-demo-1", "Dr. Lee Marsh")
DOCTOR2_DEA = "BM7654329"
ANSWER_TIMEOUT_S = 120
BYTECODE_DIR = Path(tempfile.gettempdir()) / f"icorerx-desk-bytecode-{os.getuid()}"


def history(folder: Path) -> None:
    """Dr. Lee Marsh, a prescriber with an approved EPCS permission of her own; a sign-in and
    a prescription signed at the desk (with the desk's signing key)."""
    store = open_app_store(Paths(folder).app_db)
    try:
        today = dt.date.today()
        credentials = PrescriberCredentials(
            DOCTOR2_DEA, today + dt.timedelta(days=3 * 365), "CA", "A765432", "1245319599"
        )
        username, password, name = DOCTOR2
        store.add_user(username, password, name, Role.PRESCRIBER, username, prescriber=credentials)
        first = store.access_control.latest_grant(demo.DOCTOR[0])
        assert first is not None
        seed_demo_grant(
            store,
            dataclasses.replace(
                first,
                prescriber=username,
                dea_number=credentials.dea_number,
                dea_expiry=credentials.dea_expiry,
                licence_number=credentials.licence_number,
            ),
            [Designation(demo.DOCTOR[0], demo.DOCTOR[0], first.entered_at)],
        )
        store.audit.record(AuditEvent.LOGIN, demo.DOCTOR[0], Outcome.SUCCESS)
        plain = RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "30", 0)
        signed = store.prescriptions.add(1, plain, "frontdesk")
        sign(store, [signed.id], 1, serial=None)  # signed at that desk, with its key
    finally:
        store.close()


def demo_desk(pi_server: Any, folder: Path) -> Path:
    """A desk on privacyIDEA with the demo people and patients, its audit trail not begun
    (its audit key is made with its first entry: each clinic made from it has its own)."""
    folder.mkdir(parents=True)
    (folder / SETTINGS_FILE).write_text(
        json.dumps({"adapter": "privacyidea", "adapter_options": pi_server.settings_for(folder)}),
        encoding="utf-8",
    )
    demo.provision(Paths(folder))
    return folder


def clinic_desks(
    pi_server: Any, clinic_server: Any, url: str, template: Path, folder: Path
) -> list[Path]:
    """The first desk (a copy of `template`, given a history) moved into the clinic database
    at `url`; two connected workstations holding the clinic's audit key. Their folders."""
    source = folder / "first-desk"
    shutil.copytree(template, source)
    history(source)
    desks = []
    for name in DESKS:
        desk = folder / name
        settings = {
            "adapter": "privacyidea",
            "adapter_options": pi_server.settings_for(desk),
            "workstation": name,
        }
        (desk / SETTINGS_FILE).write_text(json.dumps(settings), encoding="utf-8")
        desks.append(connect_desk(desk, clinic_server, url))
    said = io.StringIO()
    assert import_local(desks[0], source, out=said, err=said) == 0, said.getvalue()
    for desk in desks:
        shutil.copy2(source / KEY_FILE, desk / KEY_FILE)
    return desks


class ClinicBuild:
    """The clinic of `clinic_desks`, made once; `copy()` gives a test a clinic of its own in
    the same state: a copy of its database and of the desks' folders (pointed at the copy).

    Moving the first desk in reads its checkpoint in privacyIDEA and connects both desks,
    seconds a test need not spend again. Every copy chains with the one audit key, so the
    log's checkpoint in privacyIDEA (none when the clinic was made) is removed for each copy:
    a checkpoint another copy sent is not this one's."""

    def __init__(self, pi_server: Any, clinic_server: Any, url: str, folder: Path) -> None:
        if pi_server.process is None:  # a test before may have stopped it
            pi_server.start()
        self.pi_server = pi_server
        self.server = clinic_server
        self.database = url.rsplit("/", 1)[1]
        first = demo_desk(pi_server, folder / "template-desk")
        self.desks = clinic_desks(pi_server, clinic_server, url, first, folder)
        self.checkpoint = checkpoint_serial(log_id((self.desks[0] / KEY_FILE).read_bytes()))
        kept = self._checkpoints()
        assert kept == [], f"a checkpoint was kept while the clinic was made: {kept}"
        clinic_server.admin(  # no session may stay on a database that is copied
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.database}' AND pid <> pg_backend_pid()"
        )

    def _checkpoints(self) -> list[object]:
        with self.pi_server.admin() as admin:
            answer = admin.get("/token/", params={"serial": self.checkpoint}).json()
        tokens: list[object] = answer["result"]["value"]["tokens"]
        return tokens

    def copy(self, folder: Path) -> tuple[str, list[Path]]:
        """A clinic of the test's own: its database's URL and its two desks' folders."""
        from tests.clinic_server import ROLE

        name = f"clinic_{secrets.token_hex(4)}"
        self.server.admin(f"CREATE DATABASE {name} TEMPLATE {self.database} OWNER {ROLE}")
        url: str = self.server.url(name)
        desks = []
        for built in self.desks:
            desk = folder / built.name
            shutil.copytree(built, desk)
            settings = json.loads((desk / SETTINGS_FILE).read_text(encoding="utf-8"))
            assert settings["clinic_url"] == self.server.url(self.database)
            settings["clinic_url"] = url
            (desk / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n", "utf-8")
            desks.append(desk)
        with self.pi_server.admin() as admin:
            admin.delete(f"/token/{self.checkpoint}")
        assert self._checkpoints() == []
        return url, desks


def bytecode_kept(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment for a desk process, its modules' bytecode kept between processes.

    Where PYTHONDONTWRITEBYTECODE is set, every desk process would compile the
    application's modules from source again (about a second of its start); they keep it
    in a folder of their own under the system's temporary folder instead, the checkout
    untouched."""
    if not environ.get("PYTHONDONTWRITEBYTECODE"):
        return dict(environ)
    kept = {k: v for k, v in environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kept.setdefault("PYTHONPYCACHEPREFIX", str(BYTECODE_DIR))
    return kept


class DeskProcess:
    """One workstation process running a script of `tests.clinic_workstation`: what it says
    (JSON lines) is read as it comes, so a desk that never answers fails the test in time."""

    def __init__(self, desk: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tests.clinic_workstation", str(desk), *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={
                **bytecode_kept(os.environ),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                **(env or {}),
            },
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_errors, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _read_errors(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self._errors.append(line)

    @property
    def errors(self) -> str:
        return "".join(self._errors)[-4000:]

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    def said(self, timeout: float = ANSWER_TIMEOUT_S) -> dict[str, Any]:
        """The next JSON line it prints; a failure with its error output if it stopped or
        said nothing in time."""
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(
                    f"the workstation said nothing in {timeout:.0f} s: {self.errors}"
                ) from None
            if line is None:
                self.popen.wait(timeout=30)
                for reader in self._readers:
                    reader.join(timeout=30)
                raise AssertionError(f"the workstation stopped early: {self.errors}")
            if line.startswith("{"):
                answer: dict[str, Any] = json.loads(line)
                return answer

    def go(self, code: str = "-") -> None:
        """The go-signal, with the token's code to type ("-": none)."""
        assert self.popen.stdin is not None
        self.popen.stdin.write(f"go {code}\n")
        self.popen.stdin.flush()

    def finished(self) -> dict[str, Any]:
        """Its last answer, once it has exited cleanly."""
        answer = self.said()
        code = self.popen.wait(timeout=60)
        self.close()
        assert code == 0, self.errors
        return answer

    def kill(self) -> None:
        """kill -9."""
        self.popen.kill()
        self.close()

    def close(self) -> None:
        """Ended (killed if still running), its pipes closed."""
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=30)
        for reader in self._readers:
            reader.join(timeout=30)
        for pipe in (self.popen.stdin, self.popen.stdout, self.popen.stderr):
            if pipe is not None:
                pipe.close()


def clinic_rows(clinic_server: Any, url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with open_connection(parse_url(url), clinic_server.password) as conn:
        rows: list[tuple[Any, ...]] = conn.execute(sql.encode(), params).fetchall()
        return rows
