"""The users and patients tables' rows as domain values, and back.

Shared by the store's opener (`database`), the People store and access control, so a
person is read one way wherever the application reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlite_utils

from desktop.domain.models import ROLE_ORDER, Patient, PrescriberCredentials, Role, User
from desktop.store.sql import Sql, as_sql


def read_user(db: sqlite_utils.Database | Sql, username: str) -> User | None:
    rows = as_sql(db).query("SELECT * FROM users WHERE username = ?", [username])
    return user_from_row(rows[0]) if rows else None


def read_users(db: sqlite_utils.Database | Sql) -> dict[str, User]:
    """Everyone on file, by username, in the order of their names."""
    rows = as_sql(db).query("SELECT * FROM users ORDER BY display_name")
    return {row["username"]: user_from_row(row) for row in rows}


def date_fragment(term: str) -> str | None:
    """Turn what a front desk types for a birth date into a LIKE pattern on ISO dates."""
    for fmt in ("%m/%d/%Y", "%m-%d-%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(term, fmt).date().isoformat()
        except ValueError:
            continue
    if term.isdigit() and len(term) == 4:
        return f"{term}-%"
    return None


def roles_text(roles: frozenset[Role]) -> str:
    return ",".join(role.value for role in ROLE_ORDER if role in roles)


def credential_columns(prescriber: PrescriberCredentials | None) -> dict[str, str | None]:
    if prescriber is None:
        return dict.fromkeys(("dea_number", "dea_expiry", "licence_state", "licence_number", "npi"))
    return {
        "dea_number": prescriber.dea_number,
        "dea_expiry": prescriber.dea_expiry.isoformat(),
        "licence_state": prescriber.licence_state,
        "licence_number": prescriber.licence_number,
        "npi": prescriber.npi,
    }


def user_from_row(row: dict[str, Any]) -> User:
    roles = frozenset(Role(value) for value in str(row.get("roles") or row["role"]).split(","))
    prescriber = None
    if row.get("dea_number") and row.get("dea_expiry"):
        prescriber = PrescriberCredentials(
            dea_number=str(row["dea_number"]),
            dea_expiry=dt.date.fromisoformat(str(row["dea_expiry"])),
            licence_state=str(row.get("licence_state") or ""),
            licence_number=str(row.get("licence_number") or ""),
            npi=str(row.get("npi") or ""),
        )
    return User(
        row["username"],
        row["display_name"],
        roles,
        row["exostar_account"],
        prescriber=prescriber,
        active=bool(row.get("active", 1)),
        must_change_password=bool(row.get("must_change_password", 0)),
    )


def patient_from_row(row: dict[str, str]) -> Patient:
    return Patient(
        int(row["id"]),
        row["first_name"],
        row["last_name"],
        dt.date.fromisoformat(row["date_of_birth"]),
        row["sex"] or "",
    )
