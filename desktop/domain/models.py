"""The things the application talks about, as plain immutable values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a person may do at the practice; one person may hold several roles."""

    PRESCRIBER = "prescriber"
    STAFF = "front_desk"  # the value stored before roles could be combined
    PRACTICE_ADMIN = "practice_admin"
    FRONT_DESK = "front_desk"  # the older name of STAFF

    @property
    def label(self) -> str:
        return {
            Role.PRESCRIBER: "Prescriber",
            Role.STAFF: "Staff",
            Role.PRACTICE_ADMIN: "Practice administrator",
        }[self]


ROLE_ORDER = (Role.PRESCRIBER, Role.PRACTICE_ADMIN, Role.STAFF)
"""How roles are listed: the one that decides most about a person first."""


@dataclass(frozen=True)
class PrescriberCredentials:
    """What a prescriber needs to sign controlled substances (21 CFR 1311.125)."""

    dea_number: str
    dea_expiry: dt.date
    licence_state: str
    licence_number: str
    npi: str

    def dea_current(self, today: dt.date) -> bool:
        """The registration is valid through its expiry day."""
        return today <= self.dea_expiry


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    roles: frozenset[Role]
    exostar_account: str | None
    """The identity-service account whose phones and tokens belong to this user."""
    prescriber: PrescriberCredentials | None = None
    active: bool = True
    """A deactivated person cannot sign in; their history stays."""
    must_change_password: bool = False
    """Set for a one-time password: it must be changed at the first sign-in."""

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def role(self) -> Role:
        """The role that decides most about this person (see ROLE_ORDER)."""
        return next((role for role in ROLE_ORDER if role in self.roles), Role.STAFF)

    @property
    def roles_label(self) -> str:
        return ", ".join(role.label for role in ROLE_ORDER if role in self.roles) or "No role"

    @property
    def may_sign(self) -> bool:
        """Staff prepare prescriptions; only a prescriber signs them."""
        return Role.PRESCRIBER in self.roles

    @property
    def may_manage_epcs_devices(self) -> bool:
        """Token sync is done under the prescriber's own sign-in."""
        return Role.PRESCRIBER in self.roles

    @property
    def is_practice_admin(self) -> bool:
        return Role.PRACTICE_ADMIN in self.roles


@dataclass(frozen=True)
class Patient:
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    @property
    def date_of_birth_text(self) -> str:
        return self.date_of_birth.strftime("%m/%d/%Y")


class PhoneChannel(StrEnum):
    SMS = "sms"
    VOICE = "voice"

    @property
    def label(self) -> str:
        return {PhoneChannel.SMS: "SMS text", PhoneChannel.VOICE: "Phone call"}[self]


@dataclass(frozen=True)
class Phone:
    id: str
    number: str
    """E.164, e.g. +15550100100. Shown masked; the full number never leaves the service."""
    channels: tuple[PhoneChannel, ...]

    @property
    def masked(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"(***) ***-{digits[-4:]}" if len(digits) >= 4 else "(***) ***-****"

    @property
    def channels_text(self) -> str:
        return ", ".join(channel.label for channel in self.channels)


class TokenKind(StrEnum):
    HOTP = "hotp"
    TOTP = "totp"

    @property
    def label(self) -> str:
        return {TokenKind.HOTP: "Event (button press)", TokenKind.TOTP: "Time (30 s)"}[self]


class TokenStatus(StrEnum):
    PENDING = "Pending"
    ACTIVE = "Active"
    LOCKED = "Locked"
    SUSPENDED = "Suspended"
    REVOKED = "Revoked"

    @property
    def meaning(self) -> str:
        return {
            TokenStatus.PENDING: "Added but not yet synced; it cannot sign.",
            TokenStatus.ACTIVE: "Synced; it signs controlled-substance prescriptions.",
            TokenStatus.LOCKED: "Too many wrong codes; sync it again to unlock it.",
            TokenStatus.SUSPENDED: "Paused on purpose; it can be resumed.",
            TokenStatus.REVOKED: "Deactivated for good; it can never be used again.",
        }[self]


@dataclass(frozen=True)
class TokenInfo:
    serial: str
    kind: TokenKind
    status: TokenStatus
    bound_at: dt.datetime | None
    last_used_at: dt.datetime | None
    reason: str = ""
    """Why it is suspended or deactivated, in the words given then."""


def format_when(moment: dt.datetime | None) -> str:
    """Local date and time as a front desk reads it, or a dash for never."""
    if moment is None:
        return "\u2014"
    return moment.astimezone().strftime("%m/%d/%Y %I:%M %p")


def format_time(moment: dt.datetime) -> str:
    """'10:42 AM' in the workstation's time zone."""
    return moment.astimezone().strftime("%I:%M %p").lstrip("0")
