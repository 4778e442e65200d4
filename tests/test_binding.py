"""The Qt binding keeps its references: a whole working day in one process cannot abort.

Run in a child process, so a broken wheel fails this test with its figures instead of
aborting the whole suite with "Fatal Python error: none_dealloc".
"""

from __future__ import annotations

import json

import pytest

from desktop.bindingcheck import BindingReport
from tests.fresh_python import last_line

CHILD = """
import json, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from desktop.bindingcheck import check_binding
r = check_binding({calls})
print(json.dumps([r.calls, r.binding, r.none_drift, r.true_drift, r.false_drift]))
"""


def _run(calls: int) -> BindingReport:
    return BindingReport(*json.loads(last_line(CHILD.format(calls=calls), timeout=120)))


def test_twenty_thousand_void_calls_and_emits_keep_none_true_and_false() -> None:
    report = _run(20_000)
    assert report.ok, report.summary
    assert abs(report.none_drift) < 50 and abs(report.true_drift) < 50, report.summary
    assert abs(report.false_drift) < 50, report.summary


@pytest.mark.parametrize(
    ("drifts", "ok"),
    [((0, 0, 0), True), ((-3, 2, 0), True), ((-600, -300, 0), False), ((0, 0, -300), False)],
)
def test_the_report_calls_a_per_call_loss_broken(drifts: tuple[int, int, int], ok: bool) -> None:
    report = BindingReport(300, "6.x", *drifts)
    assert report.ok is ok
    assert ("abort" in report.summary) is not ok
