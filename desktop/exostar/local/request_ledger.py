"""Add-token requests answered once: what each asked (keyed-hashed) and what it was told.

The answer is stored in the same transaction as the binding, so a request retried after a
timeout gets the first answer again instead of a second binding.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from desktop.domain.serials import normalize_serial
from desktop.exostar import refusals
from desktop.exostar.base import AdapterError, TokenSyncResult
from desktop.exostar.local.codekey import keyed_hash
from desktop.exostar.local.tokens import token_info


def answer_json(result: TokenSyncResult | AdapterError) -> str:
    """An add-token answer as stored for its idempotency key."""
    if isinstance(result, AdapterError):
        return json.dumps({"ok": False, "error": result.to_json()})
    return json.dumps({"ok": True, "result": result.to_json()})


def request_hash(key: bytes, operation: str, serial: str, otp1: str, otp2: str) -> str:
    """What a request asked, keyed-hashed: its codes may still be valid, so never plain."""
    codes = ["".join(code.split()) for code in (otp1, otp2)]
    return keyed_hash(key, "request", operation, normalize_serial(serial), *codes)


def earlier_answer(
    db: sqlite_utils.Database, account: str, key: str, digest: str | None
) -> dict[str, Any] | None:
    """The stored answer to this key; a key reused for a different request is refused."""
    rows = list(db.table("requests").rows_where("key = ? AND account = ?", [key, account]))
    if not rows:
        return None
    stored = rows[0].get("request_hash")
    if digest is not None and stored and not secrets.compare_digest(stored, digest):
        raise refusals.request_key_reused()
    answer: dict[str, Any] = json.loads(rows[0]["answer"])
    return answer


def replay(db: sqlite_utils.Database, answer: Mapping[str, Any]) -> TokenSyncResult:
    """The stored answer given again: the same result, or the same refusal raised."""
    if not answer["ok"]:
        raise AdapterError.from_json(answer["error"])
    if "result" not in answer:  # stored before results had one serialisation
        answer = {"ok": True, "result": {**answer, "token": {"serial": answer["serial"]}}}
    data = answer["result"]
    rows = list(db.table("tokens").rows_where("serial = ?", [data["token"]["serial"]]))
    return TokenSyncResult.from_json(data, token_info(rows[0]))
