"""A token's seed as it arrives from the vendor (PSKC) and waits in the inventory."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.models import TokenKind

ALGORITHMS = ("sha1", "sha256", "sha512")


@dataclass(frozen=True)
class SeedRecord:
    """One hardware token's secret and parameters. The key never appears in a repr."""

    serial: str
    """Normalised: upper-case, no spaces or dashes."""
    kind: TokenKind
    algorithm: str
    """One of ALGORITHMS."""
    digits: int
    step: int
    """TOTP time step in seconds (30 for the tokens we know); ignored for HOTP."""
    counter: int
    """HOTP: the next counter the token will show; 0 for a new token."""
    drift: int
    """TOTP: known clock drift in steps (PSKC TimeDrift); 0 when unknown."""
    key: bytes = field(repr=False)
    manufacturer: str = ""
    model: str = ""
