"""An OS keyring held in memory, for tests that need one (and keyring's registry kept clean)."""

from __future__ import annotations

from keyring.backend import KeyringBackend


def unlisted(cls: type[KeyringBackend]) -> type[KeyringBackend]:
    """Keep a test backend out of keyring's registry: every subclass defined is a candidate
    for the process's default keyring, and would become it for every later test."""
    KeyringBackend._classes.discard(cls)  # type: ignore[attr-defined]
    return cls


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


unlisted(MemoryKeyring)
