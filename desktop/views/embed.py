"""Screens are built the first time they are opened and placed into a page's layout."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget


def embed(layout: QLayout, widget: QWidget) -> None:
    """Add and show at once: Qt would otherwise show it only on the next event-loop turn."""
    layout.addWidget(widget)
    widget.show()
