"""Reaching the identity service, and the accounts it knows."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.errors import SUPPORT_CONTACT
from desktop.exostar.base import AdapterError, RefusalCode, UnknownAccount


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


# Said by the embedded identity service -------------------------------------------------------


def account_not_linked() -> UnknownAccount:
    """The signed-in user has no account at the embedded service."""
    return UnknownAccount(
        "Your login is not linked to an account at the identity service.",
        "Ask the clinic's administrator to link it, then sign in again.",
    )


def local_database_unreadable(folder: Path, problem: str) -> AdapterError:
    """The embedded service's own database cannot be read (`problem`: the error's text)."""
    return AdapterError(
        f"The local identity service could not open its database ({problem}).",
        f"Check that {folder} exists and is writable.",
        code=RefusalCode.SERVICE_ERROR,
    )


def sync_not_answered(seconds: float) -> AdapterError:
    """No answer to a token sync in time: the request may still be answered, so a retry with
    the same codes is safe (its idempotency key makes the service answer it once)."""
    return AdapterError(
        f"The identity service did not answer within {seconds:.0f} seconds.",
        "Click Submit again with the same codes: it is safe, the service will not count it "
        f"twice. If it keeps happening, {SUPPORT_CONTACT}.",
        code=RefusalCode.TIMEOUT,
    )
