"""The clinic schema's triggers in PostgreSQL's words: a row trigger that refuses a change with
the message the desk shows, and the three that make a table append-only (TRUNCATE included)."""

from __future__ import annotations


def unchanged(columns: str) -> str:
    names = [c.strip() for c in columns.split(",") if c.strip() != "status"]
    return " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in names)


def refuse(trigger: str, timing: str, table: str, message: str, when: str = "") -> str:
    """A row trigger that refuses the change with `message` (`when` narrows it)."""
    condition = f" WHEN ({when})" if when else ""
    return (
        f"CREATE TRIGGER {trigger} {timing} ON {table} FOR EACH ROW{condition} "
        f"EXECUTE FUNCTION icorerx_refuse('{message}')"
    )


_NO_CHANGE = "are append-only: they cannot be changed"
_NO_DELETE = "are append-only: they cannot be deleted"


def append_only(table: str, what: str) -> list[str]:
    return [
        refuse(f"{table}_no_update", "BEFORE UPDATE", table, f"{what} {_NO_CHANGE}"),
        refuse(f"{table}_no_delete", "BEFORE DELETE", table, f"{what} {_NO_DELETE}"),
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION icorerx_refuse('{what} {_NO_DELETE}')",
    ]
