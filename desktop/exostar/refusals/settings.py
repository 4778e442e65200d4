"""settings.json: an identity service that is not installed, or options it cannot use."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.errors import UserFacingError
from desktop.exostar.base import AdapterError, RefusalCode


def adapter_not_installed(name: str, installed: Iterable[str]) -> AdapterError:
    """settings.json names an identity service this installation does not have."""
    return AdapterError(
        f'The identity service "{name}" named in settings.json is not installed.',
        f"Use one of: {', '.join(sorted(installed))}.",
        code=RefusalCode.BAD_SETTINGS,
    )


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


# The embedded identity service's options -----------------------------------------------------


def key_store_unknown(key_store: str) -> AdapterError:
    return AdapterError(
        f'"key_store": "{key_store}" in settings.json is not known.',
        'Use "auto", "keyring" or "file".',
        code=RefusalCode.BAD_SETTINGS,
    )


def delivery_unusable(problem: str) -> AdapterError:
    """The SMS/voice gateway's options do not make a gateway (`problem` says why)."""
    return AdapterError(
        f"The SMS/voice gateway in settings.json is not usable: {problem}",
        "Fix adapter_options.delivery in settings.json.",
        code=RefusalCode.BAD_SETTINGS,
    )


def delivery_unknown(channel: str) -> AdapterError:
    return AdapterError(
        f'The delivery channel "{channel}" in settings.json is not known.',
        'Use "outbox" or "webhook".',
        code=RefusalCode.BAD_SETTINGS,
    )


def no_keyring(refused: UserFacingError) -> AdapterError:
    """Settings keep the seed key in the OS keyring, and none is usable: `desktop.keys`
    says so in its own words, which are kept."""
    return AdapterError(refused.message, refused.next_step, code=RefusalCode.NO_KEYRING)
