"""Messages that keep their room on EPCS Device Management, so nothing below them moves.

A word-wrapped label that gains a line, or appears, makes Qt lay the whole page out again
and repaint it (11-16 ms of the GUI thread on the sync's answer, measured). A label given
the height of its tallest usual message at its width, kept while it is empty or hidden,
changes only its own pixels when a message comes, changes or goes. A longer message than
those still shows whole: the room is a minimum, and the page grows for it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from desktop.views.messages import Tone, repolish, show_message


def keep_room_when_hidden(widget: QWidget) -> None:
    """A widget that comes and goes (the progress line) without moving what is below it."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def say(label: QLabel, text: str, tone: Tone = "info") -> None:
    """`show_message` for a label that keeps its room: emptied, it stays shown (blank).

    Showing or hiding a label makes Qt measure the whole page again (about 2 ms on the
    sync's answer), and a QFormLayout collapses the row of a hidden field, room kept or not.
    """
    if text:
        show_message(label, text, tone)
    elif label.text():
        label.setText("")


def ready_tone(label: QLabel, tone: Tone) -> None:
    """Style an empty label for the tone its next message likely has, while nothing waits:
    a new tone costs a style-sheet pass (ms), which then does not land on the turn that
    shows the message (`show_message` keeps a tone that does not change)."""
    if not label.text() and label.property("tone") != tone:
        label.setProperty("tone", tone)
        repolish(label)


def keep_room(label: QLabel, samples: Callable[[], list[str]], by_hint: bool = False) -> None:
    """Keep `label` as tall as the tallest of `samples()` at its width, shown or not.

    Measured in bold too: a message in an "ok" or "error" tone is bold (style.qss), and wider.
    The height follows the label's width, which changes only when the window is resized.
    `by_hint`: the layout gives the label its size hint's height, not the height for its
    width (a field of a QFormLayout does), so the room is the tallest size hint.
    """
    keep_room_when_hidden(label)
    label.installEventFilter(_Room(label, samples, by_hint))


def room_for(label: QLabel, texts: list[str], width: int, by_hint: bool = False) -> int:
    """The height the tallest of `texts` takes in `label` at `width`, in either weight."""
    probe = QLabel()
    probe.setWordWrap(True)
    probe.setContentsMargins(label.contentsMargins())
    probe.setMargin(label.margin())
    probe.setIndent(label.indent())
    bold = QFont(label.font())
    bold.setBold(True)
    tallest = 0
    for font in (label.font(), bold):
        probe.setFont(font)
        for text in texts:
            probe.setText(text)
            height = probe.sizeHint().height() if by_hint else probe.heightForWidth(width)
            tallest = max(tallest, height)
    return tallest


class _Room(QObject):
    def __init__(self, label: QLabel, samples: Callable[[], list[str]], by_hint: bool) -> None:
        super().__init__(label)
        self._label = label
        self._samples = samples
        self._by_hint = by_hint
        self._width = -1
        # A hidden label hears of its new size only when it is shown, which is the turn
        # that would move the page: its parent's resizes say when to look at it again,
        # once the parent's layout has placed it (the timer fires after that).
        self._later = QTimer(self, singleShot=True, interval=0)
        self._later.timeout.connect(lambda: self._measure(label.width()))
        parent = label.parentWidget()
        if parent is not None:
            parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is not self._label:
            self._later.start()
        elif kind == QEvent.Type.Resize:
            self._measure(self._label.width())
        elif kind in _RESTYLED and self._width > 0:
            self._measure(self._width, again=True)  # the style sheet's font, once polished
        return False

    def _measure(self, width: int, again: bool = False) -> None:
        """Only at a width a layout gave: a label not laid out yet is 100 px wide."""
        if width == self._width and not again:
            return
        self._width = width
        label = self._label
        needed = room_for(label, self._samples(), width, self._by_hint)
        if needed != label.minimumHeight():
            label.setMinimumHeight(needed)
            # QLabel keeps its size hints, minimum height included, until told to measure
            # again; setting its indent (to the same value) does that.
            label.setIndent(label.indent())


_RESTYLED = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
