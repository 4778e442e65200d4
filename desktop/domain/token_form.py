"""The Add Token form's rules, checked as the doctor types, before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.serials import looks_like_serial, normalize_serial

CODE_DIGITS = 6
IDENTICAL_CODES = (
    "The two codes are the same: the second button press came too soon. Wait until the "
    "digits disappear from the token's screen (about 30 seconds), press the button again, "
    "and type the NEW code in One-Time Password 2."
)


def digits_only(text: str, limit: int = CODE_DIGITS) -> str:
    """What a code field keeps of typed or pasted text ('123 456' -> '123456')."""
    return "".join(ch for ch in text if ch.isdigit())[:limit]


@dataclass(frozen=True)
class TokenFormCheck:
    serial: str
    """Normalised, as it will be sent."""
    serial_problem: str | None
    otp1_complete: bool
    otp2_complete: bool
    identical: bool

    @property
    def valid(self) -> bool:
        return (
            self.serial_problem is None
            and self.otp1_complete
            and self.otp2_complete
            and not self.identical
        )

    @property
    def problem(self) -> str | None:
        """The one thing to say now, or None when the form is fine so far."""
        if self.identical:
            return IDENTICAL_CODES
        return None


def check_token_form(serial: str, otp1: str, otp2: str) -> TokenFormCheck:
    normalised = normalize_serial(serial)
    complete1 = len(otp1) == CODE_DIGITS and otp1.isdigit()
    complete2 = len(otp2) == CODE_DIGITS and otp2.isdigit()
    return TokenFormCheck(
        serial=normalised,
        serial_problem=looks_like_serial(normalised) if normalised else "Type the serial number.",
        otp1_complete=complete1,
        otp2_complete=complete2,
        identical=complete1 and complete2 and otp1 == otp2,
    )
