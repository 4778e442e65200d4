"""The topics of the clinic database's change feed, as the controllers name them.

A module of its own so that a single desk, which runs no feed, never loads psycopg with
them (`desktop.store.change_feed` does).
"""

from __future__ import annotations

PRESCRIPTIONS = "prescriptions"
"""Any prescription added, signed, sent or taken off a pending list."""
PATIENTS = "patients"
"""Any patient added or changed."""
TOPICS = frozenset({PRESCRIPTIONS, PATIENTS})
