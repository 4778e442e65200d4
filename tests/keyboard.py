"""Keyboard-only test helpers: key presses as a person makes them (to the open popup if there
is one, else to the widget that has the keyboard focus), tab cycles and mnemonics."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

HOTP = "GALH12345678"
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT_MS = 15_000


class Keyboard:
    def __init__(self, qtbot):
        self.qtbot = qtbot

    def target(self) -> QWidget:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        return focused

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.target(), key, modifier)
        self.window_manager()

    def window_manager(self) -> None:
        """What a window manager does and the offscreen platform does not: when a popup
        (the medication list) closes, the window under it is active again."""
        active = QApplication.activeWindow()
        if QApplication.activePopupWidget() is None and (active is None or not active.isVisible()):
            modal = QApplication.activeModalWidget()
            window = modal or next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if w.isVisible() and w.isWindow() and w.windowType() == Qt.WindowType.Window
                ),
                None,
            )
            if window is not None:
                window.activateWindow()
                QApplication.processEvents()

    def type(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClicks(self.target(), char)

    def tab_to(self, widget: QWidget, limit: int = 40, backwards: bool = False) -> int:
        """Press Tab (or Shift+Tab) until `widget` has the focus; how many presses it took."""
        for presses in range(limit):
            if QApplication.focusWidget() is widget:
                return presses
            if backwards:
                self.press(Qt.Key.Key_Backtab, SHIFT)
            else:
                self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"{widget.objectName()} is not reached by Tab; at {self.focus_name()}")

    def focus_name(self) -> str:
        focused = QApplication.focusWidget()
        return focused.objectName() if focused is not None else "nothing"

    def wait_focus(self, widget: QWidget) -> None:
        self.qtbot.waitUntil(
            lambda: QApplication.focusWidget() is widget,
            timeout=WAIT_MS,
        )


# Tab stops, mnemonics, defaults -----------------------------------------------------------
def tab_cycle(keys: Keyboard, start: QWidget, within: QWidget) -> list[QWidget]:
    """The widgets of `within` that Tab visits, in order, starting at `start`."""
    start.setFocus()
    keys.qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen: list[QWidget] = [start]
    for _ in range(60):
        keys.press(Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is start:
            return [w for w in seen if within.isAncestorOf(w) or w is within]
        seen.append(focused)
    raise AssertionError(
        f"Tab never came back to {start.objectName()}: {[w.objectName() for w in seen]}"
    )


def in_reading_order(widgets: list[QWidget]) -> None:
    """Each stop is below the one before, or beside it on its right."""
    for before, after in zip(widgets, widgets[1:], strict=False):
        a = before.mapToGlobal(before.rect().center())
        b = after.mapToGlobal(after.rect().center())
        same_row = abs(a.y() - b.y()) < min(before.height(), after.height()) / 2
        ok = b.x() > a.x() if same_row else b.y() > a.y()
        assert ok, f"Tab goes from {before.objectName()} to {after.objectName()} against the screen"


def visible_buttons(root: QWidget) -> list[QAbstractButton]:
    return [
        b
        for b in root.findChildren(QAbstractButton)
        if b.isVisibleTo(root.window()) and b.text() and b.objectName() != "qt_toolbar_ext_button"
    ]


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def assert_mnemonics(window: QWidget, extra: list[str]) -> None:
    """Every button has one, and no two things on screen share one."""
    taken = {m: "menu or tab" for m in extra}
    for button in visible_buttons(window):
        if not button.isVisible():
            continue
        letter = mnemonic(button.text())
        assert letter, f"{button.objectName()} ({button.text()!r}) has no mnemonic"
        assert letter not in taken, f"{button.objectName()} shares &{letter} with {taken[letter]}"
        taken[letter] = button.objectName()
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and label.buddy().isVisible():
            letter = mnemonic(label.text())
            assert letter not in taken, (
                f"{label.objectName()} shares &{letter} with {taken[letter]}"
            )
            taken[letter] = label.objectName()


def bar_mnemonics(window) -> list[str]:
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    return [m for m in (mnemonic(t) for t in menus) if m]
