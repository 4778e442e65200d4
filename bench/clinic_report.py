"""What `bench/clinic.py` prints of a run: one line per desk count (throughput, latency
percentiles, time in the audit appends, the audit chain's check), and the machine's load."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Run:
    desks: int
    prescriptions: int
    seconds: float
    latencies: list[float]
    lock_waits: list[float]
    chain: str
    chain_ok: bool
    round_trips: int

    @property
    def throughput(self) -> float:
        return self.prescriptions / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    def line(self) -> str:
        return (
            f"desks {self.desks:>2}  prescriptions {self.prescriptions:>5}  "
            f"seconds {self.seconds:7.2f}  throughput {self.throughput:7.2f} /s  "
            f"p50 {self.p50:7.1f} ms  p95 {self.p95:7.1f} ms  "
            f"(in audit appends p95 {percentile(self.lock_waits, 95):6.1f} ms)  "
            f"audit chain: {self.chain}"
        )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (the value at or below which `pct` % of the samples lie)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"
