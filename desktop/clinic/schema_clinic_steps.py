"""Steps 9, 11 and 12 of the clinic schema: the clinic database's own tables, which a single
desk's file does not have (it is its file's only writer, and nothing was moved into it)."""

from __future__ import annotations

from desktop.clinic.schema_triggers import append_only

V9_CLINIC_IMPORTS = [
    """CREATE TABLE clinic_imports (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_dir TEXT NOT NULL,
        source_workstation TEXT NOT NULL,
        audit_log_id TEXT NOT NULL,
        audit_entries BIGINT NOT NULL,
        audit_head_hash TEXT NOT NULL,
        row_counts TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    )""",
    # One single-desk installation is moved in, once: a second row cannot exist.
    "CREATE UNIQUE INDEX clinic_imports_once ON clinic_imports ((true))",
    *append_only("clinic_imports", "import records"),
]
"""The clinic's own step: the record of the desk moved in (`icorerx clinic import-local`)."""

V11_CHANGE_FEED = [
    """CREATE TABLE changes (
        topic TEXT PRIMARY KEY,
        version BIGINT NOT NULL DEFAULT 0
    )""",
    "INSERT INTO changes (topic) VALUES ('prescriptions'), ('patients')",
    # Once per transaction and topic: the counter goes up and the desks listening are told,
    # both only when the transaction commits (a rolled-back one tells nobody).
    """CREATE FUNCTION icorerx_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        flag TEXT := 'icorerx.changed_' || TG_ARGV[0];
    BEGIN
        IF coalesce(current_setting(flag, true), '') = '' THEN
            PERFORM set_config(flag, '1', true);
            UPDATE changes SET version = version + 1 WHERE topic = TG_ARGV[0];
            PERFORM pg_notify('icorerx_changes', TG_ARGV[0]);
        END IF;
        RETURN NULL;
    END $$""",
    *(
        # Deferred to the commit: the counter's row is the last lock a transaction takes,
        # so it cannot deadlock with the audit chain's lock or a prescription's row.
        f"CREATE CONSTRAINT TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"EXECUTE FUNCTION icorerx_changed('{table}')"
        for table in ("prescriptions", "patients")
    ),
]
"""The clinic's own step: a counter per topic, raised (and NOTIFY icorerx_changes sent) by
every committed change to prescriptions or patients, which the other desks watch
(`desktop.store.change_feed`). A single desk is its file's only writer: it has no such table."""

V12_CLINIC_AUDIT_KEY = [
    """CREATE TABLE clinic_audit_key (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        check_value TEXT NOT NULL,
        made_by TEXT NOT NULL,
        kept_at TEXT NOT NULL,
        made_at TEXT NOT NULL
    )""",
    # The clinic has one audit key: a second record cannot exist, nor can it be changed.
    "CREATE UNIQUE INDEX clinic_audit_key_once ON clinic_audit_key ((true))",
    *append_only("clinic_audit_key", "audit key records"),
]
"""The clinic's own step: which audit key the clinic's trail is chained with, by its check
value (an HMAC under the key, which does not reveal it), and which desk made it
(`desktop.clinic.audit_key`)."""

CLINIC_ONLY_TABLES = ("clinic_imports", "changes", "clinic_audit_key")
"""Tables of the clinic database that a desk's file does not have."""
