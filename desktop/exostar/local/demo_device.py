"""The demo key-fob in software: press its button, read the next code.

A physical event token counts its own presses, whether or not the service sees the
codes; this one keeps that count in `demo-devices.json` beside the service's file, so
the simulator window and the pytest plugin's `token_code()` press the same token.
Only seeds imported as demo data can be pressed: a real token's codes never show.

Two windows on one data dir (two processes, or two lanes in one) press the same fob:
a press holds `demo-devices.lock` while it reads and writes the count, and the count is
written to a temporary file of its own and renamed over the old one, so no press is lost
or repeated and no window ever reads half a file or renames the other's file away.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from desktop.domain.models import TokenKind
from desktop.domain.otp import generate_hotp, generate_totp
from desktop.exostar import refusals
from desktop.exostar.local.service import LocalIdentityService

DEMO_SOURCE = "demo"
STATE_FILE = "demo-devices.json"
LOCK_FILE = "demo-devices.lock"


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
        with _locked(self.service.folder / LOCK_FILE):
            presses = self._load()
            counter = presses.get(serial, int(seed["counter"]))
            presses[serial] = counter + 1
            self._save(presses)
        return generate_hotp(key, counter, int(seed["digits"]), seed["algorithm"])

    def _seed(self, serial: str) -> tuple[dict[str, Any], bytes]:
        found = self.service.seed_for_device(serial)
        if found is None or found[0].get("source") != DEMO_SOURCE:
            raise refusals.not_a_demo_token(serial)
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
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{self._path.name}.", suffix=".tmp", dir=self._path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as tmp:
                tmp.write(json.dumps(presses, indent=2))
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, self._path)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp_name)
            raise


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (other processes and other threads alike)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after 10 s; another press is still running
                continue

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        # flock, not lockf: its lock belongs to this open file, so two lanes of one
        # process exclude each other too.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
