"""Reading vendor PSKC seed files: hostile, broken and oversized files are refused whole."""

from __future__ import annotations

import base64
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.exostar.local import pskc_import
from desktop.exostar.local.pskc_import import SeedFileError, read_seed_file
from tests.pskc_files import (
    HOTP,
    PSK,
    RFC6030_FIGURE2,
    SEED,
    TOTP,
    build,
    flip_last_byte,
    refused,
    token,
    xml,
)

# --- hostile and broken files -----------------------------------------------------------------


def test_doctype_is_refused() -> None:
    head = "<!DOCTYPE KeyContainer>"
    refused(xml("", head=head) + b"", "DOCTYPE")
    refused(RFC6030_FIGURE2.replace("?>", "?><!doctype KeyContainer>", 1).encode(), "DOCTYPE")


def test_billion_laughs_is_refused() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    head = f'<!DOCTYPE KeyContainer [<!ENTITY lol0 "lol">{lol}]>'
    body = "<KeyPackage><DeviceInfo><SerialNo>&lol9;</SerialNo></DeviceInfo></KeyPackage>"
    refused(xml(body, head=head), "ENTITY")


def test_external_entity_is_refused() -> None:
    head = '<!DOCTYPE KeyContainer [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = "<KeyPackage><DeviceInfo><SerialNo>&xxe;</SerialNo></DeviceInfo></KeyPackage>"
    refused(xml(body, head=head), "DOCTYPE")
    refused(
        xml("", head='<!DOCTYPE KeyContainer SYSTEM "http://example.invalid/x.dtd">'), "DOCTYPE"
    )


def test_utf16_doctype_is_refused() -> None:
    text = RFC6030_FIGURE2.replace(
        'encoding="UTF-8"?>', 'encoding="UTF-16"?><!DOCTYPE KeyContainer>'
    )
    refused(text.encode("utf-16"), "DOCTYPE")
    refused(text.encode("utf-16-be"), "DOCTYPE")


def test_parser_refuses_doctype_even_if_the_byte_scan_missed_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pskc_import, "_HOSTILE_MARKERS", ())
    head = '<!DOCTYPE KeyContainer [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    refused(xml("<KeyPackage/>", head=head), "DOCTYPE")


def test_oversized_file() -> None:
    data = xml("") + b" " * pskc_import.MAX_FILE_BYTES
    refused(data, "MB")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not xml at all",
        b"<KeyContainer><KeyPackage>",
        b"\xff\xfe\x00garbage",
        b'<?xml version="1.0" encoding="TTF-8"?><KeyContainer/>',  # found by hypothesis
    ],
)
def test_malformed_xml(data: bytes) -> None:
    refused(data, "not valid XML")


def test_xml_that_is_not_pskc() -> None:
    refused(b'<?xml version="1.0"?><html><body/></html>', "not a PSKC")


def test_unsupported_pskc_version() -> None:
    refused(xml("").replace(b'Version="1.0"', b'Version="2.0"'), "not a PSKC")


def test_empty_package() -> None:
    refused(xml(""), "no tokens")
    refused(build(), "no tokens")


def test_device_without_a_key() -> None:
    body = "<KeyPackage><DeviceInfo><SerialNo>GA1000000009</SerialNo></DeviceInfo></KeyPackage>"
    refused(xml(body), "Token 1", "GA1000000009", "0 keys")


def test_key_without_a_seed() -> None:
    body = (
        "<KeyPackage><DeviceInfo><SerialNo>GA1000000009</SerialNo></DeviceInfo>"
        f'<Key Algorithm="{HOTP}"/></KeyPackage>'
    )
    refused(xml(body), "GA1000000009", "no seed")


def test_bad_base64_seed() -> None:
    body = (
        "<KeyPackage><DeviceInfo><SerialNo>GA1</SerialNo></DeviceInfo>"
        f'<Key Algorithm="{HOTP}"><Data><Secret><PlainValue>A</PlainValue></Secret></Data>'
        "</Key></KeyPackage>"
    )
    refused(xml(body), "cannot be read")


def test_missing_serial() -> None:
    refused(build(token(serial=None)), "Token 1 in the file", "no serial number")
    refused(build(token(serial=" - ")), "no serial number")


def test_duplicate_serials_after_normalising() -> None:
    data = build(token(serial="GA-10 0000 0001"), token(serial="ga1000000001"))
    refused(data, "GA1000000001", "more than once", "tokens 1 and 2")


@pytest.mark.parametrize(
    "algorithm",
    [
        "urn:ietf:params:xml:ns:keyprov:pskc:OCRA-1:HOTP-SHA1-6:QN08",
        "urn:ietf:params:xml:ns:keyprov:pskc:pin",
        "http://www.rsa.com/rsalabs/otps/schemas/2005/09/otps-wst#SecurID-AES",
        None,
    ],
)
def test_unsupported_algorithm(algorithm: str | None) -> None:
    refused(build(token(algorithm=algorithm)), "GA1000000001", "only HOTP and TOTP")


def test_unsupported_hash() -> None:
    refused(build(token(algorithm_suite="HMAC-MD5")), "HMAC-MD5", "SHA-1")


@pytest.mark.parametrize("digits", [4, 7, 10])
def test_unsupported_digits(digits: int) -> None:
    refused(build(token(response_length=digits)), f"{digits}-digit")


def test_non_decimal_codes() -> None:
    refused(build(token(response_encoding="ALPHANUMERIC")), "ALPHANUMERIC")


def test_key_too_short() -> None:
    refused(build(token(secret=SEED[:15])), "GA1000000001", "15 bytes", "at least 16")


def test_negative_counter() -> None:
    refused(build(token(counter=-1)), "counter is negative")


def test_all_or_nothing() -> None:
    data = build(token(serial="GA1000000001"), token(serial="GA1000000002", secret=b"short"))
    error = refused(data, "Token 2", "GA1000000002", "5 bytes")
    assert "Nothing was imported" in error.next_step


def test_all_or_nothing_when_only_the_second_seed_is_tampered() -> None:
    data = build(token(serial="GA1000000001"), token(serial="GA1000000002"), psk=PSK)
    text = data.decode()
    values = list(re.finditer(r"<pskc:Secret>.*?<xenc:CipherValue>([^<]+)", text, re.S))
    second = values[1]
    raw = flip_last_byte(base64.b64decode(second.group(1)))
    text = text[: second.start(1)] + base64.b64encode(raw).decode() + text[second.end(1) :]
    refused(text.encode(), "Token 2", "GA1000000002", "MAC", psk=PSK)


# --- robustness -------------------------------------------------------------------------------

_VALID = build(token(counter=3, algorithm=TOTP, time_drift=1), psk=PSK)


@settings(max_examples=150, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_only_ever_raise_seed_file_error(data: bytes) -> None:
    try:
        read_seed_file(data)
    except SeedFileError:
        pass


@settings(max_examples=150, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(_VALID) - 1), st.integers(1, 255))
def test_corrupted_files_are_imported_intact_or_refused(position: int, xor: int) -> None:
    data = bytearray(_VALID)
    data[position] ^= xor
    try:
        records = read_seed_file(bytes(data), psk=PSK)
    except SeedFileError:
        return
    # A byte in markup or whitespace may change harmlessly; the seed itself never silently.
    assert all(record.key == SEED for record in records)


# --- reading the file: size first -------------------------------------------------------------


def test_a_seed_file_is_read_from_its_path(tmp_path) -> None:
    path = tmp_path / "vendor.pskc"
    path.write_bytes(build(token()))
    assert pskc_import.read_seed_path(path) == path.read_bytes()


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "huge.pskc"
    with path.open("wb") as handle:
        handle.truncate(pskc_import.MAX_FILE_BYTES + 1)  # sparse: nothing written to disk
    reads: list[int] = []
    original = pskc_import._read_at_most
    monkeypatch.setattr(
        pskc_import, "_read_at_most", lambda h, n: reads.append(n) or original(h, n)
    )
    with pytest.raises(SeedFileError) as caught:
        pskc_import.read_seed_path(path)
    assert "at most 10 MB" in caught.value.message and reads == []


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading_it() -> None:
    started = time.monotonic()
    with pytest.raises(SeedFileError) as caught:
        pskc_import.read_seed_path(Path("/dev/zero"))
    assert time.monotonic() - started < 2
    assert "not a regular file" in caught.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_with_no_writer_is_refused_without_waiting(tmp_path) -> None:
    fifo = tmp_path / "seeds.pskc"
    os.mkfifo(fifo)
    with pytest.raises(SeedFileError) as caught:
        pskc_import.read_seed_path(fifo)
    assert "not a regular file" in caught.value.message


def test_a_folder_or_missing_file_is_explained(tmp_path) -> None:
    with pytest.raises(SeedFileError) as caught:
        pskc_import.read_seed_path(tmp_path / "missing.pskc")
    assert "could not be read" in caught.value.message
    with pytest.raises(SeedFileError) as caught:
        pskc_import.read_seed_path(tmp_path)
    assert "could not be read" in caught.value.message or "not a regular" in caught.value.message
