"""The `icorerx` pytest plugin: what QA and roll-out teams script the application with.

    def test_sync(icorerx_env, qtbot):
        window = icorerx_env.login("doctor", "doctor-demo-1")

`icorerx_env` gives a fresh data dir with demo data and drives the real window on
a qasync loop that lives for the whole session (pytest-qt never calls exec(), so
the loop runs inside qtbot's waits). Registered under the entry-point group
`pytest11`; it does nothing unless a test asks for its fixtures.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# The helpers' asserts fail a test with the values they compared, as the plugin's own do.
pytest.register_assert_rewrite("desktop.testing_env", "desktop.testing_review")

from desktop import testing_review  # noqa: E402, F401 - attaches the review helpers
from desktop.testing_backends import (  # noqa: E402 - after the platform is chosen
    WAIT_MS,
    IdentityBackend,
    LocalBackend,
    PhoneCode,
)
from desktop.testing_env import IcorerxEnv, cancel_pending  # noqa: E402

__all__ = [
    "WAIT_MS",
    "IcorerxEnv",
    "IdentityBackend",
    "LocalBackend",
    "PhoneCode",
    "cancel_pending",
    "icorerx_env",
    "icorerx_event_loop",
    "icorerx_identity",
    "icorerx_loop",
]


@pytest.fixture(scope="session")
def icorerx_event_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for the session; closing it per test would make Qt quit."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)


@pytest.fixture
def icorerx_loop(
    icorerx_event_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> Iterator[asyncio.AbstractEventLoop]:
    """The session loop; tasks a test leaves behind are cancelled and awaited after it.

    It is made the current loop again first: `desktop.app.run`, which some tests call, sets
    a loop of its own and closes it when its window closes.
    """
    asyncio.set_event_loop(icorerx_event_loop)
    if asyncio._get_running_loop() is not icorerx_event_loop:
        asyncio._set_running_loop(icorerx_event_loop)  # what `already_running=True` had set
    yield icorerx_event_loop
    cancel_pending(icorerx_event_loop, qtbot)


@pytest.fixture
def icorerx_identity(request: pytest.FixtureRequest) -> str:
    """Which identity service `icorerx_env` uses: "local" unless a test parametrizes it."""
    name: str = getattr(request, "param", "local")
    return name


@pytest.fixture
def icorerx_env(
    tmp_path: Path,
    qtbot: Any,
    icorerx_loop: asyncio.AbstractEventLoop,
    icorerx_identity: str,
    request: pytest.FixtureRequest,
) -> Iterator[IcorerxEnv]:
    from desktop import demo
    from desktop.config import Paths

    data_dir = tmp_path / "icorerx-data"
    backend: IdentityBackend | None = None
    if icorerx_identity != "local":
        backend = request.getfixturevalue(f"icorerx_{icorerx_identity}_backend")
        backend.configure(data_dir)
    demo.provision(Paths(data_dir))
    env = IcorerxEnv(data_dir, qtbot, backend)
    yield env
    env.close()
