"""The application database's schema, one migration per version (see `migrations.migrate`).

The list's order is the schema's history: version N is `MIGRATIONS[N - 1]`. A migration
once shipped is never changed; a change to the schema is a new migration at the end.
"""

from __future__ import annotations

import sqlite_utils

from desktop.store.practice import migrate_practice
from desktop.store.schema.access_control import migrate_access_control
from desktop.store.schema.audit import migrate_audit
from desktop.store.schema.daily_review import migrate_daily_reviews
from desktop.store.schema.prescriptions import migrate_prescriptions, migrate_prescriptions_v7
from desktop.store.throttle import migrate_throttles
from desktop.store.write_keys import migrate_write_keys


def _v1_users_and_patients(db: sqlite_utils.Database) -> None:
    db.table("users").create(
        {
            "username": str,
            "display_name": str,
            "role": str,
            "password_hash": str,
            "exostar_account": str,
            "created_at": str,
        },
        pk="username",
        not_null={"display_name", "role", "password_hash"},
    )
    db.table("patients").create(
        {
            "id": int,
            "first_name": str,
            "last_name": str,
            "date_of_birth": str,
            "sex": str,
        },
        pk="id",
        not_null={"first_name", "last_name", "date_of_birth"},
    )
    db.table("patients").create_index(["last_name", "first_name"])


def _v4_people(db: sqlite_utils.Database) -> None:
    """Several roles per person, a prescriber's credentials, deactivation, one-time passwords.

    `role` stays (the first of `roles`, for older readers); `roles` is the comma-separated list.
    """
    users = db.table("users")
    users.add_column("roles", str)
    for column in ("dea_number", "dea_expiry", "licence_state", "licence_number", "npi"):
        users.add_column(column, str)
    users.add_column("active", int, not_null_default=1)
    users.add_column("must_change_password", int, not_null_default=0)
    users.add_column("updated_at", str)
    db.execute("UPDATE users SET roles = role")


def _v6_practice_and_password_throttles(db: sqlite_utils.Database) -> None:
    """The practice a data dir was set up for, and wrong passwords in a row per account."""
    migrate_practice(db)
    migrate_throttles(db)


MIGRATIONS = [
    _v1_users_and_patients,
    migrate_prescriptions,
    migrate_audit,
    _v4_people,
    migrate_access_control,
    _v6_practice_and_password_throttles,
    migrate_prescriptions_v7,
    migrate_daily_reviews,
    migrate_write_keys,
]
