"""HOTP (RFC 4226) and TOTP (RFC 6238) code arithmetic, and the fast scanner used by resync.

Two independent paths compute codes on purpose: `generate_hotp` goes through the stdlib
`hmac` module (obviously right, used by the simulator and the tests), while `CodeScanner`
builds HMAC (RFC 2104) from precomputed inner and outer hash states, because a resync may
scan 100,000 counters and `hmac.HMAC.copy()` spends more time in Python wrappers than in
SHA-1. The tests hold the two paths to the same answers.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from enum import StrEnum
from typing import Final

MIN_DIGITS: Final = 6
MAX_DIGITS: Final = 8
MAX_COUNTER: Final = 2**64 - 1
"""RFC 4226 packs the moving factor into 8 bytes, so no counter or time step exceeds this."""

_COUNTER: Final = struct.Struct(">Q")
_UINT31: Final = 0x7FFFFFFF
_IPAD: Final = bytes(byte ^ 0x36 for byte in range(256))
_OPAD: Final = bytes(byte ^ 0x5C for byte in range(256))


class Algorithm(StrEnum):
    """The HMAC hash. Values are hashlib names so they can be stored and passed as-is."""

    SHA1 = "sha1"
    SHA256 = "sha256"
    SHA512 = "sha512"

    @classmethod
    def parse(cls, value: Algorithm | str) -> Algorithm:
        """Accept what PSKC files and databases spell: 'SHA1', 'sha-256', 'HmacSHA512'."""
        text = str(value).lower().replace("-", "").removeprefix("hmac")
        return cls(text)


def validate_digits(digits: int) -> None:
    # Fewer than 6 digits is forbidden by RFC 4226 R4; more than 8 would no longer be
    # uniform over the 31-bit truncated value and no hardware token uses it.
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be {MIN_DIGITS} to {MAX_DIGITS}, not {digits}")


def _check_counter(counter: int) -> None:
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"counter must fit in 8 unsigned bytes, not {counter}")


def dynamic_truncate(mac: bytes) -> int:
    """RFC 4226 section 5.3 DT: the 31-bit number the decimal code is taken from."""
    offset = mac[-1] & 0x0F
    return int.from_bytes(mac[offset : offset + 4], "big") & _UINT31


def format_code(value: int, digits: int) -> str:
    """Left-pad with zeros: a code's leading zeros are digits the doctor must type."""
    return f"{value % 10**digits:0{digits}d}"


def generate_hotp(
    key: bytes, counter: int, digits: int = 6, algorithm: Algorithm | str = Algorithm.SHA1
) -> str:
    """The code a token shows for `counter`."""
    validate_digits(digits)
    _check_counter(counter)
    mac = hmac.digest(key, _COUNTER.pack(counter), Algorithm.parse(algorithm).value)
    return format_code(dynamic_truncate(mac), digits)


def time_step(at_time: float, step: int = 30, t0: int = 0) -> int:
    """RFC 6238's T: whole steps since t0, floored so times before a boundary stay in it."""
    if step < 1:
        raise ValueError(f"time step must be at least 1 second, not {step}")
    return int((at_time - t0) // step)


def generate_totp(
    key: bytes,
    at_time: float,
    step: int = 30,
    digits: int = 6,
    algorithm: Algorithm | str = Algorithm.SHA1,
    t0: int = 0,
) -> str:
    """The code a time-based token shows at `at_time` (Unix seconds)."""
    return generate_hotp(key, time_step(at_time, step, t0), digits, algorithm)


def normalize_code(text: object, digits: int) -> str | None:
    """The code as typed, or None when it cannot be a code.

    Spaces are dropped because tokens display codes as "123 456" and people copy that.
    Only ASCII digits count: `str.isdigit` alone would let through superscripts and
    other scripts' digits, which no token shows.
    """
    if not isinstance(text, str):
        return None
    code = "".join(text.split())
    if len(code) != digits or not (code.isascii() and code.isdigit()):
        return None
    return code


class CodeScanner:
    """Codes of one key, computed with the HMAC key schedule done once.

    HMAC(K, m) = H(K ^ opad || H(K ^ ipad || m)). Hashing the padded key blocks once and
    copying those states per counter leaves one compression per hash, and each step is a
    single C call, with no Python-level frame per counter.
    """

    __slots__ = ("_inner", "_outer", "_modulus", "digits")

    def __init__(self, key: bytes, algorithm: Algorithm | str, digits: int) -> None:
        validate_digits(digits)
        name = Algorithm.parse(algorithm).value
        block_size = hashlib.new(name).block_size
        if len(key) > block_size:
            key = hashlib.new(name, key).digest()
        padded = key.ljust(block_size, b"\0")
        self._inner = hashlib.new(name, padded.translate(_IPAD))
        self._outer = hashlib.new(name, padded.translate(_OPAD))
        self._modulus: int = 10**digits
        self.digits = digits

    def code_at(self, counter: int) -> int:
        """The code for `counter` as an integer (format it with `format`)."""
        _check_counter(counter)
        inner = self._inner.copy()
        inner.update(_COUNTER.pack(counter))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return dynamic_truncate(outer.digest()) % self._modulus

    def format(self, code: int) -> str:
        return format_code(code, self.digits)

    def matches(self, counter: int, code: str) -> bool:
        """Constant-time check of a typed code, so timing tells nothing about the digits."""
        if not 0 <= counter <= MAX_COUNTER:
            return False
        return hmac.compare_digest(self.format(self.code_at(counter)), code)

    def find(self, start: int, stop: int, target: int) -> int:
        """First counter in [start, stop) whose code equals `target`, or -1.

        The hot loop of a resync. Everything it touches is a local, the HMAC and the
        dynamic truncation are written out inline, and the code is compared as an
        integer; the caller confirms a hit with `matches` (constant time) before trusting
        it. The integer comparison leaks only where the first hit is, which the caller's
        answer reveals anyway.
        """
        start = max(start, 0)
        stop = min(stop, MAX_COUNTER + 1)
        inner_copy = self._inner.copy
        outer_copy = self._outer.copy
        pack = _COUNTER.pack
        from_bytes = int.from_bytes
        modulus = self._modulus
        for counter in range(start, stop):
            inner = inner_copy()
            inner.update(pack(counter))
            outer = outer_copy()
            outer.update(inner.digest())
            mac = outer.digest()
            offset = mac[-1] & 15
            if (from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % modulus == target:
                return counter
        return -1
