"""Which passwords a person may choose (NIST SP 800-63B 5.1.1.2).

At least 8 characters; no composition rules (no "one digit, one symbol"), and any
printable text up to 256 characters, spaces included. Refused: passwords on the list of
common and breached passwords that ships with the application
(`desktop/data/common-passwords.txt`, made by `scripts/make_common_passwords.py`),
repeated or sequential characters, and words of this context: the username, the
practice's name, the application's name. Each refusal names the rule that failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

MIN_LENGTH = 8
MAX_LENGTH = 256
LIST_PACKAGE = "desktop.data"
LIST_FILE = "common-passwords.txt"
_CONTEXT_WORDS = ("icorerx", "icoreconnect", "icore")
_SEQUENCES = (
    "0123456789012345678901234567890",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiop",
)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower case (the comparison ignores case)."""
    text = resources.files(LIST_PACKAGE).joinpath(LIST_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def password_problem(password: str, *, username: str = "", context: Iterable[str] = ()) -> str:
    """ "" when the password may be used, else the rule it breaks, in words."""
    if len(password) < MIN_LENGTH:
        return (
            f"Too short: a password needs at least {MIN_LENGTH} characters (this has "
            f"{len(password)}). No digits or symbols are required; a few words make a good one."
        )
    if len(password) > MAX_LENGTH:
        return f"Too long: at most {MAX_LENGTH} characters."
    if not password.isprintable():
        return "A password cannot hold tabs, line breaks or other invisible characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return (
            "On the list of common and breached passwords, which attackers try first. "
            "Choose another; a few unrelated words make a strong one."
        )
    if _repetitive(lowered):
        return (
            "Repeated or sequential characters (such as aaaaaaaa, 12345678 or qwertyui) are "
            "among the first guesses. Choose another."
        )
    words = [username.strip().lower(), *(word.strip().lower() for word in context)]
    words += _CONTEXT_WORDS
    squeezed = "".join(ch for ch in lowered if ch.isalnum())
    for word in words:
        core = "".join(ch for ch in word if ch.isalnum())
        if len(core) >= 4 and core in squeezed and len(squeezed) - len(core) <= 4:
            return (
                "Too close to a name people here know (the username, the practice or the "
                "application). Choose something unrelated."
            )
    return ""


def _repetitive(text: str) -> bool:
    if len(set(text)) <= 2:
        return True
    for sequence in _SEQUENCES:
        if text in sequence or text in sequence[::-1]:
            return True
    return False
