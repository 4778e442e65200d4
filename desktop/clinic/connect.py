"""`icorerx clinic connect`: point this workstation at the clinic's PostgreSQL database.

In this order, and stopping at the first thing wrong: the address is read; the identity
service must be the clinic's shared one (privacyIDEA), not the embedded one; the server is
reached (TLS-verified when a CA is given) and must run PostgreSQL 13 or newer; the schema
is created or brought forward (one transaction, under a lock); the password is kept; and
only then is the setting saved. Every refusal says what to fix, and leaves settings.json
as it was.
"""

from __future__ import annotations

import getpass
import socket
import sys
from pathlib import Path
from typing import TextIO

import psycopg

from desktop.clinic.password import store_password
from desktop.clinic.schema import SchemaResult, ensure_schema
from desktop.clinic.server import CONNECT_TIMEOUT_S, ServerInfo, check_server, open_connection
from desktop.clinic.settings import ClinicAddress, ClinicError, ClinicSettings, parse_url
from desktop.config import Settings
from desktop.domain.errors import UserFacingError
from desktop.settings_file import SETTINGS_FILE

OK, FAILED, REFUSED = 0, 1, 2

NEEDS_PRIVACYIDEA = ClinicError(
    "A clinic database needs the clinic's shared identity service (privacyIDEA), and this "
    "workstation uses the embedded one, whose tokens and codes live on this computer only: "
    "a doctor's token added here could not sign at another desk.",
    "Point this workstation at the clinic's privacyIDEA server first (icorerx privacyidea "
    "setup ...), then run icorerx clinic connect again.",
)

ON_CLINIC_FROM_NEXT_START = (
    "note from its next start this workstation keeps its records in the clinic database. "
    "Every workstation of the clinic appends to one audit trail with one audit key: the first "
    "to start makes it, and the clinic database records which key it is. Give it to every "
    "other workstation before it starts (icorerx clinic audit-key --export FILE on a desk "
    "that has it, then --import FILE on the new one), and keep it with the database's backups."
)


def connect(
    data_dir: Path,
    url: str,
    *,
    ca_file: Path | None = None,
    password_stdin: bool = False,
    timeout_s: float = CONNECT_TIMEOUT_S,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check, prepare and save the clinic database; 0 when done, 1 or 2 with the reason."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        address = parse_url(url)
        settings = Settings.load(data_dir)
        if settings.adapter != "privacyidea":
            raise NEEDS_PRIVACYIDEA
        if ca_file is not None and not ca_file.is_file():
            raise ClinicError(
                f"The CA certificate {ca_file} is not a file.",
                "Copy the clinic's CA certificate (PEM) to this computer and name it with "
                "--ca-file.",
            )
        password = _password(address, password_stdin, stdin or sys.stdin)
    except UserFacingError as exc:
        print(f"icorerx: nothing was saved. {exc}", file=err)
        return REFUSED
    workstation = settings.workstation or socket.gethostname()
    try:
        server, schema = _prepare(address, password, ca_file, workstation, timeout_s)
        where = store_password(data_dir, address, password)
        clinic = ClinicSettings(address.url, str(ca_file.resolve()) if ca_file else "")
        clinic.apply(settings)
        try:
            settings.save(data_dir)
        except OSError as exc:
            raise ClinicError(
                f"{data_dir / SETTINGS_FILE} could not be written ({exc.strerror or exc}).",
                "Free some space or make the data folder writable, then run the command again.",
            ) from exc
    except UserFacingError as exc:
        print(f"icorerx: nothing was saved. {exc}", file=err)
        return FAILED
    print(f"ok   {_server_line(address, server, ca_file)}", file=out)
    print(f"ok   {_schema_line(schema)}", file=out)
    print(f"ok   the database password is kept in {where}", file=out)
    print(f"ok   {data_dir / SETTINGS_FILE} now names the clinic database {address}", file=out)
    if ca_file is None:
        print(
            "WARNING: no --ca-file: the server's certificate is not checked, so another machine "
            "could pose as it. Run the command again with --ca-file and the clinic's CA "
            "certificate.",
            file=out,
        )
    print(ON_CLINIC_FROM_NEXT_START, file=out)
    return OK


def _password(address: ClinicAddress, from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        password = stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"Password of {address.user} on {address.server}: ")
    if not password:
        raise ClinicError(
            "No password was given for the clinic database.",
            "Type it when asked, or pipe it in on the first line with --password-stdin.",
        )
    return password


def _prepare(
    address: ClinicAddress,
    password: str,
    ca_file: Path | None,
    workstation: str,
    timeout_s: float,
) -> tuple[ServerInfo, SchemaResult]:
    conn = open_connection(address, password, ca_file=ca_file, timeout_s=timeout_s)
    try:
        server = check_server(conn, address)
        schema = ensure_schema(conn, workstation, address.url)
    except psycopg.Error as exc:
        raise ClinicError(
            f"The clinic database server at {address.server} stopped the schema's set-up "
            f"({' '.join(str(exc).split())[:200]}). Nothing was changed there: the schema "
            "is made in one transaction.",
            "Check the server's log for the reason, then run the command again.",
        ) from exc
    finally:
        conn.close()
    return server, schema


def _server_line(address: ClinicAddress, server: ServerInfo, ca_file: Path | None) -> str:
    if ca_file is not None:
        link = f"TLS, its certificate verified with {ca_file}"
    elif server.tls:
        link = "TLS, its certificate not checked"
    else:
        link = "not encrypted"
    return f"PostgreSQL {server.version} at {address.server} ({link})"


def _schema_line(schema: SchemaResult) -> str:
    if schema.before == 0:
        return f"the clinic database's tables were created (schema {schema.after})"
    if schema.before < schema.after:
        return (
            f"the clinic database's schema was brought forward from {schema.before} "
            f"to {schema.after}"
        )
    return f"the clinic database's schema is current (schema {schema.after})"
