"""The practice a data folder was set up for: its name and DEA-registered location."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

PRACTICE_NAME_MAX = 100
ADDRESS_MAX = 200
DEMO_PRACTICE_NAME = "Demo Family Practice"


@dataclass(frozen=True)
class Practice:
    name: str
    address: str
    """The DEA-registered location (21 CFR 1301.12: a registration is per location)."""
    demo: bool
    """Demo data: fictional patients and demo accounts, never a clinic's."""
    set_up_at: dt.datetime | None = None
    set_up_by: str | None = None


def practice_name_problem(text: str) -> str:
    name = text.strip()
    if not name:
        return "Type the practice's name, as patients and pharmacies know it."
    if len(name) < 2 or len(name) > PRACTICE_NAME_MAX or not name.isprintable():
        return f"A practice name is 2 to {PRACTICE_NAME_MAX} printable characters."
    return ""


def address_problem(text: str) -> str:
    """The address may be left for later; when typed it must be one readable line."""
    address = text.strip()
    if len(address) > ADDRESS_MAX or not address.isprintable():
        return f"The address is one line of at most {ADDRESS_MAX} characters."
    return ""


def setup_problems(
    practice_name: str,
    address: str,
    admin_username: str,
    admin_name: str,
    password: str,
    repeat: str | None = None,
) -> dict[str, str]:
    """First-run setup's fields -> what is wrong with each; empty when setup can go ahead.

    `repeat` is the password typed again (the window asks for it; `icorerx setup` reads
    the password once from standard input, so it passes None).
    """
    from desktop.domain.passwords import password_problem
    from desktop.domain.people import display_name_problem, username_problem

    found = {
        "practice_name": practice_name_problem(practice_name),
        "address": address_problem(address),
        "admin_username": username_problem(admin_username),
        "admin_name": display_name_problem(admin_name),
        "password": password_problem(
            password, username=admin_username, context=[practice_name, admin_name]
        ),
    }
    if repeat is not None and not found["password"] and repeat != password:
        found["password_repeat"] = "The two passwords are not the same. Type it again."
    return {name: problem for name, problem in found.items() if problem}
