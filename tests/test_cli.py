"""The command line as a clinic's IT person meets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.config import Settings
from desktop.settings_file import ENV_DATA_DIR, resolve_data_dir


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_data_dir_order_flag_then_env_then_platform(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert "icorerx" in str(resolve_data_dir(None))


def test_demo_command_prints_what_it_did(tmp_path, capsys):
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "user doctor" in out and str(tmp_path) in out
    assert Settings.load(tmp_path).demo is True
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    assert "already in place" in capsys.readouterr().out


def test_no_display_gets_instructions_not_a_stack_trace(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    result = run_cli("--data-dir", str(tmp_path), env=env)
    assert result.returncode == 2
    assert "No display was found" in result.stderr
    assert "xvfb-run" in result.stderr and "--self-test" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_settings_file_is_named(tmp_path, capsys):
    (tmp_path / "settings.json").write_text("{not json")
    assert main(["demo", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "settings.json" in err and "Traceback" not in err


@pytest.mark.parametrize("data_dir_exists", [False, True])
def test_self_test_passes_and_leaves_the_data_dir_alone(tmp_path, data_dir_exists):
    data_dir = tmp_path / "data"
    if data_dir_exists:
        assert main(["demo", "--data-dir", str(data_dir)]) == 0
    before = sorted(p.name for p in data_dir.rglob("*")) if data_dir_exists else None
    result = run_cli("--self-test", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert "Qt binding 6.11.3" in result.stdout and "references steady" in result.stdout
    if data_dir_exists:
        assert "configured identity service" in result.stdout
        after = sorted(p.name for p in data_dir.rglob("*") if not p.name.endswith(("-wal", "-shm")))
        assert after == [n for n in before if not n.endswith(("-wal", "-shm"))]
    else:
        assert not Path(data_dir).exists()


WINDOW_ARGVS = (
    [],
    ["--demo"],
    ["--self-test"],
    ["--data-dir", "/tmp/desk"],
    ["--data-dir=/tmp/desk", "--demo"],
    ["--demo", "--data-dir", "/tmp/desk", "--self-test"],
    ["--data-dir", "/tmp/one", "--data-dir=/tmp/two"],
    ["--data-dir="],
    ["--demo", "--demo"],
)


@pytest.mark.parametrize("argv", WINDOW_ARGVS)
def test_opening_the_window_parses_as_the_whole_parser_does(argv):
    from desktop.cli_parser import build_parser, parse_args, window_options

    assert window_options(argv) is not None
    assert parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["demo"],
        ["--dem"],  # an abbreviation: the whole parser owns what it means
        ["--help"],
        ["--data-dir"],
        ["--data-dir", "--demo"],
        ["--demo", "tokens", "list"],
        ["--verbose"],
    ],
)
def test_anything_else_goes_through_the_whole_parser(argv):
    from desktop.cli_parser import window_options

    assert window_options(argv) is None


def test_a_mistake_beside_the_window_options_is_refused_by_the_whole_parser(capsys):
    from desktop.cli_parser import parse_args

    with pytest.raises(SystemExit) as exited:
        parse_args(["--demo", "--colour"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --colour" in capsys.readouterr().err
