"""Where the `icorerx` plugin gets phone codes and token presses: one backend per service.

The local identity service's backend is built in (`LocalBackend`); another adapter's tests
provide one as a fixture named `icorerx_<name>_backend` (see `IdentityBackend`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop.domain.models import PhoneChannel, TokenKind
    from desktop.exostar.local.delivery import PhoneMessage
    from desktop.testing_env import IcorerxEnv

WAIT_MS = 10_000


class PhoneCode(Protocol):
    """A message as the doctor's phone received it."""

    @property
    def text(self) -> str: ...

    @property
    def code(self) -> str | None: ...

    @property
    def channel(self) -> PhoneChannel: ...


class IdentityBackend(Protocol):
    """Where `icorerx_env` gets phone codes and token presses for an identity service.

    The local adapter's backend is built in. Another adapter's tests provide a fixture
    named `icorerx_<name>_backend` returning one of these, and choose it with
    `@pytest.mark.parametrize("icorerx_identity", ["local", "<name>"], indirect=True)`.
    """

    def configure(self, data_dir: Path) -> None:
        """Point the data dir's settings.json at the service (before demo data is added)."""
        ...

    def phone_codes(self) -> list[PhoneCode]:
        """Codes sent to the demo doctor's phone, newest last."""
        ...

    def press(self, serial: str, at: float | None) -> str:
        """The demo token's code after a press (time tokens: at `at`, default now)."""
        ...

    def kind(self, serial: str) -> TokenKind:
        """Event or time token."""
        ...


class LocalBackend:
    """The local identity service's outbox and demo key-fobs."""

    def __init__(self, env: IcorerxEnv) -> None:
        self._env = env

    def configure(self, data_dir: Path) -> None:
        pass

    def phone_codes(self) -> list[PhoneCode]:
        identity = self._env._local_identity()
        messages: list[PhoneMessage] = identity.lane.submit(identity.outbox).result(
            timeout=WAIT_MS / 1000
        )
        return list(messages)

    def press(self, serial: str, at: float | None) -> str:
        from desktop.exostar.local.demo_device import DemoTokenDevice

        device = DemoTokenDevice(self._env._local_identity())
        lane = device.service.lane
        return lane.submit(device.press, serial, at).result(timeout=WAIT_MS / 1000)

    def kind(self, serial: str) -> TokenKind:
        from desktop.exostar.local.demo_device import DemoTokenDevice

        device = DemoTokenDevice(self._env._local_identity())
        return device.service.lane.submit(device.kind, serial).result(timeout=WAIT_MS / 1000)
