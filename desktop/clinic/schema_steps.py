"""The clinic schema's steps in order, in PostgreSQL's words: steps 1 to 8 make what SQLite's
migrations 1 to 8 make (`desktop.store.schema.MIGRATIONS`), step 9 is the clinic's own, step 10
makes what SQLite's migration 9 makes, and steps 11 and 12 are the clinic's own again.

The steps that mirror a desk's file are in `desktop.clinic.schema_desk_steps`, the clinic's
own in `desktop.clinic.schema_clinic_steps`; this is the one place that orders them.
`desktop.clinic.schema` applies them.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.clinic.schema_clinic_steps import (
    CLINIC_ONLY_TABLES,
    V9_CLINIC_IMPORTS,
    V11_CHANGE_FEED,
    V12_CLINIC_AUDIT_KEY,
)
from desktop.clinic.schema_desk_steps import (
    V1_USERS_AND_PATIENTS,
    V2_PRESCRIPTIONS,
    V3_AUDIT,
    V4_PEOPLE,
    V5_ACCESS_CONTROL,
    V6_PRACTICE_AND_PASSWORD_THROTTLES,
    V7_PRESCRIPTION_SIGNATURES,
    V8_DAILY_REVIEWS,
    V10_WRITE_KEYS,
)

__all__ = ["CLINIC_ONLY_TABLES", "DESK_STEPS", "MIGRATIONS"]

MIGRATIONS: Sequence[Sequence[str]] = (
    V1_USERS_AND_PATIENTS,
    V2_PRESCRIPTIONS,
    V3_AUDIT,
    V4_PEOPLE,
    V5_ACCESS_CONTROL,
    V6_PRACTICE_AND_PASSWORD_THROTTLES,
    V7_PRESCRIPTION_SIGNATURES,
    V8_DAILY_REVIEWS,
    V9_CLINIC_IMPORTS,
    V10_WRITE_KEYS,
    V11_CHANGE_FEED,
    V12_CLINIC_AUDIT_KEY,
)
"""Steps 1 to 8 make what SQLite's migrations 1 to 8 make; step 9 is the clinic database's
own (a desk's file has no such table); step 10 makes what SQLite's migration 9 makes; steps 11
and 12 are the clinic database's own again (the change counters the desks watch, the record
of the clinic's audit key)."""

DESK_STEPS = 9
"""How many SQLite migrations the steps mirror (`desktop.store.schema.MIGRATIONS`)."""
