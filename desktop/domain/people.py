"""What a practice records about its people, and what is wrong with a value as it is typed.

Pure Python, so the People screen, first-run setup and `icorerx setup` give the same words.
Each `*_problem` function returns "" when the value is fine, else one sentence that says
what is wrong and how it should look.

- DEA registration number: 2 letters + 7 digits. The first letter is the registrant type
  (A, B, F, G for practitioners; M for mid-level practitioners), the second the initial of
  the registrant's last name (or 9), and the last digit a check digit:
  (d1 + d3 + d5) + 2 * (d2 + d4 + d6) ends in d7. Example: AW1234563.
- NPI: 10 digits; the last is a Luhn check digit over "80840" + the first 9. Example:
  1234567893.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.domain.models import ROLE_ORDER, PrescriberCredentials, Role

USERNAME_RULE = "3 to 32 characters: lower-case letters, digits, dots, dashes or underscores, "
USERNAME_RULE += "starting with a letter"
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,31}")
_DEA = re.compile(r"[A-Z][A-Z9][0-9]{7}")  # the second may be 9 (see below)
DEA_REGISTRANT_TYPES = "ABFGM"
DEA_REGISTRATION_YEARS = 3
"""A DEA registration runs for three years; an expiry further out is a mistyped year."""
_LICENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,19}")
NAME_MAX = 100
NPI_PREFIX = "80840"
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)
"""States, the District of Columbia and the territories that license prescribers."""

_TITLES = {"dr", "dr.", "doctor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof."}
_SUFFIXES = {
    "jr", "sr", "ii", "iii", "iv", "md", "do", "np", "pa", "pa-c", "dds", "dmd", "dpm", "dvm",
    "od", "rn", "aprn", "fnp", "fnp-c", "cnm", "crna", "phd", "pharmd", "facp", "faafp",
}  # fmt: skip

ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""No 0/o, 1/l/i: a one-time password is read aloud or copied from the screen by hand."""


def normalise_username(text: str) -> str:
    return text.strip().lower()


def username_problem(text: str) -> str:
    name = normalise_username(text)
    if not name:
        return "Type a username: " + USERNAME_RULE + "."
    if not _USERNAME.fullmatch(name):
        return f"A username is {USERNAME_RULE}."
    return ""


def display_name_problem(text: str) -> str:
    name = text.strip()
    if not name:
        return "Type the person's name as it should appear on screen and in the audit log."
    if len(name) < 2 or len(name) > NAME_MAX or not name.isprintable():
        return f"A name is 2 to {NAME_MAX} printable characters."
    return ""


def last_name_initials(display_name: str) -> frozenset[str]:
    """Initials a DEA number's second letter may carry for this name.

    "Dr. Dana Whitfield, MD" -> {W}; "Whitfield, Dana" -> {W}; "Maria de la Cruz" -> {D, L, C}
    (which word the registration used is not known, so each word after the first may be
    the last name's first). Empty when the name gives no last name to compare with.
    """
    text = display_name.strip()
    if "," in text:
        before, _, after = text.partition(",")
        after_words = after.replace(",", " ").split()
        if after_words and all(word.lower().strip(".") in _SUFFIXES for word in after_words):
            text = before  # "Dana Whitfield, MD"
        else:
            return _initials(before.split())  # "Whitfield, Dana"
    words = [word for word in text.split() if word.lower() not in _TITLES]
    while words and words[-1].lower().strip(".") in _SUFFIXES:
        words.pop()
    return _initials(words[1:])


def _initials(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word[0].upper() for word in words if word and word[0].isalpha())


def normalise_dea(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def dea_check_digit(digits: str) -> int:
    """The DEA check digit of the first six digits of a registration number."""
    d = [int(ch) for ch in digits[:6]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10


def dea_problem(text: str, display_name: str = "") -> str:
    dea = normalise_dea(text)
    if not dea:
        return "Type the DEA registration number: 2 letters and 7 digits, such as AW1234563."
    if not _DEA.fullmatch(dea):
        return (
            "A DEA registration number is 2 letters then 7 digits, such as AW1234563 "
            f"(this has {len(dea)} characters)."
            if len(dea) != 9
            else "A DEA registration number is 2 letters then 7 digits, such as AW1234563."
        )
    if dea[0] not in DEA_REGISTRANT_TYPES:
        return (
            f"The first letter is the registrant type: A, B, F or G for a practitioner, M for a "
            f"mid-level practitioner; {dea[0]} is not one of them."
        )
    initials = last_name_initials(display_name)
    if dea[1] != "9" and initials and dea[1] not in initials:
        expected = " or ".join(sorted(initials))
        return (
            f"The second letter should be the initial of the last name ({expected}) or 9, "
            f"not {dea[1]}. Check the number and the name."
        )
    if dea_check_digit(dea[2:8]) != int(dea[8]):
        return "The digits do not add up (the DEA check digit): one of them is probably mistyped."
    return ""


def dea_expiry_problem(expiry: dt.date | None, today: dt.date) -> str:
    if expiry is None:
        return "Enter the date the DEA registration expires."
    if expiry < today:
        return (
            f"This registration expired on {expiry:%m/%d/%Y}. Enter the renewed registration's "
            "expiry date; an expired one cannot sign controlled substances."
        )
    if expiry > today + dt.timedelta(days=366 * DEA_REGISTRATION_YEARS + 31):
        return (
            f"A DEA registration runs for {DEA_REGISTRATION_YEARS} years; {expiry:%m/%d/%Y} is "
            "further out. Check the year."
        )
    return ""


def normalise_npi(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def luhn_check_digit(payload: str) -> int:
    """The digit that makes `payload` + digit pass the Luhn check."""
    total = 0
    for position, ch in enumerate(reversed(payload)):
        n = int(ch)
        if position % 2 == 0:  # the rightmost payload digit is doubled
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return (10 - total % 10) % 10


def npi_problem(text: str) -> str:
    npi = normalise_npi(text)
    if not npi:
        return "Type the National Provider Identifier (NPI): 10 digits, such as 1234567893."
    if not (npi.isdigit() and npi.isascii()) or len(npi) != 10:
        return f"An NPI is 10 digits, such as 1234567893 (this has {len(npi)} characters)."
    if luhn_check_digit(NPI_PREFIX + npi[:9]) != int(npi[9]):
        return "The digits do not add up (the NPI check digit): one of them is probably mistyped."
    return ""


def licence_state_problem(text: str) -> str:
    state = text.strip().upper()
    if not state:
        return "Type the two-letter state of the licence, such as CA."
    if state not in US_STATES:
        return f"{state} is not a US state or territory code; use two letters, such as CA or NY."
    return ""


def normalise_licence(text: str) -> str:
    return text.strip().upper()


def licence_number_problem(text: str) -> str:
    number = normalise_licence(text)
    if not number:
        return "Type the state licence number as it is on the licence."
    if not _LICENCE.fullmatch(number):
        return "A licence number is 2 to 20 letters, digits or dashes, as printed on the licence."
    return ""


def normalise_mobile(text: str) -> str:
    """+1 and ten digits (E.164), or "" when nothing usable was typed."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"+1{digits}" if len(digits) == 10 else ""


def mobile_problem(text: str) -> str:
    if not text.strip():
        return ""  # optional: a prescriber can be given a phone later
    if re.search(r"[^\d\s()+.-]", text):
        return "A mobile number has digits only, such as (555) 010-0100."
    number = normalise_mobile(text)
    if not number:
        return "A US mobile number has 10 digits, such as (555) 010-0100."
    if number[2] in "01":
        return "A US area code does not start with 0 or 1."
    return ""


def roles_problem(roles: Iterable[Role]) -> str:
    return "" if any(True for _ in roles) else "Choose at least one role."


@dataclass(frozen=True)
class PersonForm:
    """What the People form holds, as typed."""

    username: str
    display_name: str
    roles: frozenset[Role]
    dea_number: str = ""
    dea_expiry: dt.date | None = None
    licence_state: str = ""
    licence_number: str = ""
    npi: str = ""
    mobile: str = ""

    @property
    def prescriber(self) -> bool:
        return Role.PRESCRIBER in self.roles

    def problems(self, today: dt.date) -> dict[str, str]:
        """Field name -> what is wrong; empty when the form can be saved."""
        found = {
            "username": username_problem(self.username),
            "display_name": display_name_problem(self.display_name),
            "roles": roles_problem(self.roles),
        }
        if self.prescriber:
            found |= {
                "dea_number": dea_problem(self.dea_number, self.display_name),
                "dea_expiry": dea_expiry_problem(self.dea_expiry, today),
                "licence_state": licence_state_problem(self.licence_state),
                "licence_number": licence_number_problem(self.licence_number),
                "npi": npi_problem(self.npi),
                "mobile": mobile_problem(self.mobile),
            }
        return {name: problem for name, problem in found.items() if problem}

    def details(self) -> PersonDetails:
        """The values to store; call only when `problems` is empty."""
        credentials = None
        if self.prescriber:
            assert self.dea_expiry is not None
            credentials = PrescriberCredentials(
                dea_number=normalise_dea(self.dea_number),
                dea_expiry=self.dea_expiry,
                licence_state=self.licence_state.strip().upper(),
                licence_number=normalise_licence(self.licence_number),
                npi=normalise_npi(self.npi),
            )
        return PersonDetails(
            username=normalise_username(self.username),
            display_name=self.display_name.strip(),
            roles=self.roles,
            prescriber=credentials,
            mobile=normalise_mobile(self.mobile) if self.prescriber else "",
        )


@dataclass(frozen=True)
class PersonDetails:
    """A person's checked values, as stored."""

    username: str
    display_name: str
    roles: frozenset[Role]
    prescriber: PrescriberCredentials | None = None
    mobile: str = ""
    """E.164; registered with the identity service for phone step-up, never stored here."""

    @property
    def roles_text(self) -> str:
        return ",".join(role.value for role in ROLE_ORDER if role in self.roles)


@dataclass(frozen=True)
class PersonRow:
    """One line of the People screen: the person, and where their sign-in stands."""

    username: str
    display_name: str
    roles: frozenset[Role]
    prescriber: PrescriberCredentials | None
    active: bool
    must_change_password: bool
    locked: bool = False
    waiting_until: dt.datetime | None = None
    exostar_account: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.active:
            return "Deactivated"
        if self.locked:
            return "Locked (100 wrong passwords)"
        if self.must_change_password:
            return "Active (one-time password)"
        return "Active"


def new_one_time_password() -> str:
    """12 characters in three groups (about 59 bits): 'k7qm-x3rt-p9wd'."""
    chars = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))
