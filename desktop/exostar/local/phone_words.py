"""The words of phone confirmation: the code message, and how waits are said (its refusals
are in `desktop.exostar.refusals.phone`)."""

from __future__ import annotations

import math

from desktop.domain.models import PhoneChannel


def message_text(code: str, channel: PhoneChannel, minutes: int) -> str:
    if channel is PhoneChannel.VOICE:
        spoken = ", ".join(code)
        return f"This is iCoreRx. Your one-time password code is: {spoken}. Again: {spoken}."
    return (
        f"iCoreRx: your one-time password code is {code}. It expires in {minutes} minutes. "
        "Never share it; iCoreRx staff will never ask for it."
    )


def message_name(channel: PhoneChannel) -> str:
    return "phone call" if channel is PhoneChannel.VOICE else "text message"


def duration(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
