"""The clinic schema's steps in order, in PostgreSQL's words: steps 1 to 8 make what SQLite's
migrations 1 to 8 make (`desktop.store.schema.MIGRATIONS`), step 9 is the clinic's own, step 10
makes what SQLite's migration 9 makes, and steps 11 and 12 are the clinic's own again.

The steps that mirror a desk's file are in `desktop.clinic.schema_desk_steps`, the clinic's
own in `desktop.clinic.schema_clinic_steps`; this is the one place that orders them.
`desktop.clinic.schema` applies them.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.clinic import schema_clinic_steps as clinic
from desktop.clinic import schema_desk_steps as desk
from desktop.clinic.schema_clinic_steps import CLINIC_ONLY_TABLES

__all__ = ["CLINIC_ONLY_TABLES", "DESK_STEPS", "MIGRATIONS"]

MIGRATIONS: Sequence[Sequence[str]] = (
    desk.V1_USERS_AND_PATIENTS,
    desk.V2_PRESCRIPTIONS,
    desk.V3_AUDIT,
    desk.V4_PEOPLE,
    desk.V5_ACCESS_CONTROL,
    desk.V6_PRACTICE_AND_PASSWORD_THROTTLES,
    desk.V7_PRESCRIPTION_SIGNATURES,
    desk.V8_DAILY_REVIEWS,
    clinic.V9_CLINIC_IMPORTS,
    desk.V10_WRITE_KEYS,
    clinic.V11_CHANGE_FEED,
    clinic.V12_CLINIC_AUDIT_KEY,
)
"""Steps 1 to 8 make what SQLite's migrations 1 to 8 make; step 9 is the clinic database's
own (a desk's file has no such table); step 10 makes what SQLite's migration 9 makes; steps 11
and 12 are the clinic database's own again (the change counters the desks watch, the record
of the clinic's audit key)."""

DESK_STEPS = 9
"""How many SQLite migrations the steps mirror (`desktop.store.schema.MIGRATIONS`)."""
