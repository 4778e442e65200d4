"""How a phone code reaches the doctor's phone: the outbox (default) or an SMS/voice gateway."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Protocol

from desktop.domain.models import PhoneChannel
from desktop.exostar.base import AdapterError


@dataclass(frozen=True)
class PhoneMessage:
    """A text to send (SMS) or read out (voice) to one phone."""

    id: str
    """Unique; a gateway uses it to drop a retried duplicate."""
    account: str
    phone_number: str
    """E.164, e.g. +15550100100."""
    channel: PhoneChannel
    text: str = field(repr=False)
    """May hold a one-time code: never logged."""
    created_at: dt.datetime

    @property
    def code(self) -> str | None:
        """The code a person reads in (or hears from) the message."""
        found = _SPOKEN_OR_WRITTEN.search(self.text)
        return found.group(1).replace(", ", "") if found else None


_SPOKEN_OR_WRITTEN = re.compile(r"\b(\d(?:, \d){5}|\d{6})\b")


class DeliveryFailed(AdapterError):
    """The message could not be handed to the phone network."""


class DeliveryChannel(Protocol):
    name: str

    def deliver(self, message: PhoneMessage) -> None:
        """Hand the message over, or raise DeliveryFailed saying what to do."""
        ...
