"""Where the clinic database is: its address (`clinic_url`) and the CA that vouches for it.

The address is `postgresql://USER@HOST:PORT/DATABASE`. It never holds the password: that
is kept apart (`password.py`), so settings.json can be read, copied and shown safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from desktop.config import Settings
from desktop.domain.errors import UserFacingError

DEFAULT_PORT = 5432
SCHEMES = ("postgresql", "postgres")


class ClinicError(UserFacingError):
    """The clinic database cannot be used as set; the message says what to fix."""


@dataclass(frozen=True)
class ClinicAddress:
    """One database on one server, as one login role."""

    user: str
    host: str
    port: int
    database: str

    @property
    def server(self) -> str:
        """'HOST:PORT', for messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def label(self) -> str:
        """'HOST/DATABASE': which clinic database, in the status bar."""
        return f"{self.host}/{self.database}"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{self.server}/{self.database}"

    def __str__(self) -> str:
        return self.url


EXAMPLE = "postgresql://icorerx@db.clinic.example:5432/icorerx"


def parse_url(url: str) -> ClinicAddress:
    """The address in `url`, or ClinicError saying what is wrong with it."""
    text = url.strip()

    shown = re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", text)  # never echo a password

    def bad(problem: str, next_step: str = f"Write it as {EXAMPLE}.") -> ClinicError:
        return ClinicError(f"The clinic database address {shown!r} {problem}", next_step)

    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise bad(f"cannot be read ({exc}).") from exc
    if parts.scheme not in SCHEMES:
        raise bad("must start with postgresql://.")
    if parts.password is not None:
        raise bad(
            "holds a password.",
            "Leave the password out of the address (settings.json would show it); "
            "type it when asked, or pipe it in with --password-stdin.",
        )
    if not parts.username:
        raise bad("names no user (USER@ before the server's name).")
    if not parts.hostname:
        raise bad("names no server.")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise bad("names no database (/DATABASE after the server's name).")
    if parts.query or parts.fragment:
        raise bad("has options after the database name; they are not used.")
    return ClinicAddress(
        user=unquote(parts.username),
        host=parts.hostname,
        port=port or DEFAULT_PORT,
        database=database,
    )


@dataclass(frozen=True)
class ClinicSettings:
    """The clinic database this workstation uses: "clinic_url", "clinic_ca_file" in settings."""

    clinic_url: str
    ca_file: str = ""

    @property
    def address(self) -> ClinicAddress:
        return parse_url(self.clinic_url)

    @property
    def ca_path(self) -> Path | None:
        return Path(self.ca_file).expanduser() if self.ca_file else None

    @classmethod
    def from_settings(cls, settings: Settings) -> ClinicSettings | None:
        """The clinic database of these settings; None for a single desk's own database."""
        if not settings.clinic_url:
            return None
        return cls(settings.clinic_url, settings.clinic_ca_file)

    def apply(self, settings: Settings) -> None:
        settings.clinic_url = self.address.url
        settings.clinic_ca_file = self.ca_file


def clinic_label(settings: Settings) -> str:
    """'Clinic database: HOST/DATABASE' for a workstation of a clinic; "" for a single desk."""
    clinic = ClinicSettings.from_settings(settings)
    return "" if clinic is None else f"Clinic database: {clinic.address.label}"
