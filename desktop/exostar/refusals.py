"""Every refusal's words, whichever adapter gives them.

A doctor who moves between a workstation on the embedded service and one on the
clinic's server reads the same sentence for the same situation. Each function returns
the `AdapterError` to raise, with its `RefusalCode`.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.domain.serials import suggest_serial, unknown_serial_message
from desktop.exostar.base import AdapterError, RefusalCode, UnknownAccount


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


def step_up_required() -> AdapterError:
    return AdapterError(
        "Your phone confirmation is missing or has run out (it lasts 15 minutes).",
        "Click Authenticate under Manage Phones, type the code sent to your phone, "
        "then try again. What you typed is kept.",
        code=RefusalCode.STEP_UP_REQUIRED,
    )


def unknown_serial(serial: str, known: Iterable[str]) -> AdapterError:
    """No token has this serial; suggest the known one it most likely was."""
    suggestion = suggest_serial(serial, list(known))
    message, next_step = unknown_serial_message(serial, suggestion)
    return AdapterError(
        message, next_step, code=RefusalCode.UNKNOWN_SERIAL, serial=serial, suggestion=suggestion
    )


def token_revoked(serial: str) -> AdapterError:
    """Adding or syncing a token that was deactivated."""
    return AdapterError(
        f"Token {serial} was deactivated and can never be used again.",
        f"Use a new token. If this one was deactivated by mistake, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOKEN_REVOKED,
    )


def token_other_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is registered to another account.",
        "Check the serial on the back of your own token. Each doctor needs their "
        f"own token; if this one is yours, {SUPPORT_CONTACT}.",
        code=RefusalCode.TOKEN_OTHER_ACCOUNT,
    )


def token_suspended(serial: str) -> AdapterError:
    """Syncing a suspended token."""
    return AdapterError(
        f"Token {serial} is suspended.",
        "Resume it in the token list before syncing it.",
        code=RefusalCode.TOKEN_SUSPENDED,
    )


def no_active_token() -> AdapterError:
    return AdapterError(
        "No hardware token is active on your account, so it cannot sign.",
        "Sync your token under Admin > EPCS Device Management, then sign again.",
        code=RefusalCode.NO_ACTIVE_TOKEN,
    )


def suspended_cannot_sign(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is suspended, so it cannot sign.",
        "Resume it under Admin > EPCS Device Management, then sign again.",
        code=RefusalCode.TOKEN_SUSPENDED,
    )


def token_not_on_account(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is not on your account.",
        "Check the serial number in the token list.",
        code=RefusalCode.UNKNOWN_SERIAL,
    )


def already_deactivated(serial: str) -> AdapterError:
    return AdapterError(
        f"Token {serial} is already deactivated; it can never be used again.",
        "Nothing more to do for this token.",
        code=RefusalCode.TOKEN_REVOKED,
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


def codes_do_not_sync(serial: str) -> AdapterError:
    """One answer for two codes that do not sync a token, whichever of them was wrong: the
    words never tell a guesser that the first code was right."""
    return AdapterError(
        f"These two codes do not sync token {serial}.",
        "Check the serial number. Press the button, type that code in One-Time Password 1, "
        "wait until the digits disappear, press once more and type the new code in One-Time "
        f"Password 2. If it fails again, {SUPPORT_CONTACT} to reset your token.",
        code=RefusalCode.CODES_REJECTED,
        serial=serial,
    )


def sync_tries_spent() -> AdapterError:
    """Too many failed syncs under one phone confirmation: a new one is needed."""
    return AdapterError(
        "Too many token syncs failed under this phone confirmation, so it has ended.",
        "Click Authenticate under Manage Phones for a new code, then try once more with two "
        f"new codes from the token. If it keeps failing, {SUPPORT_CONTACT}.",
        code=RefusalCode.STEP_UP_REQUIRED,
    )


def request_key_reused() -> AdapterError:
    """An idempotency key sent again with a different serial or different codes."""
    return AdapterError(
        "This request was already sent once with a different serial number or different codes, "
        "so it cannot be answered as a repeat.",
        "Nothing was changed by this one. Click Submit again to send it as a new request.",
        code=RefusalCode.REQUEST_KEY_REUSED,
    )


def adapter_not_installed(name: str, installed: Iterable[str]) -> AdapterError:
    """settings.json names an identity service this installation does not have."""
    return AdapterError(
        f'The identity service "{name}" named in settings.json is not installed.',
        f"Use one of: {', '.join(sorted(installed))}.",
        code=RefusalCode.BAD_SETTINGS,
    )


# The clinic's privacyIDEA server -------------------------------------------------------------


def privacyidea_bad_settings(problem: str) -> AdapterError:
    return AdapterError(
        f"The privacyIDEA settings in settings.json are not usable: {problem}",
        "The clinic's IT person can set them with: icorerx privacyidea setup",
        code=RefusalCode.BAD_SETTINGS,
    )


def public_key_unusable(what: str) -> AdapterError:
    """`what`: "a PEM public key", "an RSA key"."""
    return AdapterError(
        f"The privacyIDEA server's public key in settings is not {what}.",
        "Copy the server's public.pem (PI_AUDIT_KEY_PUBLIC in its pi.cfg) again.",
        code=RefusalCode.BAD_SETTINGS,
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


def signing_code_used_again(serial: str, *, time_token: bool) -> AdapterError:
    wait = (
        "Wait until the digits change (time tokens show a new code every 30 seconds), "
        "then type the new code."
        if time_token
        else "Press the token's button for a new code and type it."
    )
    return AdapterError(
        "That code has already been used, and each code works only once.",
        wait,
        code=RefusalCode.ALREADY_USED,
        serial=serial,
    )


def wrong_signing_code(serial: str, tries_left: int | None) -> AdapterError:
    tries = {} if tries_left is None else {"tries_left": tries_left}
    return AdapterError(
        "That code is not the one the token shows.",
        "Press the token's button and type the new code.",
        code=RefusalCode.WRONG_CODE,
        serial=serial,
        **tries,
    )


def token_locked(serial: str, *, locked_now: bool = False) -> AdapterError:
    return AdapterError(
        f"Token {serial} is locked after too many wrong codes.",
        "Sync it again under Admin > EPCS Device Management to unlock it.",
        code=RefusalCode.LOCKED,
        serial=serial,
        locked_now=locked_now,
    )


def account_not_in_realm(account: str, realm: str) -> UnknownAccount:
    return UnknownAccount(
        f'The account "{account}" is not known to the clinic\'s identity server.',
        f'The clinic\'s IT person needs to add it to the privacyIDEA realm "{realm}".',
    )


def service_refused(server_code: int) -> AdapterError:
    """privacyIDEA said no with an error of its own that has no words of ours."""
    return AdapterError(
        "The clinic's identity server refused the request.",
        f"Try again; if it keeps happening, tell the clinic's IT person "
        f"(privacyIDEA error {server_code}), or {SUPPORT_CONTACT}.",
        code=RefusalCode.SERVICE_REFUSED,
        server_code=server_code,
    )


def service_account_refused(url: str, account: str) -> AdapterError:
    return AdapterError(
        f'The identity server at {url} did not accept the service account "{account}".',
        "The clinic's IT person needs to check the account and its password "
        "(icorerx privacyidea setup).",
        code=RefusalCode.SERVICE_ACCOUNT_REFUSED,
    )


def answer_not_trusted(url: str) -> AdapterError:
    return AdapterError(
        f"The answer from the identity server at {url} could not be verified, so nothing "
        "was changed on its word.",
        "Someone or something between this computer and the server may have altered it. "
        f"Do not retry from this workstation; tell the clinic's IT person, or {SUPPORT_CONTACT}.",
        code=RefusalCode.BAD_SIGNATURE,
    )


def service_slow(url: str, seconds: float) -> AdapterError:
    return AdapterError(
        f"The identity server at {url} did not answer within {seconds:.0f} seconds.",
        "Try again in a minute: it is safe, a repeated request is not counted twice. "
        f"If it keeps happening, {SUPPORT_CONTACT}.",
        code=RefusalCode.SERVICE_SLOW,
    )


def tls_untrusted(url: str) -> AdapterError:
    return AdapterError(
        f"This computer does not trust the certificate of the identity server at {url}, so it "
        "did not send anything.",
        "The clinic's IT person needs to give this workstation the clinic's CA "
        '("ca_file" in settings.json, or icorerx privacyidea setup --ca-file).',
        code=RefusalCode.TLS_UNTRUSTED,
    )


def service_unreachable(url: str) -> AdapterError:
    return AdapterError(
        f"The identity server at {url} cannot be reached.",
        "Check this computer's network connection and try again. If other "
        f"workstations cannot reach it either, tell the clinic's IT person, or {SUPPORT_CONTACT}.",
        code=RefusalCode.SERVICE_UNREACHABLE,
    )


def service_error(url: str, status: int) -> AdapterError:
    return AdapterError(
        f"The identity server at {url} had a problem of its own (HTTP {status}); nothing "
        "was changed.",
        f"Try again in a few minutes. If it keeps happening, tell the clinic's IT person, or "
        f"{SUPPORT_CONTACT}.",
        code=RefusalCode.SERVICE_ERROR,
    )
