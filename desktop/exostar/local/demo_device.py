"""The demo key-fob in software: press its button, read the next code.

A physical event token counts its own presses, whether or not the service sees the
codes; this one keeps that count in `demo-devices.json` beside the service's file, so
the simulator window and the pytest plugin's `token_code()` press the same token.
Only seeds imported as demo data can be pressed: a real token's codes never show.
"""

from __future__ import annotations

import json
import time
from typing import Any

from desktop.domain.models import TokenKind
from desktop.domain.otp import generate_hotp, generate_totp
from desktop.exostar.base import AdapterError
from desktop.exostar.local.service import LocalIdentityService

DEMO_SOURCE = "demo"
STATE_FILE = "demo-devices.json"


class DemoTokenDevice:
    def __init__(self, service: LocalIdentityService) -> None:
        self.service = service
        self._path = service.folder / STATE_FILE

    def serials(self) -> list[str]:
        return [
            row["serial"]
            for row in self.service.db.table("seeds").rows_where(
                "source = ?", [DEMO_SOURCE], order_by="serial"
            )
        ]

    def kind(self, serial: str) -> TokenKind:
        return TokenKind(self._seed(serial)[0]["kind"])

    def press(self, serial: str, at: float | None = None) -> str:
        """The code the token shows after a press (time tokens: at `at`, default now)."""
        seed, key = self._seed(serial)
        if seed["kind"] == TokenKind.TOTP.value:
            moment = time.time() if at is None else at
            return generate_totp(
                key, moment, int(seed["step"]), int(seed["digits"]), seed["algorithm"]
            )
        presses = self._load()
        counter = presses.get(serial, int(seed["counter"]))
        presses[serial] = counter + 1
        self._save(presses)
        return generate_hotp(key, counter, int(seed["digits"]), seed["algorithm"])

    def _seed(self, serial: str) -> tuple[dict[str, Any], bytes]:
        found = self.service.seed_for_device(serial)
        if found is None or found[0].get("source") != DEMO_SOURCE:
            raise AdapterError(
                f"{serial} is not a demo token.",
                "Pick one of the demo tokens in the list.",
                code="not_a_demo_token",
            )
        return found

    def _load(self) -> dict[str, int]:
        if not self._path.exists():
            return {}
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except ValueError:
            return {}
        return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save(self, presses: dict[str, int]) -> None:
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(json.dumps(presses, indent=2), encoding="utf-8")
        tmp.replace(self._path)
