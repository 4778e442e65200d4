"""Windows and dialogs that fit the screen they are on, and messages that do not move buttons."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

FRAME_ALLOWANCE = (16, 48)
"""Room for a window manager's borders and title bar, which are not known before showing."""


def fit_to_screen(window: QWidget) -> None:
    """Open no larger than the screen's free area (its panels excluded), centred on it.

    A 1024x600 netbook, or 1920x1080 at 200 % (960x540 to Qt), is smaller than the window's
    preferred size: the window then takes what there is, and its pages scroll.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = max(window.minimumWidth(), min(window.width(), area.width() - FRAME_ALLOWANCE[0]))
    height = max(window.minimumHeight(), min(window.height(), area.height() - FRAME_ALLOWANCE[1]))
    window.resize(width, height)
    left = area.x() + max(0, (area.width() - width) // 2)
    top = area.y() + max(0, (area.height() - height - FRAME_ALLOWANCE[1] + 16) // 2)
    window.move(left, top)


def reserve_lines(label: QLabel, lines: int) -> None:
    """Keep room for `lines` lines of a message, shown or not, so what is below stays put.

    A button that moves when a message comes or goes takes the next click meant for it
    somewhere else (a click landed in One-Time Password 2 when Submit jumped).
    """
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines)


def grow_to_contents(dialog: QWidget) -> None:
    """Grow a dialog (never shrink it) so its wrapped messages show whole, within the screen.

    Qt sizes a dialog by its layout's minimum, which ignores how tall a word-wrapped label
    becomes at the dialog's width: the last lines of a long message were cut off.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalMinimumSize().height())
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height() - FRAME_ALLOWANCE[1])
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)
    dialog.setMinimumHeight(max(dialog.minimumHeight(), min(needed, dialog.height())))
