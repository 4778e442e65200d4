"""The test plugin's view of the test privacyIDEA server: the doctor's SMS messages and the demo
key-fobs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from desktop.config import Settings
from desktop.demo import DEMO_TOKENS
from desktop.domain.models import TokenKind
from desktop.domain.otp import generate_hotp, generate_totp
from tests.privacyidea_server import DOCTORS, PrivacyIdeaServer
from tests.sms_sink import SmsMessage


class PrivacyIdeaBackend:
    """The plugin's view of this server: the doctor's SMS messages and the demo key-fobs.

    The fobs are the demo tokens' seeds in software; an event token counts its own
    presses from the counter the clinic imported, as a real one would.
    """

    def __init__(self, server: PrivacyIdeaServer, doctor: str = "doctor") -> None:
        self.server = server
        self.phone = DOCTORS[doctor][2]
        self._seeds = {seed.serial: seed for seed in DEMO_TOKENS}
        self._presses: dict[str, int] = {}

    def configure(self, data_dir: Path, **options: Any) -> None:
        settings = Settings.load(data_dir)
        settings.adapter = "privacyidea"
        settings.adapter_options = self.server.settings_for(data_dir, **options)
        settings.save(data_dir)

    def phone_codes(self) -> list[SmsMessage]:
        return self.server.sink.for_phone(self.phone)

    def press(self, serial: str, at: float | None = None) -> str:
        seed = self._seeds[serial]
        if seed.kind is TokenKind.TOTP:
            moment = time.time() if at is None else at
            return generate_totp(seed.key, moment, seed.step, seed.digits, seed.algorithm)
        counter = self._presses.get(serial, seed.counter)
        self._presses[serial] = counter + 1
        return generate_hotp(seed.key, counter, seed.digits, seed.algorithm)

    def kind(self, serial: str) -> TokenKind:
        return self._seeds[serial].kind
