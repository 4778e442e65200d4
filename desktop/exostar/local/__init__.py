"""The embedded identity service: the default stand-in for Exostar on one workstation."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop.exostar.local.service import LocalIdentityService


def create_adapter(data_dir: Path, options: Mapping[str, Any]) -> LocalIdentityService:
    folder = Path(options.get("folder") or data_dir / "identity")
    return LocalIdentityService(folder)


__all__ = ["LocalIdentityService", "create_adapter"]
