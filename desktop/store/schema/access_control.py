"""Schema v5: EPCS access control's designations and grants (21 CFR 1311.125)."""

from __future__ import annotations

import sqlite_utils

from desktop.domain.access_control import GrantState

LIVE_SQL = ", ".join(f"'{state}'" for state in GrantState if state.live)
"""The live states, as an SQL list: at most one live grant per prescriber."""


def migrate_access_control(db: sqlite_utils.Database) -> None:
    """Designations (one current row per person) and grants (one live grant per prescriber)."""
    db.execute(
        """CREATE TABLE epcs_designations (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL,
            designated_by TEXT,
            designated_at TEXT NOT NULL,
            undesignated_by TEXT,
            undesignated_at TEXT
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX epcs_designations_current ON epcs_designations (username) "
        "WHERE undesignated_at IS NULL"
    )
    db.execute(
        """CREATE TABLE epcs_grants (
            id INTEGER PRIMARY KEY,
            prescriber TEXT NOT NULL,
            state TEXT NOT NULL,
            entered_by TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            dea_number TEXT NOT NULL,
            dea_expiry TEXT NOT NULL,
            licence_state TEXT NOT NULL,
            licence_number TEXT NOT NULL,
            licence_expiry TEXT NOT NULL,
            proofed_by TEXT NOT NULL,
            proofed_on TEXT NOT NULL,
            approved_by TEXT,
            approved_at TEXT,
            refused_by TEXT,
            refused_at TEXT,
            refusal_reason TEXT NOT NULL DEFAULT '',
            revocation_entered_by TEXT,
            revocation_entered_at TEXT,
            revocation_reason TEXT NOT NULL DEFAULT '',
            revoked_by TEXT,
            revoked_at TEXT,
            ended_at TEXT,
            ended_by TEXT,
            end_reason TEXT,
            end_detail TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX epcs_grants_live ON epcs_grants (prescriber) "
        f"WHERE state IN ({LIVE_SQL})"
    )
    db.execute("CREATE INDEX epcs_grants_prescriber ON epcs_grants (prescriber, id)")
