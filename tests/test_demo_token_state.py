"""Two demo workstations on one data dir press the same demo key-fob without harming each other.

The fob's press count is its state, kept beside the identity service's file. Two windows
(two processes, or two in one process, each with its own lane) pressing at once must each
get a code of their own, never crash on the other's half-written file, and lose no press.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.config import Paths
from desktop.demo import DEMO_KEY, provision
from desktop.domain.otp import generate_hotp
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.demo_device import LOCK_FILE, STATE_FILE, DemoTokenDevice

HOTP = "GALH12345678"
PRESSES = 150

PRESSER = """
import json, sys
from pathlib import Path

from PySide6.QtCore import Qt
from desktop.exostar.local import LocalIdentityService
from desktop.exostar.local.demo_device import DemoTokenDevice

service = LocalIdentityService(Path(sys.argv[1]))
device = DemoTokenDevice(service)
print("ready", flush=True)
sys.stdin.readline()
codes = [device.press(sys.argv[2]) for _ in range(int(sys.argv[3]))]
print(json.dumps(codes), flush=True)
"""

EXPECTED = {generate_hotp(DEMO_KEY, counter) for counter in range(2 * PRESSES)}


def state(folder: Path) -> dict[str, int]:
    data: dict[str, int] = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    return data


def leftovers(folder: Path) -> list[str]:
    """Files the fob's writes left behind (a temporary file that was never renamed)."""
    kept = {STATE_FILE, LOCK_FILE}
    return sorted(
        p.name for p in folder.iterdir() if "demo-devices" in p.name and p.name not in kept
    )


def test_two_workstation_processes_press_the_same_fob_at_once(tmp_path):
    provision(Paths(tmp_path))
    folder = tmp_path / "identity"
    command = [sys.executable, "-c", PRESSER, str(folder), HOTP, str(PRESSES)]
    workers = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:  # both start pressing together
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = [worker.communicate(timeout=60) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], results
    codes = [code for out, _err in results for code in json.loads(out)]
    assert len(codes) == 2 * PRESSES and set(codes) == EXPECTED  # no press lost or repeated
    assert state(folder) == {HOTP: 2 * PRESSES}
    assert leftovers(folder) == []


def test_two_windows_in_one_process_press_the_same_fob_at_once(tmp_path):
    provision(Paths(tmp_path))
    folder = tmp_path / "identity"
    services = [LocalIdentityService(folder) for _ in range(2)]
    codes: list[list[str]] = [[], []]
    go = threading.Barrier(2)

    def press_all(which: int) -> None:
        device = DemoTokenDevice(services[which])
        go.wait()
        codes[which] = [device.press(HOTP) for _ in range(PRESSES)]

    futures = [service.lane.submit(press_all, n) for n, service in enumerate(services)]
    for future in futures:
        future.result(timeout=60)
    for service in services:
        service.lane.submit(service.close).result(timeout=10)
        service.lane.shutdown()
    assert set(codes[0]) | set(codes[1]) == EXPECTED
    assert not set(codes[0]) & set(codes[1])
    assert state(folder) == {HOTP: 2 * PRESSES}
    assert leftovers(folder) == []


def test_two_demo_windows_on_one_data_dir_press_their_fobs_together(icorerx_env, qtbot):
    from desktop.composition import Application

    first = icorerx_env.main_window()
    other_app = Application.open(icorerx_env.data_dir)
    second = other_app.create_window()
    try:
        second.show()
        qtbot.waitExposed(second)
        simulators = [window.open_token_simulator() for window in (first, second)]
        for sim in simulators:
            qtbot.waitUntil(lambda sim=sim: sim.ui.simSerialCombo.count() == 2, timeout=10_000)
            sim.ui.simSerialCombo.setCurrentText(HOTP)
        shown: list[str] = []
        for window in (first, second):
            window.demo_controller.codeShown.connect(lambda _serial, code: shown.append(code))
        rounds = 40
        for _ in range(rounds):
            before = len(shown)
            for sim in simulators:  # both presses are in flight at once, each on its own lane
                qtbot.mouseClick(sim.ui.simButton, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda before=before: len(shown) == before + 2, timeout=10_000)
        assert sorted(shown) == sorted(generate_hotp(DEMO_KEY, n) for n in range(2 * rounds))
        assert icorerx_env.token_code(HOTP) == generate_hotp(DEMO_KEY, 2 * rounds)
    finally:
        second.close()
        second.deleteLater()
        other_app.close()
