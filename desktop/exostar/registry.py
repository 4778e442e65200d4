"""Adapter name -> factory, so a clinic picks its identity service in settings.json.

Third parties register more under the entry-point group `icorerx.adapters`; the
packaged executable lists the same names as hidden imports (see pyinstaller.spec).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from desktop.exostar import refusals
from desktop.exostar.base import IdentityService

AdapterFactory = Callable[[Path, Mapping[str, Any]], IdentityService]
ENTRY_POINT_GROUP = "icorerx.adapters"

BUILTIN: dict[str, str] = {
    "local": "desktop.exostar.local:create_adapter",
    "privacyidea": "desktop.exostar.privacyidea:create_adapter",
}


def available() -> dict[str, str]:
    """Name -> 'module:function' for every adapter this installation knows."""
    from importlib import metadata  # ~10 ms of loading: only when a name is not built in

    names = dict(BUILTIN)
    try:
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            names.setdefault(entry.name, entry.value)
    except Exception:  # noqa: BLE001 - a broken third-party package must not stop start-up
        pass
    return names


def load_factory(name: str) -> AdapterFactory:
    target = BUILTIN.get(name) or available().get(name)
    if target is None:
        raise refusals.adapter_not_installed(name, available())
    module_name, _, attr = target.partition(":")
    factory: AdapterFactory = getattr(import_module(module_name), attr)
    return factory


def create(name: str, data_dir: Path, options: Mapping[str, Any]) -> IdentityService:
    return load_factory(name)(data_dir, options)
