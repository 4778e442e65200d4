"""OTP code arithmetic (RFC 4226 / RFC 6238 test vectors) and the engine's value types."""

from __future__ import annotations

import datetime as dt
import hmac
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.models import TokenKind
from desktop.domain.otp import (
    MAX_COUNTER,
    Algorithm,
    CodeScanner,
    OtpDecision,
    OtpPolicy,
    OtpTokenState,
    Reason,
    dynamic_truncate,
    format_code,
    generate_hotp,
    generate_totp,
    normalize_code,
    time_step,
)

FAST = settings(max_examples=60, deadline=None, database=None)

RFC4226_KEY = b"12345678901234567890"

# RFC 4226 Appendix D: count, HMAC-SHA-1(secret, count), truncated hex, decimal, HOTP.
RFC4226_VECTORS = [
    (0, "cc93cf18508d94934c64b65d8ba7667fb7cde4b0", 0x4C93CF18, 1284755224, "755224"),
    (1, "75a48a19d4cbe100644e8ac1397eea747a2d33ab", 0x41397EEA, 1094287082, "287082"),
    (2, "0bacb7fa082fef30782211938bc1c5e70416ff44", 0x082FEF30, 137359152, "359152"),
    (3, "66c28227d03a2d5529262ff016a1e6ef76557ece", 0x66EF7655, 1726969429, "969429"),
    (4, "a904c900a64b35909874b33e61c5938a8e15ed1c", 0x61C5938A, 1640338314, "338314"),
    (5, "a37e783d7b7233c083d4f62926c7a25f238d0316", 0x33C083D4, 868254676, "254676"),
    (6, "bc9cd28561042c83f219324d3c607256c03272ae", 0x7256C032, 1918287922, "287922"),
    (7, "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", 0x04E5B397, 82162583, "162583"),
    (8, "1b3c89f65e6c9e883012052823443f048b4332db", 0x2823443F, 673399871, "399871"),
    (9, "1637409809a679dc698207310c8c7fc07290d9e5", 0x2679DC69, 645520489, "520489"),
]

# RFC 6238 Appendix B: the seed is the ASCII digits repeated to the hash's output size.
RFC6238_SEEDS = {
    Algorithm.SHA1: b"12345678901234567890",
    Algorithm.SHA256: b"12345678901234567890123456789012",
    Algorithm.SHA512: b"1234567890" * 6 + b"1234",
}

# Time (s), UTC date, T (hex), TOTP, mode; X = 30, T0 = 0, 8 digits.
RFC6238_VECTORS = [
    (59, "1970-01-01", 0x0000000000000001, "94287082", Algorithm.SHA1),
    (59, "1970-01-01", 0x0000000000000001, "46119246", Algorithm.SHA256),
    (59, "1970-01-01", 0x0000000000000001, "90693936", Algorithm.SHA512),
    (1111111109, "2005-03-18", 0x00000000023523EC, "07081804", Algorithm.SHA1),
    (1111111109, "2005-03-18", 0x00000000023523EC, "68084774", Algorithm.SHA256),
    (1111111109, "2005-03-18", 0x00000000023523EC, "25091201", Algorithm.SHA512),
    (1111111111, "2005-03-18", 0x00000000023523ED, "14050471", Algorithm.SHA1),
    (1111111111, "2005-03-18", 0x00000000023523ED, "67062674", Algorithm.SHA256),
    (1111111111, "2005-03-18", 0x00000000023523ED, "99943326", Algorithm.SHA512),
    (1234567890, "2009-02-13", 0x000000000273EF07, "89005924", Algorithm.SHA1),
    (1234567890, "2009-02-13", 0x000000000273EF07, "91819424", Algorithm.SHA256),
    (1234567890, "2009-02-13", 0x000000000273EF07, "93441116", Algorithm.SHA512),
    (2000000000, "2033-05-18", 0x0000000003F940AA, "69279037", Algorithm.SHA1),
    (2000000000, "2033-05-18", 0x0000000003F940AA, "90698825", Algorithm.SHA256),
    (2000000000, "2033-05-18", 0x0000000003F940AA, "38618901", Algorithm.SHA512),
    (20000000000, "2603-10-11", 0x0000000027BC86AA, "65353130", Algorithm.SHA1),
    (20000000000, "2603-10-11", 0x0000000027BC86AA, "77737706", Algorithm.SHA256),
    (20000000000, "2603-10-11", 0x0000000027BC86AA, "47863826", Algorithm.SHA512),
]


@pytest.mark.parametrize(("count", "mac_hex", "truncated", "decimal", "hotp"), RFC4226_VECTORS)
def test_rfc4226_appendix_d(
    count: int, mac_hex: str, truncated: int, decimal: int, hotp: str
) -> None:
    mac = hmac.digest(RFC4226_KEY, struct.pack(">Q", count), "sha1")
    assert mac.hex() == mac_hex
    assert dynamic_truncate(mac) == truncated == decimal
    assert generate_hotp(RFC4226_KEY, count) == hotp
    scanner = CodeScanner(RFC4226_KEY, Algorithm.SHA1, 6)
    assert scanner.format(scanner.code_at(count)) == hotp
    assert scanner.find(0, 10, int(hotp)) == count


@pytest.mark.parametrize(("at", "utc_date", "t_value", "totp", "mode"), RFC6238_VECTORS)
def test_rfc6238_appendix_b(
    at: int, utc_date: str, t_value: int, totp: str, mode: Algorithm
) -> None:
    seed = RFC6238_SEEDS[mode]
    assert dt.datetime.fromtimestamp(at, dt.UTC).date().isoformat() == utc_date
    assert time_step(at, 30, 0) == t_value
    assert generate_totp(seed, at, step=30, digits=8, algorithm=mode, t0=0) == totp
    assert generate_hotp(seed, t_value, 8, mode) == totp
    scanner = CodeScanner(seed, mode, 8)
    assert scanner.find(t_value - 5, t_value + 5, int(totp)) == t_value


def test_leading_zeros_are_kept() -> None:
    assert generate_totp(RFC6238_SEEDS[Algorithm.SHA1], 1111111109, digits=8) == "07081804"
    assert format_code(42, 6) == "000042"


def test_time_step_floors_and_honours_t0_and_step() -> None:
    assert time_step(29.999, 30) == 0
    assert time_step(30, 30) == 1
    assert time_step(119, 60) == 1
    assert time_step(100, 30, t0=40) == 2
    assert time_step(-1, 30) == -1
    with pytest.raises(ValueError):
        time_step(100, 0)


@pytest.mark.parametrize("digits", [5, 9, 10])
def test_unsupported_digit_counts_are_refused(digits: int) -> None:
    with pytest.raises(ValueError):
        generate_hotp(RFC4226_KEY, 0, digits)


@pytest.mark.parametrize("counter", [-1, MAX_COUNTER + 1])
def test_counters_outside_eight_bytes_are_refused(counter: int) -> None:
    with pytest.raises(ValueError):
        generate_hotp(RFC4226_KEY, counter)
    assert not CodeScanner(RFC4226_KEY, Algorithm.SHA1, 6).matches(counter, "755224")


def test_algorithm_names_as_stored_elsewhere_are_understood() -> None:
    assert Algorithm.parse("SHA1") is Algorithm.SHA1
    assert Algorithm.parse("sha-256") is Algorithm.SHA256
    assert Algorithm.parse("HmacSHA512") is Algorithm.SHA512
    with pytest.raises(ValueError):
        Algorithm.parse("md5")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("755224", "755224"),
        (" 755 224 ", "755224"),
        ("75522", None),
        ("7552244", None),
        ("75522a", None),
        ("", None),
        ("\u0667\u0665\u0665\u0662\u0662\u0664", None),  # Arabic-Indic digits
        ("75522\u00b2", None),  # superscript two passes str.isdigit
        (None, None),
        (755224, None),
    ],
)
def test_normalize_code(typed: object, expected: str | None) -> None:
    assert normalize_code(typed, 6) == expected


@FAST
@given(
    key=st.binary(min_size=1, max_size=200),
    counter=st.integers(min_value=0, max_value=MAX_COUNTER),
    algorithm=st.sampled_from(list(Algorithm)),
    digits=st.integers(min_value=6, max_value=8),
)
def test_scanner_agrees_with_the_hmac_module(
    key: bytes, counter: int, algorithm: Algorithm, digits: int
) -> None:
    """Keys longer than a hash block (64/128 bytes) are hashed first: both paths must agree."""
    scanner = CodeScanner(key, algorithm, digits)
    expected = generate_hotp(key, counter, digits, algorithm)
    assert scanner.format(scanner.code_at(counter)) == expected
    assert scanner.matches(counter, expected)
    start = max(0, counter - 3)
    assert scanner.find(start, counter + 1, int(expected)) in range(start, counter + 1)


def test_find_stops_at_the_first_hit_and_reports_absence() -> None:
    scanner = CodeScanner(RFC4226_KEY, Algorithm.SHA1, 6)
    assert scanner.find(4, 10, 755224) == -1  # the code of counter 0, not in [4, 10)
    assert scanner.find(-5, 1, 755224) == 0
    assert scanner.find(MAX_COUNTER - 1, MAX_COUNTER + 10, -1) == -1


# --- value types -------------------------------------------------------------------------


def test_state_coerces_stored_strings_and_hides_the_key() -> None:
    state = OtpTokenState(kind="totp", key=RFC4226_KEY, algorithm="SHA256")  # type: ignore[arg-type]
    assert state.kind is TokenKind.TOTP
    assert state.algorithm is Algorithm.SHA256
    assert "1234" not in repr(state)


@pytest.mark.parametrize(
    "changes",
    [
        {"key": b"too short"},
        {"digits": 5},
        {"step_seconds": 0},
        {"counter": -1},
        {"fail_count": -1},
        {"kind": "sms"},
    ],
)
def test_state_refuses_impossible_values(changes: dict[str, object]) -> None:
    fields: dict[str, object] = {"kind": TokenKind.HOTP, "key": RFC4226_KEY, **changes}
    with pytest.raises(ValueError):
        OtpTokenState(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "changes",
    [
        {"hotp_resync_window": 100_001},
        {"hotp_resync_window": 0},
        {"max_failures": 101},
        {"max_failures": 0},
        {"totp_resync_steps": 50_001},
        {"hotp_check_window": 0},
        {"totp_check_steps": -1},
        {"reuse_lookback": -1},
        {"max_failures": True},
    ],
)
def test_policy_refuses_limits_beyond_the_rules(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        OtpPolicy(**changes)


def test_policy_accepts_the_largest_allowed_limits() -> None:
    policy = OtpPolicy(hotp_resync_window=100_000, max_failures=100, totp_resync_steps=50_000)
    assert policy.hotp_resync_window == 100_000
    assert OtpPolicy().hotp_check_window == 10
    assert OtpPolicy().totp_resync_steps * 30 == 24 * 3600


def test_every_reason_has_its_own_plain_message() -> None:
    messages = [reason.message for reason in Reason]
    assert len(set(messages)) == len(Reason)
    assert all(len(message) > 20 for message in messages)
    outside = Reason.OUTSIDE_RESYNC_WINDOW.message
    assert outside.startswith("Your token is outside of the re-activation window")
    assert "888-810-7706" in outside
    assert "Active" in Reason.ALREADY_USED.message
    assert "30 seconds" in Reason.IDENTICAL_CODES.message


def test_only_answers_that_used_the_key_cost_an_attempt() -> None:
    counted = {reason for reason in Reason if reason.counts_as_failure}
    assert counted == {
        Reason.WRONG_CODE,
        Reason.ALREADY_USED,
        Reason.NOT_CONSECUTIVE,
        Reason.OUTSIDE_RESYNC_WINDOW,
    }


def test_decision_accepted_follows_the_reason() -> None:
    state = OtpTokenState(kind=TokenKind.TOTP, key=RFC4226_KEY)
    assert OtpDecision(Reason.OK, state).accepted
    assert not OtpDecision(Reason.WRONG_CODE, state).accepted
    assert OtpDecision(Reason.OK, state, drift_steps=-2).drift_seconds == -60
    assert OtpDecision(Reason.OK, state).drift_seconds is None
    assert OtpDecision(Reason.LOCKED, state).message == Reason.LOCKED.message
