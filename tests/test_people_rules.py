"""The rules a practice's people are checked against: DEA, NPI, usernames, passwords, waits."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.domain.models import Role
from desktop.domain.passwords import common_passwords, password_problem
from desktop.domain.people import (
    PersonForm,
    dea_check_digit,
    dea_expiry_problem,
    dea_problem,
    last_name_initials,
    licence_number_problem,
    licence_state_problem,
    luhn_check_digit,
    mobile_problem,
    new_one_time_password,
    normalise_mobile,
    npi_problem,
    username_problem,
)
from desktop.domain.practice import setup_problems
from desktop.domain.throttle import ThrottlePolicy, try_again_at

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 2)


# DEA registration numbers ------------------------------------------------------------------
def test_the_demo_doctors_dea_number_is_valid():
    assert dea_check_digit("123456") == 3
    assert dea_problem("AW1234563", "Dr. Dana Whitfield") == ""
    assert dea_problem(" aw 123-4563 ", "Dana Whitfield") == ""  # spaces, dashes, lower case


@pytest.mark.parametrize(
    "dea, name, words",
    [
        ("", "Dana Whitfield", "Type the DEA registration number"),
        ("AW123456", "Dana Whitfield", "2 letters then 7 digits, such as AW1234563 (this has 8"),
        ("A91234563X", "Dana Whitfield", "this has 10 characters"),
        ("1W1234563", "Dana Whitfield", "2 letters then 7 digits"),
        ("CW1234563", "Dana Whitfield", "registrant type: A, B, F or G for a practitioner, M"),
        ("AX1234563", "Dr. Dana Whitfield, MD", "initial of the last name (W) or 9, not X"),
        ("AW1234564", "Dana Whitfield", "DEA check digit"),
        ("AW1243563", "Dana Whitfield", "DEA check digit"),  # two digits swapped
    ],
)
def test_a_wrong_dea_number_says_what_is_wrong(dea, name, words):
    assert words in dea_problem(dea, name)


def test_the_second_letter_may_be_9_and_any_first_letter_of_the_rule():
    for first in "ABFGM":
        assert dea_problem(f"{first}91234563", "Dana Whitfield") == "", first
    assert dea_problem("MW1234563", "Whitfield, Dana") == ""


def test_last_names_are_read_from_the_ways_people_write_them():
    assert last_name_initials("Dr. Dana Whitfield") == {"W"}
    assert last_name_initials("Dana Whitfield, MD") == {"W"}
    assert last_name_initials("Whitfield, Dana") == {"W"}
    assert last_name_initials("Dana Whitfield Jr.") == {"W"}
    assert last_name_initials("Maria de la Cruz") == {"D", "L", "C"}
    assert last_name_initials("Cher") == frozenset()  # nothing to compare: not refused


# NPI and licence -----------------------------------------------------------------------------
def test_the_npi_check_digit_is_luhn_over_80840():
    assert luhn_check_digit("80840123456789") == 3
    assert npi_problem("1234567893") == ""
    assert npi_problem("123 456 7893") == ""
    assert "NPI check digit" in npi_problem("1234567890")
    assert "10 digits" in npi_problem("123456789")
    assert "10 digits" in npi_problem("12345678a3")
    assert "Type the National Provider Identifier" in npi_problem("")


def test_licence_state_and_number():
    assert licence_state_problem("ca") == ""
    assert "not a US state" in licence_state_problem("XX")
    assert licence_number_problem("A123456") == ""
    assert "2 to 20 letters" in licence_number_problem("A 1")


def test_dea_expiry_must_be_current_and_within_a_registration_period():
    assert dea_expiry_problem(TODAY, TODAY) == ""
    assert "expired on 03/01/2026" in dea_expiry_problem(TODAY - dt.timedelta(days=1), TODAY)
    assert "Check the year" in dea_expiry_problem(dt.date(2036, 1, 1), TODAY)
    assert "Enter the date" in dea_expiry_problem(None, TODAY)


def test_mobile_numbers_become_e164():
    assert normalise_mobile("(555) 010-0100") == "+15550100100"
    assert normalise_mobile("+1 555 010 0100") == "+15550100100"
    assert mobile_problem("") == ""
    assert "10 digits" in mobile_problem("555 0100")
    assert "digits only" in mobile_problem("555-CALL-NOW")
    assert "area code" in mobile_problem("(155) 010-0100")


def test_usernames():
    assert username_problem("dwhitfield") == ""
    assert username_problem(" DWhitfield ") == ""  # stored lower case
    assert "Type a username" in username_problem("")
    assert "starting with a letter" in username_problem("1dana")
    assert "3 to 32" in username_problem("dw")
    assert "3 to 32" in username_problem("dana whitfield")


def test_a_prescriber_needs_every_credential_and_staff_none():
    staff = PersonForm("sortiz", "Sam Ortiz", frozenset({Role.STAFF}))
    assert staff.problems(TODAY) == {}
    assert staff.details().prescriber is None
    prescriber = PersonForm("dwhitfield", "Dana Whitfield", frozenset({Role.PRESCRIBER}))
    assert set(prescriber.problems(TODAY)) == {
        "dea_number", "dea_expiry", "licence_state", "licence_number", "npi",
    }  # fmt: skip
    nobody = PersonForm("x", "", frozenset())
    assert set(nobody.problems(TODAY)) == {"username", "display_name", "roles"}
    complete = PersonForm(
        "DWhitfield", "Dana Whitfield", frozenset({Role.PRESCRIBER}), "aw1234563",
        dt.date(2028, 1, 31), "ca", "a123456", "1234567893", "(555) 010-0100",
    )  # fmt: skip
    assert complete.problems(TODAY) == {}
    details = complete.details()
    assert details.username == "dwhitfield" and details.mobile == "+15550100100"
    assert details.prescriber is not None and details.prescriber.dea_number == "AW1234563"
    assert details.prescriber.licence_state == "CA" and details.prescriber.npi == "1234567893"


def test_one_time_passwords_are_random_readable_and_pass_the_rules():
    seen = {new_one_time_password() for _ in range(50)}
    assert len(seen) == 50
    for value in seen:
        assert len(value) == 14 and value.count("-") == 2
        assert not set(value) & set("01oli")
        assert password_problem(value) == ""


# passwords (NIST SP 800-63B 5.1.1.2) --------------------------------------------------------
def test_a_password_needs_8_characters_and_nothing_else():
    assert "at least 8 characters (this has 7)" in password_problem("tree-ox")
    assert password_problem("blue heron at dusk") == ""  # spaces, no digit, no symbol: fine
    assert password_problem("x" * 257).startswith("Too long")


@pytest.mark.parametrize(
    "password", ["password123", "Summer2024!", "P@ssw0rd", "qwertyuiop", "iloveyou1", "doctor123"]
)
def test_common_and_breached_passwords_are_refused_whatever_their_case(password):
    assert "list of common and breached passwords" in password_problem(password)


def test_repeated_sequential_and_context_words_are_refused():
    assert "Repeated or sequential" in password_problem("zzzzzzzzzz")
    assert "Repeated or sequential" in password_problem("abababab")
    assert "Repeated or sequential" in password_problem("hgfedcba")
    assert "name people here know" in password_problem("dwhitfield!", username="dwhitfield")
    assert "name people here know" in password_problem(
        "Oak Street Family", context=["Oak Street Family"]
    )
    assert "name people here know" in password_problem("icorerx-2026")


def test_the_shipped_list_is_a_few_thousand_and_matches_its_generator():
    listed = common_passwords()
    assert 5_000 < len(listed) < 12_000
    assert all(len(word) >= 8 and word == word.lower() for word in listed)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_common_passwords.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_setup_names_each_field_that_is_wrong():
    good = setup_problems("Oak Street", "1 Main St", "pmorgan", "Pat Morgan", "cedar kettle 9")
    assert good == {}
    problems = setup_problems("", "x" * 201, "1x", "", "short", None)
    assert set(problems) == {"practice_name", "address", "admin_username", "admin_name", "password"}
    assert setup_problems("Oak", "", "pmorgan", "Pat", "cedar kettle 9", "cedar kettle") == {
        "password_repeat": "The two passwords are not the same. Type it again."
    }


# throttling (NIST SP 800-63B 5.2.2) ---------------------------------------------------------
def test_waits_start_after_five_double_and_stop_at_an_hour_and_lock_at_100():
    policy = ThrottlePolicy()
    assert [policy.wait_after(n) for n in range(1, 5)] == [0, 0, 0, 0]
    assert [policy.wait_after(n) for n in range(5, 10)] == [30, 60, 120, 240, 480]
    assert policy.wait_after(12) == 3600 and policy.wait_after(99) == 3600
    assert not policy.locks(99) and policy.locks(100)


def test_the_time_to_try_again_is_to_the_second():
    moment = dt.datetime(2026, 3, 2, 18, 42, 15).astimezone()
    assert try_again_at(moment) == "6:42:15 PM"
