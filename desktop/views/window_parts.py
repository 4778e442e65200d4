"""The main window's parts built after its first paint: the menus, the status bar with the
session bar and the short forms of the banners above every screen, the TLS warning, and the
Help menu's boxes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from PySide6.QtWidgets import QBoxLayout, QLabel, QMessageBox, QWidget

from desktop.clinic.settings import clinic_label
from desktop.config import TLS_OFF_WARNING, Settings
from desktop.domain import DEMO_BANNER
from desktop.domain.errors import SUPPORT_EMAIL, SUPPORT_PHONE
from desktop.forms.ui_main_window import Ui_MainWindow

if TYPE_CHECKING:
    from desktop.controllers.context import AppContext
    from desktop.views.main_window import MainWindow


def _adopt(ui: Ui_MainWindow, part: object) -> None:
    """A part's widgets and actions join the window's `ui`, as if from one form."""
    for name, value in vars(part).items():
        setattr(ui, name, value)


def add_menus(window: MainWindow) -> None:
    """The menu bar, its menus and actions, and the (empty) status bar: the window's chrome,
    which the sign-in form's first paint does without."""
    from desktop.forms.ui_main_window_chrome import Ui_MainWindowChrome

    chrome = Ui_MainWindowChrome()
    chrome.setupUi(window)
    ui = window.ui
    _adopt(ui, chrome)
    ui.demoMenu.menuAction().setVisible(False)  # until `attach` knows the demo devices
    ui.signOutAction.triggered.connect(window.sign_out)
    ui.quitAction.triggered.connect(window.close)
    ui.supportAction.triggered.connect(lambda: show_support(window))
    ui.syncHelpAction.triggered.connect(window.open_sync_help)
    ui.aboutAction.triggered.connect(lambda: show_about(window))
    ui.tokenSimulatorAction.triggered.connect(window.open_token_simulator)
    ui.demoPhoneAction.triggered.connect(window.open_demo_phone)
    ui.peopleAction.triggered.connect(window.accounts.show_people_main)
    chrome.menuBar.show()  # now, not on a later turn: its polish is this part's cost


class StatusParts(NamedTuple):
    demo: QLabel
    tls_banner: QLabel
    tls: QLabel
    clinic: QLabel

    def show_modes(self, ui: Ui_MainWindow, demo: bool, tls_unchecked: bool) -> None:
        """A demo data dir says so on every screen and in the status bar; so does an
        identity server whose certificate is not checked."""
        ui.demoBannerLabel.setVisible(demo)
        self.demo.setVisible(demo)
        self.tls_banner.setVisible(tls_unchecked)
        self.tls.setVisible(tls_unchecked)


def show_practice(window: MainWindow, context: AppContext | None) -> None:
    """The demo banner, or the practice's name in the title; the status bar's notes."""
    if context is not None:
        settings = context.settings
        window.status_parts.show_modes(window.ui, settings.demo, settings.tls_unchecked)
        away = window.clinic_reach is not None and window.clinic_reach.away
        show_clinic(window.status_parts.clinic, settings, away)
    if context is not None and context.settings.demo:
        window.setWindowTitle(f"iCoreRx \u00b7 {DEMO_BANNER}")
    elif context is not None and context.practice is not None:
        window.setWindowTitle(f"iCoreRx \u00b7 {context.practice.name}")
    else:
        window.setWindowTitle("iCoreRx")


def add_status_bar(window: MainWindow) -> StatusParts:
    """The status bar's short forms of the banners, then who is signed in and Sign out at
    its right end (passing messages use the rest of it); the TLS banner above every screen."""
    from desktop.forms.ui_session_bar import Ui_SessionBar

    ui = window.ui
    demo = demo_status(ui)
    tls_banner, tls = tls_warning(ui)
    clinic = clinic_status(ui)
    bar = QWidget(ui.statusBar)
    session = Ui_SessionBar()
    session.setupUi(bar)
    _adopt(ui, session)
    ui.sessionBar = bar
    ui.statusBar.addPermanentWidget(bar)
    # A long name gives way (cut at its end) before the Sign out button does.
    ui.signedInLabel.setMinimumWidth(120)
    ui.signOutButton.hide()
    ui.signOutButton.clicked.connect(window.sign_out)
    ui.statusBar.show()
    return StatusParts(demo, tls_banner, tls, clinic)


def demo_status(ui: Ui_MainWindow) -> QLabel:
    """The banner above every screen carries the whole sentence; the status bar keeps a
    short form, so Sign out stays in view beside it on a small screen."""
    label = QLabel("Demo workstation", ui.statusBar)
    label.setToolTip(DEMO_BANNER)
    label.setObjectName("demoStatusLabel")
    ui.statusBar.addPermanentWidget(label)
    return label


def tls_warning(ui: Ui_MainWindow) -> tuple[QLabel, QLabel]:
    """A banner under the demo one, and a short form in the status bar, shown while the
    identity server's certificate is not checked."""
    banner = QLabel(TLS_OFF_WARNING, ui.demoBannerLabel.parentWidget())
    banner.setObjectName("tlsBannerLabel")
    banner.setWordWrap(True)
    banner.setAccessibleName("Identity server connection not checked")
    layout = ui.demoBannerLabel.parentWidget().layout()
    if isinstance(layout, QBoxLayout):  # right under the demo banner, above every screen
        layout.insertWidget(layout.indexOf(ui.demoBannerLabel) + 1, banner)
    status = QLabel("TLS checks off", ui.statusBar)
    status.setObjectName("tlsStatusLabel")
    status.setToolTip(TLS_OFF_WARNING)
    ui.statusBar.addPermanentWidget(status)
    return banner, status


def clinic_status(ui: Ui_MainWindow) -> QLabel:
    """Which clinic database this workstation works on, in the status bar (hidden on a
    single desk, whose records are in its own file)."""
    label = QLabel("", ui.statusBar)
    label.setObjectName("clinicStatusLabel")
    label.setToolTip(CLINIC_TIP)
    ui.statusBar.addPermanentWidget(label)
    label.setVisible(False)
    return label


CLINIC_AWAY = "Clinic database: unreachable \u2014 retrying"
CLINIC_AWAY_TIP = (
    "The clinic database does not answer. What you save or sign now is refused with a "
    "message and nothing typed is lost; work goes on by itself once it answers again."
)
CLINIC_TIP = "Every workstation of the clinic reads and writes this database."


def show_clinic(label: QLabel, settings: Settings, away: bool = False) -> None:
    text = clinic_label(settings)
    label.setText(CLINIC_AWAY if text and away else text)
    label.setToolTip(CLINIC_AWAY_TIP if away else CLINIC_TIP)
    label.setVisible(bool(text))


Side = TypeVar("Side", bound=QWidget)


def beside(window: QWidget, side: Side | None, make: Callable[[], Side]) -> Side:
    """A demo device (or the help), made the first time, shown raised beside the window.

    It is a window of its own, not this one's child: a dialog that holds the main window
    (signing, the phone code) must not hold the token, the phone or the steps that answer
    it. It goes when the main window goes."""
    if side is None:
        side = make()
        window.destroyed.connect(side.deleteLater)
    side.show()
    side.raise_()
    return side


def show_support(parent: QWidget) -> None:
    QMessageBox.information(
        parent, "Contact support", f"Call {SUPPORT_PHONE} or write to {SUPPORT_EMAIL}."
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About iCoreRx",
        "iCoreRx desktop: sync your EPCS hardware token and sign controlled-substance "
        "prescriptions.",
    )
