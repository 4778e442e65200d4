"""Qt runs offscreen in tests, chosen before anything imports it."""

import os

if not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
    # offscreen:configfile=... (a screen of a given size) is kept: test_screen_sizes.py
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from xdist.scheduler import LoadScopeScheduling  # noqa: E402

from tests.fake_identity import (  # noqa: E402, F401 - controllers against a fake service
    demo_template,
    fake_context,
    fake_identity,
    step_up,
)

STARTUP_TIMES: list[float] = []
CLINIC_STARTUP_TIMES: list[float] = []
STARTED_FIRST = (  # the longest modules, so that none of them is left to the end of a run
    "test_packaged.py",
    "test_clinic_two_desks.py",
    "test_clinic_two_desks_restart.py",
    "test_soak.py",  # 300 trips through the screens
    "test_kill_campaign.py",
    "test_signing.py",  # its TOTP tests wait for the token's next 30 s step
)
KEPT_TOGETHER = {  # modules whose every test runs on one worker: a module fixture costs much
    "test_packaged.py",  # the PyInstaller build
    "test_clinic_two_desks.py",  # the clinic its tests copy
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest modules first (in that order), the rest as collected. Every xdist worker
    sorts the same way, and the scheduler below hands the work out in this order."""

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return STARTED_FIRST.index(name) if name in STARTED_FIRST else len(STARTED_FIRST)

    items.sort(key=rank)  # stable: the order within each rank is kept


class KeptTogether(LoadScopeScheduling):
    """xdist's load balancing, one test at a time, except that each module of KEPT_TOGETHER
    is one unit for one worker (a module fixture is made once per worker); those go out
    first, the largest first, then the rest in the order collected."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if Path(module).name in KEPT_TOGETHER else nodeid


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: without xdist too
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """KeptTogether for `-n N`. (xdist's own `--dist loadgroup` cannot group here: it
    renames test ids through an attribute pytest 9 no longer reads.)"""
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for by name
    return KeptTogether(config, log)


def pytest_terminal_summary(terminalreporter) -> None:
    for seconds in STARTUP_TIMES:
        terminalreporter.write_line(
            f"privacyIDEA server fixture: keys, tables, service account, start and "
            f"configuration took {seconds:.1f} s"
        )
    for seconds in CLINIC_STARTUP_TIMES:
        terminalreporter.write_line(
            f"PostgreSQL clinic server fixture: initdb, start, database and role took "
            f"{seconds:.1f} s"
        )


@pytest.fixture(scope="session")
def privacyidea_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """privacyIDEA 3.14 on 127.0.0.1, fresh for the session, stopped at its end."""
    from tests.privacyidea_server import PrivacyIdeaServer
    from tests.sms_sink import SmsSink

    sink = SmsSink()
    server = PrivacyIdeaServer(Path(tmp_path_factory.mktemp("privacyidea")), sink)
    try:
        server.create()
        STARTUP_TIMES.append(server.startup_s)
        yield server
    finally:
        server.stop()
        sink.close()


@pytest.fixture(scope="session")
def clinic_server() -> Iterator[object]:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1, fresh for the session, removed at its end."""
    from tests.clinic_server import ClinicServer

    server = ClinicServer()
    try:
        server.create()
        CLINIC_STARTUP_TIMES.append(server.startup_s)
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module")
def own_server() -> Iterator[object]:
    """A cluster of the module's own, which it may stop and start (the session's keeps serving
    the other modules)."""
    from tests.clinic_server import ClinicServer

    server = ClinicServer()
    try:
        server.create()
        yield server
    finally:
        server.remove()


@pytest.fixture
def pi_server(privacyidea_server):
    """The session's server with the demo tokens as imported and no codes in the sink."""
    privacyidea_server.reset_tokens()
    privacyidea_server.sink.messages.clear()
    privacyidea_server.sink.failing = False
    if privacyidea_server.process is None:
        privacyidea_server.start()
    return privacyidea_server


@pytest.fixture
def icorerx_privacyidea_backend(pi_server):
    """What `icorerx_env` needs to drive the window against the privacyIDEA server."""
    from tests.privacyidea_backend import PrivacyIdeaBackend

    return PrivacyIdeaBackend(pi_server)


@pytest.fixture
def flows_ended(qtbot):
    """Wait until the controllers' flows have ended: a call that is refused, or that must
    not reach the service, has then had every chance to show its effect."""
    import asyncio

    from desktop.controllers.settling import controller_work

    def wait(timeout: int = 10_000) -> None:
        loop = asyncio.get_event_loop_policy().get_event_loop()
        qtbot.waitUntil(lambda: not controller_work(loop), timeout=timeout)

    return wait


@pytest.fixture
def lane_drained(qtbot):
    """Wait until every call queued on a single-worker lane before now has finished."""

    def wait(lane, timeout: int = 15_000) -> None:
        marker = lane.submit(lambda: None)
        qtbot.waitUntil(marker.done, timeout=timeout)

    return wait


@pytest.fixture
def house_style(qapp):
    """The application's style sheet, as `icorerx` sets it (pytest-qt's QApplication has none)."""
    from desktop.app import load_style_sheet

    qapp.setStyleSheet(load_style_sheet())
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def clock():
    """The embedded identity service's clock in unit tests: it moves when a test says so."""
    from tests.local_service import FakeClock

    return FakeClock()


@pytest.fixture
def folder(tmp_path):
    """The embedded identity service's folder in unit tests."""
    return tmp_path / "identity"


@pytest.fixture
def no_keyring():
    """Key files, whatever keyring this machine offers: the tests take them away."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def clinic_template(clinic_server):
    """A clinic database with the schema, copied for each store test on PostgreSQL."""
    from tests.store_backends import ClinicTemplate

    return ClinicTemplate(clinic_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_opener(request, tmp_path, no_keyring):
    """Opens stores on one fresh database: a desk's SQLite file, or the clinic's PostgreSQL."""
    from tests.store_backends import StoreOpener

    template = None
    if request.param == "postgresql":
        template = request.getfixturevalue("clinic_template")
    opener = StoreOpener(request.param, tmp_path, template)
    yield opener
    opener.close()
