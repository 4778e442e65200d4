"""Each token's key in a parsed PSKC file, checked and decrypted into a `SeedRecord`.

The MAC of an encrypted value is checked before the value is decrypted, which lets us tell
"wrong key or password" from "file altered or damaged", and a CBC-encrypted value without a
MAC is refused (RFC 6030 requires one) instead of being trusted silently.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from pskc import PSKC
from pskc.encryption import algorithm_key_lengths
from pskc.exceptions import DecryptionError, KeyDerivationError
from pskc.key import EncryptedValue, Key

from desktop.domain.errors import UserFacingError
from desktop.domain.models import TokenKind
from desktop.domain.seeds import ALGORITHMS, SeedRecord

MIN_KEY_BYTES = 16
"""RFC 4226 section 4 requires a shared secret of at least 128 bits."""
MAX_PBKDF2_ITERATIONS = 2_000_000
"""A file may ask for any iteration count; cap it so a hostile file cannot hang the app."""
MAX_PBKDF2_KEY_BYTES = 64

_KINDS = {"hotp": TokenKind.HOTP, "totp": TokenKind.TOTP}
_KIND_NAME = re.compile(r"(?:^|[:#/\-_.\s])([ht]otp)$", re.IGNORECASE)
"""The algorithm's name at the end of its URI, however the RFC, its drafts or a vendor spell
it: `urn:ietf:params:xml:ns:keyprov:pskc:hotp`, `urn:ietf:params:xml:ns:keyprov:pskc#hotp`,
`http://www.ietf.org/keyprov/pskc#totp`, plain `HOTP`, `OATH-HOTP`... privacyIDEA's own
importer goes by the last four letters alone."""
_FIELD_LABELS = {
    "secret": "seed",
    "counter": "counter",
    "time_offset": "time value",
    "time_interval": "time step",
    "time_drift": "clock drift",
}
NOTHING = "Nothing was imported."
ASK_VENDOR = f"{NOTHING} Ask the token vendor for a corrected seed file."


class SeedFileError(UserFacingError):
    """The seed file cannot be imported; the message says which token and why."""


def unlock(container: PSKC, *, psk: bytes | None, password: str | None) -> str | None:
    """Set the decryption key; returns which credential it came from, for error wording."""
    encryption = container.encryption
    derivation = encryption.derivation
    if password is not None and derivation.algorithm:
        if (derivation.pbkdf2_iterations or 0) > MAX_PBKDF2_ITERATIONS or (
            derivation.pbkdf2_key_length or 0
        ) > MAX_PBKDF2_KEY_BYTES:
            raise SeedFileError(
                "The seed file asks for unreasonable password settings "
                f"({derivation.pbkdf2_iterations} rounds).",
                ASK_VENDOR,
            )
        try:
            encryption.derive_key(password)
        except KeyDerivationError as exc:
            raise SeedFileError(
                f"The seed file's password protection cannot be used ({exc}).", ASK_VENDOR
            ) from exc
        return "password"
    if psk is not None:
        encryption.key = psk
        return "pre-shared key"
    return None


@dataclass(frozen=True)
class TokenReader:
    """One token being read: where it is in the file, for messages, and how it was unlocked."""

    where: str
    credential: str | None
    password_given: bool

    def error(self, problem: str, next_step: str = ASK_VENDOR) -> SeedFileError:
        return SeedFileError(f"{self.where}: {problem}.", next_step)

    def record(self, key: Key, serial: str) -> SeedRecord:
        """Validate the token's key and map it; raises on the first problem."""
        uri = (key.algorithm or "").strip()
        match = _KIND_NAME.search(uri)
        kind = _KINDS.get(match.group(1).lower()) if match else None
        if kind is None:
            stated = f"is {uri!r}" if uri else "is not stated"
            raise self.error(
                f"its algorithm {stated}, which is neither HOTP (event-based) nor TOTP "
                "(time-based); only HOTP and TOTP tokens can be imported"
            )
        suite = (key.algorithm_suite or "sha1").lower().rsplit("#", 1)[-1]
        algorithm = suite.replace("hmac", "").replace("-", "").replace("_", "").strip()
        if algorithm not in ALGORITHMS:
            raise self.error(f"its hash {key.algorithm_suite} is not SHA-1, SHA-256 or SHA-512")
        digits = key.response_length or 6
        if digits not in (6, 8):
            raise self.error(f"it shows {digits}-digit codes; only 6 or 8 digits are supported")
        if (key.response_encoding or "DECIMAL").upper() != "DECIMAL":
            raise self.error(f"its codes are {key.response_encoding}, not decimal digits")
        secret = self.reveal(key, "secret")
        if not isinstance(secret, bytes) or not secret:
            raise self.error("it has no seed (secret key)")
        if len(secret) < MIN_KEY_BYTES:
            raise self.error(
                f"its seed is {len(secret)} bytes; at least {MIN_KEY_BYTES} are required"
            )
        counter = self.reveal_int(key, "counter", 0)
        if counter < 0:
            raise self.error(f"its counter is negative ({counter})")
        step = self.reveal_int(key, "time_interval", 30)
        if step <= 0:
            raise self.error(f"its time step is {step} seconds")
        drift = self.reveal_int(key, "time_drift", 0)
        self.reveal(key, "time_offset")  # not mapped, but decrypting it checks its MAC too
        return SeedRecord(
            serial=serial,
            kind=kind,
            algorithm=algorithm,
            digits=digits,
            step=step,
            counter=counter,
            drift=drift,
            key=secret,
            manufacturer=(key.manufacturer or "").strip(),
            model=(key.model or "").strip(),
        )

    def reveal_int(self, key: Key, field: str, default: int) -> int:
        value = self.reveal(key, field)
        if value is None:
            return default
        if not isinstance(value, int):
            raise self.error(f"its {_FIELD_LABELS[field]} is not a number")
        return value

    def reveal(self, key: Key, field: str) -> object:
        """A key field's value, decrypted with its MAC checked first when it is encrypted."""
        raw: object = getattr(key, "_" + field, None)  # python-pskc's undecrypted value
        if not isinstance(raw, EncryptedValue):
            return raw
        label = _FIELD_LABELS[field]
        container = key.device.pskc
        algorithm = raw.algorithm or container.encryption.algorithm
        try:
            lengths = algorithm_key_lengths(algorithm)
        except DecryptionError as exc:
            raise self.error(
                f"its {label} is encrypted with {algorithm}, which is unsupported"
            ) from exc
        secret_key = container.encryption.key
        if secret_key is None:
            if self.password_given:
                raise self.error(
                    f"its {label} is encrypted with a pre-shared key, but a password was entered",
                    f"{NOTHING} Enter the pre-shared key the vendor sent separately.",
                )
            raise self.error(
                f"its {label} is encrypted, and no pre-shared key or password was entered",
                f"{NOTHING} Enter the pre-shared key or password the vendor sent separately "
                "from the file, then import again.",
            )
        check_secret = f"{NOTHING} Check the {self.credential} the vendor sent and try again."
        if len(secret_key) not in lengths:
            raise self.error(
                f"the {self.credential} is {len(secret_key)} bytes long, but {algorithm} needs "
                f"{' or '.join(str(n) for n in lengths)}",
                check_secret,
            )
        wrong = f"its {label} could not be decrypted: the {self.credential} is wrong"
        if raw.mac_value is None:
            if algorithm and algorithm.endswith("-cbc"):  # key-wrap modes carry their own check
                raise self.error(f"its encrypted {label} has no integrity check (MAC)")
        else:
            try:
                container.mac.key  # noqa: B018 - decrypting the MAC key fails on a wrong key
            except DecryptionError as exc:
                raise self.error(wrong, check_secret) from exc
            try:
                expected = container.mac.generate_mac(raw.cipher_value)
            except DecryptionError as exc:
                raise self.error(
                    f"its integrity check method ({container.mac.algorithm}) is unsupported"
                ) from exc
            if not hmac.compare_digest(expected, raw.mac_value):
                try:  # an old draft put the MAC over the plaintext; python-pskc checks both
                    return raw.get_value(container)
                except DecryptionError as exc:
                    # Without a separate MAC key the MAC is keyed with the decryption key, so
                    # a wrong key looks the same as an altered file.
                    own_key = getattr(container.mac, "_key", None) is not None
                    maybe = "" if own_key else f", or the {self.credential} is wrong"
                    raise self.error(
                        f"the integrity check (MAC) of its {label} failed: the file was "
                        f"altered or damaged after the vendor made it{maybe}",
                        f"{NOTHING} Do not use this file; get a fresh copy from the vendor.",
                    ) from exc
        try:
            return raw.get_value(container)
        except DecryptionError as exc:
            raise self.error(wrong, check_secret) from exc
