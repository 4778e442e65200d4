"""`bench/clinic.py` runs end to end with tiny numbers: its lines parse and the chain verifies."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from desktop.clinic.server import open_connection
from desktop.clinic.settings import parse_url
from desktop.domain.audit import AuditEvent, Outcome
from desktop.store.audit import AuditLog
from desktop.store.sql_postgres import PostgresSql

BENCH = Path(__file__).resolve().parent.parent / "bench" / "clinic.py"
ROW = re.compile(
    r"^desks +(?P<desks>\d+) +prescriptions +(?P<rx>\d+) +seconds +(?P<s>[\d.]+) +"
    r"throughput +(?P<tp>[\d.]+) /s +p50 +(?P<p50>[\d.]+) ms +p95 +(?P<p95>[\d.]+) ms +"
    r"\(in audit appends p95 +[\d.]+ ms\) +audit chain: verifies, (?P<entries>\d+) entries "
    r"\((?P<by_desks>\d+) by the desks, (?P<expected>\d+) expected\)$"
)


def load_bench():
    spec = importlib.util.spec_from_file_location("clinic_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["clinic_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_the_bench_prints_one_row_per_desk_count_and_the_ratio_last(clinic_server, capsys):
    bench = load_bench()
    target = bench.Target(
        clinic_server.url(), clinic_server.password, str(clinic_server.ca_file), clinic_server
    )
    code = bench.run_bench(target, [1, 2], per_desk=3, pace_ms=20.0, unpaced=True)
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.strip().splitlines()
    rows = [ROW.match(line) for line in lines if line.startswith("desks ")]
    assert all(rows), out
    assert [(int(r["desks"]), int(r["rx"])) for r in rows] == [(1, 3), (2, 6)] * 2  # + unpaced
    for row in rows:
        assert int(row["by_desks"]) == int(row["expected"]) >= 2 * int(row["rx"])
        assert float(row["p50"]) <= float(row["p95"])
        assert float(row["tp"]) > 0
    assert re.search(r"round trips to the server per prescription \(compose \+ sign\): \d+", out)
    assert "every audit chain verifies: True" in out
    ratio = re.fullmatch(r"p95 2 desks / 1 desk: ratio (\d+\.\d\d)", lines[-1])
    assert ratio, lines[-1]
    one, two = (float(r["p95"]) for r in rows[:2])
    # The ratio is of the unrounded p95s; each is printed to 0.05 ms, the ratio to 0.005.
    low, high = (two - 0.05) / (one + 0.05), (two + 0.05) / (one - 0.05)
    assert low - 0.005 <= float(ratio[1]) <= high + 0.005, (one, two, ratio[1])


def test_a_broken_chain_is_reported_and_fails_the_bench(clinic_server):
    """The chain check is real: an entry changed behind the stores' back is caught."""
    bench = load_bench()
    target = bench.Target(
        clinic_server.url(), clinic_server.password, str(clinic_server.ca_file), clinic_server
    )
    key = bytes(range(32))
    name = "bench_broken_chain"
    bench.set_up_template(target, name, key)
    try:
        with open_connection(parse_url(target.url(name)), clinic_server.password) as conn:
            log = AuditLog(PostgresSql(conn), "desk-1", key)
            for event in (AuditEvent.SIGN_ATTEMPT, AuditEvent.SIGNED):
                log.record(event, "doctor", Outcome.SUCCESS)
        said, ok = bench.check_chain(target, name, key, expected=2)
        assert ok and said.startswith("verifies"), said
        clinic_server.admin(
            "ALTER TABLE audit DISABLE TRIGGER audit_no_update",
            "UPDATE audit SET actor = 'someone else' WHERE seq = 1",
            database=name,
        )
        said, ok = bench.check_chain(target, name, key, expected=2)
        assert not ok and said.startswith("BROKEN"), said
    finally:
        clinic_server.admin(f"DROP DATABASE {name}")
