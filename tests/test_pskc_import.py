"""Reading vendor PSKC seed files: what is imported, and every way a file is refused."""

from __future__ import annotations

import base64
import io
import re
import warnings

import pskc
import pytest

from desktop.domain.models import TokenKind
from desktop.domain.seeds import SeedRecord
from desktop.exostar.local import pskc_import
from desktop.exostar.local.pskc_import import read_seed_file
from tests.pskc_files import (
    HOTP,
    PASSWORD,
    PSK,
    RFC6030_FIGURE2,
    SEED,
    TOTP,
    WRONG_PSK,
    build,
    flip_last_byte,
    refused,
    secret_cipher_value,
    token,
    xml,
)

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
