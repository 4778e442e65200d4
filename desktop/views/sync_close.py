"""Closing the window while a token syncs: ask to wait, then close once the answer is in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


class SyncCloseGuard:
    """The window's "Your token is still syncing" question and what follows its answer.

    `busy` says whether a token change is in flight; `answered` is told when a sync is
    answered, and closes the window if its user asked for that.
    """

    def __init__(self, window: QWidget, busy: Callable[[], bool]) -> None:
        self._window = window
        self._busy = busy
        self._close_when_idle = False
        self.wait_box: QMessageBox | None = None
        self.sync_not_done_box: QMessageBox | None = None

    def ask_to_wait(self) -> None:
        if self.wait_box is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Your token is still syncing",
            "The identity service has not answered yet. Closing now would leave you not "
            "knowing whether your token was synced.\n\nThe window can close by itself as "
            "soon as the answer arrives.",
            QMessageBox.StandardButton.NoButton,
            self._window,
        )
        box.setObjectName("waitForSyncBox")
        close_later = box.addButton("&Close when finished", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Keep the window open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(close_later)

        def answered() -> None:
            self._close_when_idle = box.clickedButton() is close_later and self._busy()
            self.wait_box = None
            box.deleteLater()

        box.finished.connect(answered)
        self.wait_box = box
        box.open()

    def answered(self, synced: bool, why_not: str) -> None:
        """The answer came: the "still syncing" question is moot, and a close waits for it.

        The window closes by itself only after a success; after a refusal it stays open and
        says so, since whoever asked to close it expects the token to be synced.
        """
        if self.wait_box is not None:
            self.wait_box.reject()  # "has not answered yet" is no longer true
        if not self._close_when_idle:
            return
        self._close_when_idle = False
        if synced:
            # Once the flow has ended in full: its outcome recorded, the screen refreshed.
            from desktop.controllers.settling import when_settled

            when_settled(self._window.close)
            return
        window = self._window
        window.raise_()
        window.activateWindow()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Your token was not synced",
            "The identity service answered, but your token was not synced, so the window "
            "stayed open.",
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("syncNotDoneBox")
        box.setInformativeText(f"{why_not}\n\nThe same words stay under Manage Token.")
        box.finished.connect(box.deleteLater)
        self.sync_not_done_box = box
        box.open()
