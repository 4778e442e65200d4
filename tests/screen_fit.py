"""Whether a page fits the screen it is given: controls inside the visible window (after
scrolling to them), whole text, nothing squeezed; a grab of each page saved to
$ICORERX_SHOTS."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QTableWidget,
    QWidget,
)

SHOTS = Path(os.environ.get("ICORERX_SHOTS", "."))
WIDE = int(os.environ.get("ICORERX_WIDE", "0"))
"""Set when the screen is wide (1920 px to Qt): actions are then checked to be beside what
they explain."""


def screen_area(widget: QWidget) -> QRect:
    return (widget.screen() or QApplication.primaryScreen()).availableGeometry()


def on_screen(window: QWidget) -> None:
    area = screen_area(window)
    frame = window.frameGeometry()
    assert area.contains(frame), f"{window.objectName()} at {frame} is outside {area}"


def scroller(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def first_row_inside(table: QTableWidget) -> None:
    """The table's first row shows whole. (At 2x offscreen, with the demo banner, the page
    brings Token Status into view below it and the table's top edge sits 5 px under the
    page's top; under Xvfb the same screen shows it whole: docs/screenshots/2x.)"""
    area = scroller(table)
    assert area is not None
    QApplication.processEvents()
    area.ensureWidgetVisible(table, 0, 0)
    row = table.visualRect(table.model().index(0, 0))
    rect = QRect(table.viewport().mapTo(table, row.topLeft()), row.size())
    assert table.visibleRegion().contains(rect), f"{table.objectName()}: row 1 {rect} is hidden"


def inside(widget: QWidget, scroll: bool = True) -> None:
    """The whole control shows in its window, scrolled to if it sits in a scrolling page."""
    assert widget.isVisible(), f"{widget.objectName()} is not shown"
    area = scroller(widget) if scroll else None
    if area is not None:
        QApplication.processEvents()  # what the screen itself still has to lay out or scroll
    while area is not None:  # the page's own scrolling, then any around it (moves at once)
        area.ensureWidgetVisible(widget, 0, 0)
        area = scroller(area)
    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    assert window.rect().contains(rect), f"{widget.objectName()} {rect} outside {window.rect()}"
    visible = widget.visibleRegion().boundingRect()
    assert visible == widget.rect(), (
        f"{widget.objectName()}: only {visible} of {widget.rect()} shows"
        + (" (without scrolling)" if not scroll else "")
    )


def whole_text(label: QLabel) -> None:
    """A word-wrapped message is as tall as its text at its width: no line is cut off."""
    inside(label)
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed, f"{label.objectName()}: {label.height()} < {needed}"


def not_squeezed(root: QWidget) -> None:
    """Nothing on the page is narrower than its contents need: a row of filters that did
    not fit squeezed "To" into "Tc"."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        layout = widget.layout()
        if layout is not None and not isinstance(widget, QScrollArea):
            least = layout.minimumSize().width()
            assert widget.width() >= least, (
                f"{widget.objectName()} is {widget.width()} px wide, its contents need {least}"
            )
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        if isinstance(widget, QAbstractButton) and not widget.text():
            continue
        needed = widget.minimumSizeHint().width()
        assert widget.width() >= needed, (
            f"{widget.objectName()} ({widget.text()!r}) is {widget.width()} px of {needed}"
        )


def save(widget: QWidget, name: str) -> None:
    not_squeezed(widget)
    SHOTS.mkdir(parents=True, exist_ok=True)
    image = widget.grab()
    assert not image.isNull()
    image.save(str(SHOTS / f"{name}.png"))


def settle(qtbot) -> None:
    qtbot.wait(60)
    QApplication.processEvents()
