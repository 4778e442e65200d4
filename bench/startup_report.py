"""The start-up benchmark's report: its samples set against the floor's, and the import profile.

Imported by `bench/startup.py`'s parent only (the children import nothing before Qt).
"""

from __future__ import annotations

import statistics

TARGET_TIME_RATIO = 1.2
TARGET_RSS_RATIO = 1.3
TARGET_READY_RATIO = 1.5


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _ratio_line(name: str, app: float, floor: float, target: float, unit: str) -> str:
    ratio = app / floor
    verdict = "met" if ratio <= target else "MISSED"
    digits = 3 if unit == "s" else 1
    return (
        f"{name:<16} app {app:7.{digits}f} {unit:<3}  floor {floor:7.{digits}f} {unit:<3}  "
        f"ratio {ratio:4.2f}  target <= {target}: {verdict}"
    )


def summarise(samples: dict[str, dict[str, list[float]]]) -> str:
    app, floor = samples["app"], samples["floor"]
    rows = [f"runs per variant: {len(app['exit'])} (interleaved), QT_QPA_PLATFORM=offscreen"]
    for variant in samples:  # the app, then the floor
        s = samples[variant]
        rows.append(
            f"{variant:<5} start->exit median {_median(s['exit']):.3f} s "
            f"(min {min(s['exit']):.3f}, max {max(s['exit']):.3f}); "
            f"start->first paint median {_median(s['paint']):.3f} s; "
            f"peak RSS at first paint median {_median(s['rss']) / 1024:.1f} MiB; "
            f"start->ready median {_median(s['ready']):.3f} s, "
            f"peak RSS when ready {_median(s['ready_rss']) / 1024:.1f} MiB"
        )
    rows.append(
        _ratio_line(
            "time (->paint)", _median(app["paint"]), _median(floor["paint"]), TARGET_TIME_RATIO, "s"
        )
    )
    rows.append(
        _ratio_line(
            "peak RSS",
            _median(app["rss"]) / 1024,
            _median(floor["rss"]) / 1024,
            TARGET_RSS_RATIO,
            "MiB",
        )
    )
    rows.append(
        _ratio_line(
            "ready to sign in",
            _median(app["typed"]),
            _median(floor["paint"]),
            TARGET_READY_RATIO,
            "s",
        )
    )
    ready_rss = _median(app["ready_rss"])
    stores = _median(app["ready"])
    rows.append(
        f"not a target, for the record: stores and identity service open {stores:.3f} s "
        f"({stores / _median(floor['paint']):.2f}x the floor's first paint)"
    )
    rows.append(
        f"not a target, for the record: peak RSS when ready to sign in {ready_rss / 1024:.1f} MiB "
        f"({ready_rss / _median(floor['rss']):.2f}x the floor's)"
    )
    rows.append(_quiet_line(app, floor))
    return "\n".join(rows)


QUIET_SPREAD = 0.05
"""On a quiet machine the floor's median first paint is within ~5 % of its fastest run."""


def _quiet_line(app: dict[str, list[float]], floor: dict[str, list[float]]) -> str:
    """How disturbed the run was, and the ratios of the fastest runs.

    The machine's noise only ever adds time, to either variant and by any amount: on a
    busy machine the medians' ratios above move with it, either way. The fastest run of
    each variant is the one least disturbed; its ratios are printed beside the verdicts,
    which stay on the medians.
    """
    spread = _median(floor["paint"]) / min(floor["paint"]) - 1
    fastest_paint = min(floor["paint"])
    verdict = (
        "a quiet run"
        if spread <= QUIET_SPREAD
        else f"a disturbed run (over {QUIET_SPREAD:.0%}): its medians' ratios are not to be trusted"
    )
    return (
        f"not a target, for the record: the floor's median first paint is {spread:.1%} over its "
        f"fastest, {verdict}; fastest runs' ratios: first paint "
        f"{min(app['paint']) / fastest_paint:.2f}, ready to sign in "
        f"{min(app['typed']) / fastest_paint:.2f}"
    )


def import_profile(stderr: str, top: int) -> str:
    """The imports with the largest cumulative time, from a run's `-X importtime` output."""
    rows: list[tuple[int, int, str]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        rows.append((int(cumulative), int(own), name.rstrip()))
    rows.sort(reverse=True)
    lines = [f"top {top} imports by cumulative time (one app run, -X importtime):"]
    lines += [
        f"  {cumulative / 1000:7.1f} ms cumulative {own / 1000:6.1f} ms own {name}"
        for cumulative, own, name in rows[:top]
    ]
    return "\n".join(lines)
