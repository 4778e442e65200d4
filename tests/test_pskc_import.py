"""Reading vendor PSKC seed files: what is imported, and every way a file is refused."""

from __future__ import annotations

import base64
import io
import os
import re
import time
import types
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import pskc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.models import TokenKind
from desktop.domain.seeds import SeedRecord
from desktop.exostar.local import pskc_import
from desktop.exostar.local.pskc_import import SeedFileError, read_seed_file

SEED = b"12345678901234567890"
HOTP = "urn:ietf:params:xml:ns:keyprov:pskc:hotp"
TOTP = "urn:ietf:params:xml:ns:keyprov:pskc:totp"
PSK = bytes.fromhex("12345678901234567890123456789012")
WRONG_PSK = bytes.fromhex("00112233445566778899aabbccddeeff")
PASSWORD = "qwerty"
NS = 'xmlns="urn:ietf:params:xml:ns:keyprov:pskc"'

# RFC 6030 Figure 2, verbatim apart from indentation.
RFC6030_FIGURE2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<KeyContainer Version="1.0" Id="exampleID1" {NS}>
  <KeyPackage>
    <DeviceInfo>
      <Manufacturer>Manufacturer</Manufacturer>
      <SerialNo>987654321</SerialNo>
    </DeviceInfo>
    <CryptoModuleInfo><Id>CM_ID_001</Id></CryptoModuleInfo>
    <Key Id="12345678" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp">
      <Issuer>Issuer</Issuer>
      <AlgorithmParameters><ResponseFormat Length="8" Encoding="DECIMAL"/></AlgorithmParameters>
      <Data>
        <Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=
        </PlainValue></Secret>
        <Counter><PlainValue>0</PlainValue></Counter>
      </Data>
    </Key>
  </KeyPackage>
</KeyContainer>
"""


def token(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for `PSKC.add_key` describing a valid HOTP token."""
    return {"serial": "GA1000000001", "secret": SEED, "algorithm": HOTP, **overrides}


def build(
    *tokens: dict[str, Any],
    psk: bytes | None = None,
    password: str | None = None,
    algorithm: str | None = None,
    fields: list[str] | None = None,
) -> bytes:
    """A PSKC file written by python-pskc. Encryption is made deterministic (fixed IV, MAC key
    and salt) so that a wrong key fails the same way on every run."""
    container = pskc.PSKC()
    for kwargs in tokens:
        container.add_key(**kwargs)
    if psk is not None or password is not None:
        container.mac.setup(key=b"M" * 20)
        if psk is not None:
            container.encryption.setup_preshared_key(key=psk, algorithm=algorithm, fields=fields)
        else:
            assert password is not None
            container.encryption.setup_pbkdf2(
                password, algorithm=algorithm, fields=fields, salt=b"S" * 16, iterations=1000
            )
    out = io.BytesIO()
    # python-pskc draws CBC IVs from os.urandom; pin them (only inside its encryption module).
    ivs = types.SimpleNamespace(urandom=lambda n: b"\x07" * n)
    with mock.patch.object(pskc.encryption, "os", ivs):
        container.write(out)
    return out.getvalue()


def xml(packages: str, head: str = "") -> bytes:
    """A hand-made PSKC document: `head` goes before the root, `packages` inside it."""
    root = f'<KeyContainer Version="1.0" {NS}>{packages}</KeyContainer>'
    return f'<?xml version="1.0" encoding="UTF-8"?>{head}{root}'.encode()


def refused(data: bytes, *words: str, **credentials: Any) -> SeedFileError:
    """Assert the file is refused with a message that contains every one of `words`."""
    with pytest.raises(SeedFileError) as caught:
        read_seed_file(data, **credentials)
    error = caught.value
    for word in words:
        assert word.lower() in error.message.lower(), error.message
    assert error.next_step
    return error


def secret_cipher_value(data: bytes, change: Any) -> bytes:
    """The file with the base64 CipherValue of the first Secret replaced by `change(raw)`."""
    text = data.decode()
    pattern = re.compile(r"(<pskc:Secret>.*?<xenc:CipherValue>)([^<]+)", re.S)
    match = pattern.search(text)
    assert match
    raw = change(base64.b64decode(match.group(2)))
    return (text[: match.start(2)] + base64.b64encode(raw).decode() + text[match.end(2) :]).encode()


def flip_last_byte(raw: bytes) -> bytes:
    return raw[:-1] + bytes([raw[-1] ^ 0x01])


# --- what is imported -------------------------------------------------------------------------


def test_plain_hotp_maps_every_field() -> None:
    data = build(
        token(
            serial=" ga-10 0000 0001 ",
            counter=5,
            manufacturer="Thales",
            model="eToken PASS",
            response_length=6,
            response_encoding="DECIMAL",
        )
    )
    assert read_seed_file(data) == [
        SeedRecord(
            serial="GA1000000001",
            kind=TokenKind.HOTP,
            algorithm="sha1",
            digits=6,
            step=30,
            counter=5,
            drift=0,
            key=SEED,
            manufacturer="Thales",
            model="eToken PASS",
        )
    ]


def test_plain_totp_sha256_eight_digits() -> None:
    data = build(
        token(
            serial="GA7000000002",
            algorithm=TOTP,
            algorithm_suite="HMAC-SHA256",
            response_length=8,
            time_interval=60,
            time_drift=-2,
            manufacturer="Thales",
            model="eToken PASS TOTP",
        )
    )
    [record] = read_seed_file(data)
    assert record.serial == "GA7000000002"
    assert record.kind is TokenKind.TOTP
    assert record.algorithm == "sha256"
    assert record.digits == 8
    assert record.step == 60
    assert record.drift == -2
    assert record.counter == 0
    assert record.key == SEED
    assert (record.manufacturer, record.model) == ("Thales", "eToken PASS TOTP")


def test_defaults_when_the_file_leaves_things_out() -> None:
    [record] = read_seed_file(build(token(algorithm=TOTP)))
    assert (record.algorithm, record.digits, record.step, record.counter, record.drift) == (
        "sha1",
        6,
        30,
        0,
        0,
    )
    assert (record.manufacturer, record.model) == ("", "")


def test_rfc6030_figure2() -> None:
    [record] = read_seed_file(RFC6030_FIGURE2.encode())
    assert (record.serial, record.kind, record.digits, record.key) == (
        "987654321",
        TokenKind.HOTP,
        8,
        SEED,
    )
    assert record.manufacturer == "Manufacturer"


def test_utf16_file_is_read() -> None:
    text = RFC6030_FIGURE2.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    [record] = read_seed_file(text.encode("utf-16"))
    assert record.key == SEED


@pytest.mark.parametrize(
    ("suite", "expected"),
    [
        ("HMAC-SHA1", "sha1"),
        ("HMAC-SHA512", "sha512"),
        ("http://www.w3.org/2001/04/xmldsig-more#hmac-sha256", "sha256"),
        ("SHA-512", "sha512"),
    ],
)
def test_hash_suite_spellings(suite: str, expected: str) -> None:
    [record] = read_seed_file(build(token(algorithm=TOTP, algorithm_suite=suite)))
    assert record.algorithm == expected


def test_legacy_hash_separator_in_algorithm_uri() -> None:
    [record] = read_seed_file(build(token(algorithm="urn:ietf:params:xml:ns:keyprov:pskc#totp")))
    assert record.kind is TokenKind.TOTP


def test_several_tokens_keep_file_order() -> None:
    data = build(token(serial="GA1000000001"), token(serial="GA7000000002", algorithm=TOTP))
    assert [r.serial for r in read_seed_file(data)] == ["GA1000000001", "GA7000000002"]


def test_sixteen_byte_key_is_enough() -> None:
    [record] = read_seed_file(build(token(secret=SEED[:16])))
    assert record.key == SEED[:16]


# --- encrypted files --------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", [None, "aes256-cbc", "kw-aes128"])
def test_pre_shared_key(algorithm: str | None) -> None:
    psk = PSK * 2 if algorithm == "aes256-cbc" else PSK
    data = build(
        token(counter=7, algorithm=TOTP, time_drift=3),
        psk=psk,
        algorithm=algorithm,
        fields=["secret", "counter", "time_drift"],
    )
    assert SEED not in data and base64.b64encode(SEED) not in data
    [record] = read_seed_file(data, psk=psk)
    assert (record.key, record.counter, record.drift) == (SEED, 7, 3)


def test_pbkdf2_password() -> None:
    data = build(token(), password=PASSWORD)
    [record] = read_seed_file(data, password=PASSWORD)
    assert record.key == SEED


def test_wrong_pre_shared_key() -> None:
    error = refused(
        build(token(), psk=PSK), "Token 1", "GA1000000001", "pre-shared key is wrong", psk=WRONG_PSK
    )
    assert "Check the pre-shared key" in error.next_step


def test_wrong_password() -> None:
    refused(build(token(), password=PASSWORD), "GA1000000001", "password is wrong", password="nope")


def test_pre_shared_key_of_the_wrong_length() -> None:
    refused(build(token(), psk=PSK), "pre-shared key is 10 bytes", psk=b"0123456789")


def test_encrypted_file_without_key_or_password() -> None:
    error = refused(build(token(), psk=PSK), "GA1000000001", "encrypted", "no pre-shared key")
    assert "Enter the pre-shared key or password" in error.next_step


def test_password_given_for_a_pre_shared_key_file() -> None:
    refused(build(token(), psk=PSK), "pre-shared key, but a password", password=PASSWORD)


def test_tampered_ciphertext_is_a_mac_failure_not_a_wrong_key() -> None:
    data = secret_cipher_value(build(token(), psk=PSK), flip_last_byte)
    error = refused(data, "GA1000000001", "integrity check (MAC)", "altered", psk=PSK)
    assert "wrong" not in error.message
    assert "Do not use this file" in error.next_step


def test_tampered_mac_value() -> None:
    text = build(token(), psk=PSK).decode()
    good = re.search(r"<pskc:ValueMAC>([^<]+)<", text)
    assert good
    bad = base64.b64encode(flip_last_byte(base64.b64decode(good.group(1)))).decode()
    refused(text.replace(good.group(1), bad).encode(), "integrity check (MAC)", psk=PSK)


def test_python_pskc_itself_rejects_a_bad_mac() -> None:
    """The library's own check (used for legacy plaintext MACs) must not be silent either."""
    data = secret_cipher_value(build(token(), psk=PSK), flip_last_byte)
    container = pskc.PSKC(io.BytesIO(data))
    container.encryption.key = PSK
    with pytest.raises(pskc.exceptions.DecryptionError):
        container.keys[0].secret  # noqa: B018


def test_missing_mac_on_cbc_encrypted_seed() -> None:
    text = build(token(), psk=PSK).decode()
    stripped = re.sub(r"\s*<pskc:ValueMAC>[^<]+</pskc:ValueMAC>", "", text)
    refused(stripped.encode(), "GA1000000001", "no integrity check (MAC)", psk=PSK)


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


# --- vendor spellings, Key Id serials, library warnings -------------------------------------


@pytest.mark.parametrize(
    "algorithm,kind",
    [
        ("urn:ietf:params:xml:ns:keyprov:pskc:hotp", TokenKind.HOTP),
        ("urn:ietf:params:xml:ns:keyprov:pskc:totp", TokenKind.TOTP),
        ("urn:ietf:params:xml:ns:keyprov:pskc#hotp", TokenKind.HOTP),
        ("urn:ietf:params:xml:ns:keyprov:pskc#totp", TokenKind.TOTP),
        ("http://www.ietf.org/keyprov/pskc#hotp", TokenKind.HOTP),
        ("http://www.ietf.org/keyprov/pskc#totp", TokenKind.TOTP),
        ("HOTP", TokenKind.HOTP),
        ("TOTP", TokenKind.TOTP),
        ("hotp", TokenKind.HOTP),
        ("totp", TokenKind.TOTP),
        (" urn:ietf:params:xml:ns:keyprov:pskc:HOTP ", TokenKind.HOTP),
        ("OATH-HOTP", TokenKind.HOTP),
    ],
)
def test_every_spelling_of_hotp_and_totp(algorithm: str, kind: TokenKind) -> None:
    body = (
        "<KeyPackage><DeviceInfo><SerialNo>GA1000000001</SerialNo></DeviceInfo>"
        f'<Key Id="1" Algorithm="{algorithm}"><Data><Secret><PlainValue>'
        f"{base64.b64encode(SEED).decode()}</PlainValue></Secret></Data></Key></KeyPackage>"
    )
    [record] = read_seed_file(xml(body))
    assert record.kind is kind and record.key == SEED


@pytest.mark.parametrize("algorithm", ["xhotp", "urn:ietf:params:xml:ns:keyprov:pskc:hotp2"])
def test_a_name_that_only_looks_like_hotp_is_refused(algorithm: str) -> None:
    refused(build(token(algorithm=algorithm)), algorithm, "neither HOTP")


def test_refusal_names_the_algorithm_without_calling_it_hotp() -> None:
    error = refused(build(token(algorithm="urn:ietf:params:xml:ns:keyprov:pskc:pin")), "pin")
    assert "algorithm is HOTP" not in error.message
    assert "'urn:ietf:params:xml:ns:keyprov:pskc:pin', which is neither HOTP" in error.message


def test_key_id_is_the_serial_when_the_device_has_none() -> None:
    body = (
        f'<KeyPackage><Key Id="ga-2000 0001" Algorithm="{HOTP}"><Data><Secret><PlainValue>'
        f"{base64.b64encode(SEED).decode()}</PlainValue></Secret></Data></Key></KeyPackage>"
        "<KeyPackage><DeviceInfo><SerialNo>GA2000000002</SerialNo></DeviceInfo>"
        f'<Key Id="other" Algorithm="{TOTP}"><Data><Secret><PlainValue>'
        f"{base64.b64encode(SEED).decode()}</PlainValue></Secret></Data></Key></KeyPackage>"
    )
    contents = pskc_import.read_seeds(xml(body))
    assert [r.serial for r in contents.records] == ["GA20000001", "GA2000000002"]
    assert contents.serial_from_key_id == ["GA20000001"]  # said in the import report


@pytest.mark.parametrize(
    "algorithm,psk",
    [("tripledes-cbc", bytes(range(1, 25))), ("camellia128-cbc", PSK), ("kw-camellia128", PSK)],
)
def test_deprecated_ciphers_read_without_a_library_warning(algorithm: str, psk: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # writing the fixture touches the deprecated names
        data = build(token(), psk=psk, algorithm=algorithm)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        [record] = read_seed_file(data, psk=psk)
    assert record.key == SEED
    assert [str(w.message) for w in seen] == []


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
