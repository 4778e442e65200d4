"""Where the application keeps its data, and what the settings file in that folder may hold.

The data dir is chosen by `--data-dir`, else `$ICORERX_DATA_DIR`, else the
platform's user data dir, so a QA script can point every run at a scratch folder.

The window reads the settings file before its first paint (a demo banner, a clinic's
desk), so this module holds no dataclass and imports nothing the paint does not need:
`desktop.config.Settings` is the file as an object, built from `read_settings`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from desktop.domain.errors import StartupError

APP_NAME = "icorerx"
ENV_DATA_DIR = "ICORERX_DATA_DIR"
SETTINGS_FILE = "settings.json"
APP_DB_FILE = "icorerx.sqlite"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    import platformdirs  # only when no folder was given: it is not needed to paint the window

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class SettingsError(StartupError):
    """The settings file is unreadable or holds a value of the wrong kind; names the key."""


SETTINGS_KEYS = (
    "adapter",
    "adapter_options",
    "demo",
    "workstation",
    "clinic_url",
    "clinic_ca_file",
)
"""The keys `desktop.config.Settings` has (held equal by tests/test_settings.py)."""


def read_settings(data_dir: Path) -> dict[str, Any]:
    """The file's values this version knows, each checked by type and range; SettingsError
    names the key. A data dir with no settings file has none ({}).

    Keys this version does not know are left alone (a newer version may have written
    them); the identity service's options are checked strictly, so a mistyped one is
    named instead of being silently ignored.
    """
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SettingsError(
            f"{path} could not be read ({reason}).",
            "Fix or remove the file, then start again.",
            path=path,
        ) from exc
    if not isinstance(raw, dict):
        raise SettingsError(
            f"{path} must hold a JSON object.",
            "Fix or remove the file, then start again.",
            path=path,
        )
    known = {key: raw[key] for key in SETTINGS_KEYS if key in raw}
    problems = _problems(known) if known else []
    if problems:
        listed = "\n".join(f"- {problem}" for problem in problems)
        raise SettingsError(
            f"{path} has values iCoreRx cannot use:\n{listed}",
            "Correct them in the file, then start iCoreRx again.",
            path=path,
        )
    return known


MAX_WORKSTATION = 100


def _problems(values: dict[str, Any]) -> list[str]:
    from desktop.exostar.options import BUILTIN_OPTIONS, check_options, shown

    problems: list[str] = []
    adapter = values.get("adapter", "local")
    if not isinstance(adapter, str) or not adapter.strip():
        problems.append('"adapter" must be the name of an identity service, such as "local".')
    elif adapter not in BUILTIN_OPTIONS:
        from desktop.exostar.registry import available  # reads entry points: only when needed

        names = available()
        if adapter not in names:
            known = ", ".join(f'"{name}"' for name in sorted(names))
            problems.append(
                f'"adapter": "{adapter}" is not an installed identity service ({known}).'
            )
    options = values.get("adapter_options", {})
    if not isinstance(options, dict):
        problems.append('"adapter_options" must be an object: {"name": value, ...}.')
    elif isinstance(adapter, str):
        problems.extend(check_options(adapter, options))
    if "demo" in values and not isinstance(values["demo"], bool):
        problems.append(f'"demo" must be true or false, not {shown(values["demo"])}.')
    workstation = values.get("workstation", "")
    if not isinstance(workstation, str):
        problems.append(
            '"workstation" must be text in quotes, such as "front-desk-2", '
            f"not {shown(workstation)}."
        )
    elif workstation and not (
        workstation.strip() and len(workstation) <= MAX_WORKSTATION and workstation.isprintable()
    ):
        problems.append(
            f'"workstation" must be a name of 1 to {MAX_WORKSTATION} printable characters '
            '(or "" for the computer\'s own name).'
        )
    problems.extend(_clinic_problems(values))
    return problems


def _clinic_problems(values: dict[str, Any]) -> list[str]:
    from desktop.exostar.options import shown

    problems: list[str] = []
    for key in ("clinic_url", "clinic_ca_file"):
        if key in values and not isinstance(values[key], str):
            problems.append(f'"{key}" must be text in quotes, not {shown(values[key])}.')
    url = values.get("clinic_url", "")
    if isinstance(url, str) and url:
        from desktop.clinic.settings import ClinicError, parse_url

        try:
            parse_url(url)
        except ClinicError as exc:
            problems.append(f'"clinic_url": {exc}')
        if values.get("adapter", "local") != "privacyidea":
            problems.append(
                '"clinic_url" needs "adapter": "privacyidea": the workstations of a clinic share '
                "one identity service, and the embedded one lives on this computer only."
            )
    return problems
