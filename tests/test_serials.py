"""Token serials: normalising, checking and suggesting what the user meant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.serials import (
    CONFUSABLE_GROUPS,
    MAX_LENGTH,
    MIN_LENGTH,
    canonical_serial,
    looks_like_serial,
    normalize_serial,
    suggest_serial,
    unknown_serial_message,
)

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
serials = st.text(alphabet=ALNUM, min_size=MIN_LENGTH, max_size=MAX_LENGTH)
oath_serials = st.builds(
    lambda a, b, c: a + b + c,
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text(alphabet=ALNUM, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
)
CONFUSABLE = "".join(CONFUSABLE_GROUPS)


# normalize_serial


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("galh-1234 5678", "GALH12345678"),
        ("  GALH12345678\n", "GALH12345678"),
        ("ga lh\t1234\u00a05678", "GALH12345678"),  # tab, no-break space
        ("GALH\u20131234\u20145678", "GALH12345678"),  # en dash, em dash
        ("GALH_1234\u22125678", "GALH12345678"),  # underscore, minus sign
        (
            "\uff27\uff21\uff2c\uff28\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
            "GALH12345678",
        ),
        ("GALH#1234", "GALH#1234"),  # kept, for looks_like_serial to complain about
        ("", ""),
    ],
)
def test_normalize(typed: str, expected: str) -> None:
    assert normalize_serial(typed) == expected


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_serial(text)
    assert normalize_serial(once) == once


@given(serials, st.lists(st.sampled_from([" ", "-", "\u2013", "_", "\t"]), max_size=5), st.data())
def test_separators_and_case_do_not_matter(
    serial: str, seps: list[str], data: st.DataObject
) -> None:
    typed = list(serial.lower())
    for sep in seps:
        typed.insert(data.draw(st.integers(0, len(typed))), sep)
    assert normalize_serial("".join(typed)) == serial


# looks_like_serial


@pytest.mark.parametrize(
    "typed", ["GALH12345678", "galh-1234 5678", "ABC123", "A" * MAX_LENGTH, "12345678"]
)
def test_valid_serials(typed: str) -> None:
    assert looks_like_serial(typed) is None


def test_empty_serial() -> None:
    message = looks_like_serial("  - ")
    assert message is not None
    assert message.startswith("No serial was typed.")
    assert "GALH12345678" in message


def test_bad_characters_are_named() -> None:
    message = looks_like_serial("GALH#1234!5678#")
    assert message is not None
    assert "'#', '!' were typed" in message
    assert "letters and numbers" in message
    assert "largest identifier on the back of the token" in message


def test_non_ascii_letter_is_bad() -> None:
    message = looks_like_serial("GALH1234567\u00c9")
    assert message is not None
    assert "'\u00c9' was typed" in message


def test_too_short() -> None:
    message = looks_like_serial("GA-12")
    assert message is not None
    assert message.startswith("GA12 is too short for a serial (4 characters")
    assert "e.g. GALH12345678" in message


def test_too_long() -> None:
    message = looks_like_serial("A" * (MAX_LENGTH + 1))
    assert message is not None
    assert f"too long for a serial ({MAX_LENGTH + 1} characters" in message


@given(serials)
def test_every_alnum_serial_of_allowed_length_is_valid(serial: str) -> None:
    assert looks_like_serial(serial) is None


# suggest_serial

KNOWN = ["GALH12345678", "GALT87654321", "SNTP00001111"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("GALH1234567B", "GALH12345678"),  # B for 8
        ("GA1H12345678", "GALH12345678"),  # 1 for L
        ("gaih-1234-5678", "GALH12345678"),  # I for L, lower case, dashes
        ("5NTPOOOO1111", "SNTP00001111"),  # 5 for S, O for 0
        ("12345678", "GALH12345678"),  # only the digits
        ("LH12345678", "GALH12345678"),  # without the prefix
        ("87654321", "GALT87654321"),
        ("876543Z1", None),  # Z/2 is not a look-alike pair here
        ("H123456", "GALH12345678"),  # a middle part
        ("12345", None),  # too short to complete
        ("GALH12345678", None),  # exact: nothing to suggest
        ("galh 1234 5678", None),  # exact once normalised
        ("XXXX99999999", None),  # nothing fits
        ("", None),
    ],
)
def test_suggest(typed: str, expected: str | None) -> None:
    assert suggest_serial(typed, KNOWN) == expected


def test_suggest_ambiguous_suffix() -> None:
    assert suggest_serial("12345678", ["GALH12345678", "GALT12345678"]) is None


def test_suggest_ambiguous_middle() -> None:
    assert suggest_serial("345678", ["GALH12345678X", "GALT12345678Y"]) is None


def test_suggest_prefers_fewest_differences() -> None:
    # Both fold to the same canonical form; the one differing in one place wins.
    known = ["GALH12345670", "GA1H12345670"]
    assert suggest_serial("GALH1234567O", known) == "GALH12345670"


def test_suggest_tie_is_ambiguous() -> None:
    # I is one step from L and from 1.
    assert suggest_serial("GAIH12345670", ["GALH12345670", "GA1H12345670"]) is None


def test_suggest_exact_suffix_beats_lookalike_suffix() -> None:
    assert suggest_serial("12345678", ["GALH12345678", "GALT1234567B"]) == "GALH12345678"


def test_suggest_returns_known_as_given() -> None:
    assert suggest_serial("GALH1234567B", ["galh-1234-5678"]) == "galh-1234-5678"


def _swap(serial: str, index: int, pick: int) -> str | None:
    """Replace serial[index] by another member of its look-alike group, if it has one."""
    for group in CONFUSABLE_GROUPS:
        if serial[index] in group:
            others = [ch for ch in group if ch != serial[index]]
            return serial[:index] + others[pick % len(others)] + serial[index + 1 :]
    return None


@given(
    st.text(alphabet=ALNUM + CONFUSABLE * 3, min_size=MIN_LENGTH, max_size=MAX_LENGTH), st.data()
)
def test_one_lookalike_swap_suggests_the_only_known(serial: str, data: st.DataObject) -> None:
    positions = [i for i, ch in enumerate(serial) if ch in CONFUSABLE]
    if not positions:
        return
    index = data.draw(st.sampled_from(positions))
    typed = _swap(serial, index, data.draw(st.integers(0, 1)))
    assert typed is not None and typed != serial
    assert suggest_serial(typed, [serial]) == serial


@given(oath_serials, st.lists(oath_serials, max_size=5), st.data())
def test_lookalike_swaps_find_the_serial_among_others(
    serial: str, others: list[str], data: st.DataObject
) -> None:
    positions = [i for i, ch in enumerate(serial) if ch in CONFUSABLE]
    if not positions:
        return
    typed = serial
    for index in data.draw(st.sets(st.sampled_from(positions), min_size=1)):
        typed = _swap(typed, index, data.draw(st.integers(0, 1))) or typed
    if typed == serial:
        return
    rivals = [o for o in others if canonical_serial(o) == canonical_serial(serial)]
    known = [serial, *others]
    if not rivals:
        assert suggest_serial(typed, known) == serial
    elif serial not in rivals and typed not in rivals:
        result = suggest_serial(typed, known)
        assert result is None or canonical_serial(result) == canonical_serial(serial)


@given(oath_serials, st.integers(MIN_LENGTH, 11))
def test_typed_end_suggests_the_only_known(serial: str, length: int) -> None:
    assert suggest_serial(serial[-length:], [serial]) == serial


@given(st.text(max_size=24), st.lists(st.text(max_size=24), max_size=6))
def test_suggestion_is_known_and_not_typed(typed: str, known: list[str]) -> None:
    result = suggest_serial(typed, known)
    if result is not None:
        assert result in known
        assert normalize_serial(result) != normalize_serial(typed)


# unknown_serial_message


def test_message_with_lookalike_suggestion() -> None:
    message, next_step = unknown_serial_message("galh1234567o", "GALH12345670")
    assert message == "No token with serial GALH1234567O is known. Did you mean GALH12345670?"
    assert next_step.startswith("Check the serial on the back of the token")
    assert "O and 0" in next_step
    assert "GALH12345670" in next_step


def test_message_with_partial_suggestion() -> None:
    message, next_step = unknown_serial_message("1234-5678", "GALH12345678")
    assert message == "No token with serial 12345678 is known. Did you mean GALH12345678?"
    assert "including the letters at the start" in next_step


def test_message_without_suggestion() -> None:
    message, next_step = unknown_serial_message("XXXX99999999", None)
    assert message == "No token with serial XXXX99999999 is known."
    assert "back of the token" in next_step
    assert "GALH12345678" in next_step


def test_message_for_nothing_typed() -> None:
    message, next_step = unknown_serial_message(" ", None)
    assert message == "No serial was typed."
    assert "largest identifier" in next_step
