"""The `icorerx` plugin's daily audit review helpers (21 CFR 1311.150), on `IcorerxEnv`.

Kept apart from the navigation helpers and attached to `IcorerxEnv` here, so that either
part can change on its own: `icorerx_env.open_audit_review(day)` and
`icorerx_env.review_day(day, incident=..., note=...)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.testing_backends import WAIT_MS
from desktop.testing_env import IcorerxEnv, _left_button

if TYPE_CHECKING:
    import datetime as dt

    from desktop.controllers.flow import Refusal
    from desktop.domain.daily_review import Review
    from desktop.views.daily_review import DailyReviewView


def _open_audit_review(env: IcorerxEnv, day: dt.date | None = None) -> DailyReviewView:
    """Signed in as a practice administrator: Admin -> Daily audit review, its report loaded.

    Shows `day` when given, else the oldest day still to review (else the newest past day).
    """
    admin = env.open_admin()
    admin.show_home()
    assert admin.ui.auditReviewLink.isEnabled(), admin.ui.auditReviewRestrictedLabel.text()
    controller = admin.review_controller
    assert controller is not None
    with env.qtbot.waitSignal(controller.daysLoaded, timeout=WAIT_MS):
        if day is None:
            env.qtbot.mouseClick(admin.ui.auditReviewLink, _left_button())
            view = admin.review
        else:
            view = admin.open_audit_review(day)
    assert view is not None
    chosen = view.chosen_day()
    env.qtbot.waitUntil(
        lambda: controller.report is not None and controller.report.day == chosen,
        timeout=WAIT_MS,
    )
    return view


def _review_day(
    env: IcorerxEnv, day: dt.date, *, incident: bool = False, note: str = ""
) -> DailyReviewView:
    """On Daily audit review: choose `day`, tick the incident box if asked, type the note,
    click Mark day reviewed, and wait until the review is recorded.

    Fails the test with the screen's message when the review is refused.
    """
    view = _open_audit_review(env, day)
    controller = view.controller
    assert view.chosen_day() == day, f"{day} has no audit entries"
    view.ui.auditReviewIncidentCheck.setChecked(incident)
    view.ui.auditReviewNoteEdit.setText(note)
    assert view.ui.auditReviewMarkButton.isEnabled(), view.ui.auditReviewMarkButton.toolTip()
    refused: list[Refusal] = []
    controller.failed.connect(refused.append)
    reviewed: list[Review] = []
    controller.reviewed.connect(reviewed.append)
    try:
        env.qtbot.mouseClick(view.ui.auditReviewMarkButton, _left_button())
        env.qtbot.waitUntil(lambda: bool(refused or reviewed), timeout=WAIT_MS)
    finally:
        controller.failed.disconnect(refused.append)
        controller.reviewed.disconnect(reviewed.append)
    if refused:
        raise AssertionError(f"the review of {day} was refused: {refused[-1]}")
    done = reviewed[-1]
    env.qtbot.waitUntil(
        lambda: (
            controller.report is not None
            and controller.report.day == day
            and controller.report.review == done
        ),
        timeout=WAIT_MS,
    )
    return view


for _name, _helper in (("open_audit_review", _open_audit_review), ("review_day", _review_day)):
    setattr(IcorerxEnv, _name, _helper)
