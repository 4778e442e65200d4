"""Phone confirmation: the codes sent by text or call, and the step-up they grant."""

from __future__ import annotations

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.models import Phone, PhoneChannel
from desktop.exostar.base import AdapterError, RefusalCode


def unknown_phone() -> AdapterError:
    return AdapterError(
        "That phone is not on your account.",
        "Pick a phone from the Manage Phones list.",
        code=RefusalCode.UNKNOWN_PHONE,
    )


def resend_too_soon(seconds: int) -> AdapterError:
    return AdapterError(
        "A code was sent moments ago; it may still be on its way.",
        f"You can ask for a new one in {seconds} seconds.",
        code=RefusalCode.RESEND_TOO_SOON,
        seconds_left=seconds,
    )


def code_expired(minutes: int) -> AdapterError:
    """A phone code typed after its lifetime (or after too many tries at it)."""
    return AdapterError(
        f"That code has expired (codes work for {minutes} minutes).",
        f"Send a new code and type it within {minutes} minutes.",
        code=RefusalCode.CODE_EXPIRED,
    )


def code_malformed() -> AdapterError:
    return AdapterError(
        "The code is the 6 digits from the message, numbers only.",
        "Type it exactly as it arrived.",
        code=RefusalCode.CODE_MALFORMED,
    )


def wrong_phone_code(tries_left: int) -> AdapterError:
    tries = "try" if tries_left == 1 else "tries"
    return AdapterError(
        "That code does not match the one we sent.",
        f"Check the message and type it again: {tries_left} {tries} left.",
        code=RefusalCode.WRONG_CODE,
        tries_left=tries_left,
    )


def phone_locked(wrong_in_a_row: int, *, locked_now: bool = False) -> AdapterError:
    """100 wrong phone codes in a row (NIST SP 800-63B 5.2.2): only an administrator unlocks."""
    return AdapterError(
        f"Phone confirmation is locked after {wrong_in_a_row} wrong codes in a row.",
        "A practice administrator can unlock it under Admin > People (Unlock phone "
        f"confirmation). If you did not type these codes, {SUPPORT_CONTACT}.",
        code=RefusalCode.PHONE_LOCKED,
        locked_now=locked_now,
        wrong_in_a_row=wrong_in_a_row,
    )


def step_up_required() -> AdapterError:
    return AdapterError(
        "Your phone confirmation is missing or has run out (it lasts 15 minutes).",
        "Click Authenticate under Manage Phones, type the code sent to your phone, "
        "then try again. What you typed is kept.",
        code=RefusalCode.STEP_UP_REQUIRED,
    )


def fresh_step_up_required() -> AdapterError:
    """Resyncing a locked token: the phone confirmation must be new, not one held a while."""
    return AdapterError(
        "This token is locked, and unlocking it needs a phone confirmation made in the last "
        "5 minutes.",
        "Click Authenticate under Manage Phones, type the new code sent to your phone, then "
        "sync the token again. What you typed is kept.",
        code=RefusalCode.STEP_UP_REQUIRED,
        fresh=True,
    )


def sync_tries_spent() -> AdapterError:
    """Too many failed syncs under one phone confirmation: a new one is needed."""
    return AdapterError(
        "Too many token syncs failed under this phone confirmation, so it has ended.",
        "Click Authenticate under Manage Phones for a new code, then try once more with two "
        f"new codes from the token. If it keeps failing, {SUPPORT_CONTACT}.",
        code=RefusalCode.STEP_UP_REQUIRED,
    )


def server_channel_unavailable(channel: str, masked: str, available: list[str]) -> AdapterError:
    """`channel`: "phone call"; the clinic's server only texts."""
    return AdapterError(
        f"The clinic's identity server cannot place a {channel} to {masked}.",
        "Choose SMS text instead.",
        code=RefusalCode.CHANNEL_UNAVAILABLE,
        available=available,
    )


def code_not_sent(masked: str) -> AdapterError:
    return AdapterError(
        f"The identity server could not send the text message to {masked}.",
        "Try again in a minute. If no code arrives, the clinic's IT person should check "
        f"the server's SMS gateway, or {SUPPORT_CONTACT}.",
        code=RefusalCode.CODE_NOT_SENT,
    )


def code_replaced() -> AdapterError:
    return AdapterError(
        "A newer code was sent after this one, so this one no longer works.",
        "Type the code from the newest message, or send a new code.",
        code=RefusalCode.CODE_REPLACED,
    )


def phone_token_locked() -> AdapterError:
    """The server itself locked the doctor's SMS token (its own fail counter)."""
    return AdapterError(
        "Too many wrong codes, so phone confirmation is paused for your safety.",
        f"The clinic's IT person can reset it on the identity server, or {SUPPORT_CONTACT}.",
        code=RefusalCode.TOO_MANY_TRIES,
    )


def phone_code_refused() -> AdapterError:
    """A wrong phone code when the server did not say how many tries are left."""
    return AdapterError(
        "The identity server refused the code.", "Send a new code.", code=RefusalCode.WRONG_CODE
    )


def phone_paused(moment: str, duration: str, retry_at: str, seconds_left: int) -> AdapterError:
    """`moment`: the local time a code can be sent again; `duration`: "3 minutes"."""
    return AdapterError(
        "Too many wrong codes, so phone confirmation is paused for your safety.",
        f"You can send a new code at {moment}, in {duration}. If you did not type these "
        f"codes, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOO_MANY_TRIES,
        retry_at=retry_at,
        seconds_left=seconds_left,
    )


# Said by the embedded identity service -------------------------------------------------------


def phone_cannot_receive(phone: Phone, asked: PhoneChannel) -> AdapterError:
    """A text or a call asked of a phone that was registered without that channel."""
    offered = " or ".join(c.label.lower() for c in phone.channels) or "nothing"
    return AdapterError(
        f"The phone {phone.masked} cannot receive a {asked.label.lower()}.",
        f"Choose {offered} instead.",
        code=RefusalCode.CHANNEL_UNAVAILABLE,
        available=[c.value for c in phone.channels],
    )


def no_code() -> AdapterError:
    """A code typed against a request the service has no record of."""
    return AdapterError(
        "That code request is not known.", "Send a new code.", code=RefusalCode.NO_CODE
    )


def newer_code_sent() -> AdapterError:
    return AdapterError(
        "A newer code was sent after this one, so this one no longer works.",
        "Type the code from the newest message.",
        code=RefusalCode.CODE_REPLACED,
    )


def earlier_code_typed(earlier: str, newest: str) -> AdapterError:
    """The code of an earlier message, typed after a newer one was sent: no wrong try.

    `earlier`, `newest`: how each code came, "text message" or "phone call"."""
    return AdapterError(
        f"That is the code from the earlier {earlier}. A newer code "
        f"was sent by {newest}, and only the newest code works.",
        f"Type the code from the {newest}. This did not count as a wrong try.",
        code=RefusalCode.CODE_REPLACED,
        counted=False,
    )


def code_used() -> AdapterError:
    return AdapterError(
        "That code was already used.", "Send a new code.", code=RefusalCode.CODE_USED
    )


def code_tries_spent(max_tries: int, left_before_pause: int) -> AdapterError:
    """A wrong code that was the code's last try; the pause is still `left_before_pause`
    wrong codes away."""
    wrong = "1 wrong code" if left_before_pause == 1 else f"{left_before_pause} wrong codes"
    return AdapterError(
        f"That code does not match, and it has had its {max_tries} tries.",
        f"Send a new code. {wrong} left before phone confirmation pauses.",
        code=RefusalCode.WRONG_CODE,
        tries_left=0,
    )


def phone_paused_now(
    wrong_in_a_row: int,
    moment: str,
    duration: str,
    retry_at: str,
    seconds_left: int,
    pause_seconds: int,
) -> AdapterError:
    """The wrong code that starts a pause. `moment`: the local time a code can be sent
    again; `duration`: "5 minutes"; `pause_seconds`: the pause's full length."""
    return AdapterError(
        f"Too many wrong codes ({wrong_in_a_row} in a row), so phone confirmation is paused "
        "for your safety.",
        f"You can send a new code at {moment}, in {duration}. "
        f"If you did not type these codes, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOO_MANY_TRIES,
        retry_at=retry_at,
        seconds_left=seconds_left,
        paused_now=True,
        pause_seconds=pause_seconds,
        wrong_in_a_row=wrong_in_a_row,
    )


def phone_still_paused(
    moment: str, duration: str, retry_at: str, seconds_left: int
) -> AdapterError:
    """A code sent or typed while a pause lasts."""
    return AdapterError(
        "Phone confirmation is paused after too many wrong codes.",
        f"You can send a new code at {moment}, in {duration}.",
        code=RefusalCode.TOO_MANY_TRIES,
        retry_at=retry_at,
        seconds_left=seconds_left,
    )
