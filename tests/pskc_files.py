"""PSKC seed files for tests: written by python-pskc, or by hand, and how a refusal is checked."""

from __future__ import annotations

import base64
import io
import re
import types
from typing import Any
from unittest import mock

import pskc
import pytest

from desktop.exostar.local.pskc_import import SeedFileError, read_seed_file

SEED = b"12345678901234567890"
HOTP = "urn:ietf:params:xml:ns:keyprov:pskc:hotp"
TOTP = "urn:ietf:params:xml:ns:keyprov:pskc:totp"
PSK = bytes.fromhex("12345678901234567890123456789012")
WRONG_PSK = bytes.fromhex("00112233445566778899aabbccddeeff")
PASSWORD = "qwerty"
NS = 'xmlns="urn:ietf:params:xml:ns:keyprov:pskc"'


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
