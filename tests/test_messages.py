"""How messages are shown: the tone styles them, and unchanged parts are left alone."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.views import messages
from desktop.views.messages import clear_message, show_message, show_refusal


def test_a_message_shows_in_its_tone_and_an_empty_one_hides(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    show_message(label, "Token GALH12345678 is synced.", "ok")
    assert not label.isHidden() and label.property("tone") == "ok"
    clear_message(label)
    assert label.isHidden() and label.text() == ""
    show_message(label, "The code was wrong.", "error")
    assert not label.isHidden() and label.property("tone") == "error"


def test_a_message_back_in_the_same_tone_is_not_restyled(qtbot, monkeypatch):
    restyled: list[QLabel] = []
    monkeypatch.setattr(messages, "repolish", restyled.append)
    label = QLabel()
    qtbot.addWidget(label)
    show_message(label, "Reading your phones and tokens…", "muted")
    assert restyled == [label]
    clear_message(label)
    show_message(label, "Reading your phones and tokens…", "muted")
    assert restyled == [label]  # hidden and shown again: no style-sheet pass
    show_message(label, "Done.", "ok")
    assert restyled == [label, label] and label.property("tone") == "ok"


def test_a_refusal_shows_its_words_and_next_step_as_an_error(qtbot):
    from desktop.controllers.flow import Refusal

    label = QLabel()
    qtbot.addWidget(label)
    show_message(label, "Checking your signature…", "muted")
    show_refusal(label, Refusal("That code is not right.", "wrong_code", "Press the button again."))
    assert label.text() == "That code is not right. Press the button again."
    assert label.property("tone") == "error" and not label.isHidden()
