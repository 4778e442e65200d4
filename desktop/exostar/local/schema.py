"""The local identity service's tables, as versioned migrations."""

from __future__ import annotations

import sqlite_utils


def _v1_accounts_phones_tokens(db: sqlite_utils.Database) -> None:
    db.table("accounts").create(
        {"id": str, "display_name": str, "created_at": str}, pk="id", not_null={"display_name"}
    )
    db.table("phones").create(
        {"id": str, "account": str, "number": str, "channels": str, "created_at": str},
        pk="id",
        foreign_keys=[("account", "accounts", "id")],
        not_null={"account", "number", "channels"},
    )
    db.table("tokens").create(
        {
            "serial": str,
            "account": str,
            "kind": str,
            "algorithm": str,
            "digits": int,
            "step": int,
            "counter": int,
            "drift": int,
            "last_used_step": int,
            "status": str,
            "fail_count": int,
            "bound_at": str,
            "last_used_at": str,
        },
        pk="serial",
        foreign_keys=[("account", "accounts", "id")],
        not_null={"kind", "status"},
        defaults={"counter": 0, "drift": 0, "fail_count": 0, "digits": 6, "step": 30},
    )
    db.table("tokens").create_index(["account"])


def _v2_seeds_codes_grants_outbox(db: sqlite_utils.Database) -> None:
    db.table("seeds").create(
        {
            "serial": str,
            "kind": str,
            "algorithm": str,
            "digits": int,
            "step": int,
            "counter": int,
            "drift": int,
            "sealed_key": bytes,
            "manufacturer": str,
            "model": str,
            "source": str,
            "imported_at": str,
        },
        pk="serial",
        not_null={"kind", "algorithm", "digits", "step", "counter", "drift", "sealed_key"},
    )
    tokens = db.table("tokens")
    tokens.add_column("revoked_at", str)
    tokens.add_column("status_reason", str)
    tokens.add_column("locked_at", str)
    db.table("phone_codes").create(
        {
            "id": str,
            "account": str,
            "phone_id": str,
            "channel": str,
            "code_hash": str,
            "created_at": str,
            "expires_at": str,
            "tries": int,
            "state": str,
        },
        pk="id",
        not_null={"account", "phone_id", "channel", "code_hash", "created_at", "expires_at"},
        defaults={"tries": 0, "state": "pending"},
    )
    db.table("phone_codes").create_index(["account", "created_at"])
    accounts = db.table("accounts")
    accounts.add_column("phone_locked_until", str)
    db.table("grants").create(
        {"id": str, "account": str, "created_at": str, "expires_at": str},
        pk="id",
        not_null={"account", "expires_at"},
    )
    db.table("outbox").create(
        {
            "id": str,
            "account": str,
            "phone_number": str,
            "channel": str,
            "text": str,
            "created_at": str,
        },
        pk="id",
        not_null={"account", "phone_number", "channel", "text", "created_at"},
    )
    db.table("requests").create(
        {"key": str, "account": str, "operation": str, "answer": str, "created_at": str},
        pk="key",
        not_null={"account", "operation", "answer"},
    )


DELIVERED_CODE_TEXT = "iCoreRx: a one-time password code (removed here once delivered)."


def _v3_guessing_runs_bound_requests(db: sqlite_utils.Database) -> None:
    """Wrong phone codes counted per account; grants that count failed token syncs;
    requests bound to what they asked; outbox rows that forget their code once delivered."""
    accounts = db.table("accounts")
    # Wrong phone codes in a row, across codes and restarts; a right code resets it.
    accounts.add_column("phone_fail_run", int, not_null_default=0)
    # Pauses in this run: the next lasts 5 minutes doubled this many times (1 h at most).
    accounts.add_column("phone_pauses", int, not_null_default=0)
    accounts.add_column("phone_pause_seconds", int)
    # Set after 100 wrong codes in a row: only an administrator's unlock clears it.
    accounts.add_column("phone_locked_at", str)
    db.table("grants").add_column("sync_failures", int, not_null_default=0)
    db.table("requests").add_column("request_hash", str)
    db.table("outbox").add_column("delivered_at", str)
    # Codes were stored with an unkeyed hash, which 10^6 guesses invert: they stop working,
    # and their messages are treated as delivered.
    db.execute("UPDATE phone_codes SET state = 'replaced' WHERE state = 'pending'")
    db.execute("UPDATE phone_codes SET code_hash = ''")
    db.execute(
        "UPDATE outbox SET text = ?, delivered_at = created_at "
        "WHERE id IN (SELECT id FROM phone_codes)",
        [DELIVERED_CODE_TEXT],
    )
    # Rows a failed add left on a token that was never bound: the squat is lifted.
    db.execute("DELETE FROM tokens WHERE bound_at IS NULL")


MIGRATIONS = [
    _v1_accounts_phones_tokens,
    _v2_seeds_codes_grants_outbox,
    _v3_guessing_runs_bound_requests,
]
