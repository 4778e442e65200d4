"""Opening the clinic database, and checking the server before anything relies on it.

`open_connection` reaches the server (TLS-verified against `ca_file` when one is given:
`sslmode=verify-full`, so the certificate must name the host) and turns every way that
can fail into words that say what to fix. `check_server` refuses a server older than
PostgreSQL 13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import TupleRow

from desktop.clinic.settings import ClinicAddress, ClinicError

Connection = psycopg.Connection[TupleRow]

MIN_VERSION = 13
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "icorerx"
IDLE_IN_TRANSACTION_S = 60
"""A workstation that stops inside a transaction (frozen, or switched off with no word to
the server) has its session ended by the server after this long, so the rows it locked
and the audit log's append lock go back to the other desks. No transaction of the
application waits on anything but the database, so none comes near it."""
LINK_WATCH: dict[str, str | int] = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
"""A server whose network is gone without a word (a cable pulled, a switch off): TCP
keepalives notice an idle connection within about a minute, and a statement sent without an
acknowledgement for 30 s fails, so the desk says "could not be reached" instead of waiting
for the system's default of a quarter of an hour."""


@dataclass(frozen=True)
class ServerInfo:
    version: str
    """'15.18', as the server reports it."""
    tls: bool


def open_connection(
    address: ClinicAddress,
    password: str,
    *,
    ca_file: Path | None = None,
    timeout_s: float = CONNECT_TIMEOUT_S,
) -> Connection:
    """A connection to the clinic database, or ClinicError naming what to fix."""
    options: dict[str, str | int] = {
        "host": address.host,
        "port": address.port,
        "user": address.user,
        "dbname": address.database,
        "connect_timeout": max(1, round(timeout_s)),
        "application_name": APPLICATION_NAME,
        "options": f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_S * 1000}",
        **LINK_WATCH,
    }
    if ca_file is not None:
        if not ca_file.is_file():
            raise ClinicError(
                f"The CA certificate {ca_file} is not a file.",
                "Copy the clinic's CA certificate (PEM) to this computer and name it with "
                "--ca-file.",
            )
        options["sslmode"] = "verify-full"
        options["sslrootcert"] = str(ca_file.resolve())
    try:
        return psycopg.connect(make_conninfo("", **options), password=password)
    except psycopg.Error as exc:
        raise connection_problem(address, exc, ca_file) from exc


def connection_problem(
    address: ClinicAddress, exc: BaseException, ca_file: Path | None = None
) -> ClinicError:
    """Why the clinic database could not be reached, in words, with what to do next."""
    detail = " ".join(str(exc).split())
    text = detail.lower()
    where = f"the clinic database server at {address.server}"
    if "password authentication failed" in text or "no password supplied" in text:
        return ClinicError(
            f"{where[0].upper()}{where[1:]} refused the password of user {address.user}.",
            "Check the user name in the address and type the password again; the clinic's "
            "database administrator can set a new one (ALTER ROLE ... PASSWORD).",
        )
    if re.search(r'database ".*" does not exist', text):
        return ClinicError(
            f"{where[0].upper()}{where[1:]} has no database named {address.database}.",
            f"Check the name after the last / in the address, or create it on the server "
            f"(createdb -O {address.user} {address.database}).",
        )
    if "no pg_hba.conf entry" in text:
        return ClinicError(
            f"{where[0].upper()}{where[1:]} does not let user {address.user} of this "
            f"computer into database {address.database}.",
            "Add a line for this computer's address to the server's pg_hba.conf (with "
            "scram-sha-256), reload the server, then try again.",
        )
    if ca_file is not None and ("certificate" in text or "ssl" in text):
        if "does not support ssl" in text:
            return ClinicError(
                f"{where[0].upper()}{where[1:]} does not offer TLS, and --ca-file asks for it.",
                "Turn on ssl in the server's postgresql.conf with its certificate and key, "
                "or leave out --ca-file on a network you trust.",
            )
        return ClinicError(
            f"The TLS certificate of {where} could not be verified with {ca_file} "
            f"({_reason(detail)}).",
            "Check that the CA file is the clinic's CA and that the server's certificate "
            f"names {address.host}; use the name in the certificate in the address.",
        )
    if "failed to resolve host" in text or "could not translate host name" in text:
        return ClinicError(
            f"The clinic database server's name {address.host} is not known on this network.",
            "Check the server's name in the address (or use its IP address).",
        )
    if "too many connections" in text or "remaining connection slots" in text:
        return ClinicError(
            f"{where[0].upper()}{where[1:]} has no free connections left.",
            "Raise max_connections on the server, or close what holds them, then try again.",
        )
    if "the database system is starting up" in text or "shutting down" in text:
        return ClinicError(
            f"{where[0].upper()}{where[1:]} is starting or stopping.",
            "Wait a minute, then try again.",
        )
    return ClinicError(
        f"{where[0].upper()}{where[1:]} cannot be reached ({_reason(detail)}).",
        f"Check that the server is running, that it listens on {address.server} "
        "(listen_addresses and port in postgresql.conf), and that no firewall stands between "
        "this computer and it.",
    )


def _reason(detail: str) -> str:
    """The server's or the network's own words, without the 'connection to server' preamble."""
    reason = re.sub(r"^.*?port \d+ failed:\s*", "", detail)
    reason = re.sub(r"^(connection failed:\s*)", "", reason)
    reason = reason.replace("FATAL:", "").strip()
    return reason[:200] or "no reason given"


def check_server(conn: Connection, address: ClinicAddress) -> ServerInfo:
    """The server's version (refused below PostgreSQL 13) and whether the link is TLS."""
    number = conn.info.server_version
    major, minor = number // 10000, number % 10000
    version = f"{major}.{minor}"
    if major < MIN_VERSION:
        raise ClinicError(
            f"The clinic database server at {address.server} runs PostgreSQL {version}; "
            f"iCoreRx needs PostgreSQL {MIN_VERSION} or newer.",
            "Upgrade the server's PostgreSQL (every supported release is 13 or newer).",
        )
    tls = bool(conn.pgconn.ssl_in_use)
    return ServerInfo(version=version, tls=tls)
