"""The one place that decides how a message looks: error, success, information."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.errors import UserFacingError

if TYPE_CHECKING:  # the login form paints before any controller module is imported
    from desktop.controllers.flow import Refusal

Tone = Literal["error", "ok", "info", "muted", ""]


def show_message(label: QLabel, text: str, tone: Tone = "info") -> None:
    """Set the label's text and its tone (the style sheet colours it); hide it when empty.

    Nothing is touched when nothing changes: a new text in a word-wrapped label, a new tone
    or a visibility change each make Qt lay the screen out again. An emptied label keeps
    its tone while hidden: re-styling it costs a style-sheet pass (~0.5 ms each, on the
    turn that draws an answer) and nobody sees the colour of a hidden label, so a message
    that comes back in the same tone is not re-styled at all.
    """
    if label.text() != text:
        label.setText(text)
    if text and label.property("tone") != tone:
        label.setProperty("tone", tone)
        repolish(label)
    wanted = bool(text)
    if label.isHidden() == wanted:
        label.setVisible(wanted)


def show_refusal(label: QLabel, refusal: Refusal) -> None:
    """Every screen shows why a flow stopped the same way: its words and next step, as an error."""
    show_message(label, refusal.text, "error")


def clear_message(label: QLabel) -> None:
    show_message(label, "", "")


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    repolish(widget)


def repolish(widget: QWidget) -> None:
    """Recompute the style sheet after a dynamic property changed.

    Done by changing the widget's own (empty) style sheet, which Qt answers with a repolish
    in C++: calling QStyle.polish from Python would first build QStyle's ~100 Python enum
    classes (~90 ms before the sign-in window can paint). Only a trailing space changes.
    """
    sheet = widget.styleSheet()
    widget.setStyleSheet(sheet[:-1] if sheet.endswith(" ") else sheet + " ")


def show_startup_error(error: UserFacingError, parent: QWidget | None = None) -> None:
    """Why the application cannot start, and the fix, in a box the user must close.

    The text can be selected, so the file's path can be copied into a ticket. Qt's enums are
    imported here, not with the module: building the `Qt` namespace costs 1.4 MiB before the
    first paint (measured), and this box is almost never shown.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "iCoreRx cannot start",
        error.message,
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("startupErrorBox")
    box.setInformativeText(error.next_step)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
