"""`icorerx seeds import` and `icorerx tokens list`, as a clinic's IT person runs them."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from tests.test_pskc_import import PSK, TOTP, build, token


@pytest.fixture
def data_dir(tmp_path):
    assert main(["demo", "--data-dir", str(tmp_path)]) == 0
    return tmp_path


def tokens(data_dir, capsys):
    capsys.readouterr()
    assert main(["tokens", "list", "--json", "--data-dir", str(data_dir)]) == 0
    return {row["serial"]: row for row in json.loads(capsys.readouterr().out)}


def test_encrypted_file_is_imported_and_listed(data_dir, tmp_path, capsys):
    seed_file = tmp_path / "vendor.pskc"
    seed_file.write_bytes(
        build(token(serial="GALH00000001"), token(serial="GAKT00000002", algorithm=TOTP), psk=PSK)
    )
    code = main(
        ["seeds", "import", str(seed_file), "--psk", PSK.hex(), "--data-dir", str(data_dir)]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Imported 2 token seed(s)" in out
    listed = tokens(data_dir, capsys)
    assert listed["GALH00000001"]["status"] == "Unassigned"
    assert listed["GAKT00000002"]["kind"] == "totp"
    assert set(listed) >= {"GALH12345678", "GAKT12345678"}
    # The same file again: reported, not overwritten, and not an error.
    assert (
        main(["seeds", "import", str(seed_file), "--psk", PSK.hex(), "--data-dir", str(data_dir)])
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
    "content,extra,expected",
    [
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", [], "DOCTYPE"),
        (b"not xml at all", [], "not valid XML"),
        (None, ["--psk", "00112233445566778899aabbccddeeff"], "pre-shared key is wrong"),
        (None, [], "no pre-shared key or password"),
        (None, ["--psk", "xyz"], "hexadecimal"),
    ],
)
def test_bad_input_exits_2_and_imports_nothing(
    data_dir, tmp_path, capsys, content, extra, expected
):
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
