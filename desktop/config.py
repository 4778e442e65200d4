"""Where the application keeps its data, and the settings file in that folder as an object.

What the file may hold, where the data dir is and the reading of the file are
`desktop.settings_file`'s (which the window reads before its first paint); this module
adds `Settings`, the file as an object, and `Paths`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desktop.settings_file import APP_DB_FILE, SETTINGS_FILE, read_settings


@dataclass
class Settings:
    """What a clinic's IT person may change in `settings.json`."""

    adapter: str = "local"
    adapter_options: dict[str, Any] = field(default_factory=dict)
    demo: bool = False
    workstation: str = ""
    clinic_url: str = ""
    """The clinic's shared PostgreSQL database (`icorerx clinic connect`); "": this desk's own."""
    clinic_ca_file: str = ""
    """The CA certificate the clinic database's TLS certificate is verified with, if any."""

    @property
    def tls_unchecked(self) -> bool:
        """The identity server's certificate is not checked ("verify_tls": false)."""
        return self.adapter == "privacyidea" and self.adapter_options.get("verify_tls") is False

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        """The file's values (`read_settings`: each checked by type and range;
        SettingsError names the key)."""
        return cls(**read_settings(data_dir))

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


TLS_OFF_WARNING = (
    "Connection to the identity server is not checked (TLS verification is off). "
    "Ask IT to turn it on."
)
"""Shown above every screen, and in the status bar, while "verify_tls" is false."""


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def app_db(self) -> Path:
        return self.data_dir / APP_DB_FILE

    @property
    def log_file(self) -> Path:
        return self.data_dir / "icorerx.log"
