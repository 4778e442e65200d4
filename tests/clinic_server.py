"""A throwaway PostgreSQL 15 cluster on 127.0.0.1 for the clinic database tests.

Debian's `postgresql-15` package provides the programs (`scripts/setup.sh --dev` installs
it); nothing of the system's own clusters is used. Each test session gets a cluster of its
own in a temporary folder: `initdb` there, `postgres` listening on 127.0.0.1 and a free
port with TLS (a certificate for 127.0.0.1 from a CA made for the session, `ca_file`), its
Unix socket in the same folder, a database and a login role with a password.
initdb refuses to run as root, so when the tests run as root the cluster runs as the
`postgres` system user (the folder is handed to it); nothing outside the folder is touched.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

BIN_DIR = Path(os.environ.get("ICORERX_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
SYSTEM_USER = "postgres"
DATABASE = "clinic"
ROLE = "clinic_app"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ClinicServer:
    """One PostgreSQL cluster in `folder`; `create()` starts it, `stop()` ends it."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        """Keep PostgreSQL's own fsync and synchronous commit (a bench measures with them on);
        the tests turn both off, since nothing they write has to survive a power cut."""
        self.folder = Path(tempfile.mkdtemp(prefix="icorerx-clinic-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password = secrets.token_urlsafe(18)
        self.startup_s = 0.0
        self.ca_file = self.folder / "ca.pem"
        self.running = False
        self._as_other = os.geteuid() == 0

    # --- addresses ---------------------------------------------------------------------
    @property
    def host(self) -> str:
        return "127.0.0.1"

    def url(self, database: str = DATABASE, user: str = ROLE) -> str:
        """The address `icorerx clinic connect --url` takes (no password in it)."""
        return f"postgresql://{quote(user)}@{self.host}:{self.port}/{quote(database)}"

    def admin_conninfo(self, database: str = "postgres") -> str:
        """The cluster's superuser over the folder's Unix socket (trusted: the folder is 0700)."""
        return f"host={self.folder} port={self.port} user={SYSTEM_USER} dbname={database}"

    # --- life --------------------------------------------------------------------------
    def _command(self, program: str, *args: str) -> list[str]:
        path = BIN_DIR / program
        if not path.exists():
            raise RuntimeError(
                f"PostgreSQL 15 is not installed ({path} is missing); "
                "run: bash scripts/setup.sh --dev"
            )
        command = [str(path), *args]
        return ["runuser", "-u", SYSTEM_USER, "--", *command] if self._as_other else command

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(
            self._command(program, *args),
            capture_output=True,
            text=True,
            cwd=self.folder,
            timeout=START_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}")

    def create(self) -> None:
        """initdb, start, then the database and its login role."""
        began = time.monotonic()
        if self._as_other:
            account = pwd.getpwnam(SYSTEM_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        key, cert = self.data_key, self.data_cert
        write_tls_files(self.ca_file, cert, key)
        if self._as_other:
            for path in (cert, key):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SYSTEM_USER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
            "--no-instructions",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.start()
        self.admin(
            f"CREATE ROLE {ROLE} LOGIN PASSWORD '{self.password}'",
            f"CREATE DATABASE {DATABASE} OWNER {ROLE}",
        )
        self.startup_s = time.monotonic() - began

    @property
    def data_key(self) -> Path:
        return self.folder / "server.key"

    @property
    def data_cert(self) -> Path:
        return self.folder / "server.crt"

    def start(self) -> None:
        quick = ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        options = " ".join(
            [
                "-c ssl=on",
                f"-c ssl_cert_file={self.data_cert}",
                f"-c ssl_key_file={self.data_key}",
                "-c listen_addresses=127.0.0.1",
                f"-p {self.port}",
                f"-c unix_socket_directories={self.folder}",
                *([] if self.durable else quick),
                "-c max_connections=50",
            ]
        )
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            options,
        )
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))
            self.running = False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers for tests -------------------------------------------------------------
    def admin(self, *statements: str, database: str = "postgres") -> None:
        """Run statements as the cluster's superuser, each in its own autocommit step."""
        import psycopg

        with psycopg.connect(self.admin_conninfo(database), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())

    def fresh_database(self) -> str:
        """A new empty database owned by the login role; its URL."""
        name = f"clinic_{secrets.token_hex(4)}"
        self.admin(f"CREATE DATABASE {name} OWNER {ROLE}")
        return self.url(name)


def write_tls_files(ca_file: Path, cert_file: Path, key_file: Path | None = None) -> None:
    """A CA (to `ca_file`) and, when `key_file` is given, a certificate it issued for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "iCoreRx test clinic CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    if key_file is None:
        return
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
