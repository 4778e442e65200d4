"""The packaged executable, built by PyInstaller from `pyinstaller.spec`, run as a clinic gets it.

Why a test: what breaks only when frozen (an adapter found by name but not bundled, a form module
imported lazily, a Qt plugin or native library left out, platformdirs' per-OS module) is invisible
to every other test, which run from source. The bundle is built once per module into a temporary
folder, so the working tree gets no build/ or dist/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # run by one worker (conftest KEPT_TOGETHER): built once

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "pyinstaller.spec"
PYINSTALLER = Path(sys.executable).with_name("pyinstaller")
BUILD_TIMEOUT_S = 900  # about 35 s on 2 cores with a warm PyInstaller cache; 2-3 min cold
RUN_TIMEOUT_S = 120


def _run(args: list[str], env: Mapping[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


@pytest.fixture(scope="module")
def executable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once for the module: a PyInstaller run takes tens of seconds."""
    if not PYINSTALLER.is_file():
        pytest.skip(f"PyInstaller is not installed next to {sys.executable}")
    base = tmp_path_factory.mktemp("pyinstaller")
    # No bytecode caches either: the spec imports the registry from the working tree.
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        str(PYINSTALLER),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(base / "dist"),
        "--workpath",
        str(base / "work"),
        str(SPEC),
    ]
    result = subprocess.run(
        command,
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, _explain(result)
    built = base / "dist" / "icorerx" / "icorerx"
    assert built.is_file(), f"{built} was not built\n{_explain(result)}"
    return built


def _app_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ICORERX_DATA_DIR", "QT_QPA_PLATFORM"}
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def test_self_test_passes(executable: Path, tmp_path: Path) -> None:
    """Forms, stores, argon2, sqlite-utils, qasync and the adapter, all frozen."""
    env = _app_env(ICORERX_DATA_DIR=str(tmp_path / "data"))
    result = _run([str(executable), "--self-test"], env, tmp_path)
    assert result.returncode == 0, _explain(result)
    assert "self-test passed" in result.stdout, _explain(result)
    assert "references steady" in result.stdout, _explain(result)  # the pinned binding


def test_demo_provisions_the_given_data_dir(executable: Path, tmp_path: Path) -> None:
    data_dir = (tmp_path / "data").resolve()
    result = _run([str(executable), "demo", "--data-dir", str(data_dir)], _app_env(), tmp_path)
    assert result.returncode == 0, _explain(result)
    assert f"Data dir: {data_dir}" in result.stdout, _explain(result)
    assert (data_dir / "settings.json").is_file()


def test_default_data_dir_comes_from_platformdirs(executable: Path, tmp_path: Path) -> None:
    """platformdirs picks its per-OS module at run time: the one place it could break frozen."""
    xdg_data_home = (tmp_path / "xdg-data").resolve()
    env = _app_env(XDG_DATA_HOME=str(xdg_data_home))
    result = _run([str(executable), "demo"], env, tmp_path)
    assert result.returncode == 0, _explain(result)
    assert f"Data dir: {xdg_data_home / 'icorerx'}" in result.stdout, _explain(result)
