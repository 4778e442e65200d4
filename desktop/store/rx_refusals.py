"""Why a signature was refused because of the rows themselves, in words for the other desk:
another window or workstation signed or removed them, or changed what the dialog showed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.domain.errors import UserFacingError
from desktop.domain.prescriptions import Prescription


class NoLongerPending(UserFacingError):
    """Another window or process signed or removed a prescription the doctor was signing."""

    code = "not_pending"


def not_pending(
    found: Sequence[Prescription] = (), who: str = "", where: str = ""
) -> NoLongerPending:
    """`who` signed the first signed one of `found` (their name), at workstation `where`."""
    signed = [rx for rx in found if rx.signed_by is not None and rx.signed_at is not None]
    if signed:
        first = signed[0]
        assert first.signed_at is not None
        at = first.signed_at.astimezone()  # this workstation's clock, as the doctor reads it
        when = at.strftime("%H:%M")
        if at.date() != dt.datetime.now().astimezone().date():
            when += at.strftime(" on %Y-%m-%d")
        place = f"at {where}" if where else "at this or another workstation"
        return NoLongerPending(
            f"{who or first.signed_by} signed this prescription (#{first.id}) at {when} "
            f"{place}: it is no longer waiting for a signature, and nothing was signed here.",
            "Reload the list: it shows what was signed and what still waits.",
        )
    return NoLongerPending(
        "Some of these prescriptions are no longer waiting for a signature (already signed, "
        "removed, or for another patient). Nothing was signed.",
        "Reload the list, check it, and sign again.",
    )


class ContentChanged(UserFacingError):
    """What is about to be signed is not what the signing dialog showed."""

    code = "content_changed"

    def __init__(self) -> None:
        super().__init__(
            "This prescription was changed at another workstation after you opened it; "
            "nothing was signed.",
            "Review it and sign again.",
        )
