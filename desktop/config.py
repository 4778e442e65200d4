"""Where the application keeps its data, and the settings file in that folder.

The data dir is chosen by `--data-dir`, else `$ICORERX_DATA_DIR`, else the
platform's user data dir, so a QA script can point every run at a scratch folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

APP_NAME = "icorerx"
ENV_DATA_DIR = "ICORERX_DATA_DIR"
SETTINGS_FILE = "settings.json"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    import platformdirs  # only when no folder was given: it is not needed to paint the window

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Settings:
    """What a clinic's IT person may change in `settings.json`."""

    adapter: str = "local"
    adapter_options: dict[str, Any] = field(default_factory=dict)
    demo: bool = False
    workstation: str = ""

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        path = data_dir / SETTINGS_FILE
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{path} could not be read ({exc}).") from exc
        if not isinstance(raw, dict):
            raise SettingsError(f"{path} must hold a JSON object.")
        known = {key: raw[key] for key in asdict(cls()) if key in raw}
        return cls(**known)

    def save(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / SETTINGS_FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


class SettingsError(Exception):
    """The settings file is unreadable; the message names the file."""


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def app_db(self) -> Path:
        return self.data_dir / "icorerx.sqlite"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "icorerx.log"
