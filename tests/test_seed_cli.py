"""`icorerx seeds import` and `icorerx tokens list`, as a clinic's IT person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings

import pytest

from desktop.cli import main
from tests.pskc_files import PSK, TOTP, build, token

PSK3 = bytes.fromhex("0123456789abcdeffedcba987654321089abcdef01234567")  # 3DES: 24 bytes


@pytest.fixture
def data_dir(tmp_path):
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    return tmp_path


def tokens(data_dir, capsys):
    capsys.readouterr()
    assert main(["tokens", "list", "--json", "--data-dir", str(data_dir)]) == 0
    return {row["serial"]: row for row in json.loads(capsys.readouterr().out)}


def psk_file(tmp_path, text):
    path = tmp_path / "vendor.key"
    path.write_text(text)
    return str(path)


def test_encrypted_file_is_imported_and_listed(data_dir, tmp_path, capsys):
    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(
        build(token(serial="GALH00000001"), token(serial="GAKT00000002", algorithm=TOTP), psk=PSK)
    )
    key = psk_file(tmp_path, PSK.hex() + "\n")
    code = main(["seeds", "import", str(seed_file), "--psk-file", key, "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert code == 0 and "Imported 2 token seed(s)" in out
    listed = tokens(data_dir, capsys)
    assert listed["GALH00000001"]["status"] == "Unassigned"
    assert listed["GAKT00000002"]["kind"] == "totp"
    assert set(listed) >= {"GALH12345678", "GAKT12345678"}
    # The same file again: reported, not overwritten, and not an error.
    assert (
        main(["seeds", "import", str(seed_file), "--psk-file", key, "--data-dir", str(data_dir)])
        == 0
    )
    assert "left unchanged: GALH00000001, GAKT00000002" in capsys.readouterr().out


def test_password_file_is_read_without_its_newline(data_dir, tmp_path, capsys):
    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(build(token(serial="GALH00000003"), password="s3cret"))
    password_file = tmp_path / "password.txt"
    password_file.write_text("s3cret\n")
    args = ["seeds", "import", str(seed_file), "--password-file", str(password_file)]
    assert main([*args, "--data-dir", str(data_dir)]) == 0
    assert "GALH00000003" in tokens(data_dir, capsys)


@pytest.mark.parametrize(
    "content,key,expected",
    [
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", None, "DOCTYPE"),
        (b"not xml at all", None, "not valid XML"),
        (None, "00112233445566778899aabbccddeeff", "pre-shared key is wrong"),
        (None, None, "no pre-shared key or password"),
        (None, "xyz", "hexadecimal"),
        (None, "\n", "empty"),
    ],
)
def test_bad_input_exits_2_and_imports_nothing(data_dir, tmp_path, capsys, content, key, expected):
    extra = ["--psk-file", psk_file(tmp_path, key)] if key is not None else []
    seed_file = tmp_path / "bad.pskc"
    seed_file.write_bytes(
        content if content is not None else build(token(serial="GALH00000009"), psk=PSK)
    )
    before = tokens(data_dir, capsys)
    code = main(["seeds", "import", str(seed_file), *extra, "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and "Nothing was imported" in err and "Traceback" not in err
    assert tokens(data_dir, capsys) == before


def test_missing_file_is_explained(data_dir, capsys):
    assert main(["seeds", "import", "/no/such.pskc", "--data-dir", str(data_dir)]) == 2
    assert "could not be read" in capsys.readouterr().err


def test_plain_listing_shows_owner_after_binding(data_dir, capsys):
    capsys.readouterr()
    assert main(["tokens", "list", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["SERIAL", "KIND", "STATUS", "OWNER"]
    assert any(line.startswith("GALH12345678") and "Unassigned" in line for line in lines)


def test_psk_from_standard_input(data_dir, tmp_path, capsys, monkeypatch):
    import io

    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(build(token(serial="GALH00000004"), psk=PSK))
    monkeypatch.setattr("sys.stdin", io.StringIO(f"  {PSK.hex().upper()}  \nignored\n"))
    args = ["seeds", "import", str(seed_file), "--psk-stdin", "--data-dir", str(data_dir)]
    assert main(args) == 0
    assert "GALH00000004" in tokens(data_dir, capsys)


def test_psk_on_the_command_line_is_refused_with_the_way_to_do_it(data_dir, tmp_path, capsys):
    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(build(token(serial="GALH00000005"), psk=PSK))
    before = tokens(data_dir, capsys)
    args = ["seeds", "import", str(seed_file), "--psk", PSK.hex(), "--data-dir", str(data_dir)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "process list" in err and "--psk-file" in err and "--psk-stdin" in err
    assert tokens(data_dir, capsys) == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it(data_dir, capsys):
    started = time.monotonic()
    assert main(["seeds", "import", "/dev/zero", "--data-dir", str(data_dir)]) == 2
    assert time.monotonic() - started < 5  # not read to the cap, let alone to the end
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Nothing was imported" in err


def test_a_triple_des_file_imports_without_a_library_warning(data_dir, tmp_path):
    """Run as the IT person runs it, with Python's default warning filters: stderr is clean."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # writing the fixture touches the same deprecated names
        data = build(token(serial="GALH00000006"), psk=PSK3, algorithm="tripledes-cbc")
    seed_file = tmp_path / "vendor3des.pskc"
    seed_file.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "seeds", "import", str(seed_file), "--psk-stdin"]
        + ["--data-dir", str(data_dir)],
        input=PSK3.hex() + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 1 token seed(s)" in done.stdout
    assert done.stderr == ""


def test_the_report_says_when_the_key_id_became_the_serial(data_dir, tmp_path, capsys):
    import base64

    from tests.pskc_files import HOTP, SEED, xml

    body = (
        f'<KeyPackage><Key Id="GALH00000007" Algorithm="{HOTP}"><Data><Secret><PlainValue>'
        f"{base64.b64encode(SEED).decode()}</PlainValue></Secret></Data></Key></KeyPackage>"
    )
    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(xml(body))
    assert main(["seeds", "import", str(seed_file), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "+ GALH00000007" in out
    assert "no device serial for GALH00000007: the Key Id was used as the serial" in out
    assert "GALH00000007" in tokens(data_dir, capsys)
