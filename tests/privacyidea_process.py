"""The privacyIDEA process the tests run: its folder, keys and tables, and its start and stop.

privacyIDEA lives in its own virtual environment (`.venv-privacyidea`, made by
`scripts/setup.sh --dev` from `tests/privacyidea-requirements.txt`), so Flask and
SQLAlchemy never reach the application's environment. `PrivacyIdeaServer` configures
what runs here as the clinic's IT person would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV_ENV = "ICORERX_PRIVACYIDEA_VENV"
START_TIMEOUT_S = 60


def venv_dir() -> Path:
    return Path(os.environ.get(VENV_ENV) or ROOT / ".venv-privacyidea")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


BOOTSTRAP = """
import sys
from privacyidea.cli.pimanage import cli
for args in (["setup", "create_enckey"], ["setup", "create_audit_keys"],
             ["setup", "create_tables"], ["admin", "add", sys.argv[1], "-p", sys.argv[2]]):
    try:
        cli.main(args, prog_name="pi-manage", standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
"""


class PrivacyIdeaProcess:
    """One privacyIDEA process on a free loopback port, its SQLite database in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def public_key_file(self) -> Path:
        return self.folder / "public.pem"

    @property
    def private_key_file(self) -> Path:
        return self.folder / "private.pem"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PRIVACYIDEA_CONFIGFILE"] = str(self.folder / "pi.cfg")
        env.pop("PYTHONPATH", None)
        return env

    def _bin(self, name: str) -> str:
        path = venv_dir() / "bin" / name
        if not path.exists():
            raise RuntimeError(
                f"privacyIDEA is not installed in {venv_dir()}; run: bash scripts/setup.sh --dev"
            )
        return str(path)

    def bootstrap(self, admin: str, password: str) -> None:
        """Its configuration file, encryption and audit keys, tables and an admin account."""
        folder = self.folder
        (folder / "pi.cfg").write_text(
            "\n".join(
                [
                    f'SQLALCHEMY_DATABASE_URI = "sqlite:///{folder / "pi.sqlite"}"',
                    'SECRET_KEY = "tests-only-secret-key-0123456789abcdef"',
                    'PI_PEPPER = "tests-only-pepper"',
                    f'PI_ENCFILE = "{folder / "enckey"}"',
                    f'PI_AUDIT_KEY_PRIVATE = "{self.private_key_file}"',
                    f'PI_AUDIT_KEY_PUBLIC = "{self.public_key_file}"',
                    f'PI_LOGFILE = "{folder / "privacyidea.log"}"',
                    "PI_LOGLEVEL = 20",
                    f'PI_UUID_FILE = "{folder / "uuid.txt"}"',
                    'PI_NODE = "tests"',
                    # Its passwords and token PINs hashed cheaply: every sign-in of the
                    # service account and every code checked hashes once, and at the
                    # default cost (Argon2id, 64 MiB, 9 rounds) that is most of a second
                    # on a loaded test machine. Nothing here guards a real password.
                    "PI_HASH_ALGO_PARAMS = {"
                    '"argon2__rounds": 1, "argon2__memory_cost": 1024, "argon2__parallelism": 1}',
                    "",
                ]
            ),
            encoding="utf-8",
        )
        subprocess.run(
            [self._bin("python"), "-c", BOOTSTRAP, admin, password],
            env=self._env(),
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )

    def start(self) -> None:
        with open(self.folder / "server.out", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [self._bin("pi-manage"), "run", "-h", "127.0.0.1", "-p", str(self.port)],
                env=self._env(),
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "privacyIDEA stopped at start-up:\n"
                    + (self.folder / "server.out").read_text(errors="replace")[-2000:]
                )
            try:
                if httpx.get(f"{self.url}/healthz/", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"privacyIDEA did not answer on {self.url} within {START_TIMEOUT_S} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
