"""Token serial numbers as people type them: normalise, check, and guess what was meant.

OATH token identifiers are 12 characters: a 2-letter manufacturer prefix, a 2-character
token type and an 8-character unique id, e.g. GALH12345678. Vendors also print other
lengths, so anything of MIN_LENGTH..MAX_LENGTH letters and digits is accepted.

People add spaces or dashes, mix up look-alike characters (O/0, I/L/1, S/5, B/8) or type
only the digits at the end. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

MIN_LENGTH = 6
MAX_LENGTH = 20
MIN_PARTIAL = 6
"""Fewest characters typed for a partial serial to be completed by `suggest_serial`."""
EXAMPLE = "GALH12345678"
HOW_TO_TYPE = (
    f"Type the largest identifier on the back of the token, letters and numbers, e.g. {EXAMPLE}."
)

_ALLOWED = frozenset(string.ascii_uppercase + string.digits)
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+")
"""White space, underscores and every dash people (or word processors) type."""

_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8"})
"""Each look-alike group maps to one symbol: O/0, I/L/1, S/5, B/8."""
CONFUSABLE_GROUPS = ("O0", "IL1", "S5", "B8")
_LOOKALIKES = "Look-alike characters (O and 0; I, L and 1; S and 5; B and 8) are easy to mix up."


def normalize_serial(text: str) -> str:
    """Upper-case, without white space, dashes or underscores: 'galh-1234 5678' -> 'GALH12345678'.

    Full-width and other compatibility forms become plain characters (NFKC). Anything
    else is kept, so `looks_like_serial` can say what is wrong. Idempotent.
    """
    current = text
    # Upper-casing and removing separators can each expose a new NFKC composition;
    # repeat until nothing changes (one pass for any realistic input).
    for _ in range(8):
        cleaned = _SEPARATORS.sub("", unicodedata.normalize("NFKC", current).upper())
        if cleaned == current:
            break
        current = cleaned
    return current


def looks_like_serial(text: str) -> str | None:
    """None when the normalised text could be a serial; else what is wrong and what to do."""
    serial = normalize_serial(text)
    if not serial:
        return f"No serial was typed. {HOW_TO_TYPE}"
    bad = list(dict.fromkeys(ch for ch in serial if ch not in _ALLOWED))
    if bad:
        shown = ", ".join(_show_char(ch) for ch in bad)
        verb = "was" if len(bad) == 1 else "were"
        return f"A serial has only letters and numbers, but {shown} {verb} typed. {HOW_TO_TYPE}"
    if len(serial) < MIN_LENGTH:
        return (
            f"{serial} is too short for a serial ({len(serial)} characters; serials have "
            f"{MIN_LENGTH} to {MAX_LENGTH}, usually 12). {HOW_TO_TYPE}"
        )
    if len(serial) > MAX_LENGTH:
        return (
            f"{serial} is too long for a serial ({len(serial)} characters; serials have "
            f"{MIN_LENGTH} to {MAX_LENGTH}, usually 12). {HOW_TO_TYPE}"
        )
    return None


def canonical_serial(text: str) -> str:
    """The normalised serial with each look-alike group folded to one symbol (O->0, I/L->1,
    S->5, B->8): two serials a person could confuse have the same canonical form."""
    return normalize_serial(text).translate(_CONFUSABLE)


def suggest_serial(typed: str, known: Iterable[str]) -> str | None:
    """The known serial the user most likely meant, or None.

    Returns None when the normalised typed serial is itself known (nothing to suggest),
    when nothing fits, and when no single candidate fits best. In order:

    1. Look-alike characters: a known serial with the same canonical form; among several,
       the one differing in the fewest characters.
    2. Only the end typed (e.g. just the 8 digits, or no prefix), at least MIN_PARTIAL
       characters: a known serial that ends with it (look-alikes allowed, fewest
       differences wins).
    3. A middle part typed, at least MIN_PARTIAL characters: a known serial containing it.

    The known serial is returned as given in `known` (it may be non-normalised).
    """
    wanted = normalize_serial(typed)
    if not wanted:
        return None
    by_serial: dict[str, str] = {}
    for original in known:
        serial = normalize_serial(original)
        if serial:
            by_serial.setdefault(serial, original)
    if wanted in by_serial:
        return None
    canon = wanted.translate(_CONFUSABLE)
    canon_of = {serial: serial.translate(_CONFUSABLE) for serial in by_serial}

    full = {s: _differences(wanted, s) for s in by_serial if canon_of[s] == canon}
    if full:
        return _unique_best(full, by_serial)
    if len(wanted) < MIN_PARTIAL:
        return None
    suffix = {
        s: _differences(wanted, s[-len(wanted) :])
        for s in by_serial
        if len(s) > len(wanted) and canon_of[s].endswith(canon)
    }
    if suffix:
        return _unique_best(suffix, by_serial)
    inner: dict[str, int] = {}
    for s in by_serial:
        if len(s) <= len(wanted):
            continue
        starts = [i for i in range(len(s) - len(wanted) + 1) if canon_of[s].startswith(canon, i)]
        if starts:
            inner[s] = min(_differences(wanted, s[i : i + len(wanted)]) for i in starts)
    if inner:
        return _unique_best(inner, by_serial)
    return None


def unknown_serial_message(typed: str, suggestion: str | None) -> tuple[str, str]:
    """(message, next_step) for a serial that matches no known token, in plain words."""
    serial = normalize_serial(typed)
    if not serial:
        return "No serial was typed.", HOW_TO_TYPE
    if suggestion is None:
        return (
            f"No token with serial {serial} is known.",
            "Check the serial on the back of the token and type it again: the largest "
            f"identifier, letters and numbers, e.g. {EXAMPLE}. {_LOOKALIKES}",
        )
    shown = normalize_serial(suggestion) or suggestion
    message = f"No token with serial {serial} is known. Did you mean {shown}?"
    if len(serial) < len(shown):
        return (
            message,
            "A serial is the whole identifier, including the letters at the start, "
            f"e.g. {EXAMPLE}. Check the back of the token: if it reads {shown}, use that; "
            "otherwise type the whole serial again.",
        )
    return (
        message,
        f"Check the serial on the back of the token. {_LOOKALIKES} If it reads {shown}, "
        "use that; otherwise type the serial again.",
    )


def _differences(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _unique_best(scores: dict[str, int], by_serial: dict[str, str]) -> str | None:
    best = min(scores.values())
    winners = [s for s, score in scores.items() if score == best]
    return by_serial[winners[0]] if len(winners) == 1 else None


def _show_char(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"'{ch}'"
    return f"U+{ord(ch):04X}"


__all__ = [
    "CONFUSABLE_GROUPS",
    "EXAMPLE",
    "HOW_TO_TYPE",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "MIN_PARTIAL",
    "canonical_serial",
    "looks_like_serial",
    "normalize_serial",
    "suggest_serial",
    "unknown_serial_message",
]
