"""The stores opened on either database: a single desk's SQLite file, or the clinic's PostgreSQL.

`StoreOpener` opens as many stores as a test wants on ONE database (two connections: two
desks, or the window and the command line), so a test reads the same on both backends.
The clinic databases are copied from a template that already holds the schema
(`CREATE DATABASE ... TEMPLATE`), which is much quicker than creating it each time.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from desktop.clinic.schema import ensure_schema
from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.store.clinic_store import open_clinic_store
from desktop.store.database import AppStore, open_app_store
from tests.clinic_server import ROLE, ClinicServer

KEY = bytes(range(32))


class ClinicTemplate:
    """A database with the clinic schema that each test's database is copied from."""

    def __init__(self, server: ClinicServer) -> None:
        self.server = server
        self.name = f"clinic_template_{secrets.token_hex(4)}"
        server.admin(f"CREATE DATABASE {self.name} OWNER {ROLE}")
        conn = open_connection(parse_url(server.url(self.name)), server.password)
        try:
            ensure_schema(conn, "template", self.name)
        finally:
            conn.close()

    def fresh_url(self) -> str:
        name = f"clinic_{secrets.token_hex(4)}"
        self.server.admin(f"CREATE DATABASE {name} TEMPLATE {self.name} OWNER {ROLE}")
        return self.server.url(name)


class StoreOpener:
    """Opens stores on one database of the `backend` given; closes them all at the end."""

    def __init__(self, backend: str, folder: Path, template: ClinicTemplate | None) -> None:
        self.backend = backend
        self.folder = folder
        self.opened: list[AppStore] = []
        self._server = None if template is None else template.server
        self._url = None if template is None else template.fresh_url()
        if template is None:  # both backends chain with the same key, as tests compute it
            key_file = folder / "audit.key"
            key_file.write_bytes(KEY)
            key_file.chmod(0o600)

    def __call__(self, workstation: str = "desk-1", *, closed_by_caller: bool = False) -> AppStore:
        """A store on this test's database; `closed_by_caller`: the thread that uses it closes it
        (a SQLite connection is closed on the thread that opened it)."""
        if self._url is None or self._server is None:
            store = open_app_store(self.folder / "icorerx.sqlite")
            store.workstation = workstation
        else:
            store = open_clinic_store(
                parse_url(self._url),
                self._server.password,
                audit_key=KEY,
                key_dir=self.folder,
                workstation=workstation,
            )
        if not closed_by_caller:
            self.opened.append(store)
        return store

    def close(self) -> None:
        for store in self.opened:
            store.close()
