"""EPCS Device Management keeps still while a token is added: Submit, the sync's answer and
the new token list change what is drawn in their places, and move nothing else on the page
(a page that moves is laid out and repainted whole, a stutter of 11-16 ms each time)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.views.device_panels.steady import keep_room, room_for, say
from desktop.views.device_panels.tables import fill
from desktop.views.messages import clear_message, show_message
from tests.device_screen import HOTP

SHORT = "Token GALH12345678 is synced."
LONG = (
    "Token GALH12345678 is synced and can sign controlled-substance prescriptions. "
    "Click Cancel to return to the Admin screen."
)


class Moves(QObject):
    """Every move or resize of the watched widgets after they were first laid out."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        name = watched.objectName()
        if event.type() == QEvent.Type.Resize:
            old, new = event.oldSize(), event.size()
            if old.isValid() and old != new:  # not a widget's first size, on its first show
                self.seen.append(f"{name} resized {old.toTuple()} -> {new.toTuple()}")
        elif event.type() == QEvent.Type.Move and name != "deviceScrollContents":
            if event.oldPos() != event.pos():  # the page's own scrolling moves its contents
                self.seen.append(f"{name} moved {event.oldPos().toTuple()} -> {event.pos()}")
        return False


def settle(qtbot, device) -> None:
    qtbot.waitUntil(lambda: device.settled and device.lifecycle.settled)
    QApplication.processEvents()


def ready_to_submit(icorerx_env, qtbot):
    icorerx_env.main_window().resize(1000, 560)  # a front-desk screen: the page scrolls
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate("sms")
    device = icorerx_env.open_device_management()
    ui = device.ui
    ui.tokenSerialEdit.setText(HOTP)
    ui.otp1Edit.setText(icorerx_env.token_code(HOTP))
    ui.otp2Edit.setText(icorerx_env.token_code(HOTP))
    settle(qtbot, device)
    return device


def answer_drawn(qtbot, device) -> None:
    ui = device.ui
    qtbot.waitUntil(lambda: ui.tokenTable.rowCount() == 1 and ui.tokenResyncButton.isEnabled())
    settle(qtbot, device)


def test_submit_and_the_answer_move_nothing_on_the_page(icorerx_env, qtbot):
    device = ready_to_submit(icorerx_env, qtbot)
    ui = device.ui
    watched = [
        ui.deviceScrollContents,
        ui.managePhonesGroup,
        ui.phoneStatusLabel,
        ui.manageTokenGroup,
        ui.tokenListArea,
        ui.tokenStatusHelpLabel,
        ui.addTokenButton,
        ui.addTokenArea,
        ui.tokenSubmitButton,
        ui.otp2Edit,
        ui.deviceMessageLabel,
        ui.deviceCancelButton,
    ]
    moves = Moves(watched)
    # Blank, not hidden: a label shown or hidden makes Qt measure the whole page again.
    assert ui.deviceMessageLabel.text() == "" and ui.deviceMessageLabel.isVisible()
    before = {w.objectName(): w.geometry() for w in watched if w is not ui.deviceScrollContents}
    with qtbot.waitSignal(device.controller.loadFinished, timeout=15_000):
        with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
            ui.tokenSubmitButton.click()
    answer_drawn(qtbot, device)
    # The answer is all there: Token Status where the form was, the list, the message.
    assert ui.tokenStatusLabel.text() == "Active" and not ui.addTokenFrame.isVisible()
    assert ui.tokenTable.isVisible() and not ui.tokenEmptyLabel.isVisible()
    assert "Click Cancel" in ui.deviceMessageLabel.text()
    assert moves.seen == []
    after = {w.objectName(): w.geometry() for w in watched if w is not ui.deviceScrollContents}
    assert after == before


def test_the_message_shows_beside_cancel_whatever_the_scrolling(icorerx_env, qtbot):
    device = ready_to_submit(icorerx_env, qtbot)
    ui = device.ui
    with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
        ui.tokenSubmitButton.click()
    answer_drawn(qtbot, device)
    bar = ui.deviceScroll.verticalScrollBar()
    assert bar.maximum() > 0
    for end in (bar.minimum(), bar.maximum()):  # the top of the page, and its bottom
        bar.setValue(end)
        QApplication.processEvents()
        label = ui.deviceMessageLabel
        assert label.visibleRegion().boundingRect() == label.rect()
        assert label.heightForWidth(label.width()) <= label.height()  # every line shows


def reads(monkeypatch) -> list[str]:
    """What EPCS Device Management's controller asks the identity service, by name."""
    from desktop.controllers import device_management

    asked: list[str] = []
    original = device_management.on_lane

    def counted(lane, fn, *args):
        asked.append(fn.__name__)
        return original(lane, fn, *args)

    monkeypatch.setattr(device_management, "on_lane", counted)
    return asked


def test_a_sync_reads_the_token_list_again_and_not_the_phones(icorerx_env, qtbot, monkeypatch):
    device = ready_to_submit(icorerx_env, qtbot)
    asked = reads(monkeypatch)
    with qtbot.waitSignal(device.controller.loadFinished, timeout=15_000):
        with qtbot.waitSignal(device.token_sync.synced, timeout=15_000):
            device.ui.tokenSubmitButton.click()
    answer_drawn(qtbot, device)
    assert asked == ["list_tokens"]
    assert device.phones and device.ui.phoneTable.rowCount() == 1  # still shown, not read


def test_a_refused_sync_reads_the_token_list_alone(icorerx_env, qtbot, monkeypatch):
    icorerx_env.login("doctor", "doctor-demo-1")
    icorerx_env.authenticate("sms")
    device = icorerx_env.open_device_management()
    asked = reads(monkeypatch)
    device.ui.tokenSerialEdit.setText(HOTP)
    device.ui.otp1Edit.setText("111111")
    device.ui.otp2Edit.setText("222222")
    with qtbot.waitSignal(device.controller.loadFinished, timeout=15_000):
        with qtbot.waitSignal(device.token_sync.failed, timeout=15_000):
            device.ui.tokenSubmitButton.click()
    assert asked == ["list_tokens"]
    with qtbot.waitSignal(device.controller.loadFinished, timeout=15_000):
        device.refresh()  # Refresh (opening the screen) still reads both
    assert asked == ["list_tokens", "list_phones", "list_tokens"]


# The parts, without the window -----------------------------------------------------------
def test_a_new_list_rewrites_only_the_cells_that_changed(qtbot):
    table = QTableWidget(0, 3)
    qtbot.addWidget(table)
    assert fill(table, [("A1", "HOTP", "Active"), ("B2", "TOTP", "Suspended")])
    kept = [[table.item(r, c) for c in range(3)] for r in range(2)]
    kept[0][0].setToolTip("kept")
    assert not fill(table, [("A1", "HOTP", "Active"), ("B2", "TOTP", "Suspended")])
    assert fill(table, [("A1", "HOTP", "Active"), ("B2", "TOTP", "Active")])
    assert [[table.item(r, c) for c in range(3)] for r in range(2)] == kept  # same items
    assert table.item(1, 2).text() == "Active" and table.item(0, 0).toolTip() == "kept"
    assert fill(table, [("A1", "HOTP", "Active")])
    assert table.rowCount() == 1 and table.item(0, 0) is kept[0][0]


def page_with(label: QLabel, form: bool = False) -> tuple[QWidget, QPushButton]:
    page = QWidget()
    page.resize(400, 300)
    below = QPushButton("Submit")
    if form:
        layout = QFormLayout(page)
        layout.addRow("One-Time Password 1", QPushButton("field"))
        layout.addRow("", label)
        layout.addRow("", below)
    else:
        column = QVBoxLayout(page)
        column.addWidget(label)
        column.addWidget(below)
        column.addStretch(1)
    label.setWordWrap(True)
    return page, below


def laid_out(page: QWidget) -> None:
    QApplication.processEvents()
    layout = page.layout()
    assert layout is not None
    layout.activate()


def test_a_message_with_its_room_kept_moves_nothing_below_it(qtbot):
    label = QLabel()
    page, below = page_with(label)
    qtbot.addWidget(page)
    keep_room(label, lambda: [SHORT, LONG])
    clear_message(label)
    page.show()
    qtbot.waitExposed(page)
    laid_out(page)
    at = below.geometry()
    assert label.minimumHeight() == room_for(label, [SHORT, LONG], label.width())
    for text in (LONG, SHORT, ""):
        show_message(label, text, "ok")
        laid_out(page)
        assert below.geometry() == at, text
    show_message(label, LONG + " " + LONG + " " + LONG, "error")  # longer than any sample
    laid_out(page)
    assert label.height() >= label.heightForWidth(label.width())  # it grows: shows whole


def test_room_follows_the_width(qtbot):
    label = QLabel()
    label.setWordWrap(True)
    qtbot.addWidget(label)
    assert room_for(label, [LONG], 120) > room_for(label, [LONG], 900)
    assert room_for(label, [LONG], 120, by_hint=True) == room_for(label, [LONG], 900, True)


def test_a_form_row_emptied_with_say_keeps_its_room(qtbot):
    label = QLabel()
    page, below = page_with(label, form=True)
    qtbot.addWidget(page)
    keep_room(label, lambda: [LONG], by_hint=True)
    say(label, "")
    page.show()
    qtbot.waitExposed(page)
    laid_out(page)
    at = below.geometry()
    say(label, LONG, "info")
    laid_out(page)
    assert below.geometry() == at and label.text() == LONG
    say(label, "")
    laid_out(page)
    assert below.geometry() == at and label.text() == "" and label.isVisible()
    clear_message(label)  # hidden: a form collapses the row, room kept or not
    laid_out(page)
    assert below.geometry() != at
