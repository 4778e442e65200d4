"""The embedded identity service: the default stand-in for Exostar on one workstation.

settings.json may say, under "adapter_options":
  "folder": where its database lives (default: <data dir>/identity),
  "key_store": "auto" | "keyring" | "file" (where the seed key is kept),
  "delivery": {"channel": "outbox"} or {"channel": "webhook", "url": ..., "timeout": ...}.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.exostar import refusals
from desktop.exostar.local.delivery import DeliveryChannel
from desktop.exostar.local.seedvault import KeyStore
from desktop.exostar.local.service import LocalIdentityService


def create_adapter(data_dir: Path, options: Mapping[str, Any]) -> LocalIdentityService:
    folder = Path(options.get("folder") or data_dir / "identity")
    key_store = options.get("key_store", "auto")
    if key_store not in ("auto", "keyring", "file"):
        raise refusals.key_store_unknown(key_store)
    store: KeyStore = key_store
    return LocalIdentityService(
        folder, key_store=store, delivery=_delivery(options.get("delivery") or {})
    )


def _delivery(options: Mapping[str, Any]) -> DeliveryChannel | None:
    channel = options.get("channel", "outbox")
    if channel == "outbox":
        return None
    if channel == "webhook":
        from desktop.exostar.local.webhook import WebhookChannel

        try:
            return WebhookChannel.from_options(options)
        except ValueError as exc:
            raise refusals.delivery_unusable(str(exc)) from exc
    raise refusals.delivery_unknown(channel)


__all__ = ["LocalIdentityService", "create_adapter"]
