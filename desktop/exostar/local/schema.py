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


MIGRATIONS = [_v1_accounts_phones_tokens, _v2_seeds_codes_grants_outbox]
