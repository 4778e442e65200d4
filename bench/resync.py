"""Cost per counter of a worst-case (no match) resync scan, against a floor from the same run.

Run: .venv/bin/python bench/resync.py

The floor is the bare loop any Python HOTP scan needs: per counter `hmac.new(key).copy()`,
update with the packed counter, digest, dynamic truncation and an integer compare. The
engine builds HMAC from precomputed hash states instead (see `CodeScanner`), so a second
floor, that primitive alone in the same bare loop, is printed too: the engine's own
overhead is its ratio to that one. Every figure is the best of several interleaved runs
with the garbage collector off, which keeps the noise of a shared 2-core machine out.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import hashlib
import hmac
import os
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.domain.models import TokenKind  # noqa: E402
from desktop.domain.otp import (  # noqa: E402
    DEFAULT_POLICY,
    Algorithm,
    CodeScanner,
    OtpPolicy,
    OtpTokenState,
    Reason,
    resync,
    time_step,
)

KEY = b"12345678901234567890"
START = 1_000_000
NOW = 1_700_000_000.0
PACK = struct.Struct(">Q").pack
TOTAL_COUNTERS_PER_SIZE = 300_000
"""Each variant scans about this many counters per row, split into repeated runs."""


def absent_codes(scanner: CodeScanner, start: int, stop: int) -> tuple[str, str]:
    """Two codes that occur nowhere in [start, stop], so the scan runs to its end."""
    present = {scanner.code_at(counter) for counter in range(start, stop + 1)}
    missing = (value for value in range(10**6) if value not in present)
    return scanner.format(next(missing)), scanner.format(next(missing))


def floor_hmac_copy(start: int, stop: int, target: int) -> int:
    base = hmac.new(KEY, digestmod=hashlib.sha1)
    pack = PACK
    from_bytes = int.from_bytes
    for counter in range(start, stop):
        mac = base.copy()
        mac.update(pack(counter))
        digest = mac.digest()
        offset = digest[-1] & 15
        if (from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF) % 1000000 == target:
            return counter
    return -1


def floor_pads(start: int, stop: int, target: int) -> int:
    padded = KEY.ljust(64, b"\0")
    inner_copy = hashlib.sha1(bytes(byte ^ 0x36 for byte in padded)).copy
    outer_copy = hashlib.sha1(bytes(byte ^ 0x5C for byte in padded)).copy
    pack = PACK
    from_bytes = int.from_bytes
    for counter in range(start, stop):
        inner = inner_copy()
        inner.update(pack(counter))
        outer = outer_copy()
        outer.update(inner.digest())
        digest = outer.digest()
        offset = digest[-1] & 15
        if (from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF) % 1000000 == target:
            return counter
    return -1


def best_of(runs: int, variants: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best seconds per variant, the variants interleaved so drifts in load hit all alike."""
    best = dict.fromkeys(variants, float("inf"))
    gc.disable()
    try:
        for _ in range(runs):
            for name, run in variants.items():
                began = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - began)
    finally:
        gc.enable()
    return best


def row(label: str, counters: int, state: OtpTokenState, policy: OtpPolicy, start: int) -> None:
    scanner = CodeScanner(KEY, Algorithm.SHA1, 6)
    stop = start + counters
    otp1, otp2 = absent_codes(scanner, start, stop)
    target = int(otp1)
    decision = resync(state, otp1, otp2, now=NOW, policy=policy)
    assert decision.reason is Reason.OUTSIDE_RESYNC_WINDOW, decision.reason
    seconds = best_of(
        max(7, TOTAL_COUNTERS_PER_SIZE // counters),
        {
            "ours": lambda: resync(state, otp1, otp2, now=NOW, policy=policy),
            "floor": lambda: floor_hmac_copy(start, stop, target),
            "pads": lambda: floor_pads(start, stop, target),
        },
    )
    per = {name: value / counters * 1e6 for name, value in seconds.items()}
    print(
        f"{label:<22}{counters:>9,}{per['ours']:>10.3f}{per['floor']:>10.3f}"
        f"{per['ours'] / per['floor']:>8.2f}{per['pads']:>10.3f}{per['ours'] / per['pads']:>8.2f}"
    )


OTHERS_COUNTERS = 10_000


def other_library(name: str, scan: Callable[[int, int, str], object]) -> None:
    target = "no code"  # never equal to a code: the scan runs to its end
    seconds = best_of(
        5,
        {
            "theirs": lambda: scan(START, START + OTHERS_COUNTERS, target),
            "floor": lambda: floor_hmac_copy(START, START + OTHERS_COUNTERS, -1),
        },
    )
    per_counter = seconds["theirs"] / OTHERS_COUNTERS * 1e6
    print(f"{name}: {per_counter:.3f} us/counter, ratio {seconds['theirs'] / seconds['floor']:.2f}")


def pyotp_row() -> None:
    try:
        import pyotp
    except ImportError:
        print("pyotp: not installed, skipped")
        return
    hotp = pyotp.HOTP(base64.b32encode(KEY).decode())

    def scan(start: int, stop: int, target: str) -> int:
        for counter in range(start, stop):
            if hotp.at(counter) == target:
                return counter
        return -1

    other_library("pyotp HOTP.at() loop", scan)


def privacyidea_row() -> None:
    try:
        import privacyidea  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("privacyidea: not installed, HotpTokenClass.resync not measured")
        return
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as cleanup:
        try:
            scan = _privacyidea_resync(Path(folder), cleanup)
        except Exception as error:  # an unknown version's API: report, do not crash the run
            print(f"privacyidea: installed but HotpTokenClass.resync not measurable ({error!r})")
            return
        other_library("privacyidea HotpTokenClass.resync", scan)


def _privacyidea_resync(folder: Path, cleanup: contextlib.ExitStack) -> Callable[..., object]:
    """A real privacyIDEA HOTP token in a throw-away SQLite file, scanned by its own resync."""
    from privacyidea.app import create_app  # type: ignore[import-not-found,unused-ignore]
    from privacyidea.lib.token import init_token  # type: ignore[import-not-found,unused-ignore]
    from privacyidea.models import db  # type: ignore[import-not-found,unused-ignore]

    (folder / "enckey").write_bytes(os.urandom(96))
    config = folder / "pi.cfg"
    config.write_text(
        f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{folder / 'pi.sqlite'}'\n"
        f"PI_ENCFILE = '{folder / 'enckey'}'\n"
        f"PI_LOGFILE = '{folder / 'pi.log'}'\n"
        f"SECRET_KEY = '{os.urandom(24).hex()}'\n"
        "PI_PEPPER = 'bench'\nPI_AUDIT_NO_SIGN = True\nPI_LOGLEVEL = 40\n"
    )
    app = create_app("production", config_file=str(config), silent=True)
    cleanup.enter_context(app.app_context())
    cleanup.callback(db.engine.dispose)
    db.create_all()
    token = init_token({"serial": "BENCH0001", "type": "hotp", "otpkey": KEY.hex()})
    token.token.sync_window = OTHERS_COUNTERS
    # Its window starts at the token's counter, 0: use codes that occur nowhere in it.
    otp1, otp2 = absent_codes(CodeScanner(KEY, Algorithm.SHA1, 6), 0, OTHERS_COUNTERS)
    return lambda *_: token.resync(otp1, otp2)


def main() -> None:
    began = time.perf_counter()
    print(f"Python {sys.version.split()[0]}, worst case (no match), SHA-1, 6 digits")
    print("us/counter; floor = hmac.new().copy() loop; pads = precomputed-state HMAC loop\n")
    print(
        f"{'scan':<22}{'counters':>9}{'ours':>10}{'floor':>10}{'ratio':>8}{'pads':>10}{'ratio':>8}"
    )
    hotp = OtpTokenState(kind=TokenKind.HOTP, key=KEY, counter=START)
    lookback = DEFAULT_POLICY.reuse_lookback
    for window in (1_000, 10_000, 100_000):
        policy = OtpPolicy(hotp_resync_window=window)
        label = f"HOTP resync {window:,}"
        # The scan also covers the reuse lookback below the counter: count it.
        row(label, window + lookback, hotp, policy, START - lookback)
    totp = OtpTokenState(kind=TokenKind.TOTP, key=KEY)
    steps = DEFAULT_POLICY.totp_resync_steps
    row("TOTP resync +-24 h", 2 * steps + 1, totp, DEFAULT_POLICY, time_step(NOW) - steps)
    print()
    pyotp_row()
    privacyidea_row()
    print(f"\ntotal {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
